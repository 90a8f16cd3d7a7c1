/**
 * Follows a server's log file (fs.watch plus a short poll) and records each `[jail] Ban IP` line
 * with the millisecond time stamp the server wrote on it. Works for warden's and fail2ban's logs.
 */
import { closeSync, existsSync, openSync, readSync, watch, type FSWatcher } from 'node:fs';

export interface BanEvent {
  readonly ip: string;
  /** The server's own time stamp on the ban line (unix ms, read as local time). */
  readonly logMs: number;
  /** When the benchmark read the line (Date.now()). */
  readonly seenMs: number;
}

export interface BanWatch {
  readonly bans: ReadonlyMap<string, BanEvent>;
  /** Time stamp of the first line in the log, or null before any line. */
  firstLogMs(): number | null;
  /** The ban of `ip`, or null after `timeoutMs`. */
  waitForBan(ip: string, timeoutMs: number): Promise<BanEvent | null>;
  /** True once `count` distinct IPs are banned, false after `timeoutMs`. */
  waitForCount(count: number, timeoutMs: number): Promise<boolean>;
  close(): void;
}

const STAMP = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) /;
const BAN = /: NOTICE\s+\[[^\]]+\] Ban (\S+)/;

/** `2026-01-02 03:04:05,678 ...` -> unix ms (local time), or null. */
export function parseLogStamp(line: string): number | null {
  const m = STAMP.exec(line);
  if (m === null) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map(Number);
  return new Date(y, mo - 1, d, h, mi, s, ms).getTime();
}

export function watchBans(path: string): BanWatch {
  const bans = new Map<string, BanEvent>();
  const waiters = new Set<() => void>();
  let fd: number | null = null;
  let offset = 0;
  let carry = '';
  let first: number | null = null;
  let watcher: FSWatcher | null = null;
  const buf = Buffer.alloc(1 << 20);

  const onLine = (line: string): void => {
    if (first === null) first = parseLogStamp(line);
    const m = BAN.exec(line);
    if (m === null || bans.has(m[1])) return;
    const logMs = parseLogStamp(line);
    if (logMs !== null) bans.set(m[1], { ip: m[1], logMs, seenMs: Date.now() });
  };
  const read = (): void => {
    if (fd === null) {
      if (!existsSync(path)) return;
      fd = openSync(path, 'r');
      watcher = watch(path, read);
    }
    for (let n = readSync(fd, buf, 0, buf.length, offset); n > 0; n = readSync(fd, buf, 0, buf.length, offset)) {
      offset += n;
      const text = carry + buf.toString('utf8', 0, n);
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    }
    for (const wake of [...waiters]) wake();
  };
  const poll = setInterval(read, 50);
  read();

  const waitUntil = <T>(check: () => T | null, timeoutMs: number): Promise<T | null> => new Promise((resolve) => {
    const done = (value: T | null): void => {
      waiters.delete(wake);
      clearTimeout(timer);
      resolve(value);
    };
    const wake = (): void => {
      const value = check();
      if (value !== null) done(value);
    };
    const timer = setTimeout(() => done(check()), timeoutMs);
    waiters.add(wake);
    wake();
  });

  return {
    bans,
    firstLogMs: () => first,
    waitForBan: (ip, timeoutMs) => waitUntil(() => bans.get(ip) ?? null, timeoutMs),
    waitForCount: async (count, timeoutMs) => (await waitUntil(() => (bans.size >= count ? true : null), timeoutMs)) === true,
    close() {
      clearInterval(poll);
      watcher?.close();
      for (const wake of [...waiters]) wake();
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
