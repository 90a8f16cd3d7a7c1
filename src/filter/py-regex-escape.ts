/**
 * Backslash escapes of Python `re` (str patterns), inside and outside character sets, with Python's
 * exact rules for octal escapes versus group references and for which letters are errors.
 */
import { PyRegexSyntaxError, UnsupportedRegexError, type Category } from './py-regex-ast.js';
import { lookupCharName } from './py-regex-names.js';

/** What an escape stands for. `pos` of the caller is advanced past it. */
export type Escape =
  | { readonly kind: 'char'; readonly cp: number }
  | { readonly kind: 'cat'; readonly cat: Category }
  | { readonly kind: 'assert'; readonly at: 'start' | 'end' | 'boundary' | 'non-boundary' }
  | { readonly kind: 'groupref'; readonly group: number };

export interface Cursor {
  readonly src: string;
  pos: number;
}

const SIMPLE: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
const CATEGORIES = new Set(['d', 'D', 'w', 'W', 's', 'S']);
const ASSERTS: Readonly<Record<string, 'start' | 'end' | 'boundary' | 'non-boundary'>> = {
  A: 'start',
  Z: 'end',
  b: 'boundary',
  B: 'non-boundary',
};

const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isAsciiLetter = (c: string): boolean => /^[A-Za-z]$/.test(c);

/** Escape outside a set. `cur.pos` is at the backslash. */
export function readEscape(cur: Cursor): Escape {
  const start = cur.pos;
  const c = escapedChar(cur);
  if (CATEGORIES.has(c)) return { kind: 'cat', cat: c as Category };
  const at = ASSERTS[c];
  if (at !== undefined) return { kind: 'assert', at };
  if (c === '0') return { kind: 'char', cp: readOctalTail(cur, '0', 2) };
  if (isDigit(c)) return readDigitEscape(cur, c, start);
  return { kind: 'char', cp: commonEscape(cur, c, start) };
}

/** Escape inside a set: `\b` is backspace, categories are members, anchors are errors. */
export function readClassEscape(cur: Cursor): Exclude<Escape, { kind: 'assert' | 'groupref' }> {
  const start = cur.pos;
  const c = escapedChar(cur);
  if (CATEGORIES.has(c)) return { kind: 'cat', cat: c as Category };
  if (c === 'b') return { kind: 'char', cp: 8 };
  if (isOctal(c)) {
    const cp = readOctalTail(cur, c, 2);
    if (cp > 0o377) throw new PyRegexSyntaxError(`octal escape value \\${cur.src.slice(start + 1, cur.pos)} outside of range 0-0o377`, start);
    return { kind: 'char', cp };
  }
  if (isDigit(c)) throw new PyRegexSyntaxError(`bad escape \\${c}`, start);
  return { kind: 'char', cp: commonEscape(cur, c, start) };
}

/** Consumes the backslash and the escaped character (one code point); returns that character. */
function escapedChar(cur: Cursor): string {
  const cp = cur.src.codePointAt(cur.pos + 1);
  if (cp === undefined) throw new PyRegexSyntaxError('bad escape (end of pattern)', cur.pos);
  const c = String.fromCodePoint(cp);
  cur.pos += 1 + c.length;
  return c;
}

function commonEscape(cur: Cursor, c: string, start: number): number {
  const simple = SIMPLE[c];
  if (simple !== undefined) return simple;
  if (c === 'x') return readHex(cur, 2, start);
  if (c === 'u') return readHex(cur, 4, start);
  if (c === 'U') return readHex(cur, 8, start);
  if (c === 'N') return readNamed(cur, start);
  if (isAsciiLetter(c)) throw new PyRegexSyntaxError(`bad escape \\${c}`, start);
  return c.codePointAt(0) as number;
}

function readHex(cur: Cursor, count: number, start: number): number {
  let digits = '';
  while (digits.length < count && isHex(cur.src[cur.pos])) digits += cur.src[cur.pos++];
  const text = cur.src.slice(start, cur.pos);
  if (digits.length !== count) throw new PyRegexSyntaxError(`incomplete escape ${text}`, start);
  const cp = parseInt(digits, 16);
  if (cp > 0x10ffff) throw new PyRegexSyntaxError(`bad escape ${text}`, start);
  return cp;
}

function readNamed(cur: Cursor, start: number): number {
  if (cur.src[cur.pos] !== '{') throw new PyRegexSyntaxError('missing {', cur.pos);
  const close = cur.src.indexOf('}', cur.pos + 1);
  if (close < 0) throw new PyRegexSyntaxError('missing }, unterminated name', cur.pos);
  const name = cur.src.slice(cur.pos + 1, close);
  if (name === '') throw new PyRegexSyntaxError('missing character name', cur.pos);
  cur.pos = close + 1;
  const cp = lookupCharName(name);
  if (cp === null) throw new UnsupportedRegexError(`\\N{${name}}`, start, 'character name not in warden\'s name table (use \\uXXXX)');
  return cp;
}

/** Reads up to `more` further octal digits after `first`. */
function readOctalTail(cur: Cursor, first: string, more: number): number {
  let digits = first;
  for (let k = 0; k < more && isOctal(cur.src[cur.pos]); k++) digits += cur.src[cur.pos++];
  return parseInt(digits, 8);
}

/** `\1`..`\99` are group references, except three octal digits (`\141`) which are a char. */
function readDigitEscape(cur: Cursor, first: string, start: number): Escape {
  let digits = first;
  if (isDigit(cur.src[cur.pos])) {
    digits += cur.src[cur.pos++];
    if (isOctal(digits[0]) && isOctal(digits[1]) && isOctal(cur.src[cur.pos])) {
      digits += cur.src[cur.pos++];
      const cp = parseInt(digits, 8);
      if (cp > 0o377) throw new PyRegexSyntaxError(`octal escape value \\${digits} outside of range 0-0o377`, start);
      return { kind: 'char', cp };
    }
  }
  return { kind: 'groupref', group: parseInt(digits, 10) };
}
