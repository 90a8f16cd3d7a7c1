/**
 * inotify (fs.watch) on a log file and on its directory, so appends, creations and renames wake the
 * follower at once. Watch failures (missing directory, inotify limits) are quiet: the follower's
 * periodic stat still runs, and `retry()` tries again.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface PathWatch {
  /** Re-attach the file watch (the path has a new inode). */
  refresh(): void;
  /** Attach what is not attached (after a failure or while the file was missing). */
  retry(): void;
  close(): void;
}

type Listener = (event: string, name: string | null) => void;

/** Calls `wake` on any change of `path` and on directory entries whose names start with its name. */
export function watchPath(path: string, wake: () => void): PathWatch {
  const base = basename(path);
  let dirWatch: FSWatcher | null = null;
  let fileWatch: FSWatcher | null = null;
  let closed = false;

  function attach(target: string, listener: Listener, onLost: (w: FSWatcher) => void): FSWatcher | null {
    try {
      const w = watch(target, { persistent: false }, (event, name) => listener(event, name === null ? null : String(name)));
      w.on('error', () => {
        w.close();
        onLost(w);
      });
      return w;
    } catch {
      return null;
    }
  }

  const onDir: Listener = (_event, name) => {
    if (name === null || name.startsWith(base)) wake();
  };
  const retry = (): void => {
    if (closed) return;
    fileWatch ??= attach(path, () => wake(), (w) => {
      if (fileWatch === w) fileWatch = null;
    });
    dirWatch ??= attach(dirname(path), onDir, (w) => {
      if (dirWatch === w) dirWatch = null;
    });
  };
  retry();
  return {
    refresh: () => {
      fileWatch?.close();
      fileWatch = null;
      retry();
    },
    retry,
    close: () => {
      closed = true;
      fileWatch?.close();
      dirWatch?.close();
      fileWatch = dirWatch = null;
    },
  };
}
