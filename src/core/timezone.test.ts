import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fixedTimeZone, ianaTimeZone, localTimeZone, parsePosixTimeZone, parsePosixTzSpec, parseTimeZone,
} from './timezone.js';
import { WardenError } from './errors.js';

const utc = (iso: string): number => Date.parse(iso + 'Z') / 1000;
/** Wall-clock seconds for an ISO local time without zone (the zone clock read as if it were UTC). */
const wall = utc;
const H = 3600;

// fail2ban's test-suite zone: DST from the last Sunday of March 02:00 to the last Sunday of October
// 02:00 (local DST time, i.e. 00:00 UTC; the EU really switches at 01:00 UTC).
const SUITE_TZ = 'CET-01CEST-02,M3.5.0,M10.5.0';

test('POSIX TZ strings: offsets before, in and after summer time', () => {
  const z = parsePosixTimeZone(SUITE_TZ);
  assert.ok(z);
  const cases: [string, number][] = [
    ['2005-01-15T12:00:00', H],
    ['2005-03-27T00:59:59', H], // 01:59:59 CET
    ['2005-03-27T01:00:00', 2 * H], // 03:00 CEST
    ['2005-08-14T10:00:00', 2 * H],
    ['2005-10-29T23:59:59', 2 * H],
    ['2005-10-30T00:00:00', H], // 02:00 CEST -> 01:00 CET
    ['2005-12-31T23:00:00', H],
  ];
  for (const [iso, off] of cases) assert.equal(z.offsetAt(utc(iso)), off, iso);
});

test('POSIX TZ strings: southern hemisphere rules wrap around the new year', () => {
  const z = parsePosixTimeZone('AEST-10AEDT,M10.1.0,M4.1.0/3');
  assert.ok(z);
  assert.equal(z.offsetAt(utc('2024-01-15T00:00:00')), 11 * H);
  assert.equal(z.offsetAt(utc('2024-07-15T00:00:00')), 10 * H);
  assert.equal(z.offsetAt(utc('2024-10-05T15:59:59')), 10 * H); // Oct 6 01:59:59 AEST
  assert.equal(z.offsetAt(utc('2024-10-05T16:00:00')), 11 * H); // 03:00 AEDT
  assert.equal(z.offsetAt(utc('2024-04-06T15:59:59')), 11 * H); // Apr 7 02:59:59 AEDT
  assert.equal(z.offsetAt(utc('2024-04-06T16:00:00')), 10 * H);
});

test('POSIX TZ strings: Jn, n and explicit times; DST without rules uses the US rules', () => {
  const j = parsePosixTimeZone('XST-02XDT,J60/0,J300/0');
  assert.ok(j);
  assert.equal(j.offsetAt(utc('2024-02-29T12:00:00')), 2 * H); // J never counts Feb 29
  assert.equal(j.offsetAt(utc('2024-03-01T12:00:00')), 3 * H);
  const n = parsePosixTimeZone('XST-02XDT,59/0,299/0');
  assert.ok(n);
  assert.equal(n.offsetAt(utc('2024-02-29T12:00:00')), 3 * H); // zero-based day 59 is Feb 29 in 2024
  const us = parsePosixTimeZone('EST5EDT');
  assert.ok(us);
  assert.equal(us.offsetAt(utc('2024-03-10T06:59:59')), -5 * H);
  assert.equal(us.offsetAt(utc('2024-03-10T07:00:00')), -4 * H);
  assert.equal(us.offsetAt(utc('2024-11-03T05:59:59')), -4 * H);
  assert.equal(us.offsetAt(utc('2024-11-03T06:00:00')), -5 * H);
});

test('POSIX TZ strings: fixed forms and quoted names', () => {
  assert.equal(parsePosixTimeZone('UTC0')?.fixedOffset, 0);
  assert.equal(parsePosixTimeZone('<+0530>-5:30')?.fixedOffset, 5.5 * H);
  assert.equal(parsePosixTimeZone('XYZ+3')?.fixedOffset, -3 * H);
});

test('malformed POSIX TZ strings are rejected', () => {
  for (const bad of ['', 'CET', 'C-1', 'CET-1CEST,M13.1.0,M10.5.0', 'CET-1CEST,M3.5.0', 'CET-1CEST,M3.5.0,M10.5.0x', 'Europe/Berlin']) {
    assert.equal(parsePosixTzSpec(bad), null, bad);
  }
});

test('wall clock to UTC: a DST gap keeps the old offset, an overlap takes the earlier (DST) instant', () => {
  const z = parsePosixTimeZone('CET-1CEST,M3.5.0,M10.5.0/3');
  assert.ok(z);
  assert.equal(z.toUtc(wall('2024-03-31T02:30:00')), utc('2024-03-31T01:30:00')); // 03:30 CEST
  assert.equal(z.toUtc(wall('2024-10-27T02:30:00')), utc('2024-10-27T00:30:00')); // first 02:30, CEST
  assert.equal(z.toUtc(wall('2024-10-27T03:00:00')), utc('2024-10-27T02:00:00'));
  assert.equal(z.toUtc(wall('2024-10-27T01:59:59')), utc('2024-10-26T23:59:59'));
  assert.equal(z.toUtc(wall('2024-07-01T12:00:00')), utc('2024-07-01T10:00:00'));
});

test('IANA names follow the tz database, including DST', () => {
  const berlin = ianaTimeZone('Europe/Berlin');
  assert.ok(berlin);
  assert.equal(berlin.offsetAt(utc('2024-01-15T12:00:00')), H);
  assert.equal(berlin.offsetAt(utc('2024-07-15T12:00:00')), 2 * H);
  assert.equal(berlin.toUtc(wall('2024-10-27T02:30:00')), utc('2024-10-27T00:30:00'));
  assert.equal(berlin.toUtc(wall('2024-03-31T02:30:00')), utc('2024-03-31T01:30:00'));
  const kolkata = ianaTimeZone('Asia/Kolkata');
  assert.equal(kolkata?.offsetAt(utc('2024-01-15T12:00:00')), 5.5 * H);
  assert.equal(ianaTimeZone('Mars/Olympus_Mons'), null);
});

test('IANA and the equivalent POSIX rules agree hour by hour over a year', () => {
  const iana = ianaTimeZone('America/New_York');
  const posix = parsePosixTimeZone('EST5EDT,M3.2.0,M11.1.0');
  assert.ok(iana && posix);
  for (let t = utc('2024-01-01T00:00:00'); t < utc('2025-01-01T00:00:00'); t += 1800) {
    assert.equal(iana.offsetAt(t), posix.offsetAt(t), new Date(t * 1000).toISOString());
    assert.equal(iana.toUtc(t), posix.toUtc(t), `wall ${new Date(t * 1000).toISOString()}`);
  }
});

test('parseTimeZone accepts POSIX strings, IANA names, UTC and local; rejects the rest', () => {
  assert.equal(parseTimeZone('UTC').fixedOffset, 0);
  assert.equal(parseTimeZone(SUITE_TZ).offsetAt(utc('2005-08-14T10:00:00')), 2 * H);
  assert.equal(parseTimeZone('Europe/Paris').offsetAt(utc('2005-08-14T10:00:00')), 2 * H);
  assert.throws(() => parseTimeZone('Nowhere/Special'), (e: unknown) => e instanceof WardenError && e.code === 'ERR_TIMEZONE');
});

test('local follows $TZ, including POSIX rules that Node itself ignores', () => {
  const saved = process.env.TZ;
  try {
    process.env.TZ = SUITE_TZ;
    assert.equal(localTimeZone().offsetAt(utc('2005-08-14T10:00:00')), 2 * H);
    process.env.TZ = 'Asia/Tokyo';
    assert.equal(localTimeZone().offsetAt(utc('2005-08-14T10:00:00')), 9 * H);
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test('fixed zones convert both ways with a constant offset', () => {
  const z = fixedTimeZone(-4.5 * H);
  assert.equal(z.name, 'UTC-04:30');
  assert.equal(z.toUtc(wall('2017-01-23T15:00:00')), utc('2017-01-23T19:30:00'));
});
