/**
 * Native nftables action: table `inet warden`, one shared base chain on the input hook, per jail two
 * timeout sets (`<name>4`, `<name>6`) and two rules. Every batch is ONE `nft -f -` transaction; the
 * kernel lifts each ban at its expiry even if warden is dead.
 */
import type { Logger } from '../../core/logger.js';
import { parseIpLiteral } from '../../core/ip.js';
import { banExpiry, type BanRecord } from '../../core/records.js';
import type { Action } from '../action.js';
import { flushConntrack } from '../conntrack.js';
import { nftCommands } from './nft-commands.js';
import { isComplete } from './nft-listing.js';
import { resolveNftOptions, type NftOptions } from './nft-options.js';
import { addElementsScript, deleteElementsScript, setupScript, teardownScript, type Element } from './nft-script.js';

export type { NftOptions } from './nft-options.js';

export interface NftDeps {
  readonly logger: Logger;
  /** Prefix for every command (e.g. `['ip', 'netns', 'exec', ns]`). */
  readonly exec?: readonly string[];
  /** Unix seconds. */
  readonly now?: () => number;
}

/** Structure changes (start, stop, repair) of jails sharing one table run one at a time. */
const tableLocks = new Map<string, Promise<unknown>>();

function withTableLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = tableLocks.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  tableLocks.set(key, settled);
  void settled.then(() => {
    if (tableLocks.get(key) === settled) tableLocks.delete(key);
  });
  return next;
}

/** Bans -> set elements: valid IPs only, one per address (the last wins), timeout = remaining time. */
function toElements(bans: readonly BanRecord[], now: number, logger: Logger, jail: string): Element[] {
  const byIp = new Map<string, Element>();
  for (const ban of bans) {
    const ip = parseIpLiteral(ban.ip);
    if (ip === null) {
      logger.warn('actions', `[${jail}] nftables: ${JSON.stringify(ban.ip)} is not an IP address, not banned in nft`);
      continue;
    }
    const end = banExpiry(ban);
    if (end !== null && end - now <= 0) {
      byIp.delete(ip.ip);
      continue; // already over: nothing to put in the kernel
    }
    byIp.set(ip.ip, { ip: ip.ip, family: ip.family, timeout: end === null ? null : end - now });
  }
  return [...byIp.values()];
}

function toAddresses(bans: readonly BanRecord[]): Element[] {
  const byIp = new Map<string, Element>();
  for (const ban of bans) {
    const ip = parseIpLiteral(ban.ip);
    if (ip !== null) byIp.set(ip.ip, { ip: ip.ip, family: ip.family, timeout: null });
  }
  return [...byIp.values()];
}

export function createNftAction(opts: NftOptions & { readonly actname?: string }, deps: NftDeps): Action {
  const plan = resolveNftOptions(opts);
  const { logger } = deps;
  const exec = deps.exec ?? [];
  const now = deps.now ?? (() => Date.now() / 1000);
  const nft = nftCommands(plan, exec);
  const lockKey = `${exec.join(' ')}|${plan.table}`;
  /** What this action put in the kernel and has not removed: re-added if the sets vanish. */
  const known = new Map<string, BanRecord>();
  let flushing: Promise<void> = Promise.resolve();

  const repair = (active: readonly BanRecord[], why: string): Promise<boolean> =>
    withTableLock(lockKey, async () => {
      const state = await nft.readTable();
      if (isComplete(state, plan)) return false;
      const elements = toElements(active, now(), logger, plan.jail);
      logger.warn('actions', `[${plan.jail}] nftables: ${why}: table/set/rules of ${plan.set4}/${plan.set6} missing, recreating with ${elements.length} bans`);
      await nft.apply([...setupScript(plan, state), ...addElementsScript(plan, elements, true)], 'repair');
      return true;
    });

  /** A failed batch: if the structure is gone, rebuild it with every known ban; else rethrow. */
  const applyOrRepair = async (lines: string[], what: string): Promise<void> => {
    try {
      await nft.apply(lines, what);
    } catch (err) {
      if (!(await repair([...known.values()], `${what} failed`))) throw err;
    }
  };

  return {
    name: opts.actname ?? 'nftables',
    start: () =>
      withTableLock(lockKey, async () => {
        await nft.apply(setupScript(plan, await nft.readTable()), 'start');
        logger.info('actions', `[${plan.jail}] nftables: sets ${plan.set4}/${plan.set6} in table inet ${plan.table} ready`);
      }),
    async stop() {
      await flushing;
      await withTableLock(lockKey, async () => nft.apply(teardownScript(plan, await nft.readTable()), 'stop'));
      known.clear();
    },
    async ban(bans, { restored }) {
      for (const ban of bans) known.set(ban.ip, ban);
      const elements = toElements(bans, now(), logger, plan.jail);
      if (elements.length === 0) return;
      await applyOrRepair(addElementsScript(plan, elements, !restored), restored ? 'restore' : 'ban');
      if (plan.conntrackFlush && !restored) {
        const ips = elements.map((e) => e.ip);
        // Off the ban path: the addresses are already blocked; stop() waits for the flushes.
        flushing = flushing.then(async () => void (await flushConntrack(ips, { logger, exec }))).catch((err: Error) => {
          logger.warn('actions', `[${plan.jail}] nftables: conntrack flush failed: ${err.message}`);
        });
      }
    },
    async unban(bans) {
      for (const ban of bans) known.delete(ban.ip);
      const elements = toAddresses(bans);
      if (elements.length > 0) await applyOrRepair(deleteElementsScript(plan, elements), 'unban');
    },
    async check(active) {
      known.clear();
      for (const ban of active) known.set(ban.ip, ban);
      await repair(active, 'check');
    },
  };
}
