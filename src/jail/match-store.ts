/**
 * The matched log lines kept per fail-counter slot (newest `maxmatches`), as linked nodes in shared
 * pools: no array per id. The total text kept is capped; past the cap new lines are not kept.
 */
import { flatString } from './flat-string.js';

/** Rough heap cost of one kept line beyond its characters (string header, pool slots). */
const LINE_OVERHEAD = 32;

export class MatchStore {
  readonly #maxBytes: number;
  #bytes = 0;
  /** Node pools: the line and the next node of the same slot (-1 = none); free nodes chain via #next. */
  #text: (string | undefined)[] = [];
  #next = new Int32Array(0);
  #freeNode = -1;
  /** Per slot: oldest node, newest node, number of nodes. */
  #head = new Int32Array(0);
  #tail = new Int32Array(0);
  #count = new Uint32Array(0);

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Bytes of match text kept (approximate heap cost). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Make room for slots [0, capacity). */
  growSlots(capacity: number): void {
    const old = this.#head.length;
    if (capacity <= old) return;
    this.#head = grown(this.#head, capacity, -1);
    this.#tail = grown(this.#tail, capacity, -1);
    const count = new Uint32Array(capacity);
    count.set(this.#count);
    this.#count = count;
  }

  /** Append lines to a slot, keeping its newest `max`; lines past the byte cap are dropped. */
  append(slot: number, lines: readonly string[], max: number): void {
    for (const line of lines) {
      if (max <= 0) return;
      while (this.#count[slot] >= max) this.#dropOldest(slot);
      const cost = line.length + LINE_OVERHEAD;
      if (this.#bytes + cost > this.#maxBytes) return;
      const node = this.#newNode(flatString(line));
      this.#bytes += cost;
      if (this.#tail[slot] < 0) this.#head[slot] = node;
      else this.#next[this.#tail[slot]] = node;
      this.#tail[slot] = node;
      this.#count[slot]++;
    }
  }

  /** The slot's lines, oldest first (at most the newest `max`). */
  lines(slot: number, max: number): string[] {
    const out: string[] = [];
    let skip = this.#count[slot] - Math.max(0, max);
    for (let node = this.#head[slot]; node >= 0; node = this.#next[node]) {
      if (skip-- > 0) continue;
      out.push(this.#text[node] as string);
    }
    return out;
  }

  clear(slot: number): void {
    while (this.#count[slot] > 0) this.#dropOldest(slot);
  }

  #dropOldest(slot: number): void {
    const node = this.#head[slot];
    this.#head[slot] = this.#next[node];
    if (this.#head[slot] < 0) this.#tail[slot] = -1;
    this.#count[slot]--;
    this.#bytes -= (this.#text[node] as string).length + LINE_OVERHEAD;
    this.#text[node] = undefined;
    this.#next[node] = this.#freeNode;
    this.#freeNode = node;
  }

  #newNode(text: string): number {
    let node = this.#freeNode;
    if (node >= 0) this.#freeNode = this.#next[node];
    else {
      node = this.#text.length;
      if (node >= this.#next.length) this.#next = grown(this.#next, Math.max(1024, node * 2), -1);
    }
    this.#text[node] = text;
    this.#next[node] = -1;
    return node;
  }
}

/** A longer copy of `array`; the new tail is filled with `fill`. */
export function grown(array: Int32Array, length: number, fill: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(length);
  out.set(array);
  out.fill(fill, array.length);
  return out;
}
