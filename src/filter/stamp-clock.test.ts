import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimeZone } from '../core/timezone.js';
import { createDateDetector, type DateDetectorOptions } from './date-detector.js';
import { stampClock } from './stamp-clock.js';
import { copyStampParts, finishStamp, newStampParts, setNumericField, type StampParts, type StampZones } from './strptime.js';
import { fixedZoneMinutes, resolveLogTimezone } from './strptime-zones.js';

const CET = 'CET-01CEST-02,M3.5.0,M10.5.0/3';
const utc = (iso: string): number => Date.parse(iso + 'Z') / 1000;

/** A small seeded generator (tests must be repeatable). */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/** finishStamp on `base` with the numeric fields set: what the clock must equal. */
function reference(base: StampParts, keys: string[], values: number[], zones: StampZones, now: number): number {
  const p = copyStampParts(base, newStampParts());
  keys.forEach((k, i) => setNumericField(p, k, values[i]));
  return finishStamp(p, zones, now, { nowDependent: false });
}

/** Wall times around midnight, the DST changes of 2024 in CET and New York, and bad digits. */
function someValues(rnd: (n: number) => number, withYear: boolean): number[] {
  const edges = [[3, 31, 1], [3, 31, 2], [3, 31, 3], [10, 27, 1], [10, 27, 2], [10, 27, 3], [3, 10, 2], [11, 3, 1], [12, 31, 23], [1, 1, 0], [2, 29, 12]];
  const [month, day, hour] = rnd(3) === 0 ? edges[rnd(edges.length)] : [rnd(14), rnd(33), rnd(26)];
  const year = [2023, 2024, 2025, 2100, 2000][rnd(5)];
  const time = [hour, rnd(4) === 0 ? rnd(62) : rnd(60), rnd(4) === 0 ? rnd(63) : rnd(60)];
  return withYear ? [year, month, day, ...time] : [month, day, ...time];
}

test('the clock gives finishStamp\'s time for every stamp of a shape: zones, DST changes, bad digits, year-less', () => {
  const zoneSets: StampZones[] = [
    { log: null, local: parseTimeZone(CET) },
    { log: null, local: parseTimeZone('EST5EDT,M3.2.0,M11.1.0') },
    { log: parseTimeZone('America/New_York'), local: parseTimeZone(CET) },
    { log: resolveLogTimezone('UTC+0300'), local: parseTimeZone('UTC') },
  ];
  const rnd = random(20240506);
  let compared = 0;
  for (const zones of zoneSets) {
    for (const [keys, zoneMinutes] of [[['Y', 'm', 'd', 'H', 'M', 'S'], null], [['m', 'd', 'H', 'M', 'S'], null], [['Y', 'm', 'd', 'H', 'M', 'S'], 120]] as const) {
      const base = newStampParts();
      if (zoneMinutes !== null) base.zoneMinutes = zoneMinutes;
      const clock = stampClock(base, keys, zones);
      assert.ok(clock);
      for (let i = 0; i < 4000; i++) {
        const values = someValues(rnd, keys[0] === 'Y');
        const now = utc('2024-01-01T00:00:00') + rnd(400) * 86400 + rnd(86400);
        const got: number = clock.time(Int32Array.from(values), now);
        assert.equal(got, reference(base, [...keys], values, zones, now), `${keys.join('')} ${values.join(' ')} now ${now}`);
        compared += Number.isNaN(got) ? 0 : 1;
      }
    }
  }
  assert.ok(compared > 20000, `only ${compared} valid stamps compared`);
});

test('stamps with month names, %y and a zone name keep their other fields from the learnt stamp', () => {
  const zones = { log: null, local: parseTimeZone(CET) };
  const base = newStampParts();
  base.month = 2; // %b Feb
  base.zoneMinutes = fixedZoneMinutes('EST') ?? 0;
  const clock = stampClock(base, ['d', 'y', 'H', 'M', 'S', 'f'], zones);
  assert.ok(clock);
  assert.equal(clock.time(Int32Array.from([29, 24, 23, 59, 59, 123]), 0), utc('2024-03-01T04:59:59'));
  assert.ok(Number.isNaN(clock.time(Int32Array.from([29, 23, 10, 0, 0, 0]), 0))); // 2023 is not a leap year
});

test('shapes whose day must come from now, %j or a week number are left to finishStamp', () => {
  const zones = { log: null, local: parseTimeZone('UTC') };
  assert.equal(stampClock(newStampParts(), ['H', 'M', 'S'], zones), null);
  assert.equal(stampClock(newStampParts(), ['Y', 'H', 'M', 'S'], zones), null);
  const julian = newStampParts();
  julian.julian = 40;
  assert.equal(stampClock(julian, ['Y', 'H', 'M', 'S'], zones), null);
});

/** A stream of stamps in one shape, some digits out of range; each line also read by a fresh detector. */
function compareStream(opts: DateDetectorOptions, stamp: (v: string[]) => string, seed: number): void {
  const rnd = random(seed);
  const dd = createDateDetector(opts);
  const now = utc('2024-11-26T12:00:00');
  let t = utc('2024-03-30T22:00:00');
  const pad = (n: number) => String(n).padStart(2, '0');
  for (let i = 0; i < 3000; i++) {
    t += rnd(10) === 0 ? rnd(90000) : rnd(400);
    const d = new Date(t * 1000);
    const v = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
    if (rnd(25) === 0) v[1 + rnd(5)] = [0, 13, 24, 32, 60, 61, 99][rnd(7)]; // a bad digit now and then
    const line = `${stamp(v.map((n, k) => (k === 0 ? String(n) : pad(n))))} NOTICE[${i}] chan_sip.c: x`;
    assert.deepEqual(dd.detect(line, now), createDateDetector(opts).detect(line, now), line);
  }
}

test('detect reads a stream of same-shape stamps exactly as a fresh detector reads each line', () => {
  compareStream({ datepattern: '{^LN-BEG}', defaultTimezone: CET }, (v) => `[${v[0]}-${v[1]}-${v[2]} ${v[3]}:${v[4]}:${v[5]}]`, 1);
  compareStream({ defaultTimezone: 'Europe/Berlin' }, (v) => `${v[0]}-${v[1]}-${v[2]}T${v[3]}:${v[4]}:${v[5]}+0100`, 2);
  compareStream({ defaultTimezone: CET }, (v) => `${v[0]}-${v[1]}-${v[2]}T${v[3]}:${v[4]}:${v[5]}`, 3);
  const months = ['Xxx', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  compareStream({ defaultTimezone: 'EST5EDT,M3.2.0,M11.1.0' }, (v) => `${months[Number(v[1])] ?? 'Jan'} ${v[2]} ${v[3]}:${v[4]}:${v[5]} host`, 4);
  compareStream({ datepattern: '^%d/%m/%Y %H:%M:%S', timezone: 'UTC+0200' }, (v) => `${v[2]}/${v[1]}/${v[0]} ${v[3]}:${v[4]}:${v[5]}`, 5);
});
