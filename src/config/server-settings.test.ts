import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryFs } from './memory-config-fs.js';
import { loadServerSettings, parseLogLevel, SERVER_DEFAULTS } from './server-settings.js';

test('a tree without warden.conf gets the defaults, not fail2ban.conf values', () => {
  const fs = createMemoryFs({ '/c/fail2ban.conf': '[Definition]\nsocket = /var/run/fail2ban/fail2ban.sock\n' });
  const { settings, errors } = loadServerSettings('/c', { fs });
  assert.deepEqual(errors, []);
  assert.deepEqual(settings, SERVER_DEFAULTS);
});

test('warden.local overrides warden.conf key by key, with durations and None', () => {
  const fs = createMemoryFs({
    '/c/warden.conf': '[Definition]\nsocket = /run/w/w.sock\ndbpurgeage = 1d\nloglevel = INFO\ndbfile = /var/lib/w.db\n',
    '/c/warden.local': '[Definition]\ndbpurgeage = 2h\nloglevel = 10\ndbfile = None\n',
  });
  const { settings, errors } = loadServerSettings('/c', { fs });
  assert.deepEqual(errors, []);
  assert.equal(settings.socket, '/run/w/w.sock');
  assert.equal(settings.dbpurgeage, 7200);
  assert.equal(settings.loglevel, 'DEBUG');
  assert.equal(settings.dbfile, ':memory:');
});

test('bad values are reported with file, line and key, all at once', () => {
  const fs = createMemoryFs({ '/c/warden.conf': '[Definition]\nloglevel = LOUD\ndbpurgeage = soon\ndbmaxmatches = -1\nsocket = rel.sock\n' });
  const { settings, errors } = loadServerSettings('/c', { fs });
  assert.equal(errors.length, 4);
  assert.match(errors[0].message, /warden\.conf:2 \[Definition\] loglevel: unknown log level "LOUD"/);
  assert.match(errors.map((e) => e.message).join('\n'), /dbpurgeage.*"soon"/);
  assert.match(errors.map((e) => e.message).join('\n'), /:5 \[Definition\] socket: must be an absolute path/);
  assert.equal(settings.loglevel, 'INFO');
});

test('log levels by name and by fail2ban number', () => {
  assert.equal(parseLogLevel('warn'), 'WARNING');
  assert.equal(parseLogLevel('50'), 'CRITICAL');
  assert.equal(parseLogLevel('nope'), null);
});
