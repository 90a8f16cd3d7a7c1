/**
 * Python's case-insensitive matching for str patterns, computed with JS string case mapping:
 * a char matches a literal `c` when lower(char) is lower(c) or one of its "same uppercase" twins.
 * Used to expand `(?i)` into explicit character sets (JS has no scoped case-insensitivity).
 */

export interface Range {
  readonly lo: number;
  readonly hi: number;
}

interface CaseTables {
  /** lower -> other lowercase chars with the same uppercase (Python's `_EXTRA_CASES`). */
  readonly fixes: ReadonlyMap<number, readonly number[]>;
  /** Every code point whose lowercase differs from itself. */
  readonly cased: readonly number[];
}

/** No cased characters exist above this code point (Unicode 15). */
const LAST_CASED = 0x1ffff;
let tables: CaseTables | null = null;

/** Single-code-point result of a JS case mapping, else null (full mappings like `ß` -> `SS`). */
function single(text: string): number | null {
  const cp = text.codePointAt(0) as number;
  return text.length === (cp > 0xffff ? 2 : 1) ? cp : null;
}

/** Python `unicode_tolower`: the simple lowercase mapping. */
export function pyLower(cp: number): number {
  if (cp === 0x130) return 0x69; // full mapping is `i` + combining dot; the simple one is `i`
  return single(String.fromCodePoint(cp).toLowerCase()) ?? cp;
}

function caseTables(): CaseTables {
  if (tables !== null) return tables;
  const byUpper = new Map<string, number[]>();
  const cased: number[] = [];
  for (let cp = 0; cp <= LAST_CASED; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const lower = pyLower(cp);
    if (lower !== cp) {
      cased.push(cp);
    } else {
      const char = String.fromCodePoint(cp);
      const upper = char.toUpperCase(); // full mapping, as Python's table is built from str.upper()
      if (upper !== char) pushTo(byUpper, upper, cp);
    }
  }
  const fixes = new Map<number, number[]>();
  for (const twins of byUpper.values()) {
    if (twins.length < 2) continue;
    for (const cp of twins) fixes.set(cp, twins.filter((other) => other !== cp));
  }
  tables = { fixes, cased };
  return tables;
}

function pushTo<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Every code point matching literal `cp` case-insensitively (including `cp`), sorted. */
export function caseVariants(cp: number, ascii: boolean): number[] {
  return closeRanges([{ lo: cp, hi: cp }], ascii).flatMap((r) => expand(r));
}

function expand(r: Range): number[] {
  const out: number[] = [];
  for (let cp = r.lo; cp <= r.hi; cp++) out.push(cp);
  return out;
}

/**
 * The set of code points a case-insensitive Python set made of `ranges` matches: Python lowercases
 * the set (adding "same uppercase" twins) and then tests lower(char) against it.
 */
export function closeRanges(ranges: readonly Range[], ascii: boolean): Range[] {
  return ascii ? closeAscii(ranges) : closeUnicode(ranges);
}

function inRanges(ranges: readonly Range[], cp: number): boolean {
  return ranges.some((r) => cp >= r.lo && cp <= r.hi);
}

function closeAscii(ranges: readonly Range[]): Range[] {
  const extra: number[] = [];
  for (let upper = 0x41; upper <= 0x5a; upper++) {
    if (inRanges(ranges, upper) || inRanges(ranges, upper + 32)) extra.push(upper, upper + 32);
  }
  return mergeRanges([...ranges, ...extra.map((cp) => ({ lo: cp, hi: cp }))]);
}

function closeUnicode(ranges: readonly Range[]): Range[] {
  const { fixes, cased } = caseTables();
  const lowered = new Set<number>();
  const addLower = (lower: number): void => {
    lowered.add(lower);
    for (const twin of fixes.get(lower) ?? []) lowered.add(twin);
  };
  for (const cp of cased) if (inRanges(ranges, cp)) addLower(pyLower(cp));
  for (const key of fixes.keys()) if (inRanges(ranges, key)) addLower(key);
  const inLoweredSet = (cp: number): boolean => lowered.has(cp) || (inRanges(ranges, cp) && pyLower(cp) === cp);
  const extra = new Set<number>(lowered);
  for (const cp of cased) if (inLoweredSet(pyLower(cp))) extra.add(cp);
  return mergeRanges([...ranges, ...[...extra].map((cp) => ({ lo: cp, hi: cp }))]);
}

/** Sorted, non-overlapping, non-adjacent ranges. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.lo - b.lo);
  const out: { lo: number; hi: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.lo <= last.hi + 1) last.hi = Math.max(last.hi, r.hi);
    else out.push({ lo: r.lo, hi: r.hi });
  }
  return out;
}
