/**
 * Deterministic pseudo-random numbers for the benchmark generators (sfc32 seeded through splitmix32).
 * Same seed, same sequence, on every machine and Node version; never use Math.random in bench/.
 */

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform integer in [lo, hi] (both included). */
  range(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `digits` lower-case hex digits. */
  hex(digits: number): string;
}

/** A weighted choice table: build once with `weighted`, draw with `draw`. */
export interface Weighted<T> {
  readonly items: readonly T[];
  /** Cumulative weights, normalised so the last one is 1. */
  readonly cumulative: readonly number[];
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

export function createRng(seed: number): Rng {
  const mix = splitmix32(seed);
  const next = sfc32(mix(), mix(), mix(), mix());
  for (let i = 0; i < 12; i++) next();
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)],
    hex: (digits) => {
      let out = '';
      while (out.length < digits) out += int(0x10000).toString(16).padStart(4, '0');
      return out.slice(0, digits);
    },
  };
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let running = 0;
  const cumulative = entries.map(([, w]) => (running += w) / total);
  cumulative[cumulative.length - 1] = 1;
  return { items: entries.map(([item]) => item), cumulative };
}

export function draw<T>(rng: Rng, table: Weighted<T>): T {
  const u = rng.next();
  const { cumulative, items } = table;
  for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]) return items[i];
  return items[items.length - 1];
}
