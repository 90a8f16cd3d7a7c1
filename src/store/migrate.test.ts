import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { WardenError } from '../core/errors.js';
import { migrate } from './migrate.js';
import { MIGRATIONS, SCHEMA_VERSION, WARDEN_APPLICATION_ID } from './schema.js';
import { openStore } from './store.js';
import { T0, ban, failure, tempDir } from './store-test-data.js';

function withTemp(fn: (db: string) => void): void {
  const tmp = tempDir();
  try {
    fn(tmp.db);
  } finally {
    tmp.cleanup();
  }
}

function isStoreError(code: string, ...mentions: string[]) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof WardenError, `expected a WardenError, got ${String(err)}`);
    assert.equal(err.code, code);
    for (const m of mentions) assert.ok(err.message.includes(m), `${err.message} should mention ${m}`);
    return true;
  };
}

function rawPragma(file: string, name: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
}

describe('schema migrations', () => {
  it('creates the schema in an empty file and marks it as warden version N', () => {
    withTemp((file) => {
      writeFileSync(file, '');
      openStore(file).close();
      assert.equal(rawPragma(file, 'user_version'), SCHEMA_VERSION);
      assert.equal(rawPragma(file, 'application_id'), WARDEN_APPLICATION_ID);
      assert.equal(rawPragma(file, 'journal_mode'), 'wal');
    });
  });

  it('refuses a database written by a newer warden, naming the file and both versions', () => {
    withTemp((file) => {
      openStore(file).close();
      const db = new Database(file);
      db.pragma(`user_version = ${SCHEMA_VERSION + 7}`);
      db.close();
      assert.throws(() => openStore(file), isStoreError('ERR_STORE_SCHEMA', file, String(SCHEMA_VERSION + 7), String(SCHEMA_VERSION)));
    });
  });

  it("refuses another program's SQLite database without touching it", () => {
    withTemp((file) => {
      const db = new Database(file);
      db.exec('CREATE TABLE bans (jail TEXT, ip TEXT)');
      db.close();
      assert.throws(() => openStore(file), isStoreError('ERR_STORE', file, 'not a warden database'));
      assert.equal(rawPragma(file, 'user_version'), 0);
    });
  });

  it('runs each migration in its own transaction and stops at the one that fails', () => {
    withTemp((file) => {
      const db = new Database(file);
      const steps = [
        { version: 1, sql: 'CREATE TABLE a (x INTEGER)' },
        { version: 2, sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nope VALUES (1)' },
      ];
      assert.throws(() => migrate(db, file, steps), /nope/);
      assert.equal(db.pragma('user_version', { simple: true }), 1);
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
      assert.deepEqual(tables, ['a'], 'table b was rolled back with its failing step');
      assert.equal(migrate(db, file, steps.slice(0, 1)), 1, 'a migrated db opens again');
      db.close();
    });
  });

  it('applies only the steps after the version on file', () => {
    withTemp((file) => {
      const db = new Database(file);
      migrate(db, file, [{ version: 1, sql: 'CREATE TABLE a (x INTEGER)' }]);
      db.exec('INSERT INTO a VALUES (41)');
      const steps = [
        { version: 1, sql: 'CREATE TABLE a (x INTEGER)' },
        { version: 2, sql: 'UPDATE a SET x = x + 1' },
      ];
      assert.equal(migrate(db, file, steps), 2);
      assert.equal(migrate(db, file, steps), 2);
      assert.equal(db.prepare('SELECT x FROM a').pluck().get(), 42);
      db.close();
    });
  });
});

describe('unusable database files', () => {
  it('reports a file that is not SQLite as ERR_STORE naming the file', () => {
    withTemp((file) => {
      writeFileSync(file, 'this is a log file, not a database\n'.repeat(200));
      assert.throws(() => openStore(file), isStoreError('ERR_STORE', file, 'not a SQLite database'));
    });
  });

  it('reports a database with a damaged schema page as ERR_STORE naming the file', () => {
    withTemp((file) => {
      openStore(file).close();
      const bytes = readFileSync(file);
      bytes.fill(0xa5, 100, 4096); // keep the 100-byte header, wreck the rest of page 1
      writeFileSync(file, bytes);
      assert.throws(() => openStore(file), isStoreError('ERR_STORE', file));
    });
  });

  it('reports damaged data pages as ERR_STORE naming the file, never a raw SQLite error', () => {
    withTemp((file) => {
      const store = openStore(file);
      for (let i = 0; i < 20; i++) {
        store.commit({ addFailures: Array.from({ length: 500 }, (_, j) => failure(`10.0.${i}.${j % 250}`, T0 - 1)) });
      }
      store.commit({ addBans: [ban('192.0.2.1')] });
      store.close();
      const bytes = readFileSync(file);
      bytes.fill(0x5a, 4096 * 3, bytes.length - 4096);
      writeFileSync(file, bytes);
      assert.throws(() => {
        const reopened = openStore(file);
        try {
          reopened.load(T0, () => 600);
          reopened.bans();
        } finally {
          reopened.close();
        }
      }, isStoreError('ERR_STORE', file));
    });
  });

  it('reports a missing directory as ERR_STORE naming the file', () => {
    withTemp((file) => {
      const missing = `${file}.d/inner/warden.sqlite3`;
      assert.throws(() => openStore(missing), isStoreError('ERR_STORE', missing));
    });
  });

  it('moves version 1 failures to version 2 in commit order; a ban then voids them without deleting', () => {
    withTemp((file) => {
      const v1 = new Database(file);
      migrate(v1, file, MIGRATIONS.slice(0, 1));
      const insert = v1.prepare('INSERT INTO failures (jail, id, time, matches) VALUES (?, ?, ?, ?)');
      insert.run('sshd', 'b', T0 - 2, '["second"]');
      insert.run('sshd', 'a', T0 - 9, '["first"]');
      v1.prepare('INSERT INTO bans (jail, ip, time_of_ban, bantime, ban_count, failures, matches) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run('sshd', '192.0.2.44', T0 - 5, 600, 2, 5, '["ban line"]');
      v1.close();
      const store = openStore(file);
      try {
        const loaded = store.load(T0, () => 600);
        assert.deepEqual(loaded.failures.map((f) => [f.id, f.matches[0]]), [['b', 'second'], ['a', 'first']]);
        assert.deepEqual(loaded.bans, [ban('192.0.2.44', { timeOfBan: T0 - 5, bantime: 600, banCount: 2, failures: 5, matches: ['ban line'] })]);
        store.commit({ addBans: [ban('192.0.2.44', { timeOfBan: T0, bantime: 60 })] });
        assert.deepEqual(store.bans().map((b) => [b.ip, b.bantime]), [['192.0.2.44', 60]], 'still one row per (jail, ip)');
        store.commit({ clearFailures: [{ jail: 'sshd', id: 'b' }], addFailures: [failure('c', T0 - 1)] });
        assert.deepEqual(store.load(T0, () => 600).failures.map((f) => f.id), ['a', 'c']);
      } finally {
        store.close();
      }
      assert.equal(rawPragma(file, 'user_version'), SCHEMA_VERSION);
      const db = new Database(file, { readonly: true });
      try {
        assert.equal(db.prepare('SELECT count(*) FROM failures').pluck().get(), 3, 'the voided row stays until purge');
        assert.equal(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'failures_by_id'").pluck().get(), 0);
      } finally {
        db.close();
      }
    });
  });
});
