/**
 * The two nft invocations of the nftables action: one `nft -f -` transaction from stdin, and the
 * terse JSON listing of warden's table. Both go through the optional `exec` prefix (a netns).
 */
import { WardenError } from '../../core/errors.js';
import type { NftPlan } from './nft-options.js';
import { needsRuleListing, nftObjects, parseTableState, type TableState } from './nft-listing.js';
import { runCommand } from '../run-command.js';

const TIMEOUT_MS = 60_000;
const MAX_STDERR = 800;

export interface NftCommands {
  /** Runs the lines as ONE transaction; throws ERR_ACTION with nft's stderr when it fails. */
  apply(lines: readonly string[], what: string): Promise<void>;
  /** This jail's view of the table, or null when the table does not exist. */
  readTable(): Promise<TableState | null>;
}

function shorten(text: string): string {
  const t = text.trim();
  return t.length <= MAX_STDERR ? t : `${t.slice(0, MAX_STDERR)} …`;
}

export function nftCommands(plan: NftPlan, exec: readonly string[] = []): NftCommands {
  const fail = (what: string, cmd: string, code: number, stderr: string): WardenError =>
    new WardenError('ERR_ACTION', `nftables action of jail ${plan.jail}: ${what} failed: ${cmd} exited ${code}: ${shorten(stderr)}`);
  return {
    async apply(lines, what) {
      if (lines.length === 0) return;
      const r = await runCommand([...exec, 'nft', '-f', '-'], { input: `${lines.join('\n')}\n`, timeoutMs: TIMEOUT_MS });
      if (r.code !== 0) throw fail(what, 'nft -f -', r.code, r.stderr);
    },
    async readTable() {
      // Sets and chains list in milliseconds; listing a chain's rules makes nft fetch every set
      // element first, so that is done only when this jail's rules can exist (its sets do).
      const list = async (...what: string[]): Promise<string> => {
        const r = await runCommand([...exec, 'nft', '-j', '-t', '-a', 'list', ...what], { timeoutMs: TIMEOUT_MS });
        if (r.code === 0) return r.stdout;
        if (/^Error: No such file or directory/m.test(r.stderr)) return ''; // table or chain gone meanwhile
        throw fail('listing the table', `nft list ${what.join(' ')}`, r.code, r.stderr);
      };
      const quick = nftObjects(await list('sets', 'inet'), await list('chains', 'inet'));
      const state = parseTableState(quick, plan);
      if (!needsRuleListing(state, plan)) return state;
      return parseTableState([...quick, ...nftObjects(await list('chain', 'inet', plan.table, plan.chain))], plan);
    },
  };
}
