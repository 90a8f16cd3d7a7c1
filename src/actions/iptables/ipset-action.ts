/**
 * fail2ban's iptables-ipset (proto6, allports) as a native action: sets `f2b-<name>` (inet) and
 * `f2b-<name>6` (inet6) with kernel timeouts, matched by one iptables rule per family; each batch is
 * ONE `ipset restore -exist`. The kernel lifts a ban at its end even if warden is dead.
 */
import { banExpiry, type BanRecord } from '../../core/records.js';
import type { Action } from '../action.js';
import { flushConntrack } from '../conntrack.js';
import { planXtables, type Family, type IptablesOptions } from './options.js';
import { deleteOf, FAMILIES, rulesUsingSet, splitByFamily } from './rules.js';
import { createXt, forBoth, type XtDeps } from './xtables.js';

export interface IpsetOptions extends IptablesOptions {
  /** Most elements per set (fail2ban's `maxelem`, default 1 000 000 here). */
  readonly maxelem?: number;
}

/** The kernel's largest ipset timeout (seconds); longer bans are renewed by check(). */
export const IPSET_MAX_TIMEOUT = 2_147_483;

/** Seconds left of a ban for `timeout N` (0 = permanent), or null when it is already over. */
export function ipsetTimeout(ban: BanRecord, now: number): number | null {
  const end = banExpiry(ban);
  if (end === null) return 0;
  const left = Math.ceil(end - now);
  return left <= 0 ? null : Math.min(left, IPSET_MAX_TIMEOUT);
}

export function createIpsetAction(opts: IpsetOptions, deps: XtDeps): Action {
  const plan = planXtables(opts, opts.allports === true ? 'iptables-ipset-proto6-allports' : 'iptables-ipset-proto6', 26);
  const xt = createXt(plan, deps);
  const now = deps.now ?? (() => Date.now() / 1000);
  const sets: Record<Family, string> = { 4: plan.chain, 6: `${plan.chain}6` };
  const maxelem = opts.maxelem ?? 1_000_000;
  const createLines = FAMILIES.map((f) => `create ${sets[f]} hash:ip family ${f === 4 ? 'inet' : 'inet6'} timeout 0 maxelem ${maxelem}`);
  const ruleLines = (f: Family): string[] =>
    plan.matches.map((m) => `-I ${plan.parent} 1 ${m === '' ? '' : `${m} `}-m set --match-set ${sets[f]} src -j ${plan.target[f]}`);

  const ipset = async (lines: readonly string[], what: string): Promise<void> => {
    if (lines.length === 0) return;
    const argv = ['ipset', 'restore', '-exist'];
    const result = await xt.run(argv, `${lines.join('\n')}\n`);
    if (result.code !== 0) throw xt.error(what, argv, result);
  };

  /** Sets exist (an existing set is kept with its bans, even if created with other parameters). */
  const ensureSets = async (): Promise<void> => {
    const names = await listSets();
    const missing = createLines.filter((_, k) => !names.has(sets[FAMILIES[k]]));
    await ipset(missing, `create the ipset sets ${sets[4]}, ${sets[6]}`);
  };

  const listSets = async (): Promise<Set<string>> => {
    const names = await xt.read(['ipset', 'list', '-n'], 'list the ipset sets');
    return new Set(names.split('\n').filter((l) => l !== ''));
  };

  /** Our iptables rules: renewed at start (`fresh`), only added when missing otherwise. */
  const ensureRules = async (family: Family, fresh: boolean): Promise<boolean> => {
    const present = rulesUsingSet(await xt.save(family), sets[family]);
    if (!fresh && present.length > 0) return false;
    await xt.mustRestore(family, [...present.map(deleteOf), ...ruleLines(family)], `add the rule matching set ${sets[family]}`);
    return true;
  };

  const addLines = (bans: readonly BanRecord[]): string[] => {
    const parts = splitByFamily(bans);
    if (parts.invalid.length > 0) deps.logger.warn('actions', `[${plan.jail}] ${plan.actname}: cannot ban ${parts.invalid.length} id(s) that are not IP addresses: ${parts.invalid.slice(0, 5).join(', ')}`);
    const at = now();
    const lines: string[] = [];
    for (const f of FAMILIES) {
      for (const [ip, ban] of parts[f]) {
        const timeout = ipsetTimeout(ban, at);
        if (timeout !== null) lines.push(`add ${sets[f]} ${ip} timeout ${timeout}`);
      }
    }
    return lines;
  };

  /** Members per set as the kernel has them. */
  const members = async (): Promise<Record<Family, Set<string>>> => {
    const saved = await xt.read(['ipset', 'save'], 'read the ipset sets');
    const out: Record<Family, Set<string>> = { 4: new Set(), 6: new Set() };
    for (const line of saved.split('\n')) {
      const m = /^add (\S+) (\S+)/.exec(line);
      if (m === null) continue;
      if (m[1] === sets[4]) out[4].add(m[2]);
      else if (m[1] === sets[6]) out[6].add(m[2]);
    }
    return out;
  };

  return {
    name: plan.actname,
    async start() {
      await ensureSets();
      await forBoth((f) => ensureRules(f, true).then(() => undefined));
    },
    async stop() {
      await forBoth(async (f) => {
        const present = rulesUsingSet(await xt.save(f), sets[f]);
        await xt.mustRestore(f, present.map(deleteOf), `remove the rule matching set ${sets[f]}`);
      });
      const names = await listSets();
      await destroy(FAMILIES.map((f) => sets[f]).filter((s) => names.has(s)));
    },
    async ban(bans, opts) {
      const lines = addLines(bans);
      try {
        await ipset(lines, 'add bans');
      } catch (err) {
        deps.logger.warn('actions', `[${plan.jail}] ${plan.actname}: ${(err as Error).message}; recreating the sets and retrying`);
        await ensureSets();
        await ipset(lines, 'add bans');
      }
      if (plan.conntrackFlush && !opts.restored) {
        const parts = splitByFamily(bans);
        await flushConntrack(FAMILIES.flatMap((f) => [...parts[f].keys()]), { logger: deps.logger, exec: deps.exec });
      }
    },
    async unban(bans) {
      const parts = splitByFamily(bans);
      const lines = FAMILIES.flatMap((f) => [...parts[f].keys()].map((ip) => `del ${sets[f]} ${ip}`));
      try {
        await ipset(lines, 'remove bans');
      } catch {
        // A vanished set has nothing to unban: drop its lines and apply the rest.
        const names = await listSets();
        await ipset(lines.filter((l) => names.has(l.split(' ')[1])), 'remove bans');
      }
    },
    async check(active) {
      const fixed: string[] = [];
      const names = await listSets();
      if (!names.has(sets[4]) || !names.has(sets[6])) fixed.push('sets recreated');
      await ensureSets();
      for (const f of FAMILIES) if (await ensureRules(f, false)) fixed.push(`IPv${f} rule restored`);
      const have = await members();
      const parts = splitByFamily(active);
      const missing = FAMILIES.flatMap((f) => [...parts[f]].filter(([ip]) => !have[f].has(ip)).map(([, ban]) => ban));
      const lines = addLines(missing);
      const stale = FAMILIES.flatMap((f) => [...have[f]].filter((ip) => !parts[f].has(ip)).map((ip) => `del ${sets[f]} ${ip}`));
      await ipset([...lines, ...stale], 'repair the sets');
      if (lines.length > 0) fixed.push(`${lines.length} missing ban(s) re-added`);
      if (stale.length > 0) fixed.push(`${stale.length} stale ban(s) removed`);
      if (fixed.length > 0) deps.logger.warn('actions', `[${plan.jail}] ${plan.actname}: ${fixed.join(', ')}`);
    },
  };

  /** `ipset destroy`; with iptables-nft the rule's reference is released a moment later: retry. */
  async function destroy(names: readonly string[]): Promise<void> {
    for (const name of names) {
      const argv = ['ipset', 'destroy', name];
      for (let attempt = 0; ; attempt++) {
        const result = await xt.run(argv);
        if (result.code === 0) break;
        if (attempt >= 20) throw xt.error(`destroy set ${name}`, argv, result);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
}
