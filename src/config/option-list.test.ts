import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptionRef, splitOptionRefs, type OptionRef } from './option-list.js';

function ok(text: string): OptionRef {
  const result = parseOptionRef(text);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.ref;
}

function bad(text: string): string {
  const result = parseOptionRef(text);
  assert.equal(result.ok, false, `${JSON.stringify(text)} should be rejected`);
  return result.ok ? '' : result.message;
}

test('a bare name has no options', () => {
  assert.deepEqual(ok('sshd'), { name: 'sshd', options: {} });
  assert.deepEqual(ok('  sshd \n'), { name: 'sshd', options: {} });
});

test('options are name=value pairs separated by commas, trimmed', () => {
  assert.deepEqual(ok('iptables-allports[name=ASTERISK, protocol=all]'), { name: 'iptables-allports', options: { name: 'ASTERISK', protocol: 'all' } });
  assert.deepEqual(ok('a[x=1 , y=2]').options, { x: '1', y: '2' });
  assert.deepEqual(ok('a[x.y-z_w=1]').options, { 'x.y-z_w': '1' });
});

test('values holding , or ] are quoted with " or \'', () => {
  assert.deepEqual(ok('a[x="a,b", y=\'c]d\'][z=3]').options, { x: 'a,b', y: 'c]d', z: '3' });
  assert.deepEqual(ok('a[x=""]').options, { x: '' });
});

test('several option groups, also with space between, and new lines inside', () => {
  assert.deepEqual(ok('a[x=1] [y=2]').options, { x: '1', y: '2' });
  assert.deepEqual(ok('a[x=\n1,\ny=2]').options, { x: '1', y: '2' });
  assert.deepEqual(ok('a []').options, {});
});

test('an unquoted value runs to the next , or ] (spaces included), a trailing comma is fine', () => {
  assert.deepEqual(ok('a[x=1 y=2]').options, { x: '1 y=2' });
  assert.deepEqual(ok('a[x=1,]').options, { x: '1' });
  assert.deepEqual(ok('a[x="1]').options, { x: '"1' }, 'an unclosed quote is part of the value');
  assert.deepEqual(ok('a[x=]').options, { x: '' });
});

test('later duplicates win', () => {
  assert.deepEqual(ok('a[x=1][x=2]').options, { x: '2' });
});

test('malformed option lists are errors', () => {
  bad('a[x = 1]');
  bad('a[x="1" , y=2]');
  bad('a[x=1]b');
  bad('a[,x=1]');
  bad('a[x=1,,y=2]');
  bad('a[=1]');
  bad('a[x="1"y]');
  bad('a[x=1');
  assert.match(bad('[x=1]'), /missing name/);
  assert.match(bad('a[x=1]]'), /unexpected/);
});

test('an action value splits into one reference per line or word, not inside [...]', () => {
  assert.deepEqual(splitOptionRefs('a[x=1] b'), ['a[x=1]', 'b']);
  assert.deepEqual(splitOptionRefs('a[x=1]\n  b[y="1 2"]  c'), ['a[x=1]', 'b[y="1 2"]', 'c']);
  assert.deepEqual(splitOptionRefs('a [x=1]\nb'), ['a [x=1]', 'b']);
  assert.deepEqual(splitOptionRefs('a[x="a\nb"] c'), ['a[x="a\nb"]', 'c']);
  assert.deepEqual(splitOptionRefs('a[x=1]\n\n\nb'), ['a[x=1]', 'b']);
  assert.deepEqual(splitOptionRefs('a[foo] b'), ['a[foo]', 'b'], 'malformed brackets still make one entry (parsed later)');
  assert.deepEqual(splitOptionRefs('iptables[name=x, port="80, 443",\n   protocol=tcp]\nsendmail-whois[name=x]'), [
    'iptables[name=x, port="80, 443",\n   protocol=tcp]',
    'sendmail-whois[name=x]',
  ]);
  assert.deepEqual(splitOptionRefs('  \n '), []);
});
