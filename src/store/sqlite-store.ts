/**
 * The Store on SQLite through better-sqlite3 (synchronous): one connection, statements prepared
 * once, one transaction per commit. Every SQLite failure comes out as a WardenError naming the file.
 */
import Database from 'better-sqlite3';
import type { FailureRecord } from '../core/records.js';
import { migrate } from './migrate.js';
import { prepareStatements, type Statements } from './statements.js';
import { guarded, storeError } from './store-error.js';
import { banFromRow, banToRow, failureFromRow, journalFromRow, matchesJson, positionFromRow } from './store-rows.js';
import type { Store, StoreBatch, StoredState } from './store.js';

/** fail2ban's dbmaxmatches default. */
export const DEFAULT_MAX_MATCHES = 10;
const BUSY_TIMEOUT_MS = 5000;
/** After a checkpoint, the WAL file is truncated back to this size. */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

function configure(db: Database.Database): void {
  // WAL with synchronous=NORMAL: when a transaction commits, its pages are in the WAL file (in the
  // OS page cache), so it survives kill -9 or a crash of this process. Power loss or an OS crash may
  // lose the last few transactions (never corrupt the file); we accept that to avoid an fsync per
  // tick. fail2ban itself runs with synchronous=OFF and an in-memory journal.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('temp_store = MEMORY');
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
}

/**
 * Opens (creating if needed) the state database at `path` (or ':memory:') and migrates it.
 * Throws WardenError ERR_STORE (unusable file) or ERR_STORE_SCHEMA (written by a newer warden).
 */
export function openStore(path: string, opts: { maxMatches?: number } = {}): Store {
  const db = guarded(path, 'opening', () => new Database(path, { timeout: BUSY_TIMEOUT_MS }));
  try {
    configure(db);
    migrate(db, path);
    return sqliteStore(path, db, prepareStatements(db), opts.maxMatches ?? DEFAULT_MAX_MATCHES);
  } catch (err) {
    db.close();
    throw storeError(path, 'opening', err);
  }
}

function applyBatch(st: Statements, batch: StoreBatch, maxMatches: number): void {
  for (const c of batch.clearFailures ?? []) st.clearFailures.run(c.jail, c.id);
  for (const f of batch.addFailures ?? []) st.insertFailure.run(f.jail, f.id, f.time, matchesJson(f.matches));
  for (const b of batch.removeBans ?? []) st.removeBan.run(b.jail, b.ip);
  for (const b of batch.addBans ?? []) {
    st.upsertBan.run(...banToRow(b, maxMatches));
    st.upsertHistory.run(b.ip, b.jail, b.timeOfBan, b.bantime, b.banCount);
  }
  for (const p of batch.positions ?? []) st.upsertPosition.run(p.path, p.inode, p.offset, p.firstLineHash);
  for (const j of batch.journal ?? []) st.upsertJournal.run(j.key, j.cursor);
}

/** Failures still inside their jail's findtime at `now`, in commit order. */
function loadFailures(st: Statements, now: number, findtimeOf: (jail: string) => number): FailureRecord[] {
  const cutoffs = new Map<string, number>();
  const out: FailureRecord[] = [];
  // iterate(), not all(): measured ~40% faster on a million rows (no second big array).
  for (const row of st.allFailures.iterate() as IterableIterator<[string, string, number, string]>) {
    const jail = row[0];
    let cutoff = cutoffs.get(jail);
    if (cutoff === undefined) {
      cutoff = now - findtimeOf(jail);
      cutoffs.set(jail, cutoff);
    }
    if (row[2] > cutoff) out.push(failureFromRow(jail, row[1], row[2], row[3]));
  }
  return out;
}

type HistoryRow = [jail: string, banCount: number, timeOfBan: number, bantime: number];

function historyOf(st: Statements, ip: string, jail: string | null): { banCount: number; lastBantime: number } | null {
  const rows = st.historyOfIp.all(ip) as HistoryRow[];
  if (jail !== null) {
    const row = rows.find((r) => r[0] === jail);
    return row === undefined ? null : { banCount: row[1], lastBantime: row[3] };
  }
  if (rows.length === 0) return null;
  let latest = rows[0];
  let banCount = 0;
  for (const row of rows) {
    banCount += row[1];
    if (row[2] > latest[2]) latest = row;
  }
  return { banCount, lastBantime: latest[3] };
}

function sqliteStore(path: string, db: Database.Database, st: Statements, maxMatches: number): Store {
  const commitTx = db.transaction((batch: StoreBatch) => applyBatch(st, batch, maxMatches));
  const setJailsTx = db.transaction((jails: readonly { name: string; enabled: boolean }[]) => {
    st.disableJails.run();
    for (const j of jails) st.upsertJail.run(j.name, j.enabled ? 1 : 0);
  });
  const loadTx = db.transaction(
    (now: number, findtimeOf: (jail: string) => number): StoredState => ({
      bans: st.activeBans.all(now).map((row) => banFromRow(row as unknown[])),
      failures: loadFailures(st, now, findtimeOf),
      positions: st.allPositions.all().map((row) => positionFromRow(row as unknown[])),
      journal: st.allJournal.all().map((row) => journalFromRow(row as unknown[])),
    }),
  );
  const purgeTx = db.transaction((now: number, purgeAge: number) => {
    const cutoff = now - purgeAge;
    const history = st.purgeHistory.run(cutoff, cutoff).changes;
    const expired = st.purgeExpiredBans.run(now).changes;
    const failures = st.purgeFailures.run(cutoff).changes;
    st.purgeJails.run();
    return { bans: history + expired, failures };
  });

  return {
    path,
    setJails: (jails) => guarded(path, 'recording jails', () => setJailsTx(jails)),
    load: (now, findtimeOf) => guarded(path, 'loading state', () => loadTx(now, findtimeOf)),
    commit: (batch) => guarded(path, 'commit', () => commitTx(batch)),
    banHistory: (ip, jail) => guarded(path, 'reading ban history', () => historyOf(st, ip, jail)),
    bans: (jail) =>
      guarded(path, 'reading bans', () =>
        (jail === undefined ? st.allBans.all() : st.bansOfJail.all(jail)).map((row) => banFromRow(row as unknown[])),
      ),
    purge: (now, purgeAge) => guarded(path, 'purge', () => purgeTx(now, purgeAge)),
    close: () => guarded(path, 'closing', () => void (db.open && db.close())),
  };
}
