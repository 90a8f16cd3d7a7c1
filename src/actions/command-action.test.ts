import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ActionDefinition } from '../config/action-definition.js';
import { loadAction } from '../config/load-action.js';
import { createMemoryFs } from '../config/memory-config-fs.js';
import type { Logger } from '../core/logger.js';
import type { BanRecord } from '../core/records.js';
import { createCommandAction } from './command-action.js';

const ACTIONS: Record<string, string> = {
  '/c/action.d/exact.conf': `[Definition]
actionban = printf '%%s\\n' "<ip> <failures> <F-USER> <matches>" >> <out>
`,
  '/c/action.d/families.conf': `[Definition]
actionstart = echo start <fam> >> <out>
actionstop = echo stop <fam> >> <out>
actionban = echo ban <fam> <ip> >> <out>
actionunban = echo unban <fam> <ip> >> <out>
[Init]
fam = 4
[Init?family=inet6]
fam = 6
`,
  '/c/action.d/slow.conf': '[Definition]\nactionban = sleep 100\n[Init]\ntimeout = 0.5\n',
  '/c/action.d/mailish.conf': '[Definition]\nactionban = echo mail <ip> <restored> >> <out>\nactionunban = echo unmail <ip> >> <out>\nnorestored = 1\n',
  '/c/action.d/repairable.conf': `[Definition]
actioncheck = test -f <state>
actionrepair = touch <state> && echo repair >> <out>
actionban = test -f <state> && echo ban <ip> >> <out>
actionreban = test -f <state> && echo reban <ip> >> <out>
actionunban = echo unban <ip> >> <out>
`,
};

function setup(t: { after: (fn: () => void) => void }): { dir: string; out: string; lines: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'warden-cmd-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'out');
  return { dir, out, lines: () => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter((l) => l !== '') : []) };
}

function load(name: string, options: Record<string, string>, confDir = '/c'): ActionDefinition {
  const fs = confDir === '/c' ? createMemoryFs(ACTIONS) : undefined;
  const { action, errors } = loadAction(confDir, { name, options }, { name: 'sip', options: {} }, { fs });
  assert.deepEqual(errors.map((e) => e.message), []);
  assert.ok(action);
  return action;
}

function quietLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (component: string, message: string): void => void lines.push(`${level} ${message}`);
  return {
    lines,
    log: (level, component, message) => void lines.push(`${level} ${message}`),
    error: log('error'),
    warn: log('warn'),
    notice: log('notice'),
    info: log('info'),
    debug: log('debug'),
    setLevel: () => undefined,
    close: async () => undefined,
  };
}

const deps = { logger: quietLogger(), jailName: 'sip', now: () => 1700000000 };

function ban(ip: string, extra: Partial<BanRecord> = {}): BanRecord {
  return { jail: 'sip', ip, timeOfBan: 1700000000, bantime: 600, banCount: 1, failures: 5, matches: [], ...extra };
}

const STOCK = '/etc/fail2ban';
const noStock = existsSync(`${STOCK}/action.d/dummy.conf`) ? false : `${STOCK} is not installed`;

test('stock dummy.conf: start, ban, unban are written to its file; stop removes it', { skip: noStock }, async (t) => {
  const { out } = setup(t);
  const action = createCommandAction(load('dummy', { target: out }, STOCK), deps);
  assert.equal(action.name, 'dummy');
  await action.start();
  assert.equal(readFileSync(out, 'utf8'), '123\n');
  await action.ban([ban('192.0.2.7'), ban('2001:db8::7')], { restored: false });
  await action.unban([ban('192.0.2.7')]);
  assert.equal(readFileSync(out, 'utf8'), '123\n+192.0.2.7\n+2001:db8::7\n-192.0.2.7\n');
  await action.stop();
  assert.equal(existsSync(out), false);
});

test('a custom action writes <ip> <failures> <F-USER> <matches> exactly, hostile text included', async (t) => {
  const { dir, out } = setup(t);
  const mark = join(dir, 'pwned');
  const matches = [`INVITE from $(touch ${mark})`, `REGISTER \`touch ${mark}\`; touch ${mark} "q" 'q' \\ *`];
  const lookup = (): { fields: Record<string, string> } => ({ fields: { USER: `bob'; touch ${mark}; '` } });
  const action = createCommandAction(load('exact', { out }), { ...deps, lookup });
  await action.start();
  await action.ban([ban('192.0.2.7', { failures: 3, matches })], { restored: false });
  assert.equal(readFileSync(out, 'utf8'), `192.0.2.7 3 bob'; touch ${mark}; ' ${matches.join('\n')}\n`);
  assert.equal(existsSync(mark), false);
});

test('[Init?family=inet6]: inet4 starts at start, inet6 at its first ban; stop stops both', async (t) => {
  const { out, lines } = setup(t);
  const action = createCommandAction(load('families', { out }), deps);
  await action.start();
  assert.deepEqual(lines(), ['start 4']);
  await action.ban([ban('192.0.2.7')], { restored: false });
  await action.ban([ban('2001:db8::7'), ban('2001:db8::8')], { restored: false });
  assert.deepEqual(lines(), ['start 4', 'ban 4 192.0.2.7', 'start 6', 'ban 6 2001:db8::7', 'ban 6 2001:db8::8']);
  await action.stop();
  assert.deepEqual(lines().slice(5), ['unban 4 192.0.2.7', 'unban 6 2001:db8::7', 'unban 6 2001:db8::8', 'stop 4', 'stop 6']);
});

test('a hook past its timeout is killed and the ban fails with ERR_ACTION', async () => {
  const action = createCommandAction(load('slow', {}), deps);
  const started = Date.now();
  await assert.rejects(action.ban([ban('192.0.2.7')], { restored: false }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'ERR_ACTION');
    assert.match(err.message, /\[sip\] action slow: actionban 192\.0\.2\.7.*timed out after 0\.5 s/);
    return true;
  });
  assert.ok(Date.now() - started < 5000, 'one try and one retry, then done');
});

test('norestored skips bans restored from the store (and their unbans)', async (t) => {
  const { out, lines } = setup(t);
  const action = createCommandAction(load('mailish', { out }), deps);
  await action.start();
  await action.ban([ban('192.0.2.1')], { restored: true });
  await action.ban([ban('192.0.2.2')], { restored: false });
  await action.unban([ban('192.0.2.1'), ban('192.0.2.2')]);
  assert.deepEqual(lines(), ['mail 192.0.2.2 0', 'unmail 192.0.2.2']);
});

test('a failed ban runs actioncheck, actionrepair, retries once and re-bans the others', async (t) => {
  const { dir, out, lines } = setup(t);
  const state = join(dir, 'state');
  writeFileSync(state, '');
  const action = createCommandAction(load('repairable', { out, state }), deps);
  await action.start();
  await action.ban([ban('192.0.2.1')], { restored: false });
  unlinkSync(state);
  await action.ban([ban('192.0.2.2')], { restored: false });
  assert.deepEqual(lines(), ['ban 192.0.2.1', 'repair', 'ban 192.0.2.2', 'reban 192.0.2.1']);
});

test('check() repairs a broken state and re-applies the active bans', async (t) => {
  const { dir, out, lines } = setup(t);
  const state = join(dir, 'state');
  writeFileSync(state, '');
  const action = createCommandAction(load('repairable', { out, state }), deps);
  await action.start();
  await action.ban([ban('192.0.2.1')], { restored: false });
  await action.check?.([ban('192.0.2.1')]);
  assert.deepEqual(lines(), ['ban 192.0.2.1'], 'a sane state is left alone');
  unlinkSync(state);
  await action.check?.([ban('192.0.2.1'), ban('192.0.2.9')]);
  assert.deepEqual(lines(), ['ban 192.0.2.1', 'repair', 'reban 192.0.2.1', 'reban 192.0.2.9']);
});

test('a slow action does not hold up another action instance', async (t) => {
  const { out, lines } = setup(t);
  const slow = createCommandAction(load('slow', {}), deps);
  const fast = createCommandAction(load('mailish', { out }), deps);
  const pending = slow.ban([ban('192.0.2.1')], { restored: false }).catch(() => 'failed');
  await fast.ban([ban('192.0.2.2')], { restored: false });
  assert.deepEqual(lines(), ['mail 192.0.2.2 0']);
  assert.equal(await pending, 'failed');
});
