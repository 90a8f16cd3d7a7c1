import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failJsonTime, isDaylight, parsePosixZone, type PosixZone } from './local-time.js';

const CET = parsePosixZone('CET-01CEST-02,M3.5.0,M10.5.0') as PosixZone;

test('parses the suite zone: CET +1h, CEST +2h, last Sundays of March and October', () => {
  assert.deepEqual(CET, {
    stdOffset: 3600, dstOffset: 7200,
    start: { month: 3, week: 5, weekday: 0, at: 7200 }, end: { month: 10, week: 5, weekday: 0, at: 7200 },
  });
  assert.deepEqual(parsePosixZone('UTC0'), { stdOffset: 0, dstOffset: null, start: null, end: null });
  assert.equal(parsePosixZone('Europe/Berlin'), null);
});

// Expected values computed with python3: TZ=CET-01CEST-02,M3.5.0,M10.5.0 time.mktime(...)
const CASES: [string, number][] = [
  ['2005-08-14T12:00:00', 1124013600], // the suite's "now"
  ['2005-01-01T00:00:00', 1104534000],
  ['2005-03-27T01:59:59', 1111885199], // last second of CET
  ['2005-03-27T02:30:00', 1111887000], // in the spring-forward gap: standard time
  ['2005-03-27T03:00:00', 1111885200], // first CEST second
  ['2005-10-30T00:59:59', 1130626799], // CEST, before the repeated hour
  ['2005-10-30T01:59:59', 1130633999], // repeated hour: glibc's pick varies with its state; we take standard time
  ['2005-10-30T02:30:00', 1130635800],
  ['2005-10-30T03:00:00', 1130637600],
];

test('failJSON local times convert like Python time.mktime under the suite zone', () => {
  for (const [text, epoch] of CASES) assert.equal(failJsonTime(text, CET), epoch, text);
});

test('strptime-style one-digit fields are accepted', () => {
  assert.equal(failJsonTime('2005-03-7T02:09:33', CET), 1110157773);
});

test('microseconds are kept as a fraction', () => {
  assert.equal(failJsonTime('2005-08-14T12:00:00.123456', CET), 1124013600.123456);
  assert.equal(failJsonTime('2005-08-14T12:00:00.5', CET), 1124013600.5);
});

test('malformed time annotations give null', () => {
  assert.equal(failJsonTime('2005-08-14 12:00:00', CET), null);
  assert.equal(failJsonTime('2005-08-14T12:00:00.1234567', CET), null);
});

test('daylight time starts at 01:00 UTC and ends at 00:00 UTC (02:00 local by the rule)', () => {
  assert.equal(isDaylight(CET, 1111885199), false);
  assert.equal(isDaylight(CET, 1111885200), true);
  assert.equal(isDaylight(CET, 1130630399), true); // 01:59:59 CEST
  assert.equal(isDaylight(CET, 1130630400), false); // 01:00:00 CET (the rule has no /3: 02:00 CEST)
});
