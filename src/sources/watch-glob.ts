/**
 * Keeps a `logpath` glob expanded while running: rescans periodically and when an entry is created,
 * renamed or deleted in a watched directory, and reports files that start or stop matching.
 */
import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { expandGlob, globRoot } from './expand-glob.js';

export interface GlobWatchOptions {
  readonly pattern: string;
  /** A file matched (initial: at the first expansion). Return false to be asked again at the next rescan. */
  onAdded(path: string, initial: boolean): boolean;
  /** A matched file has been gone for a while (`goneMs`). */
  onGone(path: string): void;
  /** Periodic rescan (ms); default 5000. */
  readonly rescanMs?: number;
  /** How long a file may be absent before it counts as gone (ms); default max(30 s, 3 rescans). */
  readonly goneMs?: number;
}

export interface GlobWatch {
  /** Files currently followed for this glob. */
  paths(): string[];
  rescan(): void;
  close(): void;
}

export function watchGlob(opts: GlobWatchOptions): GlobWatch {
  const rescanMs = opts.rescanMs ?? 5000;
  const goneMs = opts.goneMs ?? Math.max(30_000, 3 * rescanMs);
  const followed = new Set<string>();
  const missingSince = new Map<string, number>();
  const watchers = new Map<string, FSWatcher | null>();
  let scheduled = false;
  let closed = false;

  function watchDir(dir: string): void {
    if (watchers.get(dir) != null) return;
    try {
      const w = watch(dir, { persistent: false }, (event) => {
        if (event === 'rename') schedule();
      });
      w.on('error', () => {
        w.close();
        watchers.set(dir, null);
      });
      watchers.set(dir, w);
    } catch {
      watchers.set(dir, null);
    }
  }

  function rescan(initial = false): void {
    if (closed) return;
    try {
      update(initial);
    } catch {
      // an unreadable directory or file (EACCES…): the next rescan tries again
    }
  }

  function update(initial: boolean): void {
    const now = Date.now();
    const matches = new Set(expandGlob(opts.pattern));
    for (const path of matches) {
      missingSince.delete(path);
      if (!followed.has(path) && opts.onAdded(path, initial)) followed.add(path);
    }
    for (const path of followed) {
      if (matches.has(path)) continue;
      const since = missingSince.get(path) ?? now;
      missingSince.set(path, since);
      if (now - since < goneMs) continue;
      followed.delete(path);
      missingSince.delete(path);
      opts.onGone(path);
    }
    watchDir(globRoot(opts.pattern));
    for (const path of followed) watchDir(dirname(path));
  }

  function schedule(): void {
    if (scheduled || closed) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      rescan();
    });
  }

  rescan(true);
  const timer = setInterval(() => rescan(), rescanMs);
  return {
    paths: () => [...followed],
    rescan: () => rescan(),
    close: () => {
      closed = true;
      clearInterval(timer);
      for (const w of watchers.values()) w?.close();
      watchers.clear();
    },
  };
}
