/**
 * strptime-like `%` directives of fail2ban datepatterns: each becomes a named-group regex (Python
 * syntax, translated later with the rest of the pattern) and a display name for `warden regex`.
 */
import { WardenError } from '../core/errors.js';

interface Directive {
  /** Regex with one named group (Python syntax: `(?P<name>...)`). */
  readonly regex: string;
  /** Label used in template names, as fail2ban-regex prints them. */
  readonly label: string;
  /** Month/day names and AM/PM: the pattern is matched case-insensitively. */
  readonly alpha?: true;
}

const ABBR = '[A-Z](?:[A-Z]{2,4})?';
const OFFSET = '[+-][01]\\d(?::?\\d\\d)?';
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const DAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const short = (names: string): string => names.split('|').map((n) => n.slice(0, 3)).join('|');

/** Directives with a fixed regex; `ExY` depends on the current year (see exYearRegex). */
const DIRECTIVES: Readonly<Record<string, Directive>> = {
  a: { regex: `(?P<a>${short(DAYS)})`, label: 'DAY', alpha: true },
  A: { regex: `(?P<A>${DAYS})`, label: 'DAYNAME', alpha: true },
  b: { regex: `(?P<b>${short(MONTHS)})`, label: 'MON', alpha: true },
  B: { regex: `(?P<B>${MONTHS})`, label: 'MONTH', alpha: true },
  p: { regex: '(?P<p>am|pm)', label: 'AMPM', alpha: true },
  d: { regex: '(?P<d>3[01]|[12]\\d|[0 ]?[1-9])', label: 'Day' },
  m: { regex: '(?P<m>1[0-2]|0?[1-9])', label: 'Month' },
  Y: { regex: '(?P<Y>\\d{4})', label: 'Year' },
  y: { regex: '(?P<y>\\d\\d)', label: 'Year2' },
  H: { regex: '(?P<H>2[0-3]|[01]?\\d)', label: '24hour' },
  I: { regex: '(?P<I>1[0-2]|0?[1-9])', label: '12hour' },
  k: { regex: ' ?(?P<H>[0-2]?\\d)', label: '%k' },
  l: { regex: ' ?(?P<I>1?\\d)', label: '%l' },
  M: { regex: '(?P<M>[0-5]?\\d)', label: 'Minute' },
  S: { regex: '(?P<S>6[01]|[0-5]?\\d)', label: 'Second' },
  f: { regex: '(?P<f>\\d{1,6})', label: 'Microseconds' },
  j: { regex: '(?P<j>36[0-6]|3[0-5]\\d|[12]\\d\\d|0?[1-9]\\d|0{0,2}[1-9])', label: 'Yearday' },
  U: { regex: '(?P<U>5[0-3]|[0-4]?\\d)', label: 'Yearweek' },
  W: { regex: '(?P<W>5[0-3]|[0-4]?\\d)', label: 'Yearweek' },
  w: { regex: '(?P<w>[0-6])', label: 'Weekday' },
  z: { regex: `(?P<z>Z|UTC|GMT|${OFFSET})`, label: 'Zone offset' },
  Z: { regex: '(?P<Z>Z|[A-Z]{3,5})', label: 'Zone name' },
  '%': { regex: '%', label: '%' },
  Exy: { regex: '(?P<y>\\d\\d)', label: 'ExYear2' },
  Exm: { regex: '(?P<m>1[0-2]|0[1-9])', label: 'ExMonth' },
  Exd: { regex: '(?P<d>3[01]|[12]\\d|0[1-9])', label: 'ExDay' },
  ExH: { regex: '(?P<H>2[0-3]|[01]\\d)', label: 'Ex24hour' },
  ExM: { regex: '(?P<M>[0-5]\\d)', label: 'ExMinute' },
  ExS: { regex: '(?P<S>6[01]|[0-5]\\d)', label: 'ExSecond' },
  Exk: { regex: ' ?(?P<H>2[0-3]|[01]?\\d)', label: '%Exk' },
  Exl: { regex: ' ?(?P<I>1[0-2]|\\d)', label: '%Exl' },
  ExZ: { regex: `(?P<Z>${ABBR})`, label: 'ExZone name' },
  Exz: { regex: `(?P<z>(?:${ABBR})?${OFFSET}|${ABBR})`, label: 'ExZone offset' },
};

/**
 * `%ExY`: a plausible year, 2000 up to the end of the decade that holds `year + 3` (fail2ban's range:
 * years far in the future are more likely numbers that only look like dates).
 */
export function exYearRegex(year: number): string {
  const lastDecade = Math.max(200, Math.floor((year + 3) / 10));
  const parts: string[] = [];
  for (let century = 20; century * 10 <= lastDecade; century++) {
    const top = Math.min(9, lastDecade - century * 10);
    parts.push(top === 0 ? `${century}0` : `${century}[0-${top}]`);
  }
  const body = parts.length === 1 ? parts[0] : `(?:${parts.join('|')})`;
  return `(?P<Y>${body}\\d)`;
}

export interface ExpandedPattern {
  /** The pattern with every directive replaced by its regex (still Python syntax). */
  readonly regex: string;
  /** The pattern with every directive replaced by its label (fail2ban's template name). */
  readonly name: string;
  /** True when a directive needs case-insensitive matching (%a %A %b %B %p). */
  readonly alpha: boolean;
}

const KEY_AFTER_PERCENT = /^(?:Ex[a-zA-Z]|[a-zA-Z%])/;
const UNSUPPORTED = new Set(['c', 'x', 'X', 'G', 'u', 'V']);

/** Replaces `%` directives; throws ERR_DATE_PATTERN on an unknown one or a stray `%`. */
export function expandDirectives(pattern: string, exYear: string): ExpandedPattern {
  let regex = '';
  let name = '';
  let alpha = false;
  let i = 0;
  while (i < pattern.length) {
    const pct = pattern.indexOf('%', i);
    if (pct < 0) break;
    regex += pattern.slice(i, pct);
    name += pattern.slice(i, pct);
    const key = KEY_AFTER_PERCENT.exec(pattern.slice(pct + 1, pct + 4))?.[0];
    const directive = key === 'ExY' ? { regex: exYear, label: 'ExYear' } : key ? DIRECTIVES[key] : undefined;
    if (!key || !directive) throw badDirective(pattern, pct, key);
    regex += directive.regex;
    name += directive.label;
    alpha ||= 'alpha' in directive;
    i = pct + 1 + key.length;
  }
  return { regex: regex + pattern.slice(i), name: name + pattern.slice(i), alpha };
}

function badDirective(pattern: string, at: number, key: string | undefined): WardenError {
  const what = key ? `%${key}` : `'%' at position ${at}`;
  const why = key && UNSUPPORTED.has(key) ? 'is not supported' : 'is not a date directive (write %% for a literal %)';
  return new WardenError('ERR_DATE_PATTERN', `datepattern ${JSON.stringify(pattern)}: ${what} ${why}.`);
}
