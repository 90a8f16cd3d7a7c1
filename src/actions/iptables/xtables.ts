/**
 * Runs iptables-restore / iptables-save (and the ip6tables twins) and ipset for one action, inside
 * an optional `exec` prefix (`ip netns exec <ns>` in tests). Failures become ERR_ACTION errors.
 */
import { WardenError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Family, XtPlan } from './options.js';
import { restoreScript } from './rules.js';
import { runCommand, type RunResult } from '../run-command.js';
import { readCommand } from './read-command.js';

export interface XtDeps {
  readonly logger: Logger;
  /** Prefix for every command (`['ip', 'netns', 'exec', ns]`). */
  readonly exec?: readonly string[];
  /** Unix seconds (for the remaining time of ipset bans); default the wall clock. */
  readonly now?: () => number;
}

export interface Xt {
  readonly plan: XtPlan;
  readonly deps: XtDeps;
  run(argv: readonly string[], input?: string): Promise<RunResult>;
  /** A listing, stdout in full; a failure throws (naming `what`). */
  read(argv: readonly string[], what: string): Promise<string>;
  /** One `iptables-restore --noflush -w` transaction; the result, even when it failed. */
  restore(family: Family, lines: readonly string[]): Promise<RunResult>;
  /** Same, but a failure throws (naming `what`). */
  mustRestore(family: Family, lines: readonly string[], what: string): Promise<void>;
  /** `iptables-save -t filter` text. */
  save(family: Family): Promise<string>;
  error(what: string, argv: readonly string[], result: Pick<RunResult, 'code' | 'stderr' | 'timedOut'>): WardenError;
}

const RESTORE: Record<Family, string> = { 4: 'iptables-restore', 6: 'ip6tables-restore' };
const SAVE: Record<Family, string> = { 4: 'iptables-save', 6: 'ip6tables-save' };

export function createXt(plan: XtPlan, deps: XtDeps): Xt {
  const prefix = deps.exec ?? [];
  const xt: Xt = {
    plan,
    deps,
    run: (argv, input) => runCommand([...prefix, ...argv], { input, timeoutMs: plan.timeoutMs }),
    async read(argv, what) {
      const result = await readCommand([...prefix, ...argv], { timeoutMs: plan.timeoutMs });
      if (result.code !== 0) throw xt.error(what, argv, result);
      return result.stdout;
    },
    restore: (family, lines) => xt.run([RESTORE[family], '--noflush', '-w'], restoreScript(lines)),
    async mustRestore(family, lines, what) {
      if (lines.length === 0) return;
      const result = await xt.restore(family, lines);
      if (result.code !== 0) throw xt.error(what, [RESTORE[family], '--noflush', '-w'], result);
    },
    save: (family) => xt.read([SAVE[family], '-t', 'filter'], 'read the firewall'),
    error(what, argv, result) {
      const detail = result.timedOut ? `timed out after ${plan.timeoutMs} ms` : result.stderr.trim().split('\n').slice(0, 5).join(' | ') || `exit code ${result.code}`;
      return new WardenError('ERR_ACTION', `action ${plan.actname} of jail ${plan.jail}: could not ${what}: \`${argv.join(' ')}\` failed: ${detail}`);
    },
  };
  return xt;
}

/** Runs both families, then throws the first error (one family failing does not stop the other). */
export async function forBoth(work: (family: Family) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled([work(4), work(6)]);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}
