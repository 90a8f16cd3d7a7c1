import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startControlServer } from '../../control/control-server.js';
import { createFakeControlApi, type FakeControlApi } from '../../control/fake-control-api.js';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real CLI in a child process (async: the server under test runs in this process). */
function warden(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function setup(t: TestContext): Promise<{ fake: FakeControlApi; dir: string; run(...args: string[]): Promise<Run> }> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-verbs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const socket = join(dir, 'warden.sock');
  const fake = createFakeControlApi(['asterisk', 'sshd']);
  const server = await startControlServer(socket, fake);
  t.after(() => server.close());
  return { fake, dir, run: (...args) => warden([...args, '--socket', socket]) };
}

const ok = (r: Run, stdout: string): void => {
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.equal(r.stdout, stdout);
};

test('ping and status print like fail2ban-client', async (t) => {
  const { run } = await setup(t);
  ok(await run('ping'), 'Server replied: pong\n');
  ok(await run('ping', '--json'), '"pong"\n');
  ok(await run('status'), 'Status\n|- Number of jail:\t2\n`- Jail list:\tasterisk, sshd\n');
  ok(await run('status', '--json'), '{"jails":["asterisk","sshd"]}\n');
});

test('set banip bans, status JAIL shows the tree, and --json lists each ban with its expiry', async (t) => {
  const { run, fake } = await setup(t);
  ok(await run('set', 'asterisk', 'banip', '192.0.2.1', '[2001:DB8::1]'), '2\n');
  ok(await run('set', 'asterisk', 'banip', '192.0.2.1'), '0\n');
  assert.ok(fake.calls.includes('banIp("asterisk",["192.0.2.1","2001:db8::1"])'), 'IPs arrive normalised');
  ok(
    await run('status', 'asterisk'),
    [
      'Status for the jail: asterisk',
      '|- Filter',
      '|  |- Currently failed:\t0',
      '|  |- Total failed:\t0',
      '|  `- File list:\t/var/log/asterisk.log',
      '`- Actions',
      '   |- Currently banned:\t2',
      '   |- Total banned:\t2',
      '   `- Banned IP list:\t192.0.2.1 2001:db8::1',
      '',
    ].join('\n'),
  );
  const json = JSON.parse((await run('status', 'asterisk', '--json')).stdout);
  assert.equal(json.name, 'asterisk');
  assert.deepEqual(json.banned[0], { ip: '192.0.2.1', timeOfBan: 1_700_000_000, expiresAt: 1_700_000_600, banCount: 1 });
  ok(await run('set', 'asterisk', 'unbanip', '192.0.2.1', '198.51.100.7'), '1\n');
});

test('banned lists bans by jail, or the jails of each IP given', async (t) => {
  const { run } = await setup(t);
  await run('set', 'asterisk', 'banip', '192.0.2.1', '192.0.2.2');
  await run('set', 'sshd', 'banip', '192.0.2.1');
  ok(await run('banned'), 'Banned IPs by jail\n|- asterisk:\t192.0.2.1 192.0.2.2\n`- sshd:\t192.0.2.1\n');
  ok(await run('banned', '192.0.2.1', '203.0.113.9'), 'Jails banning each IP\n|- 192.0.2.1:\tasterisk sshd\n`- 203.0.113.9:\t\n');
  ok(await run('banned', '--json'), '[{"asterisk":["192.0.2.1","192.0.2.2"]},{"sshd":["192.0.2.1"]}]\n');
  ok(await run('banned', '192.0.2.2', '--json'), '[["asterisk"]]\n');
});

test('unban IP… and unban --all print how many bans were lifted', async (t) => {
  const { run, fake } = await setup(t);
  await run('set', 'asterisk', 'banip', '192.0.2.1', '192.0.2.2', '192.0.2.3');
  await run('set', 'sshd', 'banip', '192.0.2.1');
  ok(await run('unban', '192.0.2.1'), '2\n');
  ok(await run('unban', '--all'), '2\n');
  assert.equal(fake.jails.get('asterisk')!.banned.size, 0);
});

test('get prints settings; lists one per line; --json gives the value', async (t) => {
  const { run } = await setup(t);
  ok(await run('get', 'asterisk', 'maxretry'), '5\n');
  ok(await run('get', 'asterisk', 'MaxRetry', '--json'), '5\n');
  ok(await run('get', 'asterisk', 'logpath'), 'Log files read:\n`- /var/log/asterisk.log\n');
  ok(await run('get', 'asterisk', 'actions'), 'log\n');
  ok(await run('get', 'asterisk', 'ignoreip', '--json'), '["127.0.0.1/8"]\n');
});

test('set addignoreip and delignoreip change the list and print it', async (t) => {
  const { run } = await setup(t);
  ok(await run('set', 'sshd', 'addignoreip', '10.0.0.0/8', 'example.org'), 'Ignored IPs and networks:\n|- 127.0.0.1/8\n|- 10.0.0.0/8\n`- example.org\n');
  ok(await run('set', 'sshd', 'delignoreip', '127.0.0.1/8', '10.0.0.0/8', 'example.org'), 'No IP or network is ignored\n');
});

test('reload and stop reach the server', async (t) => {
  const { run, fake } = await setup(t);
  ok(await run('reload'), 'OK\n');
  ok(await run('reload', 'sshd'), 'OK\n');
  assert.deepEqual(fake.calls.slice(-2), ['reload(null)', 'reload("sshd")']);
  ok(await run('stop'), 'Shutdown successful\n');
  assert.equal(fake.stopped, true);
});

test('a request the server refuses exits 1 with warden: and its message', async (t) => {
  const { run } = await setup(t);
  for (const args of [['status', 'nope'], ['get', 'nope', 'bantime'], ['set', 'nope', 'banip', '192.0.2.1'], ['reload', 'nope']]) {
    const r = await run(...args);
    assert.equal(r.code, 1, args.join(' '));
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, "warden: jail 'nope' does not exist\n");
  }
});

const usageCases: [string, string[], RegExp][] = [
  ['a bad IP', ['set', 'asterisk', 'banip', '192.0.2.300'], /'192\.0\.2\.300' is not an IP address/],
  ['a bad IP to unban', ['unban', 'not-an-ip'], /'not-an-ip' is not an IP address/],
  ['an unknown set action', ['set', 'asterisk', 'bantime', '10'], /unknown action 'bantime' \(one of banip, unbanip, addignoreip, delignoreip\)/],
  ['set without values', ['set', 'asterisk', 'banip'], /banip: expected JAIL IP…, got 1 argument/],
  ['an unknown get key', ['get', 'asterisk', 'colour'], /unknown key 'colour'/],
  ['get without key', ['get', 'asterisk'], /get: expected JAIL KEY/],
  ['too many args to status', ['status', 'a', 'b'], /status: expected \[JAIL\], got 2 arguments/],
  ['unban with IPs and --all', ['unban', '--all', '192.0.2.1'], /give IPs or --all, not both/],
  ['unban with nothing', ['unban'], /unban: expected IP…, got 0 arguments/],
  ['--json on a verb that changes state', ['stop', '--json'], /Unknown option '--json'/],
  ['a bad --timeout', ['ping', '--timeout', 'soon'], /--timeout must be a positive number/],
];

for (const [name, args, message] of usageCases) {
  test(`usage error, exit 2: ${name}`, async (t) => {
    const { run, fake } = await setup(t);
    const r = await run(...args);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^warden: /);
    assert.match(r.stderr, message);
    assert.deepEqual(fake.calls, [], 'nothing was sent');
  });
}

test('server down: exit 1 naming the socket path', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-verbs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const socket = join(dir, 'none.sock');
  for (const verb of ['ping', 'status', 'stop']) {
    const r = await warden([verb, '--socket', socket]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `warden: warden server is not running (no socket at ${socket})\n`);
  }
});

test('without --socket, the socket comes from warden.conf in --conf DIR', async (t) => {
  const { dir } = await setup(t);
  writeFileSync(join(dir, 'warden.conf'), `[Definition]\nsocket = ${join(dir, 'warden.sock')}\n`);
  ok(await warden(['ping', '--conf', dir]), 'Server replied: pong\n');
  const other = join(dir, 'other');
  rmSync(other, { force: true });
  const r = await warden(['ping', '--conf', other]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /config directory .*other does not exist/);
});

test('help for each client verb lists its options; --json only on read verbs', async () => {
  for (const verb of ['ping', 'status', 'banned', 'get']) assert.match((await warden(['help', verb])).stdout, /--json/);
  for (const verb of ['set', 'unban', 'reload', 'stop']) {
    const help = (await warden(['help', verb])).stdout;
    assert.match(help, /--socket PATH/);
    assert.doesNotMatch(help, /--json/);
  }
  assert.match((await warden(['help', 'get'])).stdout, /^ {2}findtime +the window/m);
});
