/**
 * JS (`u` flag) source for Python characters, categories and sets. Python's Unicode `\d \w \s`
 * are `\p{Nd}`, `[\p{L}\p{N}_]` and an explicit space list (checked against Python 3.11).
 */
import type { Category, Fold, SetItem } from './py-regex-ast.js';
import { closeRanges, mergeRanges, type Range } from './py-regex-case.js';

/** Emitted JS and whether it can take a quantifier as is. */
export interface Piece {
  readonly src: string;
  readonly atom: boolean;
}

const MAX_CP = 0x10ffff;
const r = (lo: number, hi = lo): Range => ({ lo, hi });
/** Python `str.isspace()` characters: what `\s` matches in a Unicode pattern. */
const PY_SPACE = [r(9, 13), r(0x1c, 0x20), r(0x85), r(0xa0), r(0x1680), r(0x2000, 0x200a), r(0x2028, 0x2029), r(0x202f), r(0x205f), r(0x3000)];
const ASCII_SPACE = [r(9, 13), r(0x20)];
const ASCII_DIGIT = [r(0x30, 0x39)];
const ASCII_WORD = [r(0x30, 0x39), r(0x41, 0x5a), r(0x5f), r(0x61, 0x7a)];
const WORD_BODY = '\\p{L}\\p{N}_';
/** Python's Unicode `\w` as a JS set (also the "word" side of `\b`). */
export const UNICODE_WORD = `[${WORD_BODY}]`;
const NOT_UNICODE_WORD = `[^${WORD_BODY}]`;

export function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const range of mergeRanges(ranges)) {
    if (range.lo > next) out.push(r(next, range.lo - 1));
    next = range.hi + 1;
  }
  if (next <= MAX_CP) out.push(r(next, MAX_CP));
  return out;
}

interface Parts {
  ranges: Range[];
  props: string[];
  /** Contains Unicode `\W`, which a JS set without the `v` flag cannot hold next to other members. */
  notWord: boolean;
}

function addCategory(parts: Parts, cat: Category, ascii: boolean): void {
  if (ascii) {
    const base = cat === 'd' || cat === 'D' ? ASCII_DIGIT : cat === 'w' || cat === 'W' ? ASCII_WORD : ASCII_SPACE;
    parts.ranges.push(...(cat === cat.toLowerCase() ? base : complement(base)));
    return;
  }
  if (cat === 'd') parts.props.push('\\p{Nd}');
  else if (cat === 'D') parts.props.push('\\P{Nd}');
  else if (cat === 'w') parts.props.push('\\p{L}', '\\p{N}', '_');
  else if (cat === 'W') parts.notWord = true;
  else parts.ranges.push(...(cat === 's' ? PY_SPACE : complement(PY_SPACE)));
}

/** A Python category on its own (`\d`, `\S`, ...). */
export function emitCategory(cat: Category, ascii: boolean): Piece {
  return emitSet([{ cat }], false, 'none', ascii);
}

/** A Python literal character, expanded to all its case variants when case-insensitive. */
export function emitChar(cp: number, fold: Fold): Piece {
  if (fold === 'none') return { src: escapeLiteral(cp), atom: true };
  return emitSet([{ lo: cp, hi: cp }], false, fold, fold === 'ascii');
}

/** A Python set `[...]` / `[^...]` as something that consumes exactly one code point. */
export function emitSet(items: readonly SetItem[], negate: boolean, fold: Fold, ascii: boolean): Piece {
  const parts: Parts = { ranges: [], props: [], notWord: false };
  const chars: Range[] = [];
  for (const item of items) {
    if ('cat' in item) addCategory(parts, item.cat, ascii);
    else chars.push(r(item.lo, item.hi));
  }
  parts.ranges.push(...(fold === 'none' ? chars : closeRanges(chars, fold === 'ascii')));
  const props = [...new Set(parts.props)];
  if (!parts.notWord) return plainSet(mergeRanges(parts.ranges), props, negate);
  const body = mergeRanges(parts.ranges).map(rangeSource).join('') + props.join('');
  if (body === '') return { src: negate ? UNICODE_WORD : NOT_UNICODE_WORD, atom: true };
  if (!negate) return { src: `(?:[${body}]|${NOT_UNICODE_WORD})`, atom: true };
  return { src: `(?![${body}])${UNICODE_WORD}`, atom: false };
}

/** A JS set, written in the shorter of its two forms (`[^\s]`-like sets are long when listed). */
function plainSet(ranges: Range[], props: readonly string[], negate: boolean): Piece {
  if (props.length === 0) {
    const inverse = complement(ranges);
    if (inverse.length < ranges.length) return plainSet(inverse, props, !negate);
    if (!negate && ranges.length === 1 && ranges[0].lo === ranges[0].hi) return { src: escapeLiteral(ranges[0].lo), atom: true };
  }
  if (ranges.length === 0 && props.length === 1 && props[0].length > 1) {
    const [prop] = props; // `\p{Nd}` or `\P{Nd}`
    return { src: negate ? `\\${prop[1] === 'p' ? 'P' : 'p'}${prop.slice(2)}` : prop, atom: true };
  }
  return { src: `[${negate ? '^' : ''}${ranges.map(rangeSource).join('')}${props.join('')}]`, atom: true };
}

function rangeSource(range: Range): string {
  if (range.lo === range.hi) return escapeClassChar(range.lo);
  if (range.hi === range.lo + 1) return escapeClassChar(range.lo) + escapeClassChar(range.hi);
  return `${escapeClassChar(range.lo)}-${escapeClassChar(range.hi)}`;
}

const CONTROL_ESCAPES: Readonly<Record<number, string>> = { 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

function codeEscape(cp: number): string {
  const named = CONTROL_ESCAPES[cp];
  if (named !== undefined) return named;
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff && (cp < 0xd800 || cp > 0xdfff)) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`; // also lone surrogates, so two escapes never pair up
}

/** A literal character outside a set, valid with the `u` flag. */
export function escapeLiteral(cp: number): string {
  if (cp < 0x20 || cp > 0x7e) return codeEscape(cp);
  const ch = String.fromCharCode(cp);
  return '^$\\.*+?()[]{}|/'.includes(ch) ? `\\${ch}` : ch;
}

/** A character inside a set, valid with the `u` flag. */
export function escapeClassChar(cp: number): string {
  if (cp < 0x20 || cp > 0x7e) return codeEscape(cp);
  const ch = String.fromCharCode(cp);
  return '\\]^-['.includes(ch) ? `\\${ch}` : ch;
}
