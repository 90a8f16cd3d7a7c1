import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalAddress, sameAddress } from './ip-compare.js';

test('IPv4 validity follows inet_pton: no leading zeros, parts up to 255', () => {
  assert.notEqual(canonicalAddress('192.0.2.1'), null);
  assert.equal(canonicalAddress('192.030.0.6'), null);
  assert.equal(canonicalAddress('300.1.2.3'), null);
  assert.equal(canonicalAddress('1.2.3'), null);
});

test('IPv6 spellings of one address compare equal', () => {
  assert.ok(sameAddress('2001:DB8:0:0::1', '2001:db8::1'));
  assert.ok(sameAddress('aaaa:bbbb:cccc:1234::1:1', 'aaaa:bbbb:cccc:1234:0:0:1:1'));
  assert.ok(!sameAddress('2001:db8::1', '2001:db8::2'));
  assert.equal(canonicalAddress('1::2::3'), null);
  assert.equal(canonicalAddress('1:2:3:4:5:6:7:8:9'), null);
});

test('::ffff:a.b.c.d is the IPv4 address', () => {
  assert.ok(sameAddress('::ffff:192.0.2.1', '192.0.2.1'));
  assert.ok(sameAddress('::ffff:c000:201', '192.0.2.1'));
  assert.ok(!sameAddress('::192.0.2.1', '192.0.2.1'));
});

test('invalid addresses compare as text; valid never equals invalid', () => {
  assert.ok(sameAddress('192.030.0.6', '192.030.0.6'));
  assert.ok(!sameAddress('192.030.0.6', '192.30.0.6'));
  assert.ok(sameAddress('192.0.2.1', '[192.0.2.1]'));
});
