/**
 * The server as an admin drives it: a fail2ban config tree read unchanged, reload by SIGHUP and by the
 * client, detached start with a pid file and `stop`, the socket's mode, bantime.increment across a
 * restart, and a start without root that moves its files and says so.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chanSipFailure, createHarness, MAIN, SHIPPED_CONFIG } from './daemon-harness.js';

interface Status { totalFailed: number; banned: { ip: string; expiresAt: number | null; banCount: number }[] }
const now = (): number => Math.floor(Date.now() / 1000);

test('the seed jail runs on a copy of the Debian fail2ban tree, read unchanged', async (t) => {
  if (!existsSync('/etc/fail2ban/jail.conf')) return t.skip('fail2ban is not installed');
  const h = createHarness(t, '');
  const tree = join(h.dir, 'fail2ban');
  cpSync('/etc/fail2ban', tree, { recursive: true });
  writeFileSync(join(tree, 'jail.local'), `[asterisk-iptables]\nenabled  = true\nfilter   = asterisk\naction   = iptables-allports[name=ASTERISK, protocol=all]\n           sendmail-whois[name=ASTERISK, dest=root, sender=fail2ban@example.net]\nlogpath  = ${h.dir}/messages\nmaxretry = 5\nfindtime = 600\nbantime  = 259200\n`);
  writeFileSync(join(h.dir, 'messages'), '');
  await h.start(['--conf', tree]);
  const jails = h.json<{ jails: string[] }>(['status']).jails;
  assert.ok(jails.includes('asterisk-iptables'), `running: ${jails.join(', ')}`);
  h.append(join(h.dir, 'messages'), [1, 2, 3, 4, 5].map(() => chanSipFailure(now(), '192.0.2.33')));
  await h.waitFor('ban through fail2ban\'s own asterisk filter', () => h.json<Status>(['status', 'asterisk-iptables']).banned.length === 1);
  // fail2ban's own iptables-allports shell action ran (inside the server's namespace).
  if (h.netns !== null && spawnSync('iptables', ['--version']).status === 0) {
    const rules = spawnSync('ip', ['netns', 'exec', h.netns, 'iptables', '-S', 'f2b-ASTERISK'], { encoding: 'utf8' }).stdout;
    assert.match(rules, /-A f2b-ASTERISK -s 192\.0\.2\.33\/32 -j REJECT/);
  }
  assert.equal(h.query('SELECT * FROM jails WHERE name = ?', 'asterisk-iptables').length, 1);
});

test('SIGHUP and `reload` apply new settings and keep bans and counters', async (t) => {
  const h = createHarness(t, `[asterisk]\nenabled = true\nlogpath = @DIR@/messages\nmaxretry = 5\n`);
  const messages = join(h.dir, 'messages');
  writeFileSync(messages, '');
  await h.start();
  h.append(messages, [1, 2, 3].map(() => chanSipFailure(now(), '198.51.100.5')));
  assert.equal(h.client(['set', 'asterisk', 'banip', '192.0.2.1']).code, 0);
  await h.waitFor('3 failures', () => h.json<Status>(['status', 'asterisk']).totalFailed === 3);
  writeFileSync(join(h.conf, 'jail.local'), `[asterisk]\nenabled = true\nlogpath = ${messages}\nmaxretry = 4\n`);
  const pid = Number(readFileSync(join(h.dir, 'warden.pid'), 'utf8'));
  process.kill(pid, 'SIGHUP');
  await h.waitFor('maxretry 4 after SIGHUP', () => h.client(['get', 'asterisk', 'maxretry']).stdout.trim() === '4');
  h.append(messages, [chanSipFailure(now(), '198.51.100.5')]);
  await h.waitFor('banned by its 4th failure', () => h.json<Status>(['status', 'asterisk']).banned.some((b) => b.ip === '198.51.100.5'));
  assert.ok(h.json<Status>(['status', 'asterisk']).banned.some((b) => b.ip === '192.0.2.1'), 'manual ban kept');
  writeFileSync(join(h.conf, 'jail.local'), `[asterisk]\nenabled = true\nlogpath = ${messages}\nmaxretry = 6\n`);
  const reload = h.client(['reload', 'asterisk']);
  assert.equal(reload.code, 0, reload.stderr);
  assert.equal(h.client(['get', 'asterisk', 'maxretry']).stdout.trim(), '6');
  writeFileSync(join(h.conf, 'jail.local'), `[asterisk]\nenabled = false\n`);
  assert.equal(h.client(['reload']).code, 0);
  assert.deepEqual(h.json<{ jails: string[] }>(['status']).jails, []);
});

test('detached start writes a pid file and a 0600 socket; `stop` ends it', async (t) => {
  const h = createHarness(t, `[asterisk]\nenabled = true\nlogpath = @DIR@/messages\n`);
  const pidfile = join(h.dir, 'd.pid');
  const inNetns = h.netns === null ? [] : ['ip', 'netns', 'exec', h.netns];
  const node = [...inNetns, process.execPath];
  const start = spawnSync(node[0], [...node.slice(1), MAIN, 'start', '--conf', h.conf, '--socket', h.socket, '--db', h.db,
    '--pidfile', pidfile, '--logtarget', h.logFile], { encoding: 'utf8', timeout: 40_000 });
  assert.equal(start.status, 0, start.stderr);
  assert.match(start.stdout, /warden started \(pid \d+/);
  const pid = Number(readFileSync(pidfile, 'utf8'));
  assert.equal(statSync(h.socket).mode & 0o777, 0o600);
  const again = spawnSync(node[0], [...node.slice(1), MAIN, 'start', '-f', '--conf', h.conf, '--socket', h.socket, '--db', h.db,
    '--pidfile', pidfile, '--logtarget', h.logFile], { encoding: 'utf8', timeout: 40_000 });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already running/);
  assert.equal(h.client(['stop']).code, 0);
  await h.waitFor('the server process to exit', () => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  });
  assert.equal(existsSync(pidfile), false);
  assert.equal(existsSync(h.socket), false);
  const down = h.client(['ping']);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /not running/);
});

test('bantime.increment doubles the second ban of an address, also across a restart', async (t) => {
  const h = createHarness(t, `[asterisk]\nenabled = true\nlogpath = @DIR@/messages\nmaxretry = 2\nbantime = 100\nbantime.increment = true\n`);
  const messages = join(h.dir, 'messages');
  writeFileSync(messages, '');
  await h.start();
  h.append(messages, [1, 2].map(() => chanSipFailure(now(), '192.0.2.70')));
  const first = await h.waitFor('first ban', () => h.json<Status>(['status', 'asterisk']).banned[0]);
  assert.equal(first.banCount, 1);
  assert.equal(h.client(['unban', '192.0.2.70']).code, 0);
  await h.kill9();
  await h.start();
  h.append(messages, [1, 2].map(() => chanSipFailure(now(), '192.0.2.70')));
  const second = await h.waitFor('second ban', () => h.json<Status>(['status', 'asterisk']).banned[0]);
  assert.equal(second.banCount, 2);
  assert.ok(second.expiresAt !== null && second.expiresAt - now() > 150, `doubled bantime, got ${String(second.expiresAt)}`);
});

test('without root, default paths move to a private folder and the server says so', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to start a process as nobody');
  const dir = mkdtempSync(join(tmpdir(), 'warden-nobody-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o755);
  const conf = join(dir, 'conf');
  cpSync(SHIPPED_CONFIG, conf, { recursive: true });
  writeFileSync(join(conf, 'jail.local'), `[asterisk]\nlogpath = ${dir}/messages\n`);
  const run = spawnSync(process.execPath, [MAIN, 'start', '-f', '--conf', conf, '--logtarget', 'STDERR'], {
    uid: 65534, gid: 65534, encoding: 'utf8', timeout: 5000, killSignal: 'SIGTERM',
    env: { ...process.env, XDG_RUNTIME_DIR: '' },
  });
  assert.match(run.stderr, /socket \/run\/warden\/warden\.sock is not writable by this user; using \/tmp\/warden-65534\/warden\.sock/);
  assert.match(run.stderr, /dbfile .* is not writable by this user/);
  assert.match(run.stderr, /warden started/);
  rmSync('/tmp/warden-65534', { recursive: true, force: true });
});

test('ignorecommand decides per address with its exit code, and the address reaches it quoted', async (t) => {
  const h = createHarness(t, `[asterisk]\nenabled = true\nlogpath = @DIR@/messages\nmaxretry = 2\nignorecommand = test <ip> = 192.0.2.5\n`);
  const messages = join(h.dir, 'messages');
  writeFileSync(messages, '');
  await h.start();
  h.append(messages, [1, 2].map(() => chanSipFailure(now(), '192.0.2.5')));
  h.append(messages, [1, 2].map(() => chanSipFailure(now(), '192.0.2.6')));
  await h.waitFor('192.0.2.6 banned', () => h.json<Status>(['status', 'asterisk']).banned.length === 1);
  assert.deepEqual(h.json<Status>(['status', 'asterisk']).banned.map((b) => b.ip), ['192.0.2.6']);
  assert.match(h.serverLog(), /Ignore 192\.0\.2\.5 by ignoreself\/ignorecommand/);
});
