import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIsoTime } from './parse-iso-time.js';

test('reads date-times with a zone as that instant', () => {
  assert.equal(parseIsoTime('2024-01-05T03:12:44Z'), 1704424364);
  assert.equal(parseIsoTime('2024-01-05T04:12:44+01:00'), 1704424364);
  assert.equal(parseIsoTime('2024-01-05 04:12:44+0100'), 1704424364);
  assert.equal(parseIsoTime('2024-01-05T02:12:44-01'), 1704424364);
  assert.equal(parseIsoTime('2024-01-05T03:12:44.250Z'), 1704424364.25);
  assert.equal(parseIsoTime('2024-01-05T03:12Z'), 1704424320);
});

test('reads times without a zone as local time', () => {
  const local = new Date(2024, 0, 5, 3, 12, 44).getTime() / 1000;
  assert.equal(parseIsoTime('2024-01-05T03:12:44'), local);
  assert.equal(parseIsoTime('2024-01-05'), new Date(2024, 0, 5).getTime() / 1000);
});

test('rejects malformed or impossible values', () => {
  for (const bad of ['', 'yesterday', '2024-1-5', '2024-02-30', '2024-13-01', '2024-01-05T24:00:00', '2024-01-05T03:60', '1704424364', '2024-01-05T03:12:44+1']) {
    assert.equal(parseIsoTime(bad), null, bad);
  }
});
