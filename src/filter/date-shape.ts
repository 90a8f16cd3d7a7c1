/**
 * The shape of a matched stamp: where its numeric fields are. A later stamp that differs only in
 * those digits (same separators, same month name) is read without running the regex again.
 */
import type { DateTemplate } from './date-pattern.js';

/** Fields whose digits may change between two stamps of the same shape. */
const VARYING_KEYS = new Set(['Y', 'y', 'm', 'd', 'H', 'M', 'S', 'f']);

export interface NumericField {
  readonly key: string;
  /** Span in the line (the same for every stamp of this shape). */
  readonly from: number;
  readonly to: number;
}

export interface StampShape {
  /** The matched text; where `field` is not -1, any ASCII digit may stand instead of its digit. */
  readonly text: string;
  /** Per character of `text`: the index in `numeric` of the field whose digit it is, else -1. */
  readonly field: Int8Array;
  readonly numeric: readonly NumericField[];
  /** The numbers of `numeric` as readShape last read them (scratch, one per field). */
  readonly values: Int32Array;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Digits only, after optional leading spaces (`%d` " 5", `%k` " 9"). */
function digitsOnly(text: string, from: number, to: number): boolean {
  let digits = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (c !== 32 || digits > 0) return false;
  }
  return digits > 0;
}

/**
 * The shape of `m`, or null when it cannot be reused safely: no numeric field, or a numeric field
 * that touches another field (then the regex could split changed digits differently).
 */
export function learnShape(t: DateTemplate, m: RegExpExecArray): StampShape | null {
  const indices = m.indices;
  if (t.kind !== 'strptime' || indices === undefined) return null;
  const base = m.index;
  const text = m[0];
  const spans: [number, number][] = [];
  const numeric: NumericField[] = [];
  for (const f of t.layout.fields) {
    const span = indices[f.group];
    if (span === undefined) continue;
    spans.push(span);
    if (VARYING_KEYS.has(f.key) && digitsOnly(text, span[0] - base, span[1] - base)) {
      numeric.push({ key: f.key, from: span[0], to: span[1] });
    }
  }
  if (numeric.length === 0) return null;
  for (const n of numeric) {
    if (spans.some(([from, to]) => (from !== n.from || to !== n.to) && (to === n.from || from === n.to))) return null;
  }
  const field = new Int8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    field[i] = isDigit(text.charCodeAt(i)) ? numeric.findIndex((n) => i + base >= n.from && i + base < n.to) : -1;
  }
  return { text, field, numeric, values: new Int32Array(numeric.length) };
}

/**
 * True when `line` holds, at `start`, the learnt text with possibly other digits in the numeric
 * fields; their numbers are then in `shape.values` (one pass: compare and read).
 */
export function readShape(shape: StampShape, line: string, start: number): boolean {
  const { text, field, values } = shape;
  if (start + text.length > line.length) return false;
  for (let f = 0; f < values.length; f++) values[f] = 0;
  for (let i = 0; i < text.length; i++) {
    const c = line.charCodeAt(start + i);
    const f = field[i];
    if (f < 0) {
      if (c !== text.charCodeAt(i)) return false;
    } else if (c >= 48 && c <= 57) values[f] = values[f] * 10 + (c - 48);
    else return false;
  }
  return true;
}

