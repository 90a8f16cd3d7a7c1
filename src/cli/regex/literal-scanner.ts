/**
 * Byte-level pre-filter: does a line contain at least one of the filter's required literals? Keeps,
 * per literal, its next occurrence in the current chunk, so each chunk is searched about once per
 * literal instead of once per line.
 */

const NONE = Number.MAX_SAFE_INTEGER;

export class LiteralScanner {
  readonly #needles: readonly Buffer[];
  readonly #next: number[];
  #buf: Buffer | null = null;

  constructor(needles: readonly Buffer[]) {
    this.#needles = needles;
    this.#next = needles.map(() => -1);
  }

  /** True when buf[start, end) may contain a literal (a match may extend past `end`: safe). */
  has(buf: Buffer, start: number, end: number): boolean {
    const needles = this.#needles;
    const next = this.#next;
    if (buf !== this.#buf) {
      this.#buf = buf;
      next.fill(-1);
    }
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
