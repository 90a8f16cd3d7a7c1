/**
 * Unix seconds for stamps of one learnt shape (date-shape.ts): the numbers read from the line go
 * straight into wall-clock arithmetic, with the day's midnight cached, instead of through StampParts.
 * Gives exactly finishStamp's result (tested against it); other stamps keep finishStamp.
 */
import type { TimeZone } from '../core/timezone.js';
import { dayStartWall, secondsOfDay, toUtc, UNSET, wallYear, zoneOf, type StampParts, type StampZones } from './strptime.js';

const DAY = 86400;
const YEAR = 0;
const YEAR2 = 1; // %y: 20xx
const MONTH = 2;
const DAY_OF_MONTH = 3;
const HOUR = 4;
const MINUTE = 5;
const SECOND = 6;
const IGNORED = 7; // %f: fail2ban drops sub-seconds of parsed stamps
const SLOTS: Readonly<Record<string, number>> = { Y: YEAR, y: YEAR2, m: MONTH, d: DAY_OF_MONTH, H: HOUR, M: MINUTE, S: SECOND, f: IGNORED };

export interface StampClock {
  /** Unix seconds of the stamp whose numeric fields hold `values` (NaN: not a valid time). */
  time(values: Int32Array, now: number): number;
}

/**
 * A clock for stamps that share `base`'s other fields and carry the numeric fields `keys` (in the
 * order of `values`), or null when finishStamp must do it: month or day unknown (taken from now, or
 * from %j / %U / %W), or a key it does not read.
 */
export function stampClock(base: StampParts, keys: readonly string[], zones: StampZones): StampClock | null {
  const slots = keys.map((k) => SLOTS[k] ?? -1);
  if (slots.includes(-1)) return null;
  const has = (slot: number): boolean => slots.includes(slot);
  if ((base.month === UNSET && !has(MONTH)) || (base.day === UNSET && !has(DAY_OF_MONTH))) return null;
  const assumeYear = base.year === UNSET && !has(YEAR) && !has(YEAR2);
  return new ShapeClock(base, Int8Array.from(slots), zoneOf(base, zones), zones, assumeYear);
}

class ShapeClock implements StampClock {
  readonly #base: StampParts;
  readonly #slots: Int8Array;
  readonly #zone: TimeZone | null;
  readonly #zones: StampZones;
  readonly #assumeYear: boolean;
  /** fail2ban compares a zoned stamp, moved to UTC, with the local wall time of now. */
  readonly #zoned: boolean;
  // the last day seen and its midnight (wall clock)
  #year = NaN;
  #month = NaN;
  #day = NaN;
  #dayStart = NaN;
  // the last now and what it gives a year-less stamp
  #now = NaN;
  #nowWall = NaN;
  #nowYear = NaN;

  constructor(base: StampParts, slots: Int8Array, zone: TimeZone | null, zones: StampZones, assumeYear: boolean) {
    this.#base = base;
    this.#slots = slots;
    this.#zone = zone;
    this.#zones = zones;
    this.#assumeYear = assumeYear;
    this.#zoned = zone !== zones.local;
  }

  time(values: Int32Array, now: number): number {
    const b = this.#base;
    let year = b.year;
    let month = b.month;
    let day = b.day;
    let hour = b.hour;
    let minute = b.minute;
    let second = b.second;
    const slots = this.#slots;
    for (let i = 0; i < slots.length; i++) {
      const v = values[i];
      switch (slots[i]) {
        case YEAR: year = v; break;
        case YEAR2: year = v + 2000; break;
        case MONTH: month = v; break;
        case DAY_OF_MONTH: day = v; break;
        case HOUR: hour = v; break;
        case MINUTE: minute = v; break;
        case SECOND: second = v; break;
        default: break;
      }
    }
    const clock = secondsOfDay(hour, minute, second);
    if (this.#assumeYear) return this.#yearless(month, day, clock, now);
    return this.#utc(this.#dayWall(year, month, day) + clock);
  }

  /** finishStamp without a year: this year on the local clock, last year if that is more than a day ahead. */
  #yearless(month: number, day: number, clock: number, now: number): number {
    if (now !== this.#now) {
      this.#now = now;
      this.#nowWall = now + this.#zones.local.offsetAt(now);
      this.#nowYear = wallYear(this.#nowWall);
    }
    const wall = this.#dayWall(this.#nowYear, month, day) + clock;
    if (Number.isNaN(wall)) return NaN;
    if ((this.#zoned ? this.#utc(wall) : wall) <= this.#nowWall + DAY) return this.#utc(wall);
    return this.#utc(dayStartWall(this.#nowYear - 1, month, day) + clock);
  }

  #dayWall(year: number, month: number, day: number): number {
    if (year !== this.#year || month !== this.#month || day !== this.#day) {
      this.#year = year;
      this.#month = month;
      this.#day = day;
      this.#dayStart = dayStartWall(year, month, day);
    }
    return this.#dayStart;
  }

  #utc(wall: number): number {
    if (Number.isNaN(wall)) return NaN;
    return this.#zone === null ? toUtc(this.#base, null, wall) : this.#zone.toUtc(wall);
  }
}
