import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WardenError } from '../core/errors.js';
import { openStore, type Store } from './store.js';
import { T0, ban, failure, tempDir } from './store-test-data.js';

const FINDTIME = 600;

function loadAll(store: Store, now = T0) {
  return store.load(now, () => FINDTIME);
}

function withStore(fn: (store: Store) => void, maxMatches?: number): void {
  const store = openStore(':memory:', { maxMatches });
  try {
    fn(store);
  } finally {
    store.close();
  }
}

describe('store round trip', () => {
  it('gives back every record kind it was given', () => {
    withStore((store) => {
      const f = failure('192.0.2.1', T0 - 10, 'sshd', ['line 1', 'line 2']);
      const b = ban('192.0.2.9', { jail: 'asterisk', timeOfBan: T0 - 5, bantime: 3600, banCount: 3, failures: 7 });
      const position = { path: '/var/log/auth.log', inode: '18446744073709551615', offset: 12345, firstLineHash: 'ab12' };
      const journal = { key: 'journal:_SYSTEMD_UNIT=sshd.service', cursor: 's=abc;i=42' };
      store.commit({ addFailures: [f], addBans: [b], positions: [position], journal: [journal] });
      assert.deepEqual(loadAll(store), { bans: [b], failures: [f], positions: [position], journal: [journal] });
    });
  });

  it('keeps fractional times and empty matches', () => {
    withStore((store) => {
      const f = failure('2001:db8::1', T0 - 0.25, 'sshd', []);
      store.commit({ addFailures: [f], addBans: [ban('2001:db8::2', { timeOfBan: T0 - 0.5, matches: [] })] });
      const state = loadAll(store);
      assert.deepEqual(state.failures, [f]);
      assert.equal(state.bans[0].timeOfBan, T0 - 0.5);
      assert.deepEqual(state.bans[0].matches, []);
    });
  });

  it('upserts positions by path and journal cursors by key', () => {
    withStore((store) => {
      store.commit({ positions: [{ path: '/a', inode: '1', offset: 10, firstLineHash: 'x' }], journal: [{ key: 'j', cursor: 'c1' }] });
      store.commit({ positions: [{ path: '/a', inode: '2', offset: 0, firstLineHash: 'y' }], journal: [{ key: 'j', cursor: 'c2' }] });
      const state = loadAll(store);
      assert.deepEqual(state.positions, [{ path: '/a', inode: '2', offset: 0, firstLineHash: 'y' }]);
      assert.deepEqual(state.journal, [{ key: 'j', cursor: 'c2' }]);
    });
  });

  it('keeps only the last maxMatches lines of a ban', () => {
    withStore((store) => {
      const lines = Array.from({ length: 15 }, (_, i) => `line ${i}`);
      store.commit({ addBans: [ban('192.0.2.1', { matches: lines })] });
      assert.deepEqual(store.bans()[0].matches, lines.slice(-3));
    }, 3);
  });

  it('keeps no ban matches with maxMatches 0 and ten by default', () => {
    const lines = Array.from({ length: 15 }, (_, i) => `line ${i}`);
    withStore((store) => {
      store.commit({ addBans: [ban('192.0.2.1', { matches: lines })] });
      assert.deepEqual(store.bans()[0].matches, []);
    }, 0);
    withStore((store) => {
      store.commit({ addBans: [ban('192.0.2.1', { matches: lines })] });
      assert.deepEqual(store.bans()[0].matches, lines.slice(-10));
    });
  });
});

describe('store load', () => {
  it('returns failures newer than now - findtime of their jail, in commit order', () => {
    withStore((store) => {
      store.commit({ addFailures: [failure('a', T0 - 50, 'short'), failure('b', T0 - 500, 'long'), failure('c', T0 - 100, 'short')] });
      store.commit({ addFailures: [failure('d', T0 - 5000, 'long'), failure('e', T0 - 1, 'long')] });
      const asked: string[] = [];
      const findtimes: Record<string, number> = { short: 60, long: 600 };
      const state = store.load(T0, (jail) => (asked.push(jail), findtimes[jail]));
      assert.deepEqual(state.failures.map((f) => f.id), ['a', 'b', 'e']);
      assert.deepEqual(asked.sort(), ['long', 'short']);
    });
  });

  it('drops a failure exactly findtime old', () => {
    withStore((store) => {
      store.commit({ addFailures: [failure('a', T0 - FINDTIME), failure('b', T0 - FINDTIME + 1)] });
      assert.deepEqual(loadAll(store).failures.map((f) => f.id), ['b']);
    });
  });

  it('returns bans active at now, permanent ones included', () => {
    withStore((store) => {
      store.commit({
        addBans: [
          ban('expired', { timeOfBan: T0 - 700, bantime: 600 }),
          ban('ends-now', { timeOfBan: T0 - 600, bantime: 600 }),
          ban('active', { timeOfBan: T0 - 599, bantime: 600 }),
          ban('permanent', { timeOfBan: T0 - 1e6, bantime: -1 }),
        ],
      });
      assert.deepEqual(loadAll(store).bans.map((b) => b.ip).sort(), ['active', 'permanent']);
      assert.equal(store.bans().length, 4, 'bans() lists every committed ban, expired or not');
    });
  });
});

describe('store batch semantics', () => {
  it('clears the stored failures of an id before adding the batch failures', () => {
    withStore((store) => {
      store.commit({ addFailures: [failure('x', T0 - 3), failure('x', T0 - 2), failure('y', T0 - 2)] });
      store.commit({ clearFailures: [{ jail: 'sshd', id: 'x' }], addFailures: [failure('x', T0 - 1)] });
      assert.deepEqual(loadAll(store).failures.map((f) => [f.id, f.time]), [['y', T0 - 2], ['x', T0 - 1]]);
    });
  });

  it('keeps commit order across multi-row inserts, and a reset covers only rows committed before it', () => {
    withStore((store) => {
      // 150 rows: two full multi-row statements and 22 single ones.
      const first = Array.from({ length: 150 }, (_, k) => failure(k % 3 === 0 ? 'x' : `id${k}`, T0 - 200 + k));
      store.commit({ addFailures: first });
      assert.deepEqual(loadAll(store).failures.map((f) => f.time), first.map((f) => f.time));
      store.commit({ clearFailures: [{ jail: 'sshd', id: 'x' }], addFailures: [failure('x', T0 - 1)] });
      store.commit({ addFailures: [failure('x', T0)] });
      const loaded = loadAll(store).failures;
      assert.deepEqual(loaded.filter((f) => f.id === 'x').map((f) => f.time), [T0 - 1, T0]);
      assert.equal(loaded.length, 100 + 2);
      // A second reset of the same id moves its mark forward.
      store.commit({ clearFailures: [{ jail: 'sshd', id: 'x' }] });
      assert.deepEqual(loadAll(store).failures.filter((f) => f.id === 'x'), []);
    });
  });

  it('writes many bans in one commit (multi-row upserts, the last of one ip wins)', () => {
    withStore((store) => {
      const bans = Array.from({ length: 130 }, (_, k) => ban(`198.51.100.${k}`, { timeOfBan: T0 - 5, bantime: 3600 + k }));
      bans.push(ban('198.51.100.7', { timeOfBan: T0 - 1, bantime: 99, banCount: 2 }));
      store.commit({ addBans: bans });
      const loaded = loadAll(store).bans;
      assert.equal(loaded.length, 130);
      assert.deepEqual(loaded.find((b) => b.ip === '198.51.100.7')?.bantime, 99);
      assert.deepEqual(store.banHistory('198.51.100.7', 'sshd'), { banCount: 2, lastBantime: 99 });
      assert.deepEqual(store.banHistory('198.51.100.129', 'sshd'), { banCount: 1, lastBantime: 3600 + 129 });
    });
  });

  it('clears failures of one jail only', () => {
    withStore((store) => {
      store.commit({ addFailures: [failure('x', T0 - 1, 'sshd'), failure('x', T0 - 1, 'asterisk')] });
      store.commit({ clearFailures: [{ jail: 'sshd', id: 'x' }] });
      assert.deepEqual(loadAll(store).failures.map((f) => f.jail), ['asterisk']);
    });
  });

  it('prolongs a ban by upsert and removes it on unban', () => {
    withStore((store) => {
      store.commit({ addBans: [ban('192.0.2.1', { bantime: 600 })] });
      store.commit({ addBans: [ban('192.0.2.1', { bantime: 1200 })] });
      assert.deepEqual(store.bans().map((b) => b.bantime), [1200]);
      store.commit({ removeBans: [{ jail: 'sshd', ip: '192.0.2.1' }] });
      assert.deepEqual(store.bans(), []);
    });
  });

  it('applies removeBans before addBans, so unban and re-ban in one batch leaves the ban', () => {
    withStore((store) => {
      store.commit({ addBans: [ban('192.0.2.1')] });
      store.commit({ removeBans: [{ jail: 'sshd', ip: '192.0.2.1' }], addBans: [ban('192.0.2.1', { banCount: 2 })] });
      assert.deepEqual(store.bans().map((b) => b.banCount), [2]);
    });
  });

  it('lists bans of one jail', () => {
    withStore((store) => {
      store.commit({ addBans: [ban('a', { jail: 'sshd' }), ban('b', { jail: 'asterisk' })] });
      assert.deepEqual(store.bans('asterisk').map((b) => b.ip), ['b']);
      assert.deepEqual(store.bans('nope'), []);
    });
  });
});

describe('store atomicity', () => {
  it('a batch with a failing statement leaves nothing, and the store stays usable', () => {
    withStore((store) => {
      store.commit({ addFailures: [failure('before', T0 - 1)] });
      const bad = {
        addFailures: [failure('a', T0 - 1)],
        clearFailures: [{ jail: 'sshd', id: 'before' }],
        addBans: [ban('192.0.2.1')],
        // offset must be an integer: the STRICT table refuses 1.5, after the other rows went in.
        positions: [{ path: '/p', inode: '1', offset: 1.5, firstLineHash: '' }],
      };
      assert.throws(() => store.commit(bad), (err: unknown) => err instanceof WardenError && err.code === 'ERR_STORE');
      const state = loadAll(store);
      assert.deepEqual(state.failures.map((f) => f.id), ['before']);
      assert.deepEqual(state.bans, []);
      assert.deepEqual(state.positions, []);
      assert.equal(store.banHistory('192.0.2.1', null), null);
      store.commit({ addBans: [ban('192.0.2.2')] });
      assert.equal(store.bans().length, 1);
    });
  });

  it('refuses a record with a missing field instead of storing null', () => {
    withStore((store) => {
      const broken = { ...ban('192.0.2.1'), jail: undefined as unknown as string };
      assert.throws(() => store.commit({ addBans: [broken] }), { code: 'ERR_STORE' });
      assert.deepEqual(store.bans(), []);
    });
  });
});

describe('store on a file', () => {
  it('finds everything again after close and reopen', () => {
    const tmp = tempDir();
    try {
      let store = openStore(tmp.db);
      assert.equal(store.path, tmp.db);
      store.setJails([{ name: 'sshd', enabled: true }]);
      store.commit({ addFailures: [failure('a', T0 - 1)], addBans: [ban('b')], positions: [{ path: '/l', inode: '7', offset: 3, firstLineHash: 'h' }] });
      store.close();
      store = openStore(tmp.db);
      const state = loadAll(store);
      assert.deepEqual([state.failures.length, state.bans.length, state.positions.length], [1, 1, 1]);
      assert.deepEqual(store.banHistory('b', 'sshd'), { banCount: 1, lastBantime: 600 });
      store.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('throws ERR_STORE naming the file once closed, and close twice is harmless', () => {
    const store = openStore(':memory:');
    store.close();
    store.close();
    assert.throws(() => store.bans(), (err: unknown) => err instanceof WardenError && err.code === 'ERR_STORE' && err.message.includes(':memory:'));
  });
});
