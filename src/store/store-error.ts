/**
 * Turns whatever SQLite throws into a WardenError (ERR_STORE) that names the database file and what
 * the store was doing, so a bad or locked db file never surfaces as a raw stack.
 */
import { WardenError } from '../core/errors.js';

const EXPLAINED: Readonly<Record<string, string>> = {
  SQLITE_NOTADB: 'is not a SQLite database',
  SQLITE_CORRUPT: 'is corrupt',
  SQLITE_CANTOPEN: 'cannot be opened (missing directory or no permission?)',
  SQLITE_BUSY: 'is locked by another process',
  SQLITE_READONLY: 'is read-only',
  SQLITE_FULL: 'cannot grow: the disk is full',
  SQLITE_IOERR: 'could not be read or written (I/O error)',
};

function explain(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code !== 'string') return message;
  // Extended codes (SQLITE_IOERR_SHORT_READ) share the primary code's explanation.
  const known = EXPLAINED[code] ?? EXPLAINED[code.split('_').slice(0, 2).join('_')];
  return known === undefined ? `${message} (${code})` : `${known}: ${message} (${code})`;
}

/** The error to throw for a failure of `doing` on database `file`. WardenErrors pass through. */
export function storeError(file: string, doing: string, err: unknown): WardenError {
  if (err instanceof WardenError) return err;
  return new WardenError('ERR_STORE', `database ${file}: ${doing} failed: ${explain(err)}`, { cause: err });
}

/** Runs `fn`, converting any throw into `storeError(file, doing, err)`. */
export function guarded<T>(file: string, doing: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw storeError(file, doing, err);
  }
}
