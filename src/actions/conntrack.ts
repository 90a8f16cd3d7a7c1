/**
 * Optional conntrack flush after a ban (`conntrack -D -s IP`): ends the tracked flows of a banned
 * address at once, e.g. an ongoing UDP SIP flood. Best effort: problems are logged, never thrown.
 */
import { parseIpLiteral } from '../core/ip.js';
import type { Logger } from '../core/logger.js';
import { runCommand } from './run-command.js';

export interface ConntrackDeps {
  readonly logger: Logger;
  /** Prefix for every command (`['ip', 'netns', 'exec', ns]`). */
  readonly exec?: readonly string[];
  /** conntrack processes at a time (default 8). */
  readonly concurrency?: number;
  readonly timeoutMs?: number;
}

export interface ConntrackResult {
  /** Flow entries deleted, over all addresses. */
  readonly deleted: number;
  /** Addresses whose flush failed (logged). */
  readonly failed: number;
  /** False when the conntrack tool is not installed (nothing was run). */
  readonly available: boolean;
}

/** Per exec prefix: is `conntrack` there? Checked once per process. */
const availability = new Map<string, Promise<boolean>>();

function isAvailable(deps: ConntrackDeps): Promise<boolean> {
  const prefix = deps.exec ?? [];
  const key = prefix.join('\0');
  let known = availability.get(key);
  if (known === undefined) {
    known = runCommand([...prefix, 'conntrack', '--version'], { timeoutMs: deps.timeoutMs ?? 10_000 }).then((r) => {
      if (r.code !== 0) deps.logger.warn('actions', 'conntrack is not installed (package conntrack): conntrack flushes after bans are skipped');
      return r.code === 0;
    });
    availability.set(key, known);
  }
  return known;
}

/** `conntrack -D -s IP` for each address. Exit code 1 ("0 flow entries have been deleted") is fine. */
export async function flushConntrack(ips: readonly string[], deps: ConntrackDeps): Promise<ConntrackResult> {
  if (ips.length === 0) return { deleted: 0, failed: 0, available: true };
  if (!(await isAvailable(deps))) return { deleted: 0, failed: 0, available: false };
  const prefix = deps.exec ?? [];
  let deleted = 0;
  let failed = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ips.length) {
      const ip = ips[next++];
      const lit = parseIpLiteral(ip);
      if (lit === null) continue;
      const argv = [...prefix, 'conntrack', '-D', '-f', lit.family === 4 ? 'ipv4' : 'ipv6', '-s', lit.ip];
      const r = await runCommand(argv, { timeoutMs: deps.timeoutMs ?? 10_000 });
      const count = /(\d+) flow entries have been deleted/.exec(r.stderr + r.stdout);
      if (r.code === 0 || (r.code === 1 && count !== null)) deleted += Number(count?.[1] ?? 0);
      else {
        failed++;
        deps.logger.warn('actions', `conntrack flush for ${lit.ip} failed: ${r.stderr.trim() || `exit code ${r.code}`}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ips.length, deps.concurrency ?? 8) }, worker));
  return { deleted, failed, available: true };
}

/** Forget what was learnt about conntrack being installed (tests). */
export function resetConntrackCheck(): void {
  availability.clear();
}
