/**
 * One follower per log file, serving every jail that watches it: jails subscribe with their
 * `logpath` globs and each batch of a file goes to every jail whose glob names it. The first
 * subscription of a file decides where reading starts (stored position, head or tail); jails that
 * subscribe later join at the current reading point.
 */
import { resolve } from 'node:path';
import type { FilePosition } from '../core/records.js';
import { followFile } from './follow-file.js';
import { planStart, type FollowerSettings, type StartPlan } from './follow-glob.js';
import { hasGlobChars } from './glob-pattern.js';
import { InodeLedger } from './inode-ledger.js';
import { createLineDecoder } from './line-decoder.js';
import type { FileFollower, LineBatch, SourceEvent } from './source-event.js';
import { watchGlob } from './watch-glob.js';

export interface SharedSourcesOptions extends Omit<FollowerSettings, 'onLines' | 'onEvent'> {
  /** The stored position of a file (null: none). */
  start(path: string): FilePosition | null;
  /** Events of a file (or of a glob with no match) with the jails that watch it. */
  onEvent(e: SourceEvent, jails: readonly string[]): void;
  /** Periodic re-expansion of globs (ms); default 5000. */
  readonly rescanMs?: number;
}

export type LinesHandler = (batch: LineBatch) => void;

export interface SharedSources {
  /** Start delivering the lines of the files `pattern` names to `jail`; returns the unsubscribe. */
  subscribe(pattern: string, from: 'head' | 'tail', jail: string, onLines: LinesHandler): () => void;
  /** Files followed now. */
  paths(): string[];
  positions(): FilePosition[];
  stop(): Promise<void>;
}

interface Subscriber {
  readonly jail: string;
  readonly onLines: LinesHandler;
}

interface SharedFile {
  readonly subscribers: Map<number, Subscriber>;
  follower: FileFollower | null;
}

/** Throws a TypeError for an encoding `encodingProblem` rejects. */
export function createSharedSources(opts: SharedSourcesOptions): SharedSources {
  const { start, onEvent, rescanMs, ...settings } = opts;
  createLineDecoder(settings.encoding); // an unusable encoding fails here, not in a later rescan
  const ledger = new InodeLedger();
  const files = new Map<string, SharedFile>();
  const unsubscribers = new Set<() => void>();
  let nextToken = 1;

  const jailsOf = (file: SharedFile): string[] => [...new Set([...file.subscribers.values()].map((s) => s.jail))];

  function startFile(path: string, file: SharedFile, plan: StartPlan): void {
    file.follower = followFile({
      ...settings, path, start: plan.start, from: plan.from, ledger,
      onLines: (batch) => {
        for (const sub of [...file.subscribers.values()]) sub.onLines(batch);
      },
      onEvent: (e) => onEvent(e, jailsOf(file)),
    });
  }

  /** Adds a subscriber to `path`, starting its follower if it is the first; false: try again later. */
  function attach(path: string, token: number, sub: Subscriber, plan: () => StartPlan | null): boolean {
    const existing = files.get(path);
    if (existing !== undefined) {
      existing.subscribers.set(token, sub);
      return true;
    }
    const how = plan();
    if (how === null) return false;
    const file: SharedFile = { subscribers: new Map([[token, sub]]), follower: null };
    files.set(path, file);
    startFile(path, file, how);
    return true;
  }

  function detach(path: string, token: number): void {
    const file = files.get(path);
    if (file === undefined || !file.subscribers.delete(token) || file.subscribers.size > 0) return;
    files.delete(path);
    void file.follower?.stop();
  }

  function subscribe(pattern: string, from: 'head' | 'tail', jail: string, onLines: LinesHandler): () => void {
    const token = nextToken++;
    const sub: Subscriber = { jail, onLines };
    const attached = new Set<string>();
    let closeGlob = (): void => undefined;
    if (!hasGlobChars(pattern)) {
      const path = resolve(pattern);
      attach(path, token, sub, () => ({ start: start(path), from }));
      attached.add(path);
    } else {
      const watcher = watchGlob({
        pattern: resolve(pattern), rescanMs,
        onAdded: (path, initial) => {
          if (!attach(path, token, sub, () => planStart(path, initial, ledger, from, start))) return false;
          attached.add(path);
          if (!initial) onEvent({ kind: 'appeared', path }, [jail]);
          return true;
        },
        onGone: (path) => {
          attached.delete(path);
          detach(path, token);
        },
      });
      closeGlob = () => watcher.close();
      if (attached.size === 0) onEvent({ kind: 'missing', path: pattern }, [jail]);
    }
    const unsubscribe = (): void => {
      if (!unsubscribers.delete(unsubscribe)) return;
      closeGlob();
      for (const path of attached) detach(path, token);
      attached.clear();
    };
    unsubscribers.add(unsubscribe);
    return unsubscribe;
  }

  return {
    subscribe,
    paths: () => [...files.keys()],
    positions: () => [...files.values()].flatMap((f) => f.follower?.position() ?? []),
    stop: async () => {
      for (const unsubscribe of [...unsubscribers]) unsubscribe();
      await Promise.all([...files.values()].map((f) => f.follower?.stop()));
      files.clear();
    },
  };
}
