/**
 * One jail's state machine: failures in, ban and unban decisions out, plus the changes the store must
 * commit. Pure: time comes in as `now`, the ban history and randomness through JailDeps.
 */
import type { BantimeIncrementSpec } from '../config/jail-spec.js';
import { banExpiry, type BanRecord, type FailureRecord } from '../core/records.js';
import { BanTable } from './ban-table.js';
import { createBanPolicy, type BanPolicy } from './ban-policy.js';
import { FailCounter } from './fail-counter.js';
import { IgnoreList } from './ignore-list.js';

export interface JailDeps {
  /** Earlier bans of ip (this jail, or all jails when overalljails): null if none. Sync (the
   *  lead backs it with SQLite). */
  banHistory(ip: string, overallJails: boolean): { banCount: number; lastBantime: number } | null;
  random(): number;
}

export interface JailSettings {
  readonly name: string;
  readonly maxretry: number;
  /** Seconds. */
  readonly findtime: number;
  /** Seconds; -1 = permanent. */
  readonly bantime: number;
  readonly maxmatches: number;
  readonly bantimeIncrement: BantimeIncrementSpec;
  /** ignoreip entries as written (the caller appends its own addresses for ignoreself). */
  readonly ignoreip: readonly string[];
  /** Cap on match text kept for failures in flight (default 16 MiB). */
  readonly maxMatchBytes?: number;
}

export interface FailureInput {
  /** Failure id (the IP normally, `<F-ID>` otherwise): what is counted and banned. */
  readonly id: string;
  /** The address checked against ignoreip (defaults to the id). */
  readonly ip?: string | null;
  /** Log time, unix seconds. */
  readonly time: number;
  readonly matches: readonly string[];
}

export type JailOutcome =
  | { readonly kind: 'counted'; readonly failures: number }
  | { readonly kind: 'ignored'; readonly reason: 'ignoreip' | 'old' }
  | { readonly kind: 'ban'; readonly ban: BanRecord }
  | { readonly kind: 'already-banned' };

export interface JailChanges {
  readonly addedFailures: FailureRecord[];
  /** Ids whose failures were cleared by a ban (delete them after adding addedFailures). */
  readonly clearedIds: string[];
  /** New bans. */
  readonly bans: BanRecord[];
  /** Bans lifted (unban or expiry). */
  readonly unbans: BanRecord[];
  /** Active bans whose end moved later (a manual ban of a banned ip): update, do not re-ban. */
  readonly prolonged: BanRecord[];
}

export interface JailStatus {
  readonly currentlyFailed: number;
  readonly totalFailed: number;
  readonly currentlyBanned: number;
  readonly totalBanned: number;
  readonly bans: BanRecord[];
}

export interface RestoreResult {
  readonly restoredBans: number;
  /** Bans that ended while the server was down: dropped (not in drainChanges). */
  readonly expiredBans: BanRecord[];
  readonly restoredFailures: number;
}

export interface Jail {
  readonly name: string;
  readonly settings: JailSettings;
  readonly ignore: IgnoreList;
  /** Problems with the settings (bad bantime.formula, bad ignoreip entries), for ConfigErrors. */
  readonly problems: readonly string[];
  addFailure(failure: FailureInput, now: number): JailOutcome;
  /** A manual ban (`banip`): null if already banned (prolonged if the new end is later). */
  ban(ip: string, now: number, opts?: { failures?: number; matches?: readonly string[] }): BanRecord | null;
  unban(ip: string): BanRecord | null;
  /** The active ban of ip, or null (cheaper than searching status().bans). */
  banOf(ip: string): BanRecord | null;
  expire(now: number): BanRecord[];
  nextExpiry(): number | null;
  restore(state: { bans: readonly BanRecord[]; failures: readonly FailureRecord[] }, now: number): RestoreResult;
  drainChanges(): JailChanges;
  status(): JailStatus;
  /** Reload: keeps counters and bans, applies the new numbers; returns its problems. */
  updateSettings(settings: JailSettings): readonly string[];
  /** Drop expired failure windows (one chunk per call; call about once a second). */
  sweep(now: number): void;
}

export function createJail(initial: JailSettings, deps: JailDeps): Jail {
  let settings = initial;
  const built = buildPolicy(settings);
  let policy: BanPolicy = built.policy;
  const fromWords = IgnoreList.from(settings.ignoreip);
  const ignore = fromWords.list;
  const counter = new FailCounter(settings);
  const table = new BanTable();
  let changes = emptyChanges();
  let totalFailed = 0;
  let totalBanned = 0;

  const earlierBans = (id: string, overall: boolean): number => deps.banHistory(id, overall)?.banCount ?? 0;

  const newBan = (id: string, now: number, failures: number, matches: readonly string[]): BanRecord => {
    const earlier = earlierBans(id, settings.bantimeIncrement.overallJails);
    const bantime = policy.bantime(earlier, () => deps.random());
    return { jail: settings.name, ip: id, timeOfBan: now, bantime, banCount: earlier + 1, failures, matches };
  };

  const countFailure = (id: string, time: number, now: number, matches: readonly string[]): number => {
    const weight = policy.increment ? policy.failureWeight(earlierBans(id, false)) : 1;
    return counter.add(id, time, now, weight, matches);
  };

  const jail: Jail = {
    name: settings.name,
    get settings() {
      return settings;
    },
    ignore,
    problems: [...built.problems, ...fromWords.problems.map((p) => `ignoreip ${p.entry}: ${p.message}`)],

    addFailure(failure, now) {
      if (ignore.isIgnored(failure.ip ?? failure.id)) return { kind: 'ignored', reason: 'ignoreip' };
      if (failure.time < now - settings.findtime) return { kind: 'ignored', reason: 'old' };
      if (table.get(failure.id) !== undefined) return { kind: 'already-banned' };
      const count = countFailure(failure.id, failure.time, now, failure.matches);
      totalFailed++;
      changes.addedFailures.push({ jail: settings.name, id: failure.id, time: failure.time, matches: failure.matches });
      if (count < settings.maxretry) return { kind: 'counted', failures: count };
      const ban = newBan(failure.id, now, count, counter.matches(failure.id));
      counter.delete(failure.id);
      changes.clearedIds.push(failure.id);
      table.add(ban);
      changes.bans.push(ban);
      totalBanned++;
      return { kind: 'ban', ban };
    },

    ban(ip, now, opts) {
      const result = table.add(newBan(ip, now, opts?.failures ?? 0, opts?.matches ?? []));
      if (result.kind === 'prolonged') changes.prolonged.push(result.ban);
      if (result.kind !== 'new') return null;
      if (counter.delete(ip)) changes.clearedIds.push(ip);
      changes.bans.push(result.ban);
      totalBanned++;
      return result.ban;
    },

    unban(ip) {
      const ban = table.remove(ip);
      if (ban !== null) changes.unbans.push(ban);
      return ban;
    },

    banOf: (ip) => table.get(ip) ?? null,

    expire(now) {
      const expired = table.popExpired(now);
      changes.unbans.push(...expired);
      return expired;
    },

    nextExpiry: () => table.nextExpiry(),

    restore(state, now) {
      const expiredBans: BanRecord[] = [];
      let restoredBans = 0;
      for (const ban of state.bans) {
        const end = banExpiry(ban);
        if (end !== null && end <= now) expiredBans.push(ban);
        else if (table.add(ban).kind === 'new') restoredBans++;
      }
      let restoredFailures = 0;
      for (const f of state.failures) {
        if (table.get(f.id) !== undefined) continue;
        if (countFailure(f.id, f.time, now, f.matches) >= 0) restoredFailures++;
      }
      return { restoredBans, expiredBans, restoredFailures };
    },

    drainChanges() {
      const out = changes;
      changes = emptyChanges();
      return out;
    },

    status: () => ({
      currentlyFailed: counter.size, totalFailed, currentlyBanned: table.size, totalBanned, bans: [...table.values()],
    }),

    updateSettings(next) {
      const rebuilt = buildPolicy(next);
      settings = next;
      policy = rebuilt.policy;
      counter.reconfigure(next);
      return [...rebuilt.problems, ...syncIgnoreList(ignore, next.ignoreip)];
    },

    sweep(now) {
      counter.sweep(now);
    },
  };
  return jail;
}

function buildPolicy(settings: JailSettings): { policy: BanPolicy; problems: string[] } {
  return createBanPolicy({ bantime: settings.bantime, maxretry: settings.maxretry, bantimeIncrement: settings.bantimeIncrement });
}

/** Make the list hold exactly `words`, keeping what was resolved for entries that stay. */
function syncIgnoreList(ignore: IgnoreList, words: readonly string[]): string[] {
  const wanted = new Set(words.map((w) => w.trim()));
  for (const entry of ignore.entries()) if (!wanted.has(entry)) ignore.remove(entry);
  const problems: string[] = [];
  for (const word of wanted) {
    const problem = ignore.add(word);
    if (problem !== null) problems.push(`ignoreip ${problem.entry}: ${problem.message}`);
  }
  return problems;
}

function emptyChanges(): JailChanges {
  return { addedFailures: [], clearedIds: [], bans: [], unbans: [], prolonged: [] };
}
