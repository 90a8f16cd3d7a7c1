/**
 * Turns the fields captured by a date template (%Y, %b, %H, %z, ...) into unix seconds, with
 * fail2ban's rules for missing parts: no year = this year (last year if that lands > 1 day ahead),
 * no date = today (yesterday if ahead), 2-digit year = 20xx. Pure: `now` is passed in.
 */
import type { TimeZone } from '../core/timezone.js';
import { stampZoneMinutes } from './strptime-zones.js';

const DAY = 86400;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Which regex group holds which strptime field (Y y m b B d H I p M S f j U W w a A z Z). */
export interface StampLayout {
  readonly fields: readonly { readonly key: string; readonly group: number }[];
  /** Group of %p (read together with %I), or -1. */
  readonly ampmGroup: number;
}

/** Zones for one stamp: `log` is the jail's logtimezone (null = unset), `local` the process zone. */
export interface StampZones {
  readonly log: TimeZone | null;
  readonly local: TimeZone;
}

/** Set by stampToTime: whether the result depended on `now` (year or date inferred). */
export interface StampInfo {
  nowDependent: boolean;
}

/** The fields of one stamp as numbers (-1 = absent). */
export interface StampParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  zoneMinutes: number;
  weekday: number; // Monday = 0
  julian: number;
  week: number;
  weekStartsMonday: boolean;
}

/** An absent field of StampParts. */
export const UNSET = -1;
const NONE = UNSET;
const NO_ZONE = 1e9;

/** Digits of a captured number (a leading space, as in `%d` " 5", is skipped). */
function num(v: string): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) n = n * 10 + c;
  }
  return n;
}

function hour12(value: string, ampm: string | undefined): number {
  const h = num(value);
  if (ampm !== undefined && ampm.toLowerCase() === 'pm') return h === 12 ? 12 : h + 12;
  return h === 12 ? 0 : h;
}

/** Reads one field into `p`; false when the value cannot be used (unknown zone name). */
function readField(p: StampParts, key: string, v: string, ampm: string | undefined): boolean {
  switch (key) {
    case 'Y': p.year = num(v); break;
    case 'y': p.year = num(v) + 2000; break;
    case 'm': p.month = num(v); break;
    case 'b': case 'B': p.month = MONTHS.indexOf(v.slice(0, 3).toLowerCase()) + 1; break;
    case 'd': p.day = num(v); break;
    case 'H': p.hour = num(v); break;
    case 'I': p.hour = hour12(v, ampm); break;
    case 'M': p.minute = num(v); break;
    case 'S': p.second = num(v); break;
    case 'a': case 'A': p.weekday = WEEKDAYS.indexOf(v.slice(0, 3).toLowerCase()); break;
    case 'w': p.weekday = (num(v) + 6) % 7; break;
    case 'j': p.julian = num(v); break;
    case 'U': case 'W': p.week = num(v); p.weekStartsMonday = key === 'W'; break;
    case 'z': case 'Z': p.zoneMinutes = stampZoneMinutes(v) ?? NaN; return !Number.isNaN(p.zoneMinutes);
    default: break; // %f: fail2ban ignores sub-seconds of parsed stamps; %p is read with %I
  }
  return true;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number): number => (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]);

/** Days since 1970-01-01 of a proleptic Gregorian date (month may be 1..12 only). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Calendar date of a day number (inverse of daysFromCivil). */
function civilFromDays(z: number): { year: number; month: number; day: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp + (mp < 10 ? 3 : -9);
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

/** Day of the year (1-based, may fall outside the year) of a weekday in a %U / %W week. */
function julianFromWeek(year: number, week: number, weekday: number, mondayFirst: boolean): number {
  const jan1 = (daysFromCivil(year, 1, 1) + 3) % 7; // Monday = 0 (1970-01-01 was a Thursday)
  const shift = mondayFirst ? 0 : 1;
  const first = (((jan1 + shift) % 7) + 7) % 7;
  const day = (weekday + shift) % 7;
  if (week === 0) return 1 + day - first;
  return 1 + ((7 - first) % 7) + 7 * (week - 1) + day;
}

/** Wall-clock seconds of the day's midnight (zone clock as if UTC), or NaN for a date such as Feb 30. */
export function dayStartWall(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return daysFromCivil(year, month, day) * DAY;
}

/** Seconds since midnight, or NaN past 23:59:59 (%S accepts 60 and 61; fail2ban rejects them). */
export function secondsOfDay(hour: number, minute: number, second: number): number {
  return hour > 23 || minute > 59 || second > 59 ? NaN : hour * 3600 + minute * 60 + second;
}

/** Wall-clock seconds (zone clock as if UTC) or NaN for an impossible date such as Feb 30. */
function wallSeconds(p: StampParts, year: number): number {
  return dayStartWall(year, p.month, p.day) + secondsOfDay(p.hour, p.minute, p.second);
}

/** The year of a wall-clock time (seconds on the zone's clock as if UTC). */
export function wallYear(wall: number): number {
  return civilFromDays(Math.floor(wall / DAY)).year;
}

/** Completes month/day from %j or %U/%W, else from today; true when today was assumed. */
function fillDate(p: StampParts, nowWall: number): boolean {
  if (p.month !== NONE && p.day !== NONE) return false;
  if (p.julian === NONE && p.week !== NONE && p.weekday !== NONE) {
    p.julian = julianFromWeek(p.year, p.week, p.weekday, p.weekStartsMonday);
  }
  if (p.julian !== NONE) {
    const c = civilFromDays(daysFromCivil(p.year, 1, 1) + p.julian - 1);
    p.year = c.year; p.month = c.month; p.day = c.day;
    return false;
  }
  if (p.month === NONE && p.day === NONE) {
    const today = civilFromDays(Math.floor(nowWall / DAY));
    p.month = today.month; p.day = today.day;
    return true;
  }
  if (p.month === NONE) p.month = 1; // fail2ban fails on a day without a month (or the reverse)
  if (p.day === NONE) p.day = 1; // strptime uses 1
  return false;
}

/** An empty record to read a stamp into. */
export function newStampParts(): StampParts {
  return {
    year: NONE, month: NONE, day: NONE, hour: 0, minute: 0, second: 0,
    zoneMinutes: NO_ZONE, weekday: NONE, julian: NONE, week: NONE, weekStartsMonday: false,
  };
}

/** Reads the captured fields of `m` into `p` (reset first); false when a value is unusable. */
export function readStamp(m: ArrayLike<string | undefined>, layout: StampLayout, p: StampParts): boolean {
  copyStampParts(EMPTY, p);
  const ampm = layout.ampmGroup < 0 ? undefined : m[layout.ampmGroup];
  for (const f of layout.fields) {
    const v = m[f.group];
    if (v !== undefined && !readField(p, f.key, v, ampm)) return false;
  }
  return true;
}

/** Copies every field of `from` into `to` (faster than Object.assign on the hot path). */
export function copyStampParts(from: StampParts, to: StampParts): StampParts {
  to.year = from.year;
  to.month = from.month;
  to.day = from.day;
  to.hour = from.hour;
  to.minute = from.minute;
  to.second = from.second;
  to.zoneMinutes = from.zoneMinutes;
  to.weekday = from.weekday;
  to.julian = from.julian;
  to.week = from.week;
  to.weekStartsMonday = from.weekStartsMonday;
  return to;
}

/** Sets a numeric field read from digits elsewhere (the keys a StampShape may change). */
export function setNumericField(p: StampParts, key: string, value: number): void {
  switch (key) {
    case 'Y': p.year = value; break;
    case 'y': p.year = value + 2000; break;
    case 'm': p.month = value; break;
    case 'd': p.day = value; break;
    case 'H': p.hour = value; break;
    case 'M': p.minute = value; break;
    case 'S': p.second = value; break;
    default: break; // %f is not used
  }
}

/**
 * Unix seconds for the fields captured in `m`, or NaN when they do not form a valid time. A zone in
 * the stamp wins over the logtimezone, which wins over the local zone. Missing year/date come from
 * `now` on the local clock and, like fail2ban, the "is it in the future" test compares the stamp
 * (moved to UTC when its zone is known) with the local wall time of now.
 */
export function stampToTime(m: ArrayLike<string | undefined>, layout: StampLayout, zones: StampZones, now: number, info: StampInfo): number {
  const p = scratch;
  return readStamp(m, layout, p) ? finishStamp(p, zones, now, info) : NaN;
}

/** The time of a read stamp (see stampToTime); `p` is modified (inferred parts filled in). */
export function finishStamp(p: StampParts, zones: StampZones, now: number, info: StampInfo): number {
  const zone = zoneOf(p, zones);
  const assumeYear = p.year === NONE;
  info.nowDependent = assumeYear || p.month === NONE || p.day === NONE;
  if (!info.nowDependent) {
    const wall = wallSeconds(p, p.year);
    return Number.isNaN(wall) ? NaN : toUtc(p, zone, wall);
  }
  const nowWall = now + zones.local.offsetAt(now);
  if (assumeYear) p.year = wallYear(nowWall);
  const assumeToday = fillDate(p, nowWall);
  // fail2ban compares a zoned stamp as UTC wall time with the local wall time of now
  const zoned = zone !== zones.local;
  let wall = wallSeconds(p, p.year);
  if (Number.isNaN(wall)) return NaN;
  if (assumeToday && (zoned ? toUtc(p, zone, wall) : wall) > nowWall) wall -= DAY;
  if (assumeYear && (zoned ? toUtc(p, zone, wall) : wall) > nowWall + DAY) wall = wallSeconds(p, p.year - 1);
  return Number.isNaN(wall) ? NaN : toUtc(p, zone, wall);
}

/** The zone a stamp is read in: null when it carries its own offset (p.zoneMinutes). */
export function zoneOf(p: StampParts, zones: StampZones): TimeZone | null {
  return p.zoneMinutes !== NO_ZONE ? null : zones.log ?? zones.local;
}

/** The stamp's own offset when it has one, else the zone's rules. */
export function toUtc(p: StampParts, zone: TimeZone | null, wall: number): number {
  return zone === null ? wall - p.zoneMinutes * 60 : zone.toUtc(wall);
}

const EMPTY: Readonly<StampParts> = newStampParts();
const scratch: StampParts = newStampParts();
