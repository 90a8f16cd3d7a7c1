/**
 * Literal pre-filter: from a compiled JS regex, find a literal string every match must contain, so
 * that lines without it can be skipped before any regex runs. Conservative: null when unsure.
 */

const MIN_LITERAL = 3;

/** Skip a bracket class starting at `i` (at '['); returns the index after ']'. */
function skipClass(src: string, i: number): number {
  let j = i + 1;
  if (src[j] === '^') j++;
  if (src[j] === ']') j++;
  while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Skip a group starting at `i` (at '('); returns the index after its ')'. */
function skipGroup(src: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < src.length) {
    const c = src[j];
    if (c === '\\') j += 2;
    else if (c === '[') j = skipClass(src, j);
    else {
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j + 1;
      j++;
    }
  }
  return j;
}

/** Length of a quantifier at `i` and whether it allows zero repetitions; null if none. */
function quantifierAt(src: string, i: number): { len: number; optional: boolean } | null {
  const c = src[i];
  if (c === '*' || c === '?') return { len: src[i + 1] === '?' ? 2 : 1, optional: true };
  if (c === '+') return { len: src[i + 1] === '?' ? 2 : 1, optional: false };
  if (c === '{') {
    const m = /^\{(\d*)(,\d*)?\}\??/.exec(src.slice(i));
    if (m) return { len: m[0].length, optional: m[1] === '' || Number(m[1]) === 0 };
  }
  return null;
}

/** Length of the escape at `i` (`\\.`, `\\p{..}`, `\\k<..>`, `\\u{..}`, `\\xHH`, `\\uHHHH`). */
function escapeLength(src: string, i: number): number {
  const c = src[i + 1];
  const close = (src[i + 2] === '{' && 'pPu'.includes(c)) ? '}' : (c === 'k' && src[i + 2] === '<') ? '>' : null;
  if (close !== null) {
    const end = src.indexOf(close, i + 3);
    return end < 0 ? src.length - i : end + 1 - i;
  }
  if (c === 'x') return 4;
  if (c === 'u') return 6;
  if (c === 'c') return 3;
  return 2;
}

/** The single character an escape at `i` stands for, or null when it is a class or an assertion. */
function escapedLiteral(src: string, i: number): string | null {
  const c = src[i + 1];
  if (c === undefined || /[A-Za-z0-9]/.test(c)) return null;
  return c;
}

/** Literal runs that every match of the top-level sequence must contain; null on top-level '|'. */
function literalRuns(src: string): string[] | null {
  const runs: string[] = [];
  let run = '';
  const flush = (): void => {
    if (run) runs.push(run);
    run = '';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    let lit: string | null = null;
    let next = i + 1;
    if (c === '|') return null;
    if (c === '(') next = skipGroup(src, i);
    else if (c === '[') next = skipClass(src, i);
    else if (c === '\\') {
      lit = escapedLiteral(src, i);
      next = i + escapeLength(src, i);
    } else if (!'.^$'.includes(c)) lit = c;
    const q = quantifierAt(src, next);
    if (lit !== null && (q === null || !q.optional)) run += lit;
    if (lit === null || q !== null) flush();
    i = next + (q?.len ?? 0);
  }
  flush();
  return runs;
}

/** The longest literal every match of this regex must contain, or null if none is known. */
export function requiredLiteral(re: RegExp): string | null {
  if (re.flags.includes('i')) return null;
  const runs = literalRuns(re.source);
  if (runs === null) return null;
  let best = '';
  // A run spanning `[]` may span the cut-out date (`[2024-01-05 03:12:44]` -> `[]`): use its pieces.
  for (const piece of runs.flatMap((r) => r.split('[]'))) if (piece.length > best.length) best = piece;
  return best.length >= MIN_LITERAL ? best : null;
}

/** One literal per regex; null as soon as any regex has none (the pre-filter would be unsafe). */
export function requiredLiterals(regexes: readonly RegExp[]): string[] | null {
  const out = new Set<string>();
  for (const re of regexes) {
    const lit = requiredLiteral(re);
    if (lit === null) return null;
    out.add(lit);
  }
  return [...out];
}
