/**
 * Brings an opened database to the current schema: refuses files that are not warden's or that a
 * newer warden wrote, then applies the missing migrations in order, each in its own transaction.
 */
import type Database from 'better-sqlite3';
import { WardenError } from '../core/errors.js';
import { MIGRATIONS, WARDEN_APPLICATION_ID, type Migration } from './schema.js';

function pragmaNumber(db: Database.Database, name: string): number {
  return Number(db.pragma(name, { simple: true }));
}

function objectCount(db: Database.Database): number {
  return Number(db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get());
}

/** Throws unless `db` is empty or carries warden's application id. */
function checkOwner(db: Database.Database, file: string): void {
  const appId = pragmaNumber(db, 'application_id');
  if (appId === WARDEN_APPLICATION_ID) return;
  if (appId === 0 && objectCount(db) === 0) return;
  throw new WardenError('ERR_STORE', `database ${file} is not a warden database (another program's SQLite file?)`);
}

/**
 * Migrates `db` (opened from `file`) to the last of `migrations` and returns that version.
 * Throws ERR_STORE_SCHEMA when the file is newer than this warden, ERR_STORE when it is foreign.
 */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS): number {
  checkOwner(db, file);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  const current = pragmaNumber(db, 'user_version');
  if (current > latest) {
    throw new WardenError(
      'ERR_STORE_SCHEMA',
      `database ${file} has schema version ${current}, written by a newer warden; this warden reads up to version ${latest}`,
    );
  }
  for (const step of migrations) {
    if (step.version <= current) continue;
    db.transaction(() => {
      // Another process may have migrated between our read and this write lock.
      if (pragmaNumber(db, 'user_version') >= step.version) return;
      db.exec(step.sql);
      db.pragma(`application_id = ${WARDEN_APPLICATION_ID}`);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
  return latest;
}
