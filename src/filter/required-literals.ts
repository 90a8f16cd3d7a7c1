/**
 * Literal pre-filter: from a compiled JS regex, find literal strings of which every match must contain
 * at least one, so that lines without any can be skipped before a regex runs. Conservative: null
 * when unsure. Alternations give sets (`(?:failed|tried) to` -> ["failed", "tried"] or [" to"]).
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

/** Length of the escape at `i` (`\.`, `\p{..}`, `\k<..>`, `\u{..}`, `\xHH`, `\uHHHH`, `\cX`). */
function escapeLength(src: string, i: number): number {
  const c = src[i + 1];
  const close = src[i + 2] === '{' && 'pPu'.includes(c) ? '}' : c === 'k' && src[i + 2] === '<' ? '>' : null;
  if (close !== null) {
    const end = src.indexOf(close, i + 3);
    return end < 0 ? src.length - i : end + 1 - i;
  }
  if (c === 'x') return 4;
  if (c === 'u') return 6;
  if (c === 'c') return 3;
  return 2;
}

/** Split at `|` outside groups and classes. */
function branches(src: string): string[] {
  const out: string[] = [];
  let from = 0;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') i += escapeLength(src, i);
    else if (c === '[') i = skipClass(src, i);
    else if (c === '(') i = skipGroup(src, i);
    else {
      if (c === '|') {
        out.push(src.slice(from, i));
        from = i + 1;
      }
      i++;
    }
  }
  out.push(src.slice(from));
  return out;
}

/** Body of a capturing or non-capturing group; null for lookarounds (they consume nothing). */
function groupBody(group: string): string | null {
  const inner = group.slice(1, -1);
  if (!inner.startsWith('?')) return inner;
  if (inner.startsWith('?:')) return inner.slice(2);
  const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(inner);
  return named ? inner.slice(named[0].length) : null;
}

type Requirement = readonly string[];

/** Prefer the requirement whose shortest literal is longest, then the one with fewer literals. */
function better(a: Requirement | null, b: Requirement | null): Requirement | null {
  if (a === null) return b;
  if (b === null) return a;
  const ma = Math.min(...a.map((s) => s.length));
  const mb = Math.min(...b.map((s) => s.length));
  if (ma !== mb) return ma > mb ? a : b;
  return b.length < a.length ? b : a;
}

/** A run may span the cut-out date (`[2024-01-05 03:12:44]` -> `[]`): keep its longest piece. */
function runRequirement(run: string): Requirement | null {
  let best = '';
  for (const piece of run.split('[]')) if (piece.length > best.length) best = piece;
  return best.length >= MIN_LITERAL ? [best] : null;
}

/** Requirement of one sequence without top-level alternation. */
function sequenceRequirement(src: string, depth: number): Requirement | null {
  let best: Requirement | null = null;
  let run = '';
  const flush = (): void => {
    if (run) best = better(best, runRequirement(run));
    run = '';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    let lit: string | null = null;
    let group: string | null = null;
    let next = i + 1;
    if (c === '(') {
      next = skipGroup(src, i);
      group = src.slice(i, next);
    } else if (c === '[') next = skipClass(src, i);
    else if (c === '\\') {
      next = i + escapeLength(src, i);
      lit = next === i + 2 && !/[A-Za-z0-9]/.test(src[i + 1] ?? 'a') ? src[i + 1] : null;
    } else if (!'.^$'.includes(c)) lit = c;
    const q = quantifierAt(src, next);
    if (lit !== null && (q === null || !q.optional)) run += lit;
    if (lit === null || q !== null) flush();
    if (group !== null && (q === null || !q.optional) && depth < 8) {
      const body = groupBody(group);
      if (body !== null) best = better(best, alternationRequirement(body, depth + 1));
    }
    i = next + (q?.len ?? 0);
  }
  flush();
  return best;
}

function alternationRequirement(src: string, depth: number): Requirement | null {
  const parts = branches(src);
  if (parts.length === 1) return sequenceRequirement(src, depth);
  const all = new Set<string>();
  for (const part of parts) {
    const req = sequenceRequirement(part, depth);
    if (req === null) return null;
    for (const lit of req) all.add(lit);
  }
  return [...all];
}

/** Literals of which every match of this regex contains at least one, or null if none is known. */
export function requiredLiteralSet(re: RegExp): string[] | null {
  if (re.flags.includes('i')) return null;
  const req = alternationRequirement(re.source, 0);
  return req === null ? null : [...req];
}

/** The union over all regexes; null as soon as one regex has no requirement (pre-filter unsafe). */
export function requiredLiterals(regexes: readonly RegExp[]): string[] | null {
  const out = new Set<string>();
  for (const re of regexes) {
    const set = requiredLiteralSet(re);
    if (set === null) return null;
    for (const lit of set) out.add(lit);
  }
  return [...out];
}

/** Characters that are literal when escaped (`u` flag), and those that are syntax unescaped. */
const ESCAPABLE = '^$\\.*+?()[]{}|/-';
const SYNTAX = '^$\\.*+?()[]{}|';
const QUANTIFIERS = '?*+{';

/**
 * The literal text every match starts with, for a regex anchored at `^` (not multiline, not
 * case-insensitive, no top-level `|`): a text that does not start with it cannot match. '' if none.
 */
export function anchoredPrefix(re: RegExp): string {
  const src = re.source;
  if (src[0] !== '^' || re.multiline || re.ignoreCase || branches(src).length !== 1) return '';
  let prefix = '';
  let i = 1;
  while (i < src.length) {
    const c = src[i];
    let lit: string | null = null;
    let next = i + 1;
    if (c === '\\') {
      if (i + 1 < src.length && ESCAPABLE.includes(src[i + 1])) lit = src[i + 1];
      next = i + 2;
    } else if (!SYNTAX.includes(c) && !(c >= '\ud800' && c <= '\udfff')) lit = c;
    if (lit === null || (next < src.length && QUANTIFIERS.includes(src[next]))) break;
    prefix += lit;
    i = next;
  }
  return prefix;
}

/**
 * The source with its named groups made plain capturing groups (same numbers, `\k<name>` as a
 * numbered back-reference) and the number of each named group: a match then needs no groups object.
 */
export function unnameGroups(src: string): { source: string; numbers: Record<string, number> } | null {
  const numbers: Record<string, number> = {};
  let out = '';
  let from = 0;
  let count = 0;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      const len = escapeLength(src, i);
      if (src[i + 1] === 'k' && src[i + 2] === '<') {
        const n = numbers[src.slice(i + 3, i + len - 1)];
        if (n === undefined) return null; // a forward reference: keep the names
        out += `${src.slice(from, i)}(?:\\${n})`;
        from = i + len;
      }
      i += len;
    } else if (c === '[') i = skipClass(src, i);
    else {
      if (c === '(' && src[i + 1] !== '?') count++;
      else if (c === '(' && src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
        const close = src.indexOf('>', i);
        numbers[src.slice(i + 3, close)] = ++count;
        out += src.slice(from, i + 1);
        from = close + 1;
        i = close;
      }
      i++;
    }
  }
  return { source: out + src.slice(from), numbers };
}
