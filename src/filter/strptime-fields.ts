/**
 * strptime-like `%` directives of fail2ban datepatterns: each becomes a named-group regex (Python
 * syntax, translated later with the rest of the pattern) and a display name for `warden regex`.
 */
import { WardenError } from '../core/errors.js';

interface Directive {
  /** Regex with one named group (Python syntax: `(?P<name>...)`). */
  readonly regex: string;
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
  a: { regex: `(?P<a>${short(DAYS)})`, alpha: true },
  A: { regex: `(?P<A>${DAYS})`, alpha: true },
  b: { regex: `(?P<b>${short(MONTHS)})`, alpha: true },
  B: { regex: `(?P<B>${MONTHS})`, alpha: true },
  p: { regex: '(?P<p>am|pm)', alpha: true },
  d: { regex: '(?P<d>3[01]|[12]\\d|[0 ]?[1-9])' },
  m: { regex: '(?P<m>1[0-2]|0?[1-9])' },
  Y: { regex: '(?P<Y>\\d{4})' },
  y: { regex: '(?P<y>\\d\\d)' },
  H: { regex: '(?P<H>2[0-3]|[01]?\\d)' },
  I: { regex: '(?P<I>1[0-2]|0?[1-9])' },
  k: { regex: ' ?(?P<H>[0-2]?\\d)' },
  l: { regex: ' ?(?P<I>1?\\d)' },
  M: { regex: '(?P<M>[0-5]?\\d)' },
  S: { regex: '(?P<S>6[01]|[0-5]?\\d)' },
  f: { regex: '(?P<f>\\d{1,6})' },
  j: { regex: '(?P<j>36[0-6]|3[0-5]\\d|[12]\\d\\d|0?[1-9]\\d|0{0,2}[1-9])' },
  U: { regex: '(?P<U>5[0-3]|[0-4]?\\d)' },
  W: { regex: '(?P<W>5[0-3]|[0-4]?\\d)' },
  w: { regex: '(?P<w>[0-6])' },
  z: { regex: `(?P<z>Z|UTC|GMT|${OFFSET})` },
  Z: { regex: '(?P<Z>Z|[A-Z]{3,5})' },
  '%': { regex: '%' },
  Exy: { regex: '(?P<y>\\d\\d)' },
  Exm: { regex: '(?P<m>1[0-2]|0[1-9])' },
  Exd: { regex: '(?P<d>3[01]|[12]\\d|0[1-9])' },
  ExH: { regex: '(?P<H>2[0-3]|[01]\\d)' },
  ExM: { regex: '(?P<M>[0-5]\\d)' },
  ExS: { regex: '(?P<S>6[01]|[0-5]\\d)' },
  Exk: { regex: ' ?(?P<H>2[0-3]|[01]?\\d)' },
  Exl: { regex: ' ?(?P<I>1[0-2]|\\d)' },
  ExZ: { regex: `(?P<Z>${ABBR})` },
  Exz: { regex: `(?P<z>(?:${ABBR})?${OFFSET}|${ABBR})` },
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
  /** The pattern as written (directives kept), the template's display name. */
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
    const directive = key === 'ExY' ? { regex: exYear } : key ? DIRECTIVES[key] : undefined;
    if (!key || !directive) throw badDirective(pattern, pct, key);
    regex += directive.regex;
    name += `%${key}`;
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
