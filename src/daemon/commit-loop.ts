/**
 * The server's heartbeat: after lines were processed (or a ban expired, or a client banned by hand),
 * everything the jails decided goes to the store in ONE transaction together with the file positions
 * reached, and only then to the actions. So kill -9 at any moment loses nothing and counts nothing
 * twice: what was committed is restored, what was not is read again from the committed position.
 */
import type { Action } from '../actions/action.js';
import type { Logger } from '../core/logger.js';
import type { BanRecord, FailureRecord, FilePosition, JournalPosition } from '../core/records.js';
import type { Store } from '../store/store.js';
import type { JailRuntime } from './jail-runtime.js';

export interface CommitLoop {
  notePosition(position: FilePosition): void;
  noteJournal(position: JournalPosition): void;
  /** Flush soon (after the current batch of IO callbacks); `lines` read since the last call. */
  schedule(lines?: number): void;
  /** Flush now; returns when the store has the data (actions run in their own queues). */
  flush(): void;
  /** Send bans to the actions of a jail (restore at start, or new bans); queued per action. */
  dispatch(runtime: JailRuntime, bans: readonly BanRecord[], unbans: readonly BanRecord[], restored: boolean): void;
  /** Let each action of the jail verify and repair its firewall state (queued like bans). */
  check(runtime: JailRuntime): void;
  /** Wait for every action queue to drain. */
  idle(): Promise<void>;
  stop(): void;
}

export interface CommitDeps {
  readonly store: Store;
  readonly runtimes: () => Iterable<JailRuntime>;
  readonly logger: Logger;
  readonly now: () => number;
  /** Called after each flush with the bans that were committed (for counters, tests). */
  readonly onCommitted?: (bans: number, unbans: number) => void;
}

const SWEEP_MS = 1000;
/** Under load (a commit less than this ago), the next commit waits this long (ms). */
const BUSY_COMMIT_MS = 30;
/** Lines read since the last commit that count as "under load". */
const BUSY_LINES = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createCommitLoop(deps: CommitDeps): CommitLoop {
  const positions = new Map<string, FilePosition>();
  const journal = new Map<string, JournalPosition>();
  const queues = new Map<Action, Promise<void>>();
  /** The last queued call of each action, while it has not started yet. */
  const pendingOf = new Map<Action, Pending>();
  let scheduled = false;
  let expiryTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  let carried: MutableBatch | null = null;
  let lastFlushAt = -Infinity;
  let pendingLines = 0;

  const enqueue = (runtime: JailRuntime, action: Action, work: () => Promise<void>, what: string): void => {
    pendingOf.delete(action);
    const previous = queues.get(action) ?? Promise.resolve();
    const next = previous.then(work).catch((err: unknown) => {
      deps.logger.error('actions', `[${runtime.name}] action ${action.name} failed to ${what}: ${(err as Error).message}`);
    });
    queues.set(action, next);
  };

  /**
   * Bans or unbans for an action. While the action is busy, records of the same kind that arrive
   * before the queued call starts join it: under a flood each busy period costs ONE firewall call
   * (one nft process) instead of one per commit.
   */
  const enqueueRecords = (runtime: JailRuntime, action: Action, kind: PendingKind, records: readonly BanRecord[]): void => {
    const pending = pendingOf.get(action);
    if (pending !== undefined && pending.kind === kind) {
      pending.records.push(...records);
      return;
    }
    const item: Pending = { kind, records: [...records] };
    const run = (): Promise<void> => {
      if (pendingOf.get(action) === item) pendingOf.delete(action);
      if (kind === 'unban') return action.unban(item.records);
      return action.ban(item.records, { restored: kind === 'restore' });
    };
    enqueue(runtime, action, run, kind);
    pendingOf.set(action, item);
  };

  const dispatch = (runtime: JailRuntime, bans: readonly BanRecord[], unbans: readonly BanRecord[], restored: boolean): void => {
    // fail2ban's own log lines (what admins and tools such as the recidive jail look for).
    for (const ban of unbans) deps.logger.notice('actions', `[${runtime.name}] Unban ${ban.ip}`);
    for (const ban of bans) deps.logger.notice('actions', `[${runtime.name}] ${restored ? 'Restore Ban' : 'Ban'} ${ban.ip}`);
    for (const action of runtime.actions) {
      if (unbans.length > 0) enqueueRecords(runtime, action, 'unban', unbans);
      if (bans.length > 0) enqueueRecords(runtime, action, restored ? 'restore' : 'ban', bans);
    }
  };

  const armExpiry = (): void => {
    if (expiryTimer !== null) clearTimeout(expiryTimer);
    expiryTimer = null;
    if (stopped) return;
    let next: number | null = null;
    for (const rt of deps.runtimes()) {
      const at = rt.jail.nextExpiry();
      if (at !== null && (next === null || at < next)) next = at;
    }
    if (next === null) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil((next - deps.now()) * 1000)));
    expiryTimer = setTimeout(() => {
      const now = deps.now();
      for (const rt of deps.runtimes()) rt.jail.expire(now);
      flush();
    }, delay);
    expiryTimer.unref();
  };

  const flush = (): void => {
    scheduled = false;
    pendingLines = 0;
    lastFlushAt = performance.now();
    const addFailures: FailureRecord[] = [];
    const clearFailures: { jail: string; id: string }[] = [];
    const addBans: BanRecord[] = [];
    const removeBans: { jail: string; ip: string }[] = [];
    const decided: [JailRuntime, BanRecord[], BanRecord[]][] = [];
    for (const rt of deps.runtimes()) {
      const changes = rt.jail.drainChanges();
      // The jail's cleared ids win over failures added in the same drain (the store clears first).
      const cleared = new Set(changes.clearedIds);
      for (const f of changes.addedFailures) if (!cleared.has(f.id)) addFailures.push(f);
      for (const id of changes.clearedIds) clearFailures.push({ jail: rt.name, id });
      // A ban and an unban of one ip in the same drain: the jail's state now decides which holds.
      const banned = new Set(changes.bans.map((b) => b.ip));
      const both = new Set(changes.unbans.map((b) => b.ip).filter((ip) => banned.has(ip)));
      const bans = [...changes.bans, ...changes.prolonged].filter((b) => !both.has(b.ip) || rt.jail.banOf(b.ip) !== null);
      addBans.push(...bans);
      for (const ban of changes.unbans) if (!both.has(ban.ip) || rt.jail.banOf(ban.ip) === null) removeBans.push({ jail: rt.name, ip: ban.ip });
      if (bans.length > 0 || changes.unbans.length > 0) decided.push([rt, bans, changes.unbans]);
    }
    const batch: MutableBatch = {
      addFailures, clearFailures, addBans, removeBans,
      positions: [...positions.values()], journal: [...journal.values()],
    };
    positions.clear();
    journal.clear();
    const merged = carried === null ? batch : mergeBatches(carried, batch);
    try {
      deps.store.commit(merged);
      carried = null;
    } catch (err) {
      // Keep it for the next flush; bans still reach the firewall (security first).
      carried = merged;
      deps.logger.error('server', `could not commit to the database (will retry): ${(err as Error).message}`);
      setTimeout(() => loop.schedule(), 1000).unref();
    }
    for (const [rt, bans, unbans] of decided) dispatch(rt, bans, unbans, false);
    deps.onCommitted?.(addBans.length, removeBans.length);
    armExpiry();
  };

  const sweep = setInterval(() => {
    const now = deps.now();
    for (const rt of deps.runtimes()) rt.jail.sweep(now);
  }, SWEEP_MS);
  sweep.unref();

  const loop: CommitLoop = {
    notePosition: (p) => void positions.set(p.path, p),
    noteJournal: (p) => void journal.set(p.key, p),
    schedule(lines = 0) {
      pendingLines += lines;
      if (scheduled || stopped) return;
      scheduled = true;
      const run = (): void => {
        if (scheduled) flush();
      };
      // A lone line is committed (and banned) at once. Under a flood, commits come at most every
      // BUSY_COMMIT_MS: fewer transactions, and failures cleared by a ban in the same window are
      // never written at all.
      if (pendingLines >= BUSY_LINES && performance.now() - lastFlushAt < BUSY_COMMIT_MS) setTimeout(run, BUSY_COMMIT_MS).unref();
      else setImmediate(run);
    },
    flush,
    dispatch,
    check(runtime) {
      const active = runtime.jail.status().bans;
      for (const action of runtime.actions) {
        const check = action.check?.bind(action);
        if (check !== undefined) enqueue(runtime, action, () => check(active), 'check its state');
      }
    },
    idle: async () => {
      await Promise.all([...queues.values()]);
    },
    stop() {
      stopped = true;
      clearInterval(sweep);
      if (expiryTimer !== null) clearTimeout(expiryTimer);
    },
  };
  return loop;
}

type PendingKind = 'ban' | 'restore' | 'unban';

interface Pending {
  readonly kind: PendingKind;
  readonly records: BanRecord[];
}

interface MutableBatch {
  addFailures: FailureRecord[];
  clearFailures: { jail: string; id: string }[];
  addBans: BanRecord[];
  removeBans: { jail: string; ip: string }[];
  positions: FilePosition[];
  journal: JournalPosition[];
}

/** A batch that could not be committed, followed by a newer one (later positions win). */
function mergeBatches(a: MutableBatch, b: MutableBatch): MutableBatch {
  const byPath = new Map([...a.positions, ...b.positions].map((p) => [p.path, p]));
  const byKey = new Map([...a.journal, ...b.journal].map((p) => [p.key, p]));
  return {
    addFailures: [...a.addFailures, ...b.addFailures],
    clearFailures: [...a.clearFailures, ...b.clearFailures],
    addBans: [...a.addBans, ...b.addBans],
    removeBans: [...a.removeBans, ...b.removeBans],
    positions: [...byPath.values()],
    journal: [...byKey.values()],
  };
}
