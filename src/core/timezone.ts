/**
 * Time zones for log stamps: fixed offsets, POSIX TZ strings (`CET-01CEST-02,M3.5.0,M10.5.0`), IANA
 * names through Intl, and the process zone ('local'). Pure: offsets are computed, never read from disk.
 */
import { WardenError } from './errors.js';

export interface TimeZone {
  readonly name: string;
  /** Seconds east of UTC when the offset never changes, else null. */
  readonly fixedOffset: number | null;
  /** Seconds east of UTC in effect at the instant `utc` (unix seconds). */
  offsetAt(utc: number): number;
  /**
   * Unix seconds for a wall-clock time, given as seconds since 1970-01-01T00:00 on the zone's clock.
   * Like mktime in a process that last converted a time before the change: a time that does not
   * exist (DST gap) is read with the offset in effect before it (02:30 becomes 03:30 DST); an
   * ambiguous time (DST overlap) is the earlier instant, still in DST (Python's fold=0).
   */
  toUtc(wall: number): number;
}

const DAY = 86400;

export function fixedTimeZone(offsetSeconds: number, name = formatOffset(offsetSeconds)): TimeZone {
  return {
    name,
    fixedOffset: offsetSeconds,
    offsetAt: () => offsetSeconds,
    toUtc: (wall) => wall - offsetSeconds,
  };
}

export const UTC: TimeZone = fixedTimeZone(0, 'UTC');

function formatOffset(seconds: number): string {
  const abs = Math.abs(seconds);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  return `UTC${seconds < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** mktime rules over any offset function (see TimeZone.toUtc). */
function wallToUtc(offsetAt: (utc: number) => number, wall: number): number {
  const before = offsetAt(wall - DAY);
  const after = offsetAt(wall + DAY);
  const early = wall - before;
  const late = wall - after;
  if (offsetAt(early) === before) return early; // also the earlier instant of an overlap
  if (offsetAt(late) === after) return late;
  return early; // in a gap: keep the offset from before the change
}

/**
 * toUtc with a one-day cache: when the offset a day before and two days after a wall-clock day are
 * equal, no change happens that day and every time in it converts with that offset.
 */
function zoneFrom(name: string, offsetAt: (utc: number) => number): TimeZone {
  let cachedDay = NaN;
  let cachedOffset: number | null = null;
  const toUtc = (wall: number): number => {
    const day = Math.floor(wall / DAY);
    if (day !== cachedDay) {
      const before = offsetAt(day * DAY - DAY);
      cachedOffset = before === offsetAt(day * DAY + 2 * DAY) ? before : null;
      cachedDay = day;
    }
    return cachedOffset === null ? wallToUtc(offsetAt, wall) : wall - cachedOffset;
  };
  return { name, fixedOffset: null, offsetAt, toUtc };
}

// ---------------------------------------------------------------- POSIX TZ strings

interface PosixRule {
  readonly kind: 'J' | 'n' | 'M';
  readonly a: number; // J: 1..365, n: 0..365, M: month
  readonly b: number; // M: week 1..5
  readonly c: number; // M: weekday 0..6 (Sunday = 0)
  readonly time: number; // seconds after local midnight
}

interface PosixSpec {
  readonly std: number; // seconds east of UTC
  readonly dst: number | null;
  readonly start: PosixRule | null;
  readonly end: PosixRule | null;
}

const POSIX_NAME = /^(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)/;
const POSIX_TIME = /^([+-]?)(\d{1,3})(?::(\d{1,2})(?::(\d{1,2}))?)?/;
const POSIX_RULE = /^(?:J(\d{1,3})|(\d{1,3})|M(\d{1,2})\.(\d)\.(\d))/;
/** glibc's fallback when DST is named without rules (US rules since 2007). */
const DEFAULT_RULES = 'M3.2.0,M11.1.0';

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  take(re: RegExp): RegExpExecArray | null {
    const m = re.exec(this.text.slice(this.pos));
    if (m) this.pos += m[0].length;
    return m;
  }
  eat(ch: string): boolean {
    if (this.text[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }
  get done(): boolean {
    return this.pos >= this.text.length;
  }
}

function readTime(cur: Cursor): number | null {
  const m = cur.take(POSIX_TIME);
  if (!m) return null;
  const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -secs : secs;
}

function readRule(cur: Cursor): PosixRule | null {
  const m = cur.take(POSIX_RULE);
  if (!m) return null;
  let time = 7200;
  if (cur.eat('/')) {
    const t = readTime(cur);
    if (t === null) return null;
    time = t;
  }
  if (m[1] !== undefined) return { kind: 'J', a: Number(m[1]), b: 0, c: 0, time };
  if (m[2] !== undefined) return { kind: 'n', a: Number(m[2]), b: 0, c: 0, time };
  return { kind: 'M', a: Number(m[3]), b: Number(m[4]), c: Number(m[5]), time };
}

function validRule(r: PosixRule): boolean {
  if (r.kind === 'J') return r.a >= 1 && r.a <= 365;
  if (r.kind === 'n') return r.a <= 365;
  return r.a >= 1 && r.a <= 12 && r.b >= 1 && r.b <= 5 && r.c <= 6;
}

function readRules(cur: Cursor): [PosixRule, PosixRule] | null {
  if (!cur.eat(',')) return null;
  const start = readRule(cur);
  if (!start || !cur.eat(',')) return null;
  const end = readRule(cur);
  if (!end || !validRule(start) || !validRule(end)) return null;
  return [start, end];
}

/** Parses `STDoffset[DST[offset][,start[/time],end[/time]]]`; null when `text` is not of that form. */
export function parsePosixTzSpec(text: string): PosixSpec | null {
  const cur = new Cursor(text.startsWith(':') ? text.slice(1) : text);
  if (!cur.take(POSIX_NAME)) return null;
  const stdWest = readTime(cur);
  if (stdWest === null) return null;
  const std = stdWest === 0 ? 0 : -stdWest;
  if (cur.done) return { std, dst: null, start: null, end: null };
  if (!cur.take(POSIX_NAME)) return null;
  let dst = std + 3600;
  if (!cur.done && cur.text[cur.pos] !== ',') {
    const dstWest = readTime(cur);
    if (dstWest === null) return null;
    dst = dstWest === 0 ? 0 : -dstWest;
  }
  const rules = readRules(cur.done ? new Cursor(',' + DEFAULT_RULES) : cur);
  if (!rules || !cur.done) return null;
  return { std, dst, start: rules[0], end: rules[1] };
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Seconds since the epoch of local midnight (zone clock) on the day a rule selects in `year`. */
function ruleDay(rule: PosixRule, year: number): number {
  const jan1 = Date.UTC(year, 0, 1) / 1000;
  if (rule.kind === 'n') return jan1 + rule.a * DAY;
  if (rule.kind === 'J') {
    const skipLeap = isLeap(year) && rule.a >= 60 ? 1 : 0;
    return jan1 + (rule.a - 1 + skipLeap) * DAY;
  }
  const first = Date.UTC(year, rule.a - 1, 1) / 1000;
  const firstWeekday = new Date(first * 1000).getUTCDay();
  let day = 1 + ((rule.c - firstWeekday + 7) % 7) + (rule.b - 1) * 7;
  const monthDays = new Date(Date.UTC(year, rule.a, 0)).getUTCDate();
  while (day > monthDays) day -= 7;
  return first + (day - 1) * DAY;
}

function posixZone(name: string, spec: PosixSpec): TimeZone {
  const { std, dst, start, end } = spec;
  if (dst === null || start === null || end === null) return fixedTimeZone(std, name);
  const years = new Map<number, [number, number]>();
  const transitions = (year: number): [number, number] => {
    let t = years.get(year);
    if (!t) {
      t = [ruleDay(start, year) + start.time - std, ruleDay(end, year) + end.time - dst];
      if (years.size > 64) years.clear();
      years.set(year, t);
    }
    return t;
  };
  let yearFrom = NaN; // utc range [yearFrom, yearTo) of the cached year (on the standard clock)
  let yearTo = NaN;
  let on = 0;
  let off = 0;
  const offsetAt = (utc: number): number => {
    if (!(utc >= yearFrom && utc < yearTo)) {
      const year = new Date((utc + std) * 1000).getUTCFullYear();
      [on, off] = transitions(year);
      yearFrom = Date.UTC(year, 0, 1) / 1000 - std;
      yearTo = Date.UTC(year + 1, 0, 1) / 1000 - std;
    }
    const inDst = on < off ? utc >= on && utc < off : !(utc >= off && utc < on);
    return inDst ? dst : std;
  };
  return zoneFrom(name, offsetAt);
}

// ---------------------------------------------------------------- IANA names and the process zone

const BUCKET = 900; // offsets are cached per quarter hour, checked at both ends of the bucket

function ianaOffsetFn(name: string): ((utc: number) => number) | null {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
  } catch {
    return null;
  }
  const exact = (utc: number): number => {
    const ms = Math.floor(utc) * 1000;
    const p: Record<string, string> = {};
    for (const part of fmt.formatToParts(ms)) p[part.type] = part.value;
    const year = p.era === 'BC' ? 1 - Number(p.year) : Number(p.year);
    const wall = Date.UTC(year, Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    return (wall - ms) / 1000;
  };
  const cache = new Map<number, number | null>();
  return (utc) => {
    const bucket = Math.floor(utc / BUCKET);
    let cached = cache.get(bucket);
    if (cached === undefined) {
      const a = exact(bucket * BUCKET);
      cached = a === exact(bucket * BUCKET + BUCKET - 1) ? a : null;
      if (cache.size > 4096) cache.clear();
      cache.set(bucket, cached);
    }
    return cached ?? exact(utc);
  };
}

export function ianaTimeZone(name: string): TimeZone | null {
  const fn = ianaOffsetFn(name);
  return fn ? zoneFrom(name, fn) : null;
}

function processTz(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const tz = env?.TZ;
  return tz === undefined || tz === '' ? undefined : tz;
}

/**
 * The zone of this process: $TZ when set (IANA name or POSIX string: Node itself ignores POSIX
 * rules), else the system zone as Node knows it.
 */
export function localTimeZone(): TimeZone {
  const tz = processTz();
  if (tz !== undefined) {
    const zone = ianaTimeZone(tz.replace(/^:/, '')) ?? parsePosixTimeZone(tz);
    if (zone) return { ...zone, name: 'local' };
  }
  return zoneFrom('local', (utc) => -new Date(Math.floor(utc) * 1000).getTimezoneOffset() * 60);
}

export function parsePosixTimeZone(text: string): TimeZone | null {
  const spec = parsePosixTzSpec(text);
  return spec ? posixZone(text, spec) : null;
}

/**
 * Any zone warden accepts as a default zone: 'local', 'UTC'/'GMT'/'Z', a POSIX TZ string, or an IANA
 * name. Throws WardenError ERR_TIMEZONE otherwise.
 */
export function parseTimeZone(spec: string): TimeZone {
  const text = spec.trim();
  if (text === 'local') return localTimeZone();
  if (text === 'UTC' || text === 'GMT' || text === 'Z') return fixedTimeZone(0, text);
  const zone = parsePosixTimeZone(text) ?? ianaTimeZone(text);
  if (zone) return zone;
  throw new WardenError('ERR_TIMEZONE', `Unknown time zone ${JSON.stringify(spec)}: expected a POSIX TZ string, an IANA name or 'local'.`);
}
