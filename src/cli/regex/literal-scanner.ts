/**
 * Byte-level pre-filter: does a line contain at least one of the filter's required literals? Searches
 * each chunk ahead of the lines (all literals in one pass when that pays, else one pass per literal)
 * and remembers what it found, so a chunk is searched about once, not once per line.
 */
import { compileLiteralSearch, type LiteralSearch } from './multi-literal-search.js';

const NONE = Number.MAX_SAFE_INTEGER;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The literals that matter: duplicates go, and so does one containing another (an occurrence of it
 * holds one of the other inside the same line, unless it spans a line end: hence the CR/LF guard).
 */
export function essentialLiterals(needles: readonly Buffer[]): Buffer[] {
  const unique = needles.filter((n, i) => needles.findIndex((m) => m.equals(n)) === i);
  const spansLines = (n: Buffer): boolean => n.includes(LF) || n.includes(CR);
  return unique.filter((n) => spansLines(n) || !unique.some((m) => m !== n && n.includes(m)));
}

/** Bytes searched at a time by the multi-literal search (occurrences are listed per segment). */
const SEGMENT_BYTES = 256 * 1024;

export class LiteralScanner {
  readonly #needles: readonly Buffer[];
  readonly #search: LiteralSearch | null;
  /** Per-literal search: next occurrence of each literal at or after the last query. */
  readonly #next: number[];
  #buf: Buffer | null = null;
  /** Multi-literal search: literal starts in the last segment searched, the first not yet passed. */
  readonly #found: number[] = [];
  #index = 0;
  /** Every literal start in buf[0, #searchedTo) is known (passed or in #found). */
  #searchedTo = 0;

  constructor(needles: readonly Buffer[]) {
    this.#needles = essentialLiterals(needles);
    this.#search = compileLiteralSearch(this.#needles);
    this.#next = this.#needles.map(() => -1);
  }

  /**
   * True when a literal starts in buf[start, end) (it may extend past `end`). Lines of one buf come in
   * order; `end` is at a line end (LF, CR LF or the end of buf); another buf starts over.
   */
  has(buf: Buffer, start: number, end: number): boolean {
    if (buf !== this.#buf) this.#reset(buf);
    return this.#search === null ? this.#hasEach(buf, start, end) : this.#hasAny(this.#search, buf, start, end);
  }

  #reset(buf: Buffer): void {
    this.#buf = buf;
    this.#next.fill(-1);
    this.#found.length = 0;
    this.#index = 0;
    this.#searchedTo = 0;
  }

  #hasAny(search: LiteralSearch, buf: Buffer, start: number, end: number): boolean {
    for (;;) {
      const found = this.#found;
      let k = this.#index;
      while (k < found.length && found[k] < start) k++;
      this.#index = k;
      if (k < found.length) return found[k] < end;
      if (end <= this.#searchedTo || this.#searchedTo >= buf.length) return false;
      const from = Math.max(start, this.#searchedTo);
      const to = Math.min(buf.length, from + SEGMENT_BYTES);
      found.length = 0;
      this.#index = 0;
      search(buf, from, to, found);
      this.#searchedTo = to;
    }
  }

  #hasEach(buf: Buffer, start: number, end: number): boolean {
    const needles = this.#needles;
    const next = this.#next;
    for (let k = 0; k < needles.length; k++) {
      let at = next[k];
      if (at < start) {
        at = buf.indexOf(needles[k], start);
        if (at < 0) at = NONE;
        next[k] = at;
      }
      if (at < end) return true;
    }
    return false;
  }
}
