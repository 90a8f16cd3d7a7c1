import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeReply, decodeRequest, encodeReply, encodeRequest, errorReply } from './wire.js';

const rejected: [string, string, string | RegExp, unknown][] = [
  // [case, line, code, message pattern, id]
  ['bad JSON', '{"id":1,', 'ERR_BAD_REQUEST', null],
  ['not an object', '[1,2]', 'ERR_BAD_REQUEST', null],
  ['a bare string', '"ping"', 'ERR_BAD_REQUEST', null],
  ['id of a wrong type', '{"id":{},"verb":"ping"}', 'ERR_BAD_REQUEST', null],
  ['no verb', '{"id":3,"args":[]}', 'ERR_BAD_REQUEST', 3],
  ['unknown verb', '{"id":4,"verb":"frob"}', 'ERR_BAD_REQUEST', 4],
  ['args not an array', '{"id":5,"verb":"status","args":"asterisk"}', 'ERR_BAD_REQUEST', 5],
  ['an arg that is not a string', '{"id":6,"verb":"banip","args":["j",1]}', 'ERR_BAD_REQUEST', 6],
  ['too many args', '{"id":7,"verb":"status","args":["a","b"]}', 'ERR_BAD_REQUEST', 7],
  ['too few args', '{"id":8,"verb":"banip","args":["asterisk"]}', 'ERR_BAD_REQUEST', 8],
  ['args to a verb without any', '{"id":9,"verb":"ping","args":["x"]}', 'ERR_BAD_REQUEST', 9],
  ['bad IP', '{"id":"a","verb":"banip","args":["asterisk","1.2.3.400"]}', 'ERR_BAD_IP', 'a'],
  ['unknown get key', '{"id":10,"verb":"get","args":["asterisk","colour"]}', 'ERR_BAD_REQUEST', 10],
  ['empty jail name', '{"id":11,"verb":"status","args":[""]}', 'ERR_BAD_REQUEST', 11],
].map(([name, line, code, id]) => [name as string, line as string, code as string, id]);

for (const [name, line, code, id] of rejected) {
  test(`decodeRequest rejects ${name} with ${code}, echoing the id when it has one`, () => {
    const d = decodeRequest(line);
    assert.equal(d.ok, false);
    if (d.ok) return;
    assert.equal(d.reply.ok, false);
    if (d.reply.ok) return;
    assert.equal(d.reply.error.code, code);
    assert.equal(d.reply.id, id);
    assert.ok(d.reply.error.message.length > 5);
  });
}

test('error messages name what was wrong', () => {
  const msg = (line: string): string => {
    const d = decodeRequest(line);
    return !d.ok && !d.reply.ok ? d.reply.error.message : '';
  };
  assert.match(msg('{"id":1,"verb":"frob"}'), /unknown verb 'frob'/);
  assert.match(msg('{"id":1,"verb":"banip","args":["j"]}'), /banip: expected JAIL IP…, got 1 argument/);
  assert.match(msg('{"id":1,"verb":"banip","args":["j","1.2.3"]}'), /'1\.2\.3' is not an IP address/);
  assert.match(msg('{"id":1,"verb":"get","args":["j","colour"]}'), /unknown key 'colour'.*maxretry/);
  assert.match(msg('{"id":1,"verb":"ping","args":["x"]}'), /ping: expected no arguments, got 1 argument/);
});

const accepted: [string, string, string, string[]][] = [
  ['ping without args', '{"id":1,"verb":"ping"}', 'ping', []],
  ['status with a jail', '{"id":1,"verb":"status","args":["asterisk"]}', 'status', ['asterisk']],
  ['banip normalising IPs', '{"id":1,"verb":"banip","args":["j","[2001:DB8::1]","::ffff:1.2.3.4"]}', 'banip', ['j', '2001:db8::1', '1.2.3.4']],
  ['banned with no IP', '{"id":1,"verb":"banned","args":[]}', 'banned', []],
  ['get with an upper-case key', '{"id":1,"verb":"get","args":["j","MaxRetry"]}', 'get', ['j', 'maxretry']],
  ['addignoreip with a CIDR and a name', '{"id":1,"verb":"addignoreip","args":["j","10.0.0.0/8","example.org"]}', 'addignoreip', ['j', '10.0.0.0/8', 'example.org']],
  ['reload without jail', '{"id":null,"verb":"reload","args":[]}', 'reload', []],
];

for (const [name, line, verb, args] of accepted) {
  test(`decodeRequest accepts ${name}`, () => {
    const d = decodeRequest(line);
    assert.ok(d.ok, JSON.stringify(d));
    if (!d.ok) return;
    assert.equal(d.spec.verb, verb);
    assert.deepEqual(d.args, args);
  });
}

test('a request survives encodeRequest then decodeRequest, as one line', () => {
  const line = encodeRequest({ id: 42, verb: 'unban', args: ['1.2.3.4', '5.6.7.8'] });
  assert.equal(line.indexOf('\n'), line.length - 1);
  const d = decodeRequest(line.slice(0, -1));
  assert.ok(d.ok);
  if (d.ok) {
    assert.equal(d.id, 42);
    assert.deepEqual(d.args, ['1.2.3.4', '5.6.7.8']);
  }
});

test('replies survive encodeReply then decodeReply; an undefined result becomes null', () => {
  const ok = encodeReply({ id: 1, ok: true, result: undefined });
  assert.equal(ok, '{"id":1,"ok":true,"result":null}\n');
  assert.deepEqual(decodeReply(ok.trim()), { id: 1, ok: true, result: null });
  const err = encodeReply(errorReply('x', 'ERR_UNKNOWN_JAIL', "no jail 'x'\nsecond line"));
  assert.equal(err.split('\n').length, 2, 'a message with a newline still makes one line');
  assert.deepEqual(decodeReply(err.trim()), { id: 'x', ok: false, error: { code: 'ERR_UNKNOWN_JAIL', message: "no jail 'x'\nsecond line" } });
});

test('decodeReply returns null for anything that is not a reply', () => {
  for (const line of ['', 'nope', '[]', '{"id":1}', '{"id":1,"ok":false}', '{"id":1,"ok":false,"error":{"code":1}}', '{"id":[],"ok":true}']) {
    assert.equal(decodeReply(line), null, line);
  }
});
