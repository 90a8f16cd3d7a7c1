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
  readonly insertFailure: Stmt;
  readonly clearFailures: Stmt;
  readonly upsertBan: Stmt;
  readonly upsertHistory: Stmt;
  readonly removeBan: Stmt;
  readonly upsertPosition: Stmt;
  readonly upsertJournal: Stmt;
  /** (now) -> [jail, ip, time_of_ban, bantime, ban_count, failures, matches] */
  readonly activeBans: Stmt;
  /** () -> same columns, every row of `bans` */
  readonly allBans: Stmt;
  /** (jail) -> same columns */
  readonly bansOfJail: Stmt;
  /** () -> [jail, id, time, matches] in commit order */
  readonly allFailures: Stmt;
  readonly allPositions: Stmt;
  readonly allJournal: Stmt;
  /** (ip) -> [jail, ban_count, time_of_ban, bantime] */
  readonly historyOfIp: Stmt;
  /** (cutoff, cutoff) */
  readonly purgeHistory: Stmt;
  /** (now) */
  readonly purgeExpiredBans: Stmt;
  /** (cutoff) */
  readonly purgeFailures: Stmt;
  readonly purgeJails: Stmt;
}

const BAN_COLUMNS = 'jail, ip, time_of_ban, bantime, ban_count, failures, matches';

export function prepareStatements(db: Database.Database): Statements {
  const p = (sql: string): Stmt => db.prepare<unknown[]>(sql);
  const rows = (sql: string): Stmt => p(sql).raw(true);
  return {
    disableJails: p('UPDATE jails SET enabled = 0'),
    upsertJail: p('INSERT INTO jails (name, enabled) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled'),
    insertFailure: p('INSERT INTO failures (jail, id, time, matches) VALUES (?, ?, ?, ?)'),
    clearFailures: p('DELETE FROM failures WHERE jail = ? AND id = ?'),
    upsertBan: p(`INSERT OR REPLACE INTO bans (${BAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    upsertHistory: p('INSERT OR REPLACE INTO ban_history (ip, jail, time_of_ban, bantime, ban_count) VALUES (?, ?, ?, ?, ?)'),
    removeBan: p('DELETE FROM bans WHERE jail = ? AND ip = ?'),
    upsertPosition: p('INSERT OR REPLACE INTO file_positions (path, inode, offset, first_line_hash) VALUES (?, ?, ?, ?)'),
    upsertJournal: p('INSERT OR REPLACE INTO journal_positions (key, cursor) VALUES (?, ?)'),
    activeBans: rows(`SELECT ${BAN_COLUMNS} FROM bans WHERE bantime < 0 OR time_of_ban + bantime > ?`),
    allBans: rows(`SELECT ${BAN_COLUMNS} FROM bans`),
    bansOfJail: rows(`SELECT ${BAN_COLUMNS} FROM bans WHERE jail = ?`),
    allFailures: rows('SELECT jail, id, time, matches FROM failures ORDER BY rowid'),
    allPositions: rows('SELECT path, inode, offset, first_line_hash FROM file_positions'),
    allJournal: rows('SELECT key, cursor FROM journal_positions'),
    historyOfIp: rows('SELECT jail, ban_count, time_of_ban, bantime FROM ban_history WHERE ip = ?'),
    purgeHistory: p(
      'DELETE FROM ban_history WHERE bantime >= 0 AND time_of_ban < ? ' +
        `AND time_of_ban + bantime * ${HISTORY_OUTDATED_FACTOR} < ?`,
    ),
    purgeExpiredBans: p('DELETE FROM bans WHERE bantime >= 0 AND time_of_ban + bantime <= ?'),
    purgeFailures: p('DELETE FROM failures WHERE time < ?'),
    purgeJails: p(
      'DELETE FROM jails WHERE enabled = 0 ' +
        'AND NOT EXISTS (SELECT 1 FROM bans WHERE bans.jail = jails.name) ' +
        'AND NOT EXISTS (SELECT 1 FROM ban_history WHERE ban_history.jail = jails.name) ' +
        'AND NOT EXISTS (SELECT 1 FROM failures WHERE failures.jail = jails.name)',
    ),
  };
}
