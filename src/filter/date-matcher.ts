/**
 * fail2ban's choice of date template for a line (DateDetector.matchTime): the last template first,
 * in its last span; else all templates, preferring matches near the line start; "bubble up" reorder.
 * A memo reuses the last match when the line holds the same stamp, or one with only other digits.
 * A template compiles when a search first reaches it.
 */
import type { DateTemplate, TemplateSlot } from './date-pattern.js';
import { learnShape, readShape, type StampShape } from './date-shape.js';

interface Entry {
  readonly slot: TemplateSlot;
  readonly lineAnchored: boolean; // the slot's, at hand
  readonly requiredChar: string | null;
  t: DateTemplate | null; // compiled when a search first needs it
  rules: MemoRules | null; // with t
  hits: number; // times chosen
  found: number; // times its regex matched (fail2ban's template.hits)
  lastUsed: number;
  distance: number;
}

interface Edge {
  pos: number;
  before: number; // char codes, -1 = none
  at: number;
}

/**
 * The last regex result and the text it depended on: m[0] at m.index (or its shape: other digits
 * allowed in numeric fields), the characters around it, and for lookbehind templates the line head.
 */
interface Memo {
  entry: Entry | null;
  m: RegExpExecArray | null;
  truncated: boolean; // searched in [from, to) of the line, else the whole line (anchored template)
  from: number;
  to: number;
  head: string | null; // line[0, m.index) when a lookbehind may read it, else null
  before: number; // char code before m.index
  after: number; // whole-line search: char code right after the match
  shape: StampShape | null; // learnt lazily: where digits may differ
  shapeLearnt: boolean;
}

const FAR = 0x7fffffff;
const UNUSED_TIME = 300;
const WORD_END_SRC = '(?=\\b|\\W|$)';

const code = (s: string, i: number): number => (i >= 0 && i < s.length ? s.charCodeAt(i) : -1);
/** Python `s[i]` (negative counts from the end). */
const pyIndex = (s: string, i: number): number => code(s, i < 0 ? s.length + i : i);

function isAlnum(c: number): boolean {
  if (c < 0) return false;
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

const weightOf = (e: Entry): number => (e.hits * e.slot.weight) / Math.max(1, e.distance);

interface MemoRules {
  /** Whole-line results may be reused only for `^` templates whose only lookahead is the final one. */
  readonly wholeLine: boolean;
  /** A lookbehind may read anything before the span: compare from the line start. */
  readonly lookbehind: boolean;
}

function memoRules(t: DateTemplate): MemoRules {
  const src = t.regex.source;
  const body = src.endsWith(WORD_END_SRC) ? src.slice(0, -WORD_END_SRC.length) : src;
  return { wholeLine: src.startsWith('^') && !/\(\?[=!]/.test(body), lookbehind: /\(\?<[=!]/.test(src) };
}

/** Compiles the entry's template (first search that needs it). */
function build(e: Entry): DateTemplate {
  const t = e.slot.template;
  e.t = t;
  e.rules = memoRules(t);
  return t;
}

export class DateMatcher {
  readonly #entries: Entry[];
  #lastIdx = FAR;
  #firstUnused = 0;
  readonly #lastPos: Edge = { pos: 1, before: -1, at: -1 };
  readonly #lastEnd: Edge = { pos: FAR, before: -1, at: -1 };
  readonly #memo: Memo = {
    entry: null, m: null, truncated: false, from: 0, to: 0, head: null, before: -1, after: -1, shape: null, shapeLearnt: false,
  };
  /** The template of the last successful match(). */
  template: DateTemplate | null = null;
  /**
   * Set when match() returned an earlier match object for a stamp of the same shape: the positions
   * are right, the captured digits may be stale; read them from the line with `shape`.
   */
  reshaped: StampShape | null = null;
  #memoHit: RegExpExecArray | null = null; // what #fromMemo returned on this line, with its shape
  #memoShape: StampShape | null = null;

  constructor(slots: readonly TemplateSlot[]) {
    this.#entries = slots.map((slot) => ({
      slot, lineAnchored: slot.lineAnchored, requiredChar: slot.requiredChar, t: null, rules: null,
      hits: 0, found: 0, lastUsed: 0, distance: FAR,
    }));
  }

  get names(): readonly string[] {
    return this.#entries.map((e) => e.slot.name);
  }

  /** fail2ban's matchTime: the winning regex match (group 1 = date text) or null. */
  match(line: string, now: number): RegExpExecArray | null {
    this.#memoHit = null;
    const entries = this.#entries;
    let best: RegExpExecArray | null = null;
    let bestIdx = -1;
    let skip = FAR;
    if (this.#lastIdx < entries.length) {
      const idx = this.#lastIdx;
      const e = entries[idx];
      const truncated = !e.lineAnchored && this.#sameSurroundings(line);
      if (!truncated) skip = idx;
      const m = truncated ? this.#search(e, line, this.#lastPos.pos, this.#lastEnd.pos) : this.#search(e, line, 0, -1);
      if (m !== null) {
        const end = m.index + m[0].length;
        const same = m.index === this.#lastPos.pos && end === this.#lastEnd.pos;
        if (entries.length === 1 || e.lineAnchored || same) return this.#record(idx, m, line, now);
        best = m;
        bestIdx = idx;
      }
    }
    for (let i = 0; i < entries.length; i++) {
      if (i === skip) continue;
      const e = entries[i];
      const m = this.#search(e, line, 0, -1);
      if (m === null) continue;
      const distance = m.index;
      if (i + 1 >= entries.length || e.lineAnchored) return this.#record(i, m, line, now);
      if (distance === 0 && e.hits > 0 && entries[i + 1].found === 0) return this.#record(i, m, line, now);
      if (distance > e.distance || distance > this.#lastPos.pos) {
        if (best === null || distance < best.index) {
          best = m;
          bestIdx = i;
        }
        continue;
      }
      return this.#record(i, m, line, now);
    }
    if (best !== null) return this.#record(bestIdx, best, line, now);
    this.reshaped = null;
    return null;
  }

  /** fail2ban searches only the last span when the characters around it look the same. */
  #sameSurroundings(line: string): boolean {
    const lp = this.#lastPos;
    const le = this.#lastEnd;
    const left = code(line, lp.pos - 1) === lp.before || (code(line, lp.pos) === lp.at && !isAlnum(lp.at));
    return left && (code(line, le.pos) === le.at || (code(line, le.pos - 1) === le.before && !isAlnum(le.before)));
  }

  /** Python `search(line, from, to)`; `to` = -1 for the whole line. Uses the memo when exact. */
  #search(e: Entry, line: string, from: number, to: number): RegExpExecArray | null {
    const need = e.requiredChar;
    if (need !== null && line.indexOf(need, from) < 0) return null;
    let m = this.#fromMemo(e, line, from, to);
    if (m === undefined) {
      const re = (e.t ?? build(e)).regex;
      re.lastIndex = from;
      m = re.exec(to >= 0 && to < line.length ? line.slice(0, to) : line);
      this.#remember(e, m, line, from, to);
    }
    if (m !== null) e.found++;
    return m;
  }

  /**
   * The previous result when this search reads the same text, or the same text with other digits in
   * its numeric fields (confirmed by the sticky regex); undefined when the regex must run.
   */
  #fromMemo(e: Entry, line: string, from: number, to: number): RegExpExecArray | null | undefined {
    const memo = this.#memo;
    const m = memo.m;
    if (memo.entry !== e || m === null || memo.truncated !== to >= 0) return undefined;
    if (memo.truncated && (memo.from !== from || memo.to !== to)) return undefined;
    const start = m.index;
    const end = start + m[0].length;
    if (code(line, start - 1) !== memo.before || (memo.head !== null && !line.startsWith(memo.head))) return undefined;
    const shape = this.#shapeOf(memo, m);
    if (shape === null ? !line.startsWith(m[0], start) : !readShape(shape, line, start)) return undefined;
    if (shape === null && memo.truncated) return m; // the same text up to `to`: the same result
    if (!memo.truncated && code(line, end) !== memo.after) return undefined;
    const sticky = (e.t as DateTemplate).sticky; // confirm the match still spans [start, end)
    sticky.lastIndex = start;
    if (!sticky.test(memo.truncated ? line.slice(0, to) : line) || sticky.lastIndex !== end) return undefined;
    this.#memoHit = m;
    this.#memoShape = shape;
    return m;
  }

  #shapeOf(memo: Memo, m: RegExpExecArray): StampShape | null {
    if (!memo.shapeLearnt) {
      memo.shape = learnShape((memo.entry as Entry).t as DateTemplate, m);
      memo.shapeLearnt = true;
    }
    return memo.shape;
  }

  /** Remembers a result; a truncated search is only reused when it filled [from, to) exactly. */
  #remember(e: Entry, m: RegExpExecArray | null, line: string, from: number, to: number): void {
    const memo = this.#memo;
    memo.entry = null;
    if (m === null) return;
    const truncated = to >= 0;
    const rules = e.rules as MemoRules;
    if (truncated ? m.index !== from || m.index + m[0].length !== to : !rules.wholeLine) return;
    memo.head = rules.lookbehind && m.index > 0 ? line.slice(0, m.index) : null;
    memo.before = code(line, m.index - 1);
    memo.after = code(line, m.index + m[0].length);
    memo.shape = null;
    memo.shapeLearnt = false;
    memo.entry = e;
    memo.m = m;
    memo.truncated = truncated;
    memo.from = from;
    memo.to = to;
  }

  #record(idx: number, m: RegExpExecArray, line: string, now: number): RegExpExecArray {
    const e = this.#entries[idx];
    const start = m.index;
    const end = start + m[0].length;
    e.hits++;
    e.lastUsed = now;
    e.distance = start;
    if (this.#firstUnused === idx) this.#firstUnused++;
    const lp = this.#lastPos;
    lp.pos = start;
    lp.before = code(line, start - 1);
    lp.at = code(line, start);
    const le = this.#lastEnd;
    le.pos = end;
    le.before = pyIndex(line, end - 1);
    le.at = code(line, end);
    this.#lastIdx = idx !== 0 && idx !== this.#lastIdx ? this.#reorder(idx) : idx;
    this.template = e.t as DateTemplate;
    this.reshaped = m === this.#memoHit ? this.#memoShape : null;
    return m;
  }

  /** fail2ban's "bubble up": move a template forward when it outweighs (or outlived) the target. */
  #reorder(num: number): number {
    const list = this.#entries;
    const e = list[num];
    const untime = e.lastUsed - UNUSED_TIME;
    const weight = weightOf(e);
    let pos = this.#firstUnused < num ? this.#firstUnused : num >> 1;
    const movable = (): boolean => weight > weightOf(list[pos]) || untime > list[pos].lastUsed;
    if (!movable()) {
      if (pos === num - 1) return num;
      pos = num - 1;
      if (!movable()) return num;
    }
    list.splice(num, 1);
    list.splice(pos, 0, e);
    while (this.#firstUnused < list.length && list[this.#firstUnused].hits) this.#firstUnused++;
    return pos;
  }
}
