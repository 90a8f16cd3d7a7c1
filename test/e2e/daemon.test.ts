/**
 * The real server end to end: the seed's jail on a log the test writes, bans through the client and
 * in the database, restart and kill -9 without losing bans or counters, log rotation both ways,
 * unban at expiry, a missing log that appears later, and a broken jail next to a working one.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { renameSync, truncateSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chanSipFailure, createHarness, pjsipFailure, SEED_JAIL } from './daemon-harness.js';

interface Banned { ip: string; expiresAt: number | null; banCount: number }
interface Status { currentlyFailed: number; totalFailed: number; currentlyBanned: number; banned: Banned[] }

const now = (): number => Math.floor(Date.now() / 1000);
const bannedIps = (s: Status): string[] => s.banned.map((b) => b.ip).sort();

test('the seed jail bans after 5 failures, survives kill -9 without losing bans or counters', async (t) => {
  const h = createHarness(t, SEED_JAIL);
  const messages = join(h.dir, 'messages');
  writeFileSync(messages, '');
  await h.start();
  const jail = 'asterisk-iptables';
  h.append(messages, [1, 2, 3, 4, 5].map(() => chanSipFailure(now(), '192.0.2.10')));
  h.append(messages, [1, 2, 3, 4].map(() => pjsipFailure(now(), '2001:db8::20')));
  const st = await h.waitFor('192.0.2.10 banned', () => {
    const s = h.json<Status>(['status', jail]);
    return s.banned.length === 1 && s.currentlyFailed === 1 ? s : null;
  });
  assert.deepEqual(bannedIps(st), ['192.0.2.10']);
  const ban = st.banned[0];
  assert.ok(ban.expiresAt !== null && Math.abs(ban.expiresAt - (now() + 259200)) < 30, 'bantime 259200 s');
  const rows = h.query<{ ip: string }>('SELECT ip FROM bans WHERE jail = ?', jail);
  assert.deepEqual(rows.map((r) => r.ip), ['192.0.2.10']);
  assert.match(h.serverLog(), /\[asterisk-iptables\] Ban 192\.0\.2\.10/);
  // warden's native iptables-allports (the seed's action name in warden's tree), in the server's namespace.
  if (h.netns !== null && spawnSync('iptables', ['--version']).status === 0) {
    const rules = spawnSync('ip', ['netns', 'exec', h.netns, 'iptables', '-S', 'f2b-ASTERISK'], { encoding: 'utf8' }).stdout;
    assert.match(rules, /-A f2b-ASTERISK -s 192\.0\.2\.10\/32 -j REJECT/);
  }

  await h.kill9();
  await h.start();
  assert.match(h.serverLog(), /Restore Ban 192\.0\.2\.10/);
  const after = h.json<Status>(['status', jail]);
  assert.deepEqual(bannedIps(after), ['192.0.2.10'], 'ban restored after kill -9');
  assert.equal(after.currentlyFailed, 1, 'the 4 failures in flight were restored, and no line was read twice');
  h.append(messages, [pjsipFailure(now(), '2001:db8::20')]);
  await h.waitFor('2001:db8::20 banned by its 5th failure', () => bannedIps(h.json<Status>(['status', jail])).includes('2001:db8::20'));
  const rowsOf = (ip: string): number => h.query<{ n: number }>('SELECT count(*) AS n FROM failures WHERE id = ?', ip)[0].n;
  assert.equal(rowsOf('2001:db8::20'), 4, 'the ban voids the 4 stored failures without deleting them');
  assert.equal(await h.stop(), 0);
  await h.start();
  assert.equal(rowsOf('2001:db8::20'), 0, 'the purge at start removed the failures the ban had voided');
  assert.equal(h.json<Status>(['status', jail]).currentlyFailed, 0);
  assert.equal(await h.stop(), 0);
  assert.match(h.serverLog(), /warden stopped/);
});

test('log rotation by rename+create and by copytruncate loses no failure', async (t) => {
  const h = createHarness(t, `[asterisk]\nenabled = true\nlogpath = @DIR@/messages\nmaxretry = 4\nbantime = 1h\n`);
  const messages = join(h.dir, 'messages');
  writeFileSync(messages, '');
  await h.start();
  h.append(messages, [chanSipFailure(now(), '198.51.100.1'), chanSipFailure(now(), '198.51.100.2')]);
  await h.waitFor('2 failures', () => h.json<Status>(['status', 'asterisk']).totalFailed === 2);
  // logrotate's default: rename, then a new file; the last lines go to the old one just before.
  h.append(messages, [chanSipFailure(now(), '198.51.100.1')]);
  renameSync(messages, `${messages}.1`);
  writeFileSync(messages, '');
  h.append(messages, [chanSipFailure(now(), '198.51.100.1'), chanSipFailure(now(), '198.51.100.1')]);
  await h.waitFor('198.51.100.1 banned across the rotation', () => bannedIps(h.json<Status>(['status', 'asterisk'])).includes('198.51.100.1'));
  // copytruncate: the file is copied, then cut to zero and written again from the start.
  h.append(messages, [chanSipFailure(now(), '198.51.100.2'), chanSipFailure(now(), '198.51.100.2')]);
  await h.waitFor('4 failures of .2 seen', () => h.json<Status>(['status', 'asterisk']).totalFailed === 7);
  copyFileSync(messages, `${messages}.2`);
  truncateSync(messages, 0);
  h.append(messages, [chanSipFailure(now(), '198.51.100.2')]);
  await h.waitFor('198.51.100.2 banned after copytruncate', () => bannedIps(h.json<Status>(['status', 'asterisk'])).includes('198.51.100.2'));
  assert.equal(h.json<Status>(['status', 'asterisk']).totalFailed, 8, 'nothing read twice');
});

test('bans expire after bantime; client verbs ban, unban and read settings', async (t) => {
  const h = createHarness(t, `[asterisk]\nenabled = true\nlogpath = @DIR@/messages\nmaxretry = 2\nbantime = 2\nignoreip = 203.0.113.0/24\n`);
  const messages = join(h.dir, 'messages');
  writeFileSync(messages, '');
  await h.start();
  h.append(messages, [1, 2].map(() => chanSipFailure(now(), '192.0.2.50')));
  await h.waitFor('banned', () => bannedIps(h.json<Status>(['status', 'asterisk'])).includes('192.0.2.50'));
  await h.waitFor('unbanned at expiry', () => h.json<Status>(['status', 'asterisk']).banned.length === 0, 10_000);
  assert.match(h.serverLog(), /\[asterisk\] Unban 192\.0\.2\.50/);
  assert.equal(h.query('SELECT * FROM bans').length, 0);

  h.append(messages, [1, 2, 3].map(() => chanSipFailure(now(), '203.0.113.9')));
  assert.equal(h.client(['set', 'asterisk', 'banip', '192.0.2.77', '2001:db8::77']).code, 0);
  assert.deepEqual(bannedIps(h.json<Status>(['status', 'asterisk'])), ['192.0.2.77', '2001:db8::77']);
  assert.equal(h.json<Status>(['status', 'asterisk']).totalFailed, 2, 'ignoreip failures are not counted');
  assert.equal(h.client(['get', 'asterisk', 'maxretry']).stdout.trim(), '2');
  assert.equal(h.client(['unban', '192.0.2.77']).code, 0);
  assert.deepEqual(bannedIps(h.json<Status>(['status', 'asterisk'])), ['2001:db8::77']);
  assert.equal(h.client(['unban', '--all']).code, 0);
  assert.equal(h.json<Status>(['status', 'asterisk']).banned.length, 0);
  const bad = h.client(['set', 'asterisk', 'banip', '300.1.2.3']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /300\.1\.2\.3/);
  const unknown = h.client(['status', 'nosuchjail']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /nosuchjail/);
});

test('a missing log is picked up when it appears, and a broken jail does not stop the others', async (t) => {
  const h = createHarness(t, `[asterisk]\nenabled = true\nlogpath = @DIR@/later.log\nmaxretry = 2\n\n[broken]\nenabled = true\nfilter = no-such-filter\nlogpath = @DIR@/x.log\n`);
  await h.start();
  assert.match(h.serverLog(), /jail 'broken' not started/);
  assert.deepEqual(h.json<{ jails: string[] }>(['status']).jails, ['asterisk']);
  const later = join(h.dir, 'later.log');
  writeFileSync(later, '');
  h.append(later, [1, 2].map(() => chanSipFailure(now(), '192.0.2.99')));
  await h.waitFor('banned from the file that appeared', () => bannedIps(h.json<Status>(['status', 'asterisk'])).includes('192.0.2.99'));
  assert.equal(await h.stop(), 0);
});
