/**
 * Python `re` syntax -> JS RegExp source for date templates (datepattern values are Python regexes).
 * Covers what datepatterns use; anything it cannot translate faithfully is an ERR_DATE_PATTERN.
 */
import { WardenError } from '../core/errors.js';

export interface JsRegex {
  readonly source: string;
  /** JS flags from leading Python inline flags (`i`, `s`, `m`); `u` and `a` need none. */
  readonly flags: string;
}

const FLAG_MAP: Readonly<Record<string, string>> = { i: 'i', s: 's', m: 'm', u: '', a: '' };

function fail(py: string, at: number, what: string): never {
  throw new WardenError('ERR_DATE_PATTERN', `date regex ${JSON.stringify(py)}: ${what} at position ${at} is not supported.`);
}

/** Index just past the character class that starts at `i` (Python rules: a leading `]` is literal). */
function classEnd(py: string, i: number): number {
  let j = i + 1;
  if (py[j] === '^') j++;
  if (py[j] === ']') j++;
  while (j < py.length && py[j] !== ']') j += py[j] === '\\' ? 2 : 1;
  if (j >= py.length) fail(py, i, 'an unterminated character class');
  return j + 1;
}

function translateClass(text: string): string {
  const neg = text[1] === '^' ? 1 : 0;
  if (text[1 + neg] !== ']') return text;
  return text.slice(0, 1 + neg) + '\\]' + text.slice(2 + neg);
}

const INLINE_FLAGS = /^\(\?([a-zA-Z]+)\)/;
const NAMED_REF = /^\(\?P=(\w+)\)/;

interface Out {
  source: string;
  flags: string;
}

/** Handles a `(` at `i`; returns the index after what was consumed. */
function translateParen(py: string, i: number, out: Out): number {
  const rest = py.slice(i);
  if (rest.startsWith('(?P<')) {
    out.source += '(?<';
    return i + 4;
  }
  const ref = NAMED_REF.exec(rest);
  if (ref) {
    out.source += `\\k<${ref[1]}>`;
    return i + ref[0].length;
  }
  if (rest.startsWith('(?#')) {
    const close = py.indexOf(')', i);
    if (close < 0) fail(py, i, 'an unterminated comment');
    return close + 1;
  }
  const flags = INLINE_FLAGS.exec(rest);
  if (flags) {
    if (out.source !== '') fail(py, i, `the inline flag group ${flags[0]} (only at the start)`);
    for (const f of flags[1]) {
      if (!(f in FLAG_MAP)) fail(py, i, `the inline flag ${f}`);
      if (!out.flags.includes(FLAG_MAP[f])) out.flags += FLAG_MAP[f];
    }
    return i + flags[0].length;
  }
  if (rest.startsWith('(?(')) fail(py, i, 'a conditional group');
  if (rest.startsWith('(?>')) fail(py, i, 'an atomic group');
  if (/^\(\?[a-zA-Z-]+:/.test(rest)) fail(py, i, 'a scoped flag group');
  out.source += '(';
  return i + 1;
}

function translateEscape(py: string, i: number, out: Out): number {
  const c = py[i + 1];
  if (c === undefined) fail(py, i, 'a trailing backslash');
  if (c === 'A') out.source += '^';
  else if (c === 'Z') out.source += '$';
  else out.source += '\\' + c;
  return i + 2;
}

/** Translates a whole Python regex (leading inline flags become JS flags). */
export function translateDateRegex(py: string): JsRegex {
  const out: Out = { source: '', flags: '' };
  let i = 0;
  while (i < py.length) {
    const c = py[i];
    if (c === '\\') i = translateEscape(py, i, out);
    else if (c === '[') {
      const end = classEnd(py, i);
      out.source += translateClass(py.slice(i, end));
      i = end;
    } else if (c === '(') i = translateParen(py, i, out);
    else if (c === '{' && py[i + 1] === ',') {
      out.source += '{0';
      i++;
    } else if (c === '+' && /[*+?}]/.test(py[i - 1] ?? '') && py[i - 2] !== '\\') {
      fail(py, i, 'a possessive quantifier');
    } else {
      out.source += c;
      i++;
    }
  }
  return out;
}

/** Position of the first capturing group's `(` (named groups count, as in Python and JS), or -1. */
function firstGroup(src: string): { open: number; depth: number } {
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(src, i) - 1;
    else if (c === ')') depth--;
    else if (c === '(') {
      if (src[i + 1] !== '?' || (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!')) return { open: i, depth };
      depth++;
    }
  }
  return { open: -1, depth: 0 };
}

function closingParen(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(src, i) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

function hasTopLevelAlternation(src: string): boolean {
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(src, i) - 1;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

const ZERO_WIDTH_TAIL = /^(?:\(\?[=!](?:[^()\\[]|\\.|\((?:[^()\\]|\\.)*\))*\)|\$|\\[bB])*$/;

/**
 * True when group 1 always ends where the whole match ends (only assertions follow it), so its span
 * is [end - group1.length, end) and the regex needs no `d` flag.
 */
export function groupOneIsTail(src: string): boolean {
  const { open, depth } = firstGroup(src);
  if (open < 0 || depth !== 0 || hasTopLevelAlternation(src)) return false;
  const close = closingParen(src, open);
  return close > 0 && !/[*+?{]/.test(src[close + 1] ?? '') && ZERO_WIDTH_TAIL.test(src.slice(close + 1));
}

export interface NumberedRegex {
  readonly source: string;
  /** Group number of each named group, in order of appearance. */
  readonly groups: ReadonlyMap<string, number>;
}

/**
 * Drops group names (`(?<Y>` -> `(`, `\k<_sep>` -> a numbered back-reference): V8 builds no
 * `groups` object then, which matters on the hot path. Fields are read by number instead.
 */
export function numberNamedGroups(src: string): NumberedRegex {
  const groups = new Map<string, number>();
  let out = '';
  let count = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '[') {
      const end = classEnd(src, i);
      out += src.slice(i, end);
      i = end - 1;
    } else if (c === '\\') {
      const ref = /^\\k<(\w+)>/.exec(src.slice(i));
      const num = ref ? groups.get(ref[1]) : undefined;
      if (ref && num === undefined) fail(src, i, `the back-reference to unknown group ${ref[1]}`);
      out += ref ? `(?:\\${num})` : src.slice(i, i + 2);
      i += ref ? ref[0].length - 1 : 1;
    } else if (c === '(' && (src[i + 1] !== '?' || /^\(\?<\w+>/.test(src.slice(i, i + 40)))) {
      count++;
      const name = /^\(\?<(\w+)>/.exec(src.slice(i, i + 40));
      if (name) {
        groups.set(name[1], count);
        i += name[0].length - 1;
      }
      out += '(';
    } else out += c;
  }
  return { source: out, groups };
}
