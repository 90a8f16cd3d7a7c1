/**
 * The daemon's persistent state (issue 3): bans, ban history, failures in flight and log positions,
 * written one transaction per tick so that kill -9 loses nothing that was committed.
 */
import type { BanRecord, FailureRecord, FilePosition, JournalPosition } from '../core/records.js';

/**
 * One tick's changes, applied in ONE transaction (all or nothing), in this order:
 * clearFailures, addFailures, removeBans, addBans, positions, journal. So a batch can clear an id's
 * stored failures and add the failures still in flight after the ban, or unban and ban again.
 */
export interface StoreBatch {
  readonly addFailures?: readonly FailureRecord[];
  /** Voids every stored failure of that id in that jail (committed by earlier batches): a reset
   *  marker, not a delete; purge removes the rows later. */
  readonly clearFailures?: readonly { jail: string; id: string }[];
  /** New or prolonged bans (upsert by jail+ip); also upserts the ban history with their banCount. */
  readonly addBans?: readonly BanRecord[];
  /** Unbanned (the ban history stays for bantime.increment). */
  readonly removeBans?: readonly { jail: string; ip: string }[];
  /** Upsert by path. */
  readonly positions?: readonly FilePosition[];
  /** Upsert by key. */
  readonly journal?: readonly JournalPosition[];
}

export interface StoredState {
  /** Bans active at `now` (permanent included), in every jail the db knows. */
  readonly bans: readonly BanRecord[];
  /** Failures in flight: time > now - findtime(jail), in commit order. */
  readonly failures: readonly FailureRecord[];
  readonly positions: readonly FilePosition[];
  readonly journal: readonly JournalPosition[];
}

export interface Store {
  /** The database file path, or ':memory:'. */
  readonly path: string;
  /** Records the configured jails; jails not listed are marked disabled (their rows stay). */
  setJails(jails: readonly { name: string; enabled: boolean }[]): void;
  /** What a (re)started daemon resumes from. `findtimeOf` is called once per jail name found. */
  load(now: number, findtimeOf: (jail: string) => number): StoredState;
  /** Applies one batch in ONE transaction, all or nothing. */
  commit(batch: StoreBatch): void;
  /**
   * Ban count and bantime of the latest ban of `ip` in `jail`, or across all jails when `jail` is
   * null (overalljails: counts summed, bantime of the most recent ban); null when never banned.
   */
  banHistory(ip: string, jail: string | null): { banCount: number; lastBantime: number } | null;
  /** Bans committed and not removed (for the client verbs / restore); callers check expiry. */
  bans(jail?: string): BanRecord[];
  /**
   * dbpurgeage: drops ban history older than `purgeAge` (fail2ban's rule: time of ban and
   * time of ban + 3 × bantime both before now - purgeAge; permanent never), active bans already
   * expired at `now`, failures older than now - purgeAge (or than `failuresBefore` when later: the
   * caller's oldest time any jail still counts), failures a ban has voided, and disabled jails left
   * with no rows. Returns the number of ban rows (history + expired active) and failure rows removed.
   */
  purge(now: number, purgeAge: number, opts?: { failuresBefore?: number }): { bans: number; failures: number };
  close(): void;
}

export { openStore } from './sqlite-store.js';
