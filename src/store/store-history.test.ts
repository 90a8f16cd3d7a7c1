import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openStore, type Store } from './store.js';
import { T0, ban, failure, tempDir } from './store-test-data.js';

const DAY = 86_400;

function withStore(fn: (store: Store) => void): void {
  const store = openStore(':memory:');
  try {
    fn(store);
  } finally {
    store.close();
  }
}

describe('ban history', () => {
  it('is null for an ip never banned', () => {
    withStore((store) => {
      assert.equal(store.banHistory('192.0.2.1', 'sshd'), null);
      assert.equal(store.banHistory('192.0.2.1', null), null);
    });
  });

  it('keeps the ban count and bantime of the latest ban after the unban', () => {
    withStore((store) => {
      store.commit({ addBans: [ban('192.0.2.1', { banCount: 1, bantime: 600 })] });
      store.commit({ removeBans: [{ jail: 'sshd', ip: '192.0.2.1' }] });
      store.commit({ addBans: [ban('192.0.2.1', { timeOfBan: T0 + 700, banCount: 2, bantime: 1200 })] });
      store.commit({ removeBans: [{ jail: 'sshd', ip: '192.0.2.1' }] });
      assert.deepEqual(store.banHistory('192.0.2.1', 'sshd'), { banCount: 2, lastBantime: 1200 });
      assert.deepEqual(store.bans(), []);
    });
  });

  it('is per jail, or summed across jails with the latest bantime when jail is null', () => {
    withStore((store) => {
      store.commit({
        addBans: [
          ban('192.0.2.1', { jail: 'sshd', banCount: 2, timeOfBan: T0, bantime: 600 }),
          ban('192.0.2.1', { jail: 'asterisk', banCount: 3, timeOfBan: T0 + 10, bantime: 7200 }),
          ban('192.0.2.1', { jail: 'recidive', banCount: 1, timeOfBan: T0 - 10, bantime: 604_800 }),
          ban('192.0.2.2', { jail: 'sshd', banCount: 9 }),
        ],
      });
      assert.deepEqual(store.banHistory('192.0.2.1', 'asterisk'), { banCount: 3, lastBantime: 7200 });
      assert.equal(store.banHistory('192.0.2.1', 'nginx'), null);
      assert.deepEqual(store.banHistory('192.0.2.1', null), { banCount: 6, lastBantime: 7200 });
    });
  });
});

describe('purge (dbpurgeage)', () => {
  const purgeAge = DAY;
  const now = T0 + 10 * DAY;
  const cutoff = now - purgeAge;

  it('drops history only when the ban and 3 x its bantime are both older than now - purgeage', () => {
    withStore((store) => {
      store.commit({
        addBans: [
          ban('old', { timeOfBan: cutoff - 3 * 600 - 1, bantime: 600 }),
          ban('three-bantimes-recent', { timeOfBan: cutoff - 3 * 600 + 1, bantime: 600 }),
          ban('recent', { timeOfBan: cutoff + 1, bantime: 0 }),
          ban('permanent', { timeOfBan: 0, bantime: -1 }),
        ],
      });
      store.commit({ removeBans: ['old', 'three-bantimes-recent', 'recent'].map((ip) => ({ jail: 'sshd', ip })) });
      const result = store.purge(now, purgeAge);
      assert.deepEqual(result, { bans: 1, failures: 0 });
      assert.equal(store.banHistory('old', null), null);
      for (const ip of ['three-bantimes-recent', 'recent', 'permanent']) assert.notEqual(store.banHistory(ip, null), null, ip);
      assert.deepEqual(store.bans().map((b) => b.ip), ['permanent'], 'a permanent ban stays active');
    });
  });

  it('removes active bans that expired before now, and failures older than now - purgeage', () => {
    withStore((store) => {
      store.commit({
        addBans: [ban('expired', { timeOfBan: now - 700, bantime: 600 }), ban('active', { timeOfBan: now - 10, bantime: 600 })],
        addFailures: [failure('stale', cutoff - 1), failure('fresh', cutoff + 1), failure('edge', cutoff)],
      });
      const result = store.purge(now, purgeAge);
      assert.deepEqual(result, { bans: 1, failures: 1 });
      assert.deepEqual(store.bans().map((b) => b.ip), ['active']);
      assert.deepEqual(store.load(now, () => Infinity).failures.map((f) => f.id), ['fresh', 'edge']);
      assert.notEqual(store.banHistory('expired', 'sshd'), null, 'its history outlives the active row');
    });
  });

  it('a commit right after history lookups (same tick) reaches the file at once', () => {
    const tmp = tempDir();
    try {
      const store = openStore(tmp.db);
      assert.equal(store.banHistory('203.0.113.5', 'sshd'), null);
      assert.equal(store.banHistory('203.0.113.6', null), null);
      store.commit({ addBans: [ban('203.0.113.5')] });
      const other = new Database(tmp.db, { readonly: true });
      try {
        assert.equal(other.prepare('SELECT count(*) FROM bans').pluck().get(), 1);
      } finally {
        other.close();
      }
      assert.deepEqual(store.banHistory('203.0.113.5', 'sshd'), { banCount: 1, lastBantime: 600 });
      store.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('drops failures a ban voided, and failures older than failuresBefore, keeping the rest', () => {
    withStore((store) => {
      store.commit({ addFailures: [failure('x', now - 50), failure('y', now - 40), failure('z', now - 900)] });
      store.commit({ clearFailures: [{ jail: 'sshd', id: 'x' }], addFailures: [failure('x', now - 10)] });
      assert.deepEqual(store.purge(now, purgeAge, { failuresBefore: now - 600 }), { bans: 0, failures: 2 });
      assert.deepEqual(store.load(now, () => Infinity).failures.map((f) => [f.id, f.time]), [['y', now - 40], ['x', now - 10]]);
      // failuresBefore older than now - purgeage changes nothing: the later of the two wins.
      assert.deepEqual(store.purge(now, purgeAge, { failuresBefore: 0 }), { bans: 0, failures: 0 });
    });
  });

  it('drops reset marks once no row they cover is left; later failures of that id count again', () => {
    const tmp = tempDir();
    try {
      const store = openStore(tmp.db);
      store.commit({ addFailures: [failure('x', cutoff - 5), failure('y', cutoff - 4)] });
      store.commit({ clearFailures: [{ jail: 'sshd', id: 'x' }] });
      store.commit({ addFailures: [failure('y', cutoff + 5)] });
      const resets = (): unknown[] => {
        const db = new Database(tmp.db, { readonly: true });
        try {
          return db.prepare('SELECT id FROM failure_resets').pluck().all();
        } finally {
          db.close();
        }
      };
      assert.deepEqual(resets(), ['x']);
      assert.deepEqual(store.purge(now, purgeAge), { bans: 0, failures: 2 });
      assert.deepEqual(resets(), [], 'the rows x covered are gone');
      store.commit({ addFailures: [failure('x', now - 1)] });
      assert.deepEqual(store.load(now, () => Infinity).failures.map((f) => f.id), ['y', 'x']);
      store.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('marks jails left out of setJails disabled and forgets them once they have no rows left', () => {
    const tmp = tempDir();
    try {
      const store = openStore(tmp.db);
      store.setJails([{ name: 'sshd', enabled: true }, { name: 'gone', enabled: true }, { name: 'kept', enabled: true }]);
      store.commit({ addFailures: [failure('x', now - 1, 'kept')] });
      store.setJails([{ name: 'sshd', enabled: true }, { name: 'off', enabled: false }]);
      store.purge(now, purgeAge);
      store.close();
      const db = new Database(tmp.db, { readonly: true });
      const jails = db.prepare('SELECT name, enabled FROM jails ORDER BY name').raw().all();
      db.close();
      assert.deepEqual(jails, [['kept', 0], ['sshd', 1]]);
    } finally {
      tmp.cleanup();
    }
  });
});
