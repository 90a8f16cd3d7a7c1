/**
 * The active bans of one jail, by ip, with a min-heap on expiry (stale heap entries are skipped
 * lazily). A ban has expired once now >= timeOfBan + bantime; permanent bans (-1) never expire.
 */
import { banExpiry, type BanRecord } from '../core/records.js';

export type BanAddResult =
  | { readonly kind: 'new'; readonly ban: BanRecord }
  /** Already banned; the ban now ends at the later end (fail2ban's "prolong"). */
  | { readonly kind: 'prolonged'; readonly ban: BanRecord }
  /** Already banned until at least the new end: unchanged. */
  | { readonly kind: 'kept'; readonly ban: BanRecord };

export class BanTable {
  readonly #bans = new Map<string, BanRecord>();
  /** Heap of (expiry, ip); an entry is live only while that ip's ban still ends at that time. */
  #heapTime: number[] = [];
  #heapIp: string[] = [];

  get size(): number {
    return this.#bans.size;
  }

  get(ip: string): BanRecord | undefined {
    return this.#bans.get(ip);
  }

  values(): IterableIterator<BanRecord> {
    return this.#bans.values();
  }

  add(ban: BanRecord): BanAddResult {
    const old = this.#bans.get(ban.ip);
    if (old === undefined) {
      this.#put(ban);
      return { kind: 'new', ban };
    }
    const oldEnd = banExpiry(old);
    const newEnd = banExpiry(ban);
    if (oldEnd === null || (newEnd !== null && newEnd <= oldEnd)) return { kind: 'kept', ban: old };
    const prolonged: BanRecord = { ...old, bantime: newEnd === null ? -1 : newEnd - old.timeOfBan };
    this.#put(prolonged);
    return { kind: 'prolonged', ban: prolonged };
  }

  remove(ip: string): BanRecord | null {
    const ban = this.#bans.get(ip);
    if (ban === undefined) return null;
    this.#bans.delete(ip);
    return ban;
  }

  /** Earliest end of a ban, or null when there is none (or all are permanent). */
  nextExpiry(): number | null {
    this.#dropStale();
    return this.#heapTime.length === 0 ? null : this.#heapTime[0];
  }

  /** Remove and return every ban whose end is at or before now, earliest first. */
  popExpired(now: number): BanRecord[] {
    const out: BanRecord[] = [];
    for (let next = this.nextExpiry(); next !== null && next <= now; next = this.nextExpiry()) {
      const ban = this.#bans.get(this.#heapIp[0]) as BanRecord;
      this.#pop();
      this.#bans.delete(ban.ip);
      out.push(ban);
    }
    return out;
  }

  #put(ban: BanRecord): void {
    this.#bans.set(ban.ip, ban);
    const end = banExpiry(ban);
    if (end !== null) this.#push(end, ban.ip);
    if (this.#heapTime.length > 64 + 2 * this.#bans.size) this.#rebuild();
  }

  #isLive(k: number): boolean {
    const ban = this.#bans.get(this.#heapIp[k]);
    return ban !== undefined && banExpiry(ban) === this.#heapTime[k];
  }

  #dropStale(): void {
    while (this.#heapTime.length > 0 && !this.#isLive(0)) this.#pop();
  }

  #rebuild(): void {
    this.#heapTime = [];
    this.#heapIp = [];
    for (const ban of this.#bans.values()) {
      const end = banExpiry(ban);
      if (end !== null) this.#push(end, ban.ip);
    }
  }

  #push(time: number, ip: string): void {
    const t = this.#heapTime;
    const s = this.#heapIp;
    let k = t.length;
    t.push(time);
    s.push(ip);
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (t[parent] <= time) break;
      t[k] = t[parent];
      s[k] = s[parent];
      k = parent;
    }
    t[k] = time;
    s[k] = ip;
  }

  #pop(): void {
    const t = this.#heapTime;
    const s = this.#heapIp;
    const lastTime = t.pop() as number;
    const lastIp = s.pop() as string;
    if (t.length === 0) return;
    let k = 0;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= t.length) break;
      if (child + 1 < t.length && t[child + 1] < t[child]) child++;
      if (t[child] >= lastTime) break;
      t[k] = t[child];
      s[k] = s[child];
      k = child;
    }
    t[k] = lastTime;
    s[k] = lastIp;
  }
}
