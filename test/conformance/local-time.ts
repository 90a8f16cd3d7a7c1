/**
 * failJSON `time` values are local times in a POSIX TZ (the suite pins CET-01CEST-02,M3.5.0,M10.5.0);
 * this turns them into unix seconds as Python's time.mktime (tm_isdst=-1) does under glibc.
 */

interface Rule {
  readonly month: number; // 1..12
  readonly week: number; // 1..5 (5 = last)
  readonly weekday: number; // 0 = Sunday
  readonly at: number; // seconds after local midnight
}

export interface PosixZone {
  /** Seconds to ADD to UTC for standard time (CET-01 -> +3600). */
  readonly stdOffset: number;
  readonly dstOffset: number | null;
  readonly start: Rule | null;
  readonly end: Rule | null;
}

const ZONE = /^([A-Za-z]+|<[^>]+>)([+-]?\d{1,2}(?::\d{2}){0,2})(?:([A-Za-z]+|<[^>]+>)([+-]?\d{1,2}(?::\d{2}){0,2})?,(M[\d.]+(?:\/[+-]?\d+(?::\d{2}){0,2})?),(M[\d.]+(?:\/[+-]?\d+(?::\d{2}){0,2})?))?$/;

function clockSeconds(text: string): number {
  const [h, m = '0', s = '0'] = text.replace(/^[+-]/, '').split(':');
  const seconds = Number(h) * 3600 + Number(m) * 60 + Number(s);
  return text.startsWith('-') ? -seconds : seconds;
}

function parseRule(text: string): Rule {
  const [date, time] = text.split('/');
  const [month, week, weekday] = date.slice(1).split('.').map(Number);
  return { month, week, weekday, at: time === undefined ? 7200 : clockSeconds(time) };
}

/** Parses `STDoff[DST[off],Mm.w.d[/t],Mm.w.d[/t]]`; null when the text is not of that form. */
export function parsePosixZone(tz: string): PosixZone | null {
  const m = ZONE.exec(tz);
  if (m === null) return null;
  const stdOffset = 0 - clockSeconds(m[2]);
  if (m[3] === undefined) return { stdOffset, dstOffset: null, start: null, end: null };
  const dstOffset = m[4] === undefined ? stdOffset + 3600 : 0 - clockSeconds(m[4]);
  return { stdOffset, dstOffset, start: parseRule(m[5]), end: parseRule(m[6]) };
}

/** Unix seconds of the rule's day in `year`, at 00:00 UTC. */
function ruleDay(year: number, rule: Rule): number {
  const first = Date.UTC(year, rule.month - 1, 1) / 1000;
  const firstWeekday = new Date(first * 1000).getUTCDay();
  let day = 1 + ((rule.weekday - firstWeekday + 7) % 7) + (rule.week - 1) * 7;
  const daysInMonth = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
  while (day > daysInMonth) day -= 7;
  return first + (day - 1) * 86400;
}

/** Whether daylight time is in effect at the unix instant `t`. */
export function isDaylight(zone: PosixZone, t: number): boolean {
  if (zone.dstOffset === null || zone.start === null || zone.end === null) return false;
  const year = new Date((t + zone.stdOffset) * 1000).getUTCFullYear();
  const start = ruleDay(year, zone.start) + zone.start.at - zone.stdOffset;
  const end = ruleDay(year, zone.end) + zone.end.at - zone.dstOffset;
  return start < end ? t >= start && t < end : !(t >= end && t < start);
}

/**
 * Local wall-clock fields (as if UTC) to unix seconds, like glibc mktime with tm_isdst=-1: a time in
 * the spring-forward gap takes standard time (checked against Python). For a repeated autumn time
 * glibc's pick depends on its previous calls; we take standard time (no fail2ban sample has one).
 */
export function localToEpoch(zone: PosixZone, wallAsUtc: number): number {
  const asStd = wallAsUtc - zone.stdOffset;
  if (zone.dstOffset === null || !isDaylight(zone, asStd)) return asStd;
  const asDst = wallAsUtc - zone.dstOffset;
  return isDaylight(zone, asDst) ? asDst : asStd;
}

const FAIL_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6}))?$/;

/** A failJSON `time` (`YYYY-MM-DDTHH:MM:SS[.ffffff]`, fields of 1-2 digits as strptime takes them, local) to unix seconds; null if malformed. */
export function failJsonTime(text: string, zone: PosixZone): number | null {
  const m = FAIL_TIME.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  const micro = frac === undefined ? 0 : Number(frac.padEnd(6, '0'));
  return localToEpoch(zone, wall) + micro / 1e6;
}
