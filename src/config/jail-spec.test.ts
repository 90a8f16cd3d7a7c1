import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildJailSpec, logpath, splitWords, type JailSpec } from './jail-spec.js';

const PLACE = { file: '/c/jail.conf', line: 1, section: 'j' };

function build(values: Record<string, string>): { spec: JailSpec; errors: { key?: string; code: string }[] } {
  const { spec, errors } = buildJailSpec({
    name: 'j',
    place: PLACE,
    values: new Map(Object.entries(values)),
    placeOf: (key) => ({ ...PLACE, line: 7, key }),
  });
  return { spec, errors: errors.map((e) => ({ key: e.place.key, code: e.code, line: e.place.line })) };
}

test('fail2ban code defaults apply when nothing is set', () => {
  const { spec, errors } = build({});
  assert.deepEqual(errors, []);
  assert.equal(spec.enabled, false);
  assert.equal(spec.filter, null);
  assert.deepEqual(spec.actions, []);
  assert.deepEqual(spec.backend, { name: 'auto', options: {} });
  assert.equal(spec.maxretry, 3);
  assert.equal(spec.maxmatches, 5);
  assert.equal(spec.findtime, 600);
  assert.equal(spec.bantime, 600);
  assert.equal(spec.usedns, 'warn');
  assert.equal(spec.logencoding, 'auto');
  assert.equal(spec.ignoreself, true);
  assert.deepEqual(spec.ignoreip, []);
  assert.equal(spec.ignorecommand, null);
  assert.deepEqual(spec.bantimeIncrement, {
    enabled: false, factor: 1, formula: null, multipliers: [], maxTime: null, rndTime: null, overallJails: false,
  });
});

test('values are converted: times through parseDuration, booleans, integers, lists', () => {
  const { spec, errors } = build({
    enabled: 'true', maxretry: '10', maxmatches: '20', findtime: '1h', bantime: '1d12h',
    'bantime.increment': 'yes', 'bantime.factor': '2', 'bantime.multipliers': '1 2 4  8',
    'bantime.maxtime': '5w', 'bantime.rndtime': '30m', 'bantime.overalljails': 'on',
    'bantime.formula': 'ban.Time * 2', ignoreself: 'false', ignoreip: '127.0.0.1/8 ::1,10.0.0.1\n  example.org',
    ignorecommand: '/bin/check <ip>', usedns: 'No', logtimezone: 'UTC+0200', logencoding: 'utf-8',
    ignorecache: 'key="<ip>", max-count=10, max-time=1h',
  });
  assert.deepEqual(errors, []);
  assert.equal(spec.enabled, true);
  assert.equal(spec.maxretry, 10);
  assert.equal(spec.maxmatches, 20);
  assert.equal(spec.findtime, 3600);
  assert.equal(spec.bantime, 129600);
  assert.deepEqual(spec.bantimeIncrement, {
    enabled: true, factor: 2, formula: 'ban.Time * 2', multipliers: [1, 2, 4, 8], maxTime: 3024000, rndTime: 1800, overallJails: true,
  });
  assert.equal(spec.ignoreself, false);
  assert.deepEqual(spec.ignoreip, ['127.0.0.1/8', '::1', '10.0.0.1', 'example.org']);
  assert.equal(spec.ignorecommand, '/bin/check <ip>');
  assert.equal(spec.usedns, 'no');
  assert.equal(spec.logtimezone, 'UTC+0200');
  assert.equal(spec.logencoding, 'utf-8');
  assert.deepEqual(spec.ignorecache, { key: '<ip>', maxCount: 10, maxTime: 3600 });
});

test('bantime -1 is permanent', () => {
  assert.equal(build({ bantime: '-1' }).spec.bantime, -1);
});

test('filter, backend and actions are parsed as name[options]', () => {
  const { spec, errors } = build({
    filter: 'asterisk[mode=normal]',
    backend: 'systemd[journalpath=/run/log/journal, journalflags=1]',
    action: 'iptables-allports[name=ASTERISK, protocol=all]\n  sendmail-whois[name=ASTERISK, dest=root, sender="f2b@example.org"]',
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(spec.filter, { name: 'asterisk', options: { mode: 'normal' } });
  assert.deepEqual(spec.backend, { name: 'systemd', options: { journalpath: '/run/log/journal', journalflags: '1' } });
  assert.deepEqual(spec.actions.map((a) => a.name), ['iptables-allports', 'sendmail-whois']);
  assert.equal(spec.actions[1].options.sender, 'f2b@example.org');
});

test('logpath: one glob per line with optional head/tail', () => {
  assert.deepEqual(logpath('/var/log/a.log\n/var/log/b*.log tail\n\n/var/log/c head\n/var/log/my file.log'), [
    { glob: '/var/log/a.log', position: 'head' },
    { glob: '/var/log/b*.log', position: 'tail' },
    { glob: '/var/log/c', position: 'head' },
    { glob: '/var/log/my file.log', position: 'head' },
  ]);
});

test('splitWords splits on spaces, commas and new lines', () => {
  assert.deepEqual(splitWords(' a, b\nc  ,,d '), ['a', 'b', 'c', 'd']);
});

test('every bad value is reported with its key and place, and falls back to the default', () => {
  const { spec, errors } = build({
    enabled: 'ture', maxretry: 'five', maxmatches: '1.5', findtime: '10 minutes later', bantime: '1x',
    'bantime.factor': 'import os', 'bantime.multipliers': '1 two', 'bantime.maxtime': '?', usedns: 'maybe',
    filter: 'sshd[mode = x]', action: 'ok[a=1]\nbad[a="1"x]', ignorecache: 'max-count=1', backend: 'x[',
  });
  assert.deepEqual(errors.map((e) => e.key), [
    'maxretry', 'enabled', 'filter', 'action', 'backend', 'usedns', 'maxmatches', 'findtime', 'bantime',
    'bantime.factor', 'bantime.multipliers', 'bantime.maxtime', 'ignorecache',
  ]);
  assert.ok(errors.every((e) => e.code === 'ERR_CONFIG_VALUE'));
  assert.equal(spec.enabled, false);
  assert.equal(spec.maxretry, 3);
  assert.equal(spec.findtime, 600);
  assert.equal(spec.bantime, 600);
  assert.equal(spec.usedns, 'no');
  assert.deepEqual(spec.actions.map((a) => a.name), ['ok']);
});
