import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from './duration.js';

test('plain integers are seconds, -1 stays -1 (permanent ban)', () => {
  assert.equal(parseDuration('600'), 600);
  assert.equal(parseDuration(' 86400 '), 86400);
  assert.equal(parseDuration('-1'), -1);
  assert.equal(parseDuration('0'), 0);
});

test('unit abbreviations as fail2ban knows them; m is minutes, mo is months', () => {
  assert.equal(parseDuration('10m'), 600);
  assert.equal(parseDuration('1h'), 3600);
  assert.equal(parseDuration('2d'), 172800);
  assert.equal(parseDuration('1w'), 604800);
  assert.equal(parseDuration('1mo'), 2629800);
  assert.equal(parseDuration('1month'), 2629800);
  assert.equal(parseDuration('1y'), 31557600);
  assert.equal(parseDuration('30s'), 30);
  assert.equal(parseDuration('5min'), 300);
  assert.equal(parseDuration('2 hours'), 7200);
  assert.equal(parseDuration('1H'), 3600);
});

test('groups side by side add up (1d12h, 0d 1h 30m)', () => {
  assert.equal(parseDuration('1d12h'), 129600);
  assert.equal(parseDuration('0d 1h 30m'), 5400);
  assert.equal(parseDuration('1hour+30min'), 5400);
  assert.equal(parseDuration('1year-6mo'), 15778800);
  assert.equal(parseDuration('6 months'), 15778800);
});

test('simple arithmetic products and fractions', () => {
  assert.equal(parseDuration('3600*24'), 86400);
  assert.equal(parseDuration('2*1h'), 7200);
  assert.equal(parseDuration('(1h+30m)*2'), 10800);
  assert.equal(parseDuration('1.5h'), 5400);
  assert.equal(parseDuration('1w -1d'), 518400);
});

test('anything else is not a duration', () => {
  for (const bad of ['', '   ', 'abc', '10x', '1ms', '10m;', 'h', '1h)', '(1h', '1/0', '1e3']) {
    assert.equal(parseDuration(bad), null, bad);
  }
});
