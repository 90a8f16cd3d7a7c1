import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimeZone, UTC } from '../core/timezone.js';
import { WardenError } from '../core/errors.js';
import { stampToTime, type StampInfo, type StampLayout, type StampZones } from './strptime.js';
import { exYearRegex, expandDirectives } from './strptime-fields.js';
import { fixedZoneMinutes, resolveLogTimezone } from './strptime-zones.js';

const utc = (iso: string): number => Date.parse(iso + 'Z') / 1000;
const CET: StampZones = { log: null, local: parseTimeZone('CET-01CEST-02,M3.5.0,M10.5.0') };
/** fail2ban's test-suite now: 2005-08-14 12:00 CEST. */
const SUITE_NOW = 1124013600;

/** Converts named values as if a regex had captured them (group numbers follow the key order). */
function convert(values: Record<string, string>, now = SUITE_NOW, zones = CET): { time: number; info: StampInfo } {
  const keys = Object.keys(values);
  const layout: StampLayout = { fields: keys.map((key, i) => ({ key, group: i + 1 })), ampmGroup: keys.indexOf('p') + 1 || -1 };
  const m = ['', ...keys.map((k) => values[k])];
  const info = { nowDependent: false };
  return { time: stampToTime(m, layout, zones, now, info), info };
}
const time = (values: Record<string, string>, now?: number, zones?: StampZones): number => convert(values, now, zones).time;
const hms = (h: string, mi: string, s: string) => ({ H: h, M: mi, S: s });

test('a full local stamp is read in the local zone, summer and winter', () => {
  assert.equal(time({ Y: '2005', m: '01', d: '23', ...hms('21', '59', '59') }), utc('2005-01-23T20:59:59'));
  assert.equal(time({ Y: '2005', m: '8', d: ' 4', ...hms('9', '5', '1') }), utc('2005-08-04T07:05:01'));
  assert.equal(convert({ Y: '2005', m: '01', d: '23', ...hms('21', '59', '59') }).info.nowDependent, false);
});

test('month and day names, 2-digit years, 12-hour clock', () => {
  assert.equal(time({ y: '05', b: 'JAN', d: '23', ...hms('21', '59', '59') }), utc('2005-01-23T20:59:59'));
  assert.equal(time({ Y: '2005', B: 'january', d: '23', ...hms('21', '59', '59') }), utc('2005-01-23T20:59:59'));
  const pm = (h: string, p?: string) => time({ Y: '2005', m: '1', d: '23', I: h, M: '0', S: '0', ...(p ? { p } : {}) });
  assert.equal(pm('9', 'PM'), utc('2005-01-23T20:00:00'));
  assert.equal(pm('12', 'pm'), utc('2005-01-23T11:00:00'));
  assert.equal(pm('12', 'AM'), utc('2005-01-22T23:00:00'));
  assert.equal(pm('12'), utc('2005-01-22T23:00:00')); // no %p reads as AM
});

test('a missing year is this year, or last year when that lands more than a day ahead', () => {
  const md = (b: string, d: string, h = '12') => ({ b, d, ...hms(h, '00', '00') });
  assert.equal(time(md('Nov', '4')), utc('2004-11-04T11:00:00'));
  assert.equal(time(md('Aug', '15', '12')), utc('2005-08-15T10:00:00')); // exactly now + 1 day
  assert.equal(time(md('Aug', '15', '13')), utc('2004-08-15T11:00:00'));
  assert.equal(convert(md('Aug', '15')).info.nowDependent, true);
});

test('year inference across the new year', () => {
  const newYear = utc('2004-12-31T23:30:00'); // 2005-01-01 00:30 CET
  assert.equal(time({ b: 'Dec', d: '31', ...hms('23', '59', '59') }, newYear), utc('2004-12-31T22:59:59'));
  assert.equal(time({ b: 'Jan', d: '1', ...hms('00', '00', '01') }, newYear), utc('2004-12-31T23:00:01'));
  assert.equal(time({ b: 'Jan', d: '2', ...hms('00', '40', '00') }, newYear), utc('2004-01-01T23:40:00'));
  assert.equal(time(hms('23', '59', '59'), newYear), utc('2004-12-31T22:59:59')); // yesterday = last year
});

test('a missing date is today, or yesterday when the time is still ahead', () => {
  assert.equal(time(hms('11', '00', '00')), utc('2005-08-14T09:00:00'));
  assert.equal(time(hms('13', '00', '00')), utc('2005-08-13T11:00:00'));
});

test('impossible dates and times give NaN', () => {
  assert.ok(Number.isNaN(time({ Y: '2005', m: '2', d: '30', ...hms('1', '0', '0') })));
  assert.ok(Number.isNaN(time({ Y: '2005', m: '2', d: '29', ...hms('1', '0', '0') })));
  assert.ok(Number.isNaN(time({ b: 'Feb', d: '29', ...hms('1', '0', '0') }))); // 2005 is no leap year
  assert.ok(Number.isNaN(time({ Y: '2005', m: '1', d: '1', ...hms('25', '0', '0') })));
  assert.ok(Number.isNaN(time({ Y: '2005', m: '1', d: '1', ...hms('1', '0', '60') })));
  assert.equal(time({ Y: '2004', m: '2', d: '29', ...hms('1', '0', '0') }), utc('2004-02-29T00:00:00'));
});

test('day of year and week-based dates', () => {
  assert.equal(time({ Y: '2005', j: '023', ...hms('21', '59', '59') }), utc('2005-01-23T20:59:59'));
  assert.equal(time({ Y: '2004', j: '366', ...hms('1', '0', '0') }), utc('2004-12-31T00:00:00'));
  // 2005-01-23 is the Sunday of %U week 4 and the Sunday ending %W week 3
  assert.equal(time({ Y: '2005', U: '04', w: '0', ...hms('21', '59', '59') }), utc('2005-01-23T20:59:59'));
  assert.equal(time({ Y: '2005', W: '03', a: 'Sun', ...hms('21', '59', '59') }), utc('2005-01-23T20:59:59'));
  assert.equal(time({ Y: '2005', W: '00', A: 'saturday', ...hms('10', '0', '0') }), utc('2005-01-01T09:00:00'));
});

test('a zone in the stamp wins over logtimezone and the local zone', () => {
  const stamp = { Y: '2017', m: '01', d: '23', ...hms('15', '00', '00') };
  const log = (tz: string): StampZones => ({ log: resolveLogTimezone(tz), local: CET.local });
  assert.equal(time({ ...stamp, z: '-1045' }, SUITE_NOW, log('UTC')), utc('2017-01-24T01:45:00'));
  assert.equal(time({ ...stamp, z: '+09:45' }), utc('2017-01-23T05:15:00'));
  assert.equal(time({ ...stamp, z: '+05' }), utc('2017-01-23T10:00:00'));
  assert.equal(time({ ...stamp, z: 'Z' }, SUITE_NOW, log('UTC+0300')), utc('2017-01-23T15:00:00'));
  assert.equal(time({ ...stamp, Z: 'CEST' }, SUITE_NOW, log('GMT+12')), utc('2017-01-23T13:00:00'));
  assert.equal(time({ ...stamp, z: 'CET+0130' }, SUITE_NOW, log('GMT+12')), utc('2017-01-23T12:30:00'));
  assert.equal(time(stamp, SUITE_NOW, log('UTC-0430')), utc('2017-01-23T19:30:00'));
  assert.equal(time(stamp, SUITE_NOW, log('CEST-01')), utc('2017-01-23T14:00:00'));
  assert.ok(Number.isNaN(time({ ...stamp, Z: 'XYZ' })));
  assert.ok(Number.isNaN(time({ ...stamp, Z: 'cet' })));
});

test('zoned year-less stamps are compared with local now, as fail2ban does', () => {
  const zones: StampZones = { log: UTC, local: CET.local };
  // 11:00 UTC tomorrow is 13:00 local: more than a day ahead in truth, but fail2ban compares
  // the UTC wall time 11:00 with local now + 1 day (12:00) and keeps this year.
  assert.equal(time({ b: 'Aug', d: '15', ...hms('11', '00', '00') }, SUITE_NOW, zones), utc('2005-08-15T11:00:00'));
  assert.equal(time({ b: 'Aug', d: '15', ...hms('12', '00', '01') }, SUITE_NOW, zones), utc('2004-08-15T12:00:01'));
});

test('%ExY accepts 2000 up to the end of the decade three years ahead', () => {
  assert.equal(exYearRegex(2025), '(?P<Y>20[0-2]\\d)');
  assert.equal(exYearRegex(2027), '(?P<Y>20[0-3]\\d)');
  assert.equal(exYearRegex(2005), '(?P<Y>200\\d)');
  assert.equal(exYearRegex(2097), '(?P<Y>(?:20[0-9]|210)\\d)');
});

test('directives become named groups; the template name is the pattern as written', () => {
  const e = expandDirectives('%d/%b/%ExY:%H:%M:%S %z %%', '(?P<Y>X)');
  assert.equal(e.name, '%d/%b/%ExY:%H:%M:%S %z %%');
  assert.ok(e.alpha);
  assert.match(e.regex, /^\(\?P<d>.*\(\?P<Y>X\).* %$/);
  assert.equal(expandDirectives('%k %Exk %l', 'x').name, '%k %Exk %l');
  assert.equal(expandDirectives('%Y-%m', 'x').alpha, false);
});

test('unknown directives and stray percent signs are pattern errors', () => {
  for (const bad of ['%Y %q', '100%', '%Exq', '%c', '%E']) {
    assert.throws(() => expandDirectives(bad, 'x'), (e: unknown) => e instanceof WardenError && e.code === 'ERR_DATE_PATTERN', bad);
  }
});

test('fixed zone names: abbreviations plus optional offsets, case-sensitive', () => {
  const cases: [string, number | null][] = [
    ['UTC', 0], ['Z', 0], ['CET', 60], ['CEST', 120], ['EST', -300], ['PDT', -420], ['NPT', 345], ['+0100', 60],
    ['-10:45', -645], ['+05', 300], ['CET+01', 120], ['EST-02', -420], ['GMT+12', 720], ['', 0],
    ['cet', null], ['XYZ', null], ['CET+1', null], ['+2400', null], ['IST', null],
  ];
  for (const [text, minutes] of cases) assert.equal(fixedZoneMinutes(text), minutes, text);
});

test('logtimezone: fixed forms first, then IANA names; unknown names are ERR_TIMEZONE', () => {
  assert.equal(resolveLogTimezone('CET').fixedOffset, 3600); // fail2ban: CET never switches to CEST
  assert.equal(resolveLogTimezone('UTC-0430').fixedOffset, -16200);
  assert.equal(resolveLogTimezone('Europe/Berlin').offsetAt(utc('2024-07-01T00:00:00')), 7200);
  assert.throws(() => resolveLogTimezone('WRONG-TZ'), (e: unknown) => e instanceof WardenError && e.code === 'ERR_TIMEZONE');
});
