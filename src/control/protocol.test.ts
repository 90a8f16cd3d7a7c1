import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeControlApi } from './fake-control-api.js';
import { checkVerbArgs, formatArgs, GET_KEYS, VERBS } from './protocol.js';

test('the command table has unique verbs, help for each, and optional/variadic arguments only last', () => {
  assert.equal(new Set(VERBS.map((v) => v.verb)).size, VERBS.length);
  assert.equal(new Set(GET_KEYS.map((k) => k.key)).size, GET_KEYS.length);
  for (const v of VERBS) {
    assert.match(v.help, /^[A-Z].*\.$/, v.verb);
    v.args.slice(0, -1).forEach((a) => assert.equal(a.arity, 'one', `${v.verb} ${a.name}`));
  }
});

const sample: Record<string, [string[], string]> = {
  ping: [[], 'ping()'],
  status: [['sshd'], 'jailStatus("sshd")'],
  banip: [['sshd', '192.0.2.1'], 'banIp("sshd",["192.0.2.1"])'],
  unbanip: [['sshd', '192.0.2.1'], 'unbanIp("sshd",["192.0.2.1"])'],
  addignoreip: [['sshd', '10.0.0.0/8'], 'addIgnoreIp("sshd",["10.0.0.0/8"])'],
  delignoreip: [['sshd', '10.0.0.0/8'], 'delIgnoreIp("sshd",["10.0.0.0/8"])'],
  unban: [['192.0.2.1'], 'unban(["192.0.2.1"])'],
  unbanall: [[], 'unbanAll()'],
  banned: [[], 'banned([])'],
  get: [['sshd', 'bantime'], 'get("sshd","bantime")'],
  reload: [[], 'reload(null)'],
  stop: [[], 'stop()'],
};

test('every verb calls its ControlApi method with the checked arguments', async () => {
  assert.deepEqual(Object.keys(sample).sort(), VERBS.map((v) => v.verb).sort(), 'every verb has a sample');
  for (const v of VERBS) {
    const api = createFakeControlApi(['sshd']);
    const [args, call] = sample[v.verb];
    const checked = checkVerbArgs(v, args);
    assert.ok(checked.ok, v.verb);
    if (checked.ok) await v.call(api, checked.args);
    assert.equal(api.calls[0], call, v.verb);
  }
});

test('status without a jail calls status(), with one jailStatus()', () => {
  const api = createFakeControlApi(['sshd']);
  const status = VERBS.find((v) => v.verb === 'status')!;
  assert.deepEqual(status.call(api, []), { jails: ['sshd'] });
  assert.equal(formatArgs(status.args), '[JAIL]');
});
