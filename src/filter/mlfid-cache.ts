/**
 * Multi-line failure-id cache: the failure data gathered so far per connection id (`<F-MLFID>`),
 * bounded in count and age like fail2ban's (100 entries, 5 minutes; oldest dropped first).
 */

export class MlfidCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();
  readonly #maxCount: number;
  readonly #maxAge: number;

  constructor(maxCount = 100, maxAge = 300) {
    this.#maxCount = maxCount;
    this.#maxAge = maxAge;
  }

  get(key: string, now: number): V | undefined {
    const e = this.#entries.get(key);
    if (e === undefined) return undefined;
    if (e.expires > now) return e.value;
    this.#entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, now: number): void {
    if (this.#entries.size >= this.#maxCount) {
      for (const [k, e] of this.#entries) {
        this.#entries.delete(k);
        if (e.expires > now && this.#entries.size < this.#maxCount) break;
      }
    }
    this.#entries.set(key, { value, expires: now + this.#maxAge });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
