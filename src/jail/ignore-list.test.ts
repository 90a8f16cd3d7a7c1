import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IgnoreList } from './ignore-list.js';

function listOf(words: string[]): IgnoreList {
  const { list, problems } = IgnoreList.from(words);
  assert.deepEqual(problems, []);
  return list;
}

test('ignoreip matches single addresses and CIDRs of both families', () => {
  const list = listOf(['127.0.0.1/8', '::1', '192.168.1.7', '10.20.0.0/255.255.0.0', '2001:db8::/32', '2001:db8:1:2::/63', '0.0.0.0/32']);
  const cases: [string, boolean][] = [
    ['127.0.0.1', true], ['127.255.3.4', true], ['128.0.0.1', false],
    ['192.168.1.7', true], ['192.168.1.8', false],
    ['10.20.99.1', true], ['10.21.0.1', false],
    ['::1', true], ['::2', false],
    ['2001:db8:ffff::1', true], ['2001:db9::1', false],
    ['2001:db8:1:3::5', true], ['2001:db7:1:3::5', false],
    ['0.0.0.0', true], ['::ffff:127.0.0.5', true],
    ['not-an-ip', false], ['10.20.0.0/16', false],
  ];
  for (const [ip, expected] of cases) assert.equal(list.isIgnored(ip), expected, ip);
});

test('a /0 network covers its whole family only', () => {
  const list = listOf(['0.0.0.0/0']);
  assert.equal(list.isIgnored('203.0.113.9'), true);
  assert.equal(list.isIgnored('2001:db8::1'), false);
});

test('DNS names and file: entries match nothing until resolved, then what they resolved to', () => {
  const list = listOf(['gateway.example.org', 'file:/etc/warden/allow.txt']);
  assert.deepEqual(list.unresolved(), [{ entry: 'gateway.example.org', kind: 'dns' }, { entry: 'file:/etc/warden/allow.txt', kind: 'file' }]);
  assert.equal(list.isIgnored('198.51.100.4'), false);
  assert.deepEqual(list.setResolved('gateway.example.org', ['198.51.100.4', '2001:db8::4']), []);
  assert.equal(list.isIgnored('198.51.100.4'), true);
  assert.equal(list.isIgnored('2001:db8::4'), true);
  assert.deepEqual(list.setResolved('file:/etc/warden/allow.txt', ['203.0.113.0/24', 'bogus']).map((p) => p.message), ['"bogus" is not an IP address or CIDR']);
  assert.equal(list.isIgnored('203.0.113.200'), true);
  // A new resolution replaces the old one.
  list.setResolved('gateway.example.org', ['198.51.100.5']);
  assert.equal(list.isIgnored('198.51.100.4'), false);
  assert.equal(list.isIgnored('198.51.100.5'), true);
  assert.equal(list.setResolved('10.0.0.1', ['10.0.0.1']).length, 1);
});

test('add and remove work on entries as written; overlapping entries are counted separately', () => {
  const list = listOf(['10.0.0.0/8']);
  assert.equal(list.add('10.1.2.3'), null);
  assert.equal(list.add('10.1.2.3'), null);
  assert.deepEqual(list.entries(), ['10.0.0.0/8', '10.1.2.3']);
  assert.equal(list.remove('10.0.0.0/8'), true);
  assert.equal(list.isIgnored('10.1.2.3'), true);
  assert.equal(list.isIgnored('10.1.2.4'), false);
  assert.equal(list.remove('10.0.0.0/8'), false);
  list.add('host.example');
  list.setResolved('host.example', ['10.1.2.3']);
  list.remove('10.1.2.3');
  assert.equal(list.isIgnored('10.1.2.3'), true, 'still covered by the resolved name');
  list.remove('host.example');
  assert.equal(list.isIgnored('10.1.2.3'), false);
  assert.deepEqual(list.entries(), []);
});

test('invalid entries are reported by name and left out', () => {
  const { list, problems } = IgnoreList.from(['1.2.3.4', '1.2.3.0/33', '300.1.2.3', 'fe80::/129', 'bad host!', 'file:', '::1/64']);
  assert.deepEqual(problems.map((p) => p.entry), ['1.2.3.0/33', '300.1.2.3', 'fe80::/129', 'bad host!', 'file:']);
  assert.deepEqual(list.entries(), ['1.2.3.4', '::1/64']);
});

test('many CIDRs of one prefix length still match by lookup', () => {
  const list = new IgnoreList();
  for (let k = 0; k < 20000; k++) list.add(`10.${k >> 8}.${k & 255}.0/24`);
  assert.equal(list.isIgnored('10.78.31.200'), true);
  assert.equal(list.isIgnored('11.0.0.1'), false);
});
