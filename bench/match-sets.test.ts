import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareSides, countIps, describeComparison, diffIpCounts, firstDivergence, parseFail2banRow, parseWardenJson, type Match } from './match-sets.js';

const m = (ip: string, time: number | null = 100, line: number | null = null): Match => ({ ip, time, line });

test('reads the address and time from fail2ban-regex -o row lines, and nothing from other lines', () => {
  assert.deepEqual(parseFail2banRow("['192.0.2.7',\t1714989600.0,\t{'ip4': '192.0.2.7', 'ip6': None, 'dns': None}],"), m('192.0.2.7', 1714989600));
  assert.deepEqual(parseFail2banRow("['2001:db8::17',\t1714989605.0,\t{'ip4': None}],"), m('2001:db8::17', 1714989605));
  assert.equal(parseFail2banRow('Lines: 14 lines, 0 ignored, 13 matched, 1 missed'), null);
  assert.equal(parseFail2banRow(''), null);
});

test('keeps warden --json lines that matched and drops misses and ignored lines', () => {
  assert.deepEqual(parseWardenJson('{"line":7,"match":true,"host":"192.0.2.7","time":1714989600,"regex":0,"ignored":false}'), m('192.0.2.7', 1714989600, 7));
  assert.equal(parseWardenJson('{"line":8,"match":false,"host":null,"time":1714989600,"regex":null,"ignored":false}'), null);
  assert.equal(parseWardenJson('{"line":9,"match":true,"host":"192.0.2.7","time":1,"regex":0,"ignored":true}'), null);
});

test('finds addresses matched a different number of times', () => {
  const left = countIps([m('a'), m('a'), m('b')]);
  const right = countIps([m('a'), m('b'), m('c')]);
  assert.deepEqual(diffIpCounts(left, right), [{ ip: 'a', left: 2, right: 1 }, { ip: 'c', left: 0, right: 1 }]);
  assert.deepEqual(diffIpCounts(left, left), []);
});

test('finds where ordered matches first differ, by address or by time', () => {
  assert.equal(firstDivergence([m('a'), m('b')], [m('a'), m('b')]), -1);
  assert.equal(firstDivergence([m('a'), m('b'), m('c')], [m('a'), m('c')]), 1);
  assert.equal(firstDivergence([m('a', 1), m('a', 2)], [m('a', 1), m('a', 3)]), 1);
  assert.equal(firstDivergence([m('a')], [m('a'), m('b')]), 1);
});

test('a comparison with the same multiset but another order is a difference', () => {
  const side = (name: string, matches: Match[]) => ({ name, counts: countIps(matches), matches });
  const same = compareSides(side('warden', [m('a'), m('b')]), side('fail2ban', [m('a'), m('b')]));
  assert.equal(same.same, true);
  assert.match(describeComparison(same)[0], /agree: 2 matches/);
  const swapped = compareSides(side('warden', [m('b'), m('a')]), side('fail2ban', [m('a'), m('b')]));
  assert.equal(swapped.same, false);
  assert.equal(swapped.divergence, 0);
  const unordered = compareSides(side('warden', [m('a')]), { name: 'generator', counts: countIps([m('a'), m('a')]), matches: null });
  assert.equal(unordered.same, false);
  assert.match(describeComparison(unordered).join('\n'), /a: warden 1, generator 2/);
});
