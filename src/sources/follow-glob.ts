/**
 * Follows every file a `logpath` glob names, and files that start matching it while running. A
 * literal path is followed even while missing (`missing`, then `appeared`). A file that matches
 * because it was rotated to a matching name (`app.log` -> `app.log.1`) is not read again.
 */
import { statSync } from 'node:fs';
import type { FilePosition } from '../core/records.js';
import { followFile, type FollowFileOptions } from './follow-file.js';
import { hasGlobChars } from './glob-pattern.js';
import { InodeLedger } from './inode-ledger.js';
import { createLineDecoder } from './line-decoder.js';
import type { FileFollower } from './source-event.js';
import { watchGlob } from './watch-glob.js';

export type FollowerSettings = Omit<FollowFileOptions, 'path' | 'start' | 'from' | 'ledger'>;

export interface FollowGlobOptions extends FollowerSettings {
  readonly pattern: string;
  /** The stored position of a file (null: none). */
  start(path: string): FilePosition | null;
  readonly from: 'head' | 'tail';
  /** Periodic re-expansion (ms); default 5000. */
  readonly rescanMs?: number;
  readonly ledger?: InodeLedger;
}

export interface GlobFollower {
  readonly pattern: string;
  /** Files followed now. */
  paths(): string[];
  positions(): FilePosition[];
  rescan(): void;
  stop(): Promise<void>;
}

export interface StartPlan {
  readonly start: FilePosition | null;
  readonly from: 'head' | 'tail';
}

/**
 * How to start on a file a glob matched: null while its inode is still read under another name;
 * after what was read of it under another name before; else the stored position, or `from` for
 * files present at start and `head` for files that appeared later.
 */
export function planStart(path: string, initial: boolean, ledger: InodeLedger, from: 'head' | 'tail',
  stored: (path: string) => FilePosition | null): StartPlan | null {
  const st = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (st === undefined) return null;
  const inode = st.ino.toString();
  if (ledger.isOpen(inode)) return null;
  const before = ledger.stoppedAt(inode);
  if (before !== undefined) return { start: before, from: 'tail' };
  return { start: stored(path), from: initial ? from : 'head' };
}

export function followGlob(opts: FollowGlobOptions): GlobFollower {
  const { pattern, rescanMs, ...settings } = opts;
  createLineDecoder(settings.encoding); // an unusable encoding fails here, not in a later rescan
  const ledger = opts.ledger ?? new InodeLedger();
  const followers = new Map<string, FileFollower>();
  const startOne = (path: string, plan: StartPlan): void => {
    followers.set(path, followFile({ ...settings, path, start: plan.start, from: plan.from, ledger }));
  };
  if (!hasGlobChars(pattern)) {
    startOne(pattern, { start: opts.start(pattern), from: opts.from });
    return glob(pattern, followers, () => undefined, () => undefined);
  }
  const watcher = watchGlob({
    pattern,
    rescanMs,
    onAdded: (path, initial) => {
      const plan = planStart(path, initial, ledger, opts.from, opts.start);
      if (plan === null) return false;
      startOne(path, plan);
      if (!initial) opts.onEvent({ kind: 'appeared', path });
      return true;
    },
    onGone: (path) => {
      void followers.get(path)?.stop();
      followers.delete(path);
    },
  });
  if (followers.size === 0) opts.onEvent({ kind: 'missing', path: pattern });
  return glob(pattern, followers, () => watcher.rescan(), () => watcher.close());
}

function glob(pattern: string, followers: Map<string, FileFollower>, rescan: () => void, close: () => void): GlobFollower {
  return {
    pattern,
    paths: () => [...followers.keys()],
    positions: () => [...followers.values()].flatMap((f) => f.position() ?? []),
    rescan,
    stop: async () => {
      close();
      await Promise.all([...followers.values()].map((f) => f.stop()));
      followers.clear();
    },
  };
}
