/**
 * Per-id failure counts over an EXACT sliding window: the times in (newest - findtime, newest] that
 * are also not older than now - findtime, at most maxretry of them. Slots live in typed arrays.
 */
import { lookupKey, storedKey, type IdKey } from './id-key.js';
import { grown, MatchStore } from './match-store.js';

export interface FailCounterSettings {
  readonly maxretry: number;
  /** Seconds. */
  readonly findtime: number;
  readonly maxmatches: number;
  /** Cap on the match text kept over all ids (default 16 MiB); counts stay exact past it. */
  readonly maxMatchBytes?: number;
}

export const DEFAULT_MAX_MATCH_BYTES = 16 * 1024 * 1024;
/** Slots a sweep looks at per call at least; a full pass takes at most SWEEP_PASS calls. */
const SWEEP_CHUNK = 4096;
const SWEEP_PASS = 30;

/** Scratch for the times of the slot being updated (the counter is synchronous). */
const scratch: number[] = [];

export class FailCounter {
  #maxretry: number;
  #findtime: number;
  #maxmatches: number;
  readonly #index = new Map<IdKey, number>();
  readonly #matches: MatchStore;
  /** Per slot: times kept, newest time, time block (-1: the one time is in #newest). */
  #count = new Uint32Array(0);
  #newest = new Float64Array(0);
  #block = new Int32Array(0);
  /** Slots in use or freed so far, and a stack of the freed ones. */
  #slotsUsed = 0;
  #freeSlots = new Int32Array(0);
  #freeCount = 0;
  /** Blocks of maxretry times (sorted ascending) for slots holding two or more. */
  #blockTimes = new Float64Array(0);
  #freeBlocks: number[] = [];
  #blocksUsed = 0;
  /** Where the sweep stopped: Map iterators stay valid while entries are added and deleted. */
  #sweepAt: Iterator<[IdKey, number]> | null = null;
  /** Ids to look at per sweep call, set at the start of each pass. */
  #sweepChunk = SWEEP_CHUNK;

  constructor(settings: FailCounterSettings) {
    this.#maxretry = Math.max(1, settings.maxretry);
    this.#findtime = settings.findtime;
    this.#maxmatches = settings.maxmatches;
    this.#matches = new MatchStore(settings.maxMatchBytes ?? DEFAULT_MAX_MATCH_BYTES);
  }

  /** Ids with failures kept (some may have aged out since the last sweep). */
  get size(): number {
    return this.#index.size;
  }

  get matchBytes(): number {
    return this.#matches.bytes;
  }

  /**
   * Count `weight` failures of `id` at log time `time`. Returns the failures now in its window, or
   * -1 (nothing kept) when `time` is older than now - findtime.
   */
  add(id: string, time: number, now: number, weight: number, matches: readonly string[]): number {
    const cutoff = now - this.#findtime;
    if (time < cutoff) return -1;
    let slot = this.#index.get(lookupKey(id));
    if (slot === undefined) slot = this.#newSlot(id);
    const times = this.#read(slot);
    const oldNewest = times.length === 0 ? null : times[times.length - 1];
    for (let k = Math.max(1, Math.min(weight, this.#maxretry)); k > 0; k--) insertSorted(times, time);
    this.#window(times, cutoff);
    // All earlier failures left the window: their lines go too.
    if (oldNewest !== null && !this.#inWindow(oldNewest, times, cutoff)) this.#matches.clear(slot);
    if (this.#inWindow(time, times, cutoff)) this.#matches.append(slot, matches, this.#maxmatches);
    this.#write(slot, times);
    return times.length;
  }

  /** Failures in the id's window as of its last failure (0 if none kept). */
  count(id: string): number {
    const slot = this.#index.get(lookupKey(id));
    return slot === undefined ? 0 : this.#count[slot];
  }

  /** The id's kept match lines, oldest first. */
  matches(id: string): string[] {
    const slot = this.#index.get(lookupKey(id));
    return slot === undefined ? [] : this.#matches.lines(slot, this.#maxmatches);
  }

  /** Forget the id's failures (after a ban); false if it had none. */
  delete(id: string): boolean {
    const key = lookupKey(id);
    const slot = this.#index.get(key);
    if (slot === undefined) return false;
    this.#freeSlot(key, slot);
    return true;
  }

  /**
   * Drop ids whose newest failure is older than now - findtime. Looks at one chunk of the ids per
   * call, oldest first (a full pass every SWEEP_PASS calls or fewer); returns the ids dropped.
   */
  sweep(now: number): number {
    const cutoff = now - this.#findtime;
    let at = this.#sweepAt ?? this.#startSweep();
    let dropped = 0;
    for (let seen = 0; seen < this.#sweepChunk; seen++) {
      const next = at.next();
      if (next.done === true) {
        at = this.#startSweep();
        break;
      }
      const [key, slot] = next.value;
      if (this.#newest[slot] < cutoff) {
        this.#freeSlot(key, slot);
        dropped++;
      }
    }
    this.#sweepAt = at;
    return dropped;
  }

  #startSweep(): Iterator<[IdKey, number]> {
    this.#sweepChunk = Math.max(SWEEP_CHUNK, Math.ceil(this.#index.size / SWEEP_PASS));
    return this.#index.entries();
  }

  /** Apply new numbers (reload); kept failures stay (the newest maxretry of them). */
  reconfigure(settings: FailCounterSettings): void {
    const maxretry = Math.max(1, settings.maxretry);
    this.#findtime = settings.findtime;
    this.#maxmatches = settings.maxmatches;
    if (maxretry === this.#maxretry) return;
    const saved = [...this.#index.values()].map((slot) => [slot, [...this.#read(slot)]] as const);
    this.#maxretry = maxretry;
    this.#blockTimes = new Float64Array(0);
    this.#freeBlocks = [];
    this.#blocksUsed = 0;
    this.#block.fill(-1);
    for (const [slot, times] of saved) this.#write(slot, times.slice(Math.max(0, times.length - maxretry)));
  }

  #inWindow(time: number, times: readonly number[], cutoff: number): boolean {
    return time >= cutoff && time > times[times.length - 1] - this.#findtime;
  }

  /** Keep the times inside the window of the newest (and not before the cutoff), newest maxretry. */
  #window(times: number[], cutoff: number): void {
    const newest = times[times.length - 1];
    let first = 0;
    while (first < times.length && (times[first] <= newest - this.#findtime || times[first] < cutoff)) first++;
    first = Math.max(first, times.length - this.#maxretry);
    if (first > 0) times.splice(0, first);
  }

  #read(slot: number): number[] {
    const n = this.#count[slot];
    scratch.length = 0;
    if (n === 1 && this.#block[slot] < 0) scratch.push(this.#newest[slot]);
    else if (n > 0) {
      const base = this.#block[slot] * this.#maxretry;
      for (let k = 0; k < n; k++) scratch.push(this.#blockTimes[base + k]);
    }
    return scratch;
  }

  #write(slot: number, times: readonly number[]): void {
    const n = times.length;
    this.#count[slot] = n;
    this.#newest[slot] = n === 0 ? -Infinity : times[n - 1];
    if (n <= 1 && this.#block[slot] < 0) return;
    if (this.#block[slot] < 0) this.#block[slot] = this.#newBlock();
    const base = this.#block[slot] * this.#maxretry;
    for (let k = 0; k < n; k++) this.#blockTimes[base + k] = times[k];
  }

  #newSlot(id: string): number {
    const key = storedKey(id);
    let slot: number;
    if (this.#freeCount > 0) slot = this.#freeSlots[--this.#freeCount];
    else {
      slot = this.#slotsUsed++;
      if (slot >= this.#count.length) this.#growSlots(Math.max(1024, slot * 2));
    }
    this.#count[slot] = 0;
    this.#block[slot] = -1;
    this.#index.set(key, slot);
    return slot;
  }

  #freeSlot(key: IdKey, slot: number): void {
    this.#index.delete(key);
    this.#matches.clear(slot);
    if (this.#block[slot] >= 0) this.#freeBlocks.push(this.#block[slot]);
    this.#block[slot] = -1;
    this.#count[slot] = 0;
    this.#freeSlots[this.#freeCount++] = slot;
  }

  #growSlots(capacity: number): void {
    const count = new Uint32Array(capacity);
    count.set(this.#count);
    this.#count = count;
    const newest = new Float64Array(capacity);
    newest.set(this.#newest);
    this.#newest = newest;
    this.#block = grown(this.#block, capacity, -1);
    this.#freeSlots = grown(this.#freeSlots, capacity, 0);
    this.#matches.growSlots(capacity);
  }

  #newBlock(): number {
    const reused = this.#freeBlocks.pop();
    if (reused !== undefined) return reused;
    const block = this.#blocksUsed++;
    if ((block + 1) * this.#maxretry > this.#blockTimes.length) {
      const times = new Float64Array(Math.max(1024, block * 2) * this.#maxretry);
      times.set(this.#blockTimes);
      this.#blockTimes = times;
    }
    return block;
  }
}

function insertSorted(times: number[], time: number): void {
  let k = times.length;
  times.push(time);
  while (k > 0 && times[k - 1] > time) {
    times[k] = times[k - 1];
    k--;
  }
  times[k] = time;
}

