import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BantimeIncrementSpec } from '../config/jail-spec.js';
import { createBanPolicy } from './ban-policy.js';

const OFF: BantimeIncrementSpec = { enabled: false, factor: 1, formula: null, multipliers: [], maxTime: null, rndTime: null, overallJails: false };
const ON: BantimeIncrementSpec = { ...OFF, enabled: true };
const HALF = (): number => 0.5;

function bantime(bantimeIncrement: BantimeIncrementSpec, earlier: number, base = 600): number {
  const { policy, problems } = createBanPolicy({ bantime: base, maxretry: 5, bantimeIncrement });
  assert.deepEqual(problems, []);
  return policy.bantime(earlier, HALF);
}

test('bantime.increment: multipliers, formula, factor, maxtime and rndtime as fail2ban computes them', () => {
  const cases: [string, BantimeIncrementSpec, number, number][] = [
    ['increment off keeps the base', OFF, 5, 600],
    ['first ban keeps the base', ON, 0, 600],
    ['default formula doubles', ON, 1, 1200],
    ['default formula, third repeat', ON, 3, 4800],
    ['default formula with factor', { ...ON, factor: 3 }, 2, 7200],
    ['formula never goes below bantime', { ...ON, formula: 'ban.Time / 10' }, 4, 600],
    ['custom formula', { ...ON, formula: 'ban.Time + ban.Count * 60' }, 2, 720],
    ['multipliers index by earlier bans', { ...ON, multipliers: [1, 2, 4, 8] }, 1, 1200],
    ['last multiplier repeats', { ...ON, multipliers: [1, 2, 4, 8] }, 10, 4800],
    ['multipliers times factor', { ...ON, multipliers: [1, 5], factor: 2 }, 1, 6000],
    ['multipliers may shorten', { ...ON, multipliers: [0, 0] }, 1, 0],
    ['maxtime caps', { ...ON, maxTime: 1000 }, 3, 1000],
    ['rndtime adds random() x rndtime after the cap', { ...ON, maxTime: 1000, rndTime: 100 }, 3, 1050],
    ['no rndtime for a first ban (fail2ban applies it only with the increment)', { ...ON, rndTime: 100 }, 0, 600],
  ];
  for (const [name, spec, earlier, expected] of cases) assert.equal(bantime(spec, earlier), expected, name);
});

test('a permanent or zero bantime is never incremented', () => {
  assert.equal(bantime({ ...ON, rndTime: 100 }, 3, -1), -1);
  assert.equal(bantime({ ...ON, multipliers: [1, 2] }, 3, 0), 0);
});

test('a formula that fails at run time leaves the base bantime and is reported at build', () => {
  const { policy, problems } = createBanPolicy({ bantime: 600, maxretry: 5, bantimeIncrement: { ...ON, formula: 'ban.Time / (ban.Count - 1)' } });
  assert.match(problems.join(), /division by zero/);
  assert.equal(policy.bantime(1, HALF), 600);
  assert.equal(policy.bantime(2, HALF), 600);
});

test('a bad formula is a problem and the default formula is used', () => {
  const { policy, problems } = createBanPolicy({ bantime: 600, maxretry: 5, bantimeIncrement: { ...ON, formula: 'ban.Time * nope' } });
  assert.match(problems.join(), /unknown name "nope"/);
  assert.equal(policy.bantime(2, HALF), 2400);
});

test('failures of known-bad ips weigh more with the increment on, capped at maxretry', () => {
  const { policy } = createBanPolicy({ bantime: 600, maxretry: 5, bantimeIncrement: ON });
  assert.deepEqual([0, 1, 2, 3, 4, 30].map((n) => policy.failureWeight(n)), [1, 2, 3, 5, 5, 5]);
  const off = createBanPolicy({ bantime: 600, maxretry: 5, bantimeIncrement: OFF }).policy;
  assert.equal(off.failureWeight(3), 1);
});
