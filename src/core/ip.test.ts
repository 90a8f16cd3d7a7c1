/**
 * IP literal validation and normalisation. The "fail2ban" table is what fail2ban 1.0.2's IPAddr
 * (socket.inet_pton / inet_ntop) says for the same text: valid or not, and the printed form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ipInCidr, parseCidr, parseIpLiteral } from './ip.js';

/** [text, normalised address and family, or null when fail2ban finds it invalid]. */
const FAIL2BAN: readonly (readonly [string, string | null, 4 | 6 | null])[] = [
  ['1.2.3.4', '1.2.3.4', 4],
  ['0.0.0.0', '0.0.0.0', 4],
  ['255.255.255.255', '255.255.255.255', 4],
  ['300.1.2.3', null, null],
  ['1.2.3', null, null],
  ['1.2.3.4.5', null, null],
  ['01.2.3.4', null, null],
  ['001.2.3.4', null, null],
  ['1.2.3.04', null, null],
  ['a.b.c.d', null, null],
  ['', null, null],
  ['[1.2.3.4]', '1.2.3.4', 4],
  ['[::1]', '::1', 6],
  ['::ffff:1.2.3.4', '1.2.3.4', 4],
  ['::FFFF:1.2.3.4', '1.2.3.4', 4],
  ['::ffff:0102:0304', '1.2.3.4', 4],
  ['0:0:0:0:0:ffff:1.2.3.4', '1.2.3.4', 4],
  ['::ffff:0:0', '0.0.0.0', 4],
  ['::ffff:300.1.2.3', null, null],
  ['2001:DB8::1', '2001:db8::1', 6],
  ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329', 6],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 6],
  ['1:0:0:2:0:0:0:3', '1:0:0:2::3', 6],
  ['1:0:0:0:2:0:0:3', '1::2:0:0:3', 6],
  ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8', 6],
  ['1:0:3:4:5:6:7:8', '1:0:3:4:5:6:7:8', 6],
  ['0:0:0:0:0:0:0:1', '::1', 6],
  ['::', '::', 6],
  ['0::0', '::', 6],
  ['1::', '1::', 6],
  ['::1:2', '::0.1.0.2', 6],
  ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0', 6],
  ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8', 6],
  ['::1.2.3.4', '::1.2.3.4', 6],
  ['::0.0.1.2', '::102', 6],
  ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304', 6],
  ['64:ff9b::1.2.3.4', '64:ff9b::102:304', 6],
  ['1::2:3:4:5:6:7:8', null, null],
  ['1:2:3:4:5:6:7:8:9', null, null],
  ['1:::2', null, null],
  [':1', null, null],
  ['1:', null, null],
  ['12345::', null, null],
  ['1::2::3', null, null],
  ['fe80::1%eth0', null, null],
  ['::1.2.3.4:5', null, null],
  ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', 6],
  ['Ab:0::1', 'ab::1', 6],
  ['1:2:3:4:5:6:7:12345', null, null],
  ['1.2.3.', null, null],
  ['::ffff:1.2.3.4.', null, null],
  ['::1:', null, null],
  ['1:2:3:4:5:6:7:8.1', null, null],
];

for (const [text, ip, family] of FAIL2BAN) {
  test(`validates like fail2ban: ${JSON.stringify(text)}`, () => {
    assert.deepEqual(parseIpLiteral(text), ip === null ? null : { ip, family });
  });
}

test('drops a port after an IPv4 address or a bracketed address', () => {
  assert.deepEqual(parseIpLiteral('192.0.2.1:5060'), { ip: '192.0.2.1', family: 4 });
  assert.deepEqual(parseIpLiteral('[2001:db8::1]:5060'), { ip: '2001:db8::1', family: 6 });
  assert.deepEqual(parseIpLiteral('[192.0.2.1]:80'), { ip: '192.0.2.1', family: 4 });
});

test('keeps an unbracketed IPv6 address whole: a trailing :port would be ambiguous', () => {
  assert.deepEqual(parseIpLiteral('2001:db8::1:5060'), { ip: '2001:db8::1:5060', family: 6 });
});

test('rejects ports that are not 1 to 5 digits and stray bracket text', () => {
  assert.equal(parseIpLiteral('192.0.2.1:'), null);
  assert.equal(parseIpLiteral('192.0.2.1:123456'), null);
  assert.equal(parseIpLiteral('192.0.2.1:http'), null);
  assert.equal(parseIpLiteral('[::1]x'), null);
  assert.equal(parseIpLiteral('[::1'), null);
});

test('returns the input string itself for a canonical IPv4 address (no copy)', () => {
  const text = '203.0.113.9';
  assert.equal(parseIpLiteral(text)?.ip, text);
});

test('parses CIDR networks and clears host bits', () => {
  assert.deepEqual(parseCidr('192.0.2.77/24'), { family: 4, prefix: 24, words: [0xc000, 0x0200] });
  assert.deepEqual(parseCidr('2001:db8::1/32'), { family: 6, prefix: 32, words: [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0] });
  assert.deepEqual(parseCidr('10.0.0.0/255.0.0.0'), { family: 4, prefix: 8, words: [0x0a00, 0] });
  assert.deepEqual(parseCidr('192.0.2.1'), { family: 4, prefix: 32, words: [0xc000, 0x0201] });
});

test('rejects invalid CIDR text', () => {
  for (const text of ['192.0.2.0/33', '2001:db8::/129', '10.0.0.0/255.0.255.0', '10.0.0.0/x', 'host/24', '10.0.0.0/']) {
    assert.equal(parseCidr(text), null, text);
  }
});

test('tests membership of addresses in networks', () => {
  const cases: readonly (readonly [string, string, boolean])[] = [
    ['192.0.2.0/24', '192.0.2.200', true],
    ['192.0.2.0/24', '192.0.3.1', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['192.0.2.1', '192.0.2.1', true],
    ['192.0.2.1', '192.0.2.2', false],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['2001:db8::/127', '2001:db8::1', true],
    ['::/0', '192.0.2.1', false],
    ['192.0.2.0/24', '::ffff:192.0.2.9', true],
    ['192.0.2.0/24', 'not-an-ip', false],
  ];
  for (const [net, ip, inside] of cases) assert.equal(ipInCidr(ip, parseCidr(net)!), inside, `${ip} in ${net}`);
});

test('accepts an already parsed literal', () => {
  const lit = parseIpLiteral('192.0.2.5')!;
  assert.equal(ipInCidr(lit, parseCidr('192.0.2.0/29')!), true);
});

test('prints IPv6 as inet_ntop does, whether or not the text was already canonical', () => {
  const cases: [string, string][] = [
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8::1:0:0:1', '2001:db8::1:0:0:1'],
    ['1:0:0:2::3:4', '1::2:0:0:3:4'],
    ['1::2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ['::102:304', '::1.2.3.4'],
    ['0001::', '1::'],
    ['1:0:0:2::3', '1:0:0:2::3'],
    ['::', '::'],
    ['[1::]:80', '1::'],
  ];
  for (const [text, want] of cases) assert.equal(parseIpLiteral(text)?.ip, want, text);
});
