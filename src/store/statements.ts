/**
 * Every SQL statement the store runs, prepared once per connection. Reads that return many rows are
 * in raw (array) mode: cheaper than one object per row when loading a million failures.
 */
import type Database from 'better-sqlite3';

type Stmt = Database.Statement<unknown[]>;

/** fail2ban's outdated factor: a history row stays while timeofban + 3 × bantime is recent. */
export const HISTORY_OUTDATED_FACTOR = 3;

export interface Statements {
  readonly disableJails: Stmt;
  readonly upsertJail: Stmt;
  /** Inserts of 1 and of ROWS_PER_INSERT rows (a statement per row costs more than the row). */
  readonly insertFailure: Multi;
  /** (jail, id): failures of id stored so far no longer count. */
  readonly resetFailures: Stmt;
  readonly upsertBan: Multi;
  readonly upsertHistory: Multi;
  readonly removeBan: Stmt;
  readonly upsertPosition: Stmt;
  readonly upsertJournal: Stmt;
  /** (now) -> [jail, ip, time_of_ban, bantime, ban_count, failures, matches] */
  readonly activeBans: Stmt;
  /** () -> same columns, every row of `bans` */
  readonly allBans: Stmt;
  /** (jail) -> same columns */
  readonly bansOfJail: Stmt;
  /** (cutoff) -> [jail, id, time, matches, seq] with time > cutoff, in commit order */
  readonly allFailures: Stmt;
  readonly allPositions: Stmt;
  readonly allJournal: Stmt;
  /** () -> jail names that have failures (plucked) */
  readonly jailNames: Stmt;
  /** () -> [jail, id, upto] */
  readonly allResets: Stmt;
  /** (ip) -> [jail, ban_count, time_of_ban, bantime] */
  readonly historyOfIp: Stmt;
  /** (ip, jail) -> [ban_count, bantime] */
  readonly historyOfIpInJail: Stmt;
  /** (cutoff, cutoff) */
  readonly purgeHistory: Stmt;
  /** (now) */
  readonly purgeExpiredBans: Stmt;
  /** (cutoff) */
  readonly purgeFailures: Stmt;
  /** () rows a ban has voided */
  readonly purgeVoidedFailures: Stmt;
  readonly purgeResets: Stmt;
  readonly purgeJails: Stmt;
}

const BAN_COLUMNS = 'jail, ip, time_of_ban, bantime, ban_count, failures, matches';

/** Rows per multi-row INSERT. */
export const ROWS_PER_INSERT = 64;

/** One INSERT prepared for one row and for ROWS_PER_INSERT rows. */
export interface Multi {
  readonly one: Stmt;
  readonly many: Stmt;
}

/**
 * Runs `multi` for `count` rows, `rowAt(i, out)` pushing row i's values: ROWS_PER_INSERT rows per
 * statement, then the rest one by one.
 */
export function insertRows(multi: Multi, count: number, rowAt: (i: number, out: unknown[]) => void): void {
  const args: unknown[] = [];
  let i = 0;
  for (; i + ROWS_PER_INSERT <= count; i += ROWS_PER_INSERT) {
    args.length = 0;
    for (let k = i; k < i + ROWS_PER_INSERT; k++) rowAt(k, args);
    multi.many.run(args);
  }
  for (; i < count; i++) {
    args.length = 0;
    rowAt(i, args);
    multi.one.run(args);
  }
}

export function prepareStatements(db: Database.Database): Statements {
  const p = (sql: string): Stmt => db.prepare<unknown[]>(sql);
  const rows = (sql: string): Stmt => p(sql).raw(true);
  const multi = (head: string, width: number): Multi => {
    const tuple = `(${Array<string>(width).fill('?').join(', ')})`;
    return { one: p(`${head} VALUES ${tuple}`), many: p(`${head} VALUES ${Array<string>(ROWS_PER_INSERT).fill(tuple).join(', ')}`) };
  };
  return {
    disableJails: p('UPDATE jails SET enabled = 0'),
    upsertJail: p('INSERT INTO jails (name, enabled) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled'),
    insertFailure: multi('INSERT INTO failures (jail, id, time, matches)', 4),
    resetFailures: p(
      'INSERT OR REPLACE INTO failure_resets (jail, id, upto) ' +
        "VALUES (?, ?, IFNULL((SELECT seq FROM sqlite_sequence WHERE name = 'failures'), 0))",
    ),
    upsertBan: multi(`INSERT OR REPLACE INTO bans (${BAN_COLUMNS})`, 7),
    upsertHistory: multi('INSERT OR REPLACE INTO ban_history (ip, jail, time_of_ban, bantime, ban_count)', 5),
    removeBan: p('DELETE FROM bans WHERE jail = ? AND ip = ?'),
    upsertPosition: p('INSERT OR REPLACE INTO file_positions (path, inode, offset, first_line_hash) VALUES (?, ?, ?, ?)'),
    upsertJournal: p('INSERT OR REPLACE INTO journal_positions (key, cursor) VALUES (?, ?)'),
    activeBans: rows(`SELECT ${BAN_COLUMNS} FROM bans WHERE bantime < 0 OR time_of_ban + bantime > ?`),
    allBans: rows(`SELECT ${BAN_COLUMNS} FROM bans`),
    bansOfJail: rows(`SELECT ${BAN_COLUMNS} FROM bans WHERE jail = ?`),
    allFailures: rows('SELECT jail, id, time, matches, seq FROM failures WHERE time > ? ORDER BY seq'),
    allResets: rows('SELECT jail, id, upto FROM failure_resets'),
    jailNames: p('SELECT DISTINCT jail FROM failures').pluck(),
    allPositions: rows('SELECT path, inode, offset, first_line_hash FROM file_positions'),
    allJournal: rows('SELECT key, cursor FROM journal_positions'),
    historyOfIp: rows('SELECT jail, ban_count, time_of_ban, bantime FROM ban_history WHERE ip = ?'),
    historyOfIpInJail: rows('SELECT ban_count, bantime FROM ban_history WHERE ip = ? AND jail = ?'),
    purgeHistory: p(
      'DELETE FROM ban_history WHERE bantime >= 0 AND time_of_ban < ? ' +
        `AND time_of_ban + bantime * ${HISTORY_OUTDATED_FACTOR} < ?`,
    ),
    purgeExpiredBans: p('DELETE FROM bans WHERE bantime >= 0 AND time_of_ban + bantime <= ?'),
    purgeFailures: p('DELETE FROM failures WHERE time < ?'),
    purgeVoidedFailures: p(
      'DELETE FROM failures WHERE EXISTS (SELECT 1 FROM failure_resets r ' +
        'WHERE r.jail = failures.jail AND r.id = failures.id AND failures.seq <= r.upto)',
    ),
    // A reset matters only while a row it covers is left (none left: min is NULL, all go).
    purgeResets: p('DELETE FROM failure_resets WHERE upto < IFNULL((SELECT min(seq) FROM failures), upto + 1)'),
    purgeJails: p(
      'DELETE FROM jails WHERE enabled = 0 ' +
        'AND NOT EXISTS (SELECT 1 FROM bans WHERE bans.jail = jails.name) ' +
        'AND NOT EXISTS (SELECT 1 FROM ban_history WHERE ban_history.jail = jails.name) ' +
        'AND NOT EXISTS (SELECT 1 FROM failures WHERE failures.jail = jails.name)',
    ),
  };
}
