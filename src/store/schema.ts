/**
 * warden's SQLite schema as an ordered list of migrations; `PRAGMA user_version` holds the version
 * reached. Append new migrations at the end; never edit one that has shipped.
 */

/** One step of the schema: brings a database from `version - 1` to `version`. */
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

/** Marks a file as warden's (`PRAGMA application_id`): ASCII "wdn1". */
export const WARDEN_APPLICATION_ID = 0x77646e31;

/*
 * Tables (STRICT: SQLite refuses a value of the wrong type instead of storing it):
 * - jails: every jail the daemon has run, and whether it is enabled now.
 * - bans: active bans, one per (jail, ip); a row goes when the ban is lifted.
 * - ban_history: latest ban per (ip, jail) with its ban count (fail2ban's `bips`); kept after the
 *   unban for bantime.increment, dropped by purge. Keyed ip first: lookups are by ip, with or
 *   without the jail.
 * - failures: failures in flight, below maxretry (fail2ban keeps none of these). Read back in
 *   commit order (rowid in V1, seq from V2 on).
 * - failure_resets (V2): per (jail, id), the last failures.seq that a ban consumed.
 * - file_positions / journal_positions: where each log source stopped reading.
 * `matches` columns hold store-rows.ts's matchesText: one line after a newline, or a JSON array
 * (V1 wrote JSON only; both read).
 */
const V1 = `
CREATE TABLE jails (
  name    TEXT    NOT NULL PRIMARY KEY,
  enabled INTEGER NOT NULL
) STRICT;

CREATE TABLE bans (
  jail        TEXT    NOT NULL,
  ip          TEXT    NOT NULL,
  time_of_ban REAL    NOT NULL,
  bantime     REAL    NOT NULL,
  ban_count   INTEGER NOT NULL,
  failures    INTEGER NOT NULL,
  matches     TEXT    NOT NULL,
  PRIMARY KEY (jail, ip)
) STRICT, WITHOUT ROWID;

CREATE TABLE ban_history (
  ip          TEXT    NOT NULL,
  jail        TEXT    NOT NULL,
  time_of_ban REAL    NOT NULL,
  bantime     REAL    NOT NULL,
  ban_count   INTEGER NOT NULL,
  PRIMARY KEY (ip, jail)
) STRICT, WITHOUT ROWID;

CREATE TABLE failures (
  jail    TEXT NOT NULL,
  id      TEXT NOT NULL,
  time    REAL NOT NULL,
  matches TEXT NOT NULL
) STRICT;
CREATE INDEX failures_by_id ON failures (jail, id);

CREATE TABLE file_positions (
  path            TEXT    NOT NULL PRIMARY KEY,
  inode           TEXT    NOT NULL,
  offset          INTEGER NOT NULL,
  first_line_hash TEXT    NOT NULL
) STRICT;

CREATE TABLE journal_positions (
  key    TEXT NOT NULL PRIMARY KEY,
  cursor TEXT NOT NULL
) STRICT;
`;

/*
 * V2 (burst speed):
 * - A ban no longer deletes the failures it consumed, one by one through an index. It records a
 *   reset per (jail, id) instead: stored failures of that id with seq <= upto no longer count.
 *   failures gets an AUTOINCREMENT seq (never reused, so a reset can only cover rows that existed
 *   when it was written) and loses its index; purge drops old rows and resets that cover none.
 * - bans becomes a rowid table with a UNIQUE (jail, ip) index: its rows carry up to dbmaxmatches
 *   log lines, and such rows in a WITHOUT ROWID b-tree keyed by random addresses made every ban
 *   split pages (measured 2.7x slower for 1 500 bans of 5 matches).
 */
const V2 = `
CREATE TABLE failures_v2 (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  jail    TEXT NOT NULL,
  id      TEXT NOT NULL,
  time    REAL NOT NULL,
  matches TEXT NOT NULL
) STRICT;
INSERT INTO failures_v2 (jail, id, time, matches) SELECT jail, id, time, matches FROM failures ORDER BY rowid;
DROP TABLE failures;
ALTER TABLE failures_v2 RENAME TO failures;

CREATE TABLE failure_resets (
  jail TEXT    NOT NULL,
  id   TEXT    NOT NULL,
  upto INTEGER NOT NULL,
  PRIMARY KEY (jail, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE bans_v2 (
  jail        TEXT    NOT NULL,
  ip          TEXT    NOT NULL,
  time_of_ban REAL    NOT NULL,
  bantime     REAL    NOT NULL,
  ban_count   INTEGER NOT NULL,
  failures    INTEGER NOT NULL,
  matches     TEXT    NOT NULL,
  UNIQUE (jail, ip)
) STRICT;
INSERT INTO bans_v2 (jail, ip, time_of_ban, bantime, ban_count, failures, matches)
  SELECT jail, ip, time_of_ban, bantime, ban_count, failures, matches FROM bans;
DROP TABLE bans;
ALTER TABLE bans_v2 RENAME TO bans;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, sql: V1 },
  { version: 2, sql: V2 },
];

/** The schema version this build of warden writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
