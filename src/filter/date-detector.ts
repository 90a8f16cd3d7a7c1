/**
 * Finds the date in a log line as fail2ban does (template choice in date-matcher.ts) and turns it
 * into unix seconds. Stateful per filter; caches the last stamp text -> time.
 */
import { parseTimeZone } from '../core/timezone.js';
import { DateMatcher } from './date-matcher.js';
import type { DateTemplate, TemplateSlot } from './date-pattern.js';
import { templatesFor } from './date-templates.js';
import type { StampShape } from './date-shape.js';
import { stampClock, type StampClock } from './stamp-clock.js';
import {
  copyStampParts, finishStamp, newStampParts, readStamp, setNumericField, stampToTime, type StampInfo, type StampZones,
} from './strptime.js';
import { exYearRegex } from './strptime-fields.js';
import { resolveLogTimezone } from './strptime-zones.js';

export interface DateMatch {
  /** Unix seconds (sub-seconds only for EPOCH stamps: fail2ban drops %f). */
  time: number;
  /** Span of the date text (group 1); the engine cuts line[start, end) out before failregex. */
  start: number;
  end: number;
  /** Display name of the template. */
  template: string;
}

export interface DateDetector {
  /**
   * The date of `line`, or null when no template matches or the stamp is not a valid time. An empty
   * span (start === end: `{NONE}`, `^prefix()**`) means "this line has no date by design"; fail2ban
   * then uses the last date if it is recent, else now. `time` is `now` in that case.
   */
  detect(line: string, now: number): DateMatch | null;
  /** Template names in the current (most-recently-used) order. */
  readonly templates: readonly string[];
}

export interface DateDetectorOptions {
  /** Raw datepattern value; several lines = several templates; null = the defaults. */
  datepattern?: string | null;
  /** logtimezone: UTC, GMT, Z, UTC+hh[:mm], fixed abbreviations, IANA names (warden). */
  timezone?: string | null;
  /** Zone for stamps without one when `timezone` is unset: POSIX TZ string, IANA name or 'local'. */
  defaultTimezone?: string;
  /**
   * The real current time (unix seconds), used only to bound %ExY: fail2ban accepts years from 2000
   * to the end of the decade holding this year + 3. Default Date.now(). Not a replayed "now".
   */
  wallClock?: number;
}

class Detector implements DateDetector {
  readonly #matcher: DateMatcher;
  readonly #zones: StampZones;
  readonly #info: StampInfo = { nowDependent: false };
  #start = 0; // group 1 span of the current match
  #end = 0;
  // conversion cache: consecutive lines often carry the same stamp
  #cacheTemplate: DateTemplate | null = null;
  #cacheText = '';
  #cacheTime = NaN;
  #cacheNow = NaN; // NaN when the time did not depend on now
  // same-shape stamps: the fields of the match the shape belongs to, and its clock
  #shapeOf: RegExpExecArray | null = null;
  readonly #shapeParts = newStampParts();
  readonly #parts = newStampParts();
  #clock: StampClock | null = null;

  constructor(templates: readonly TemplateSlot[], zones: StampZones) {
    this.#matcher = new DateMatcher(templates);
    this.#zones = zones;
  }

  get templates(): readonly string[] {
    return this.#matcher.names;
  }

  detect(line: string, now: number): DateMatch | null {
    const m = this.#matcher.match(line, now);
    if (m === null) return null;
    const t = this.#matcher.template as DateTemplate;
    if (!this.#span(t, m)) return { time: now, start: 0, end: 0, template: t.name };
    if (this.#start === this.#end) return { time: now, start: this.#start, end: this.#end, template: t.name };
    const time = this.#convert(t, m, line, now);
    return Number.isNaN(time) ? null : { time, start: this.#start, end: this.#end, template: t.name };
  }

  /** Sets the group 1 span; false when group 1 did not take part (fail2ban: an empty date). */
  #span(t: DateTemplate, m: RegExpExecArray): boolean {
    if (t.groupTail) {
      if (m[1] === undefined) return false;
      this.#end = m.index + m[0].length;
      this.#start = this.#end - m[1].length;
      return true;
    }
    const span = m.indices?.[1];
    if (span === undefined) return false;
    this.#start = span[0];
    this.#end = span[1];
    return true;
  }

  #convert(t: DateTemplate, m: RegExpExecArray, line: string, now: number): number {
    const shape = this.#matcher.reshaped;
    if (shape !== null) return this.#reshapedTime(t, m, shape, now);
    const len = this.#end - this.#start;
    if (t === this.#cacheTemplate && this.#cacheText.length === len && line.startsWith(this.#cacheText, this.#start)
      && (Number.isNaN(this.#cacheNow) || this.#cacheNow === now)) {
      return this.#cacheTime;
    }
    this.#info.nowDependent = false;
    const time = this.#computeTime(t, m, now);
    this.#cacheTemplate = t;
    this.#cacheText = t.groupTail ? (m[1] as string) : line.slice(this.#start, this.#end);
    this.#cacheTime = time;
    this.#cacheNow = this.#info.nowDependent ? now : NaN;
    return time;
  }

  /** `m` has the positions but maybe older digits: other fields from `m`, the numbers as the matcher read them. */
  #reshapedTime(t: DateTemplate, m: RegExpExecArray, shape: StampShape, now: number): number {
    if (this.#shapeOf !== m) {
      if (!readStamp(m, t.layout, this.#shapeParts)) return NaN;
      this.#shapeOf = m;
      this.#clock = stampClock(this.#shapeParts, shape.numeric.map((f) => f.key), this.#zones);
    }
    if (this.#clock !== null) return this.#clock.time(shape.values, now);
    const p = copyStampParts(this.#shapeParts, this.#parts);
    const fields = shape.numeric;
    for (let i = 0; i < fields.length; i++) setNumericField(p, fields[i].key, shape.values[i]);
    return finishStamp(p, this.#zones, now, this.#info);
  }

  #computeTime(t: DateTemplate, m: RegExpExecArray, now: number): number {
    if (t.kind === 'tai64n') return parseInt(m[1].slice(2, 17), 16);
    if (t.kind === 'epoch') {
      const v = m[t.valueGroup] ?? '';
      if (!t.longEpoch || v.length < 13) return Number(v);
      return Number(v) / (v.length >= 16 && !v.includes('.') ? 1e6 : 1e3);
    }
    return stampToTime(m, t.layout, this.#zones, now, this.#info);
  }
}

function zonesFor(opts: DateDetectorOptions): StampZones {
  const tz = opts.timezone?.trim();
  return { log: tz ? resolveLogTimezone(tz) : null, local: parseTimeZone(opts.defaultTimezone ?? 'local') };
}

/** Throws WardenError ERR_DATE_PATTERN / ERR_TIMEZONE naming the bad pattern or zone. */
export function createDateDetector(opts: DateDetectorOptions): DateDetector {
  const zones = zonesFor(opts);
  const year = new Date(opts.wallClock === undefined ? Date.now() : opts.wallClock * 1000).getUTCFullYear();
  return new Detector(templatesFor(opts.datepattern, exYearRegex(year)), zones);
}
