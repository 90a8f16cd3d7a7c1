/**
 * fail2ban's iptables-allports / iptables-multiport as a native action: chain `f2b-<name>` ending in
 * RETURN, jumped to from INPUT, one rule per banned address; every batch is ONE iptables-restore
 * (and one ip6tables-restore) transaction instead of one process per ban.
 */
import type { BanRecord } from '../../core/records.js';
import type { Action } from '../action.js';
import { flushConntrack } from '../conntrack.js';
import { planXtables, type Family, type IptablesOptions } from './options.js';
import { banLine, deleteOf, FAMILIES, parseSavedChain, splitByFamily, unbanLine } from './rules.js';
import { createXt, forBoth, type XtDeps } from './xtables.js';

export function createIptablesAction(opts: IptablesOptions, deps: XtDeps): Action {
  const plan = planXtables(opts, opts.allports === true ? 'iptables-allports' : 'iptables-multiport');
  const xt = createXt(plan, deps);
  /** Addresses we believe are in the chain, per family. */
  const known: Record<Family, Set<string>> = { 4: new Set(), 6: new Set() };
  const { chain } = plan;
  const jumpLines = plan.matches.map((m) => `-I ${plan.parent} 1 ${m === '' ? '' : `${m} `}-j ${chain}`);

  /** Chain created empty (a stale one is flushed: bans come back from the store), jumps renewed. */
  const startFamily = async (family: Family): Promise<void> => {
    const saved = parseSavedChain(await xt.save(family), chain);
    const lines = [`:${chain} - [0:0]`, `-F ${chain}`, `-A ${chain} -j RETURN`, ...saved.jumps.map(deleteOf), ...jumpLines];
    await xt.mustRestore(family, lines, `create chain ${chain}`);
    known[family].clear();
  };

  const stopFamily = async (family: Family): Promise<void> => {
    const saved = parseSavedChain(await xt.save(family), chain);
    const lines = saved.jumps.map(deleteOf);
    if (saved.exists) lines.push(`-F ${chain}`, `-X ${chain}`);
    await xt.mustRestore(family, lines, `remove chain ${chain}`);
    known[family].clear();
  };

  /** The whole chain in one transaction (declaring it empties it): RETURN last, bans before it. */
  const rebuildLines = (family: Family, desired: Iterable<string>): string[] => [
    `:${chain} - [0:0]`,
    `-A ${chain} -j RETURN`,
    ...[...desired].map((ip) => banLine(chain, ip, plan.target[family])),
  ];

  /** Makes the kernel match `desired` (recreating chain and jump if needed); returns what it fixed. */
  const reconcile = async (family: Family, desired: ReadonlySet<string>): Promise<string[]> => {
    const saved = parseSavedChain(await xt.save(family), chain);
    const stale = [...saved.bans].filter(([ip]) => !desired.has(ip)).map(([, line]) => line);
    const missing = [...desired].filter((ip) => !saved.bans.has(ip));
    const fixed: string[] = [];
    if (!saved.exists) fixed.push(`chain ${chain} recreated`);
    if (saved.jumps.length === 0) fixed.push(`jump from ${plan.parent} restored`);
    if (missing.length > 0) fixed.push(`${missing.length} missing ban(s) re-added`);
    if (stale.length > 0) fixed.push(`${stale.length} stale ban(s) removed`);
    let lines: string[];
    if (!saved.exists || stale.length > REBUILD_AT) lines = rebuildLines(family, desired);
    else {
      lines = [...stale.map(deleteOf), ...missing.map((ip) => banLine(chain, ip, plan.target[family]))];
      if (!saved.hasReturn) lines.push(`-A ${chain} -j RETURN`);
    }
    if (saved.jumps.length === 0) lines.push(...jumpLines);
    await xt.mustRestore(family, lines, `repair chain ${chain}`);
    known[family] = new Set(desired);
    return fixed;
  };

  /** One transaction; if the kernel disagrees with `known` (rule gone, chain flushed), repair instead. */
  const apply = async (family: Family, add: readonly string[], del: readonly string[]): Promise<void> => {
    const adds = add.filter((ip) => !known[family].has(ip));
    const dels = del.filter((ip) => known[family].has(ip));
    if (adds.length === 0 && dels.length === 0) return;
    const desired = new Set(known[family]);
    for (const ip of dels) desired.delete(ip);
    for (const ip of adds) desired.add(ip);
    const target = plan.target[family];
    // Deleting a rule by its text scans the chain: past a few dozen, rewriting the chain is cheaper.
    const lines = dels.length > REBUILD_AT
      ? rebuildLines(family, desired)
      : [...dels.map((ip) => unbanLine(chain, ip, target)), ...adds.map((ip) => banLine(chain, ip, target))];
    const result = await xt.restore(family, lines);
    if (result.code === 0) {
      known[family] = desired;
      return;
    }
    const fixed = await reconcile(family, desired);
    deps.logger.warn('actions', `[${plan.jail}] ${plan.actname}: the batch did not apply (${firstLine(result.stderr)}); repaired: ${fixed.join(', ') || 'nothing missing'}`);
  };

  const split = (bans: readonly BanRecord[], what: string): ReturnType<typeof splitByFamily> => {
    const parts = splitByFamily(bans);
    if (parts.invalid.length > 0) {
      deps.logger.warn('actions', `[${plan.jail}] ${plan.actname}: cannot ${what} ${parts.invalid.length} id(s) that are not IP addresses: ${parts.invalid.slice(0, 5).join(', ')}`);
    }
    return parts;
  };

  return {
    name: plan.actname,
    start: () => forBoth(startFamily),
    stop: () => forBoth(stopFamily),
    async ban(bans, opts) {
      const parts = split(bans, 'ban');
      await forBoth((f) => apply(f, [...parts[f].keys()], []));
      if (plan.conntrackFlush && !opts.restored) {
        await flushConntrack(FAMILIES.flatMap((f) => [...parts[f].keys()]), { logger: deps.logger, exec: deps.exec });
      }
    },
    async unban(bans) {
      const parts = split(bans, 'unban');
      await forBoth((f) => apply(f, [], [...parts[f].keys()]));
    },
    async check(active) {
      const parts = splitByFamily(active);
      await forBoth(async (f) => {
        const fixed = await reconcile(f, new Set(parts[f].keys()));
        if (fixed.length > 0) deps.logger.warn('actions', `[${plan.jail}] ${plan.actname} (IPv${f}): ${fixed.join(', ')}`);
      });
    },
  };
}

/** Unbans per batch above which the chain is rewritten instead of deleting rule by rule. */
const REBUILD_AT = 32;

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
