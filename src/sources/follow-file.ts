/**
 * Follows one log file: inotify on the file and its directory plus a periodic stat, rotation by
 * rename+create (the old file is read to its end first), copytruncate, delete+recreate, and resuming
 * from a stored position after a restart. Lines go out in batches of one read chunk each.
 */
import { statSync } from 'node:fs';
import { WardenError } from '../core/errors.js';
import type { FilePosition } from '../core/records.js';
import { FIRST_LINE_BYTES } from './first-line-hash.js';
import type { InodeLedger } from './inode-ledger.js';
import { createLineDecoder } from './line-decoder.js';
import {
  closeLogFile, firstLineChanged, logFileLinked, logPosition, openLogFile, readLogChunk, rewindLogFile, startLogFile,
  type LogFile, type OpenedLogFile,
} from './log-file.js';
import { watchPath } from './path-watch.js';
import { findRotatedSibling } from './rotated-sibling.js';
import type { FileFollower, LineBatch, SourceEvent } from './source-event.js';
import { startOffset } from './start-offset.js';

export interface FollowFileOptions {
  readonly path: string;
  /** The position stored for this path (null: none). */
  readonly start: FilePosition | null;
  /** Without a stored position: read from the start (`head`) or only what is appended (`tail`). */
  readonly from: 'head' | 'tail';
  onLines(batch: LineBatch): void;
  onEvent(e: SourceEvent): void;
  /** Periodic stat (ms); default 1000. */
  readonly pollMs?: number;
  /** utf-8 (default, also `auto`), latin1, or any ASCII-compatible TextDecoder label. */
  readonly encoding?: string;
  /** false: periodic stat only (`backend = polling`). */
  readonly watch?: boolean;
  /** How long a rotated-away file is still read after its last growth (ms); default max(5 s, 5 polls). */
  readonly rotatedGraceMs?: number;
  /** Bytes per read (and so per batch at most); default 256 KiB. */
  readonly chunkBytes?: number;
  readonly ledger?: InodeLedger;
}

const DEFAULT_CHUNK = 256 * 1024;

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

export function followFile(opts: FollowFileOptions): FileFollower {
  const { path } = opts;
  const decode = createLineDecoder(opts.encoding);
  const pollMs = opts.pollMs ?? 1000;
  const graceMs = opts.rotatedGraceMs ?? Math.max(5000, 5 * pollMs);
  const buf = Buffer.allocUnsafe(Math.max(FIRST_LINE_BYTES, opts.chunkBytes ?? DEFAULT_CHUNK));
  let current: LogFile | null = null;
  const draining: LogFile[] = [];
  let everOpened = false;
  let missingReported = false;
  let lastError: string | null = null;
  let stopped = false;
  let busy = false;
  let again = false;
  let scheduled = false;

  const emit = (e: SourceEvent): void => opts.onEvent(e);

  function track(opened: OpenedLogFile, offset: number, now: number): LogFile {
    opts.ledger?.opened(opened.inode);
    return startLogFile(opened, offset, decode, now);
  }

  function release(file: LogFile): void {
    closeLogFile(file);
    opts.ledger?.closed(file.inode, logPosition(path, file));
  }

  /** The stored position's file moved to a rotated name (`path.1`…): read its rest first. */
  function drainStoredSibling(start: FilePosition, now: number): boolean {
    const sibling = findRotatedSibling(path, start.inode);
    if (sibling === null) return false;
    const opened = openLogFile(sibling);
    const decision = startOffset(start, 'head', opened);
    if (decision.reason === 'resume') draining.push(track(opened, decision.offset, now));
    else closeLogFile(opened);
    return decision.reason === 'resume';
  }

  /** The file now at `path`, or null when there is none. */
  function openIfPresent(): OpenedLogFile | null {
    try {
      return openLogFile(path);
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  function openCurrent(now: number): boolean {
    const opened = openIfPresent();
    if (opened === null) return false;
    const first = !everOpened;
    const stored = first ? opts.start : null;
    const decision = startOffset(stored, first && !missingReported ? opts.from : 'head', opened);
    everOpened = true;
    // The stored file rotated to `path.1` (etc.) while we were down: its rest first, then this one from 0
    // (even when this one starts with the same line: the stored inode says which file was read).
    const rotated = stored !== null && stored.inode !== opened.inode && decision.reason !== 'resume' && drainStoredSibling(stored, now);
    current = track(opened, rotated ? 0 : decision.offset, now);
    watcher?.refresh();
    if (missingReported) emit({ kind: 'appeared', path });
    return true;
  }

  /**
   * A new inode is at `path`: keep reading the old one until it goes quiet, read the new one from 0
   * (from where reading stopped when it was read under another name: `app.log` -> `app.log.1`).
   */
  function rotate(old: LogFile, now: number): boolean {
    const opened = openIfPresent();
    if (opened === null) return false;
    const ledger = opts.ledger;
    if (ledger?.isOpen(opened.inode) === true) {
      closeLogFile(opened); // another follower still reads it under its old name: switch once it is done
      return false;
    }
    const how = logFileLinked(old) ? 'rename' : 'replaced';
    old.lastData = now;
    draining.push(old);
    const before = ledger?.stoppedAt(opened.inode);
    current = track(opened, before === undefined ? 0 : startOffset(before, 'head', opened).offset, now);
    watcher?.refresh();
    emit({ kind: 'rotated', path, how });
    return true;
  }

  function rewind(file: LogFile): void {
    rewindLogFile(file);
    emit({ kind: 'rotated', path, how: 'truncate' });
  }

  /** Reads one chunk of `file`; false at its end. */
  function readChunk(file: LogFile, now: number): boolean {
    const lines = readLogChunk(file, buf, now);
    if (lines === null) return false;
    if (lines.length === 0) return true;
    const cur = current;
    const ownPosition = file === cur || cur === null || !cur.handedOut;
    if (file === cur) file.handedOut = true;
    opts.onLines({ path, lines, position: logPosition(path, ownPosition ? file : cur) });
    return true;
  }

  function closeQuietDrainers(now: number): void {
    for (let i = draining.length - 1; i >= 0; i--) {
      if (now - draining[i].lastData >= graceMs) release(draining.splice(i, 1)[0]);
    }
  }

  /** One unit of work; true when more is waiting. */
  function step(): boolean {
    const now = Date.now();
    for (const file of draining) if (readChunk(file, now)) return true;
    closeQuietDrainers(now);
    const st = statSync(path, { bigint: true, throwIfNoEntry: false });
    const cur = current;
    if (cur === null) {
      if (st !== undefined) return openCurrent(now);
      if (!missingReported && !everOpened) emit({ kind: 'missing', path });
      missingReported = true;
      return false;
    }
    const moved = st !== undefined && st.ino.toString() !== cur.inode;
    if (moved && rotate(cur, now)) return true;
    if (!moved && st !== undefined && Number(st.size) < cur.assembler.next) rewind(cur);
    else if (firstLineChanged(cur, buf)) rewind(cur);
    return readChunk(cur, now);
  }

  function report(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (message === lastError) return;
    lastError = message;
    emit({ kind: 'error', path, error: new WardenError('ERR_SOURCE', `log file ${path}: ${message}`, { cause: err }) });
  }

  function run(): void {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    let more = false;
    try {
      more = step();
      lastError = null;
    } catch (err) {
      report(err);
    } finally {
      busy = false;
    }
    if (more || again) {
      again = false;
      schedule();
    }
  }

  function schedule(): void {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      run();
    });
  }

  const watcher = opts.watch === false ? null : watchPath(path, schedule);
  const timer = setInterval(() => {
    watcher?.retry();
    run();
  }, pollMs);
  schedule(); // first read on the next turn, so no batch arrives before the caller holds the follower

  return {
    path,
    position: () => (current === null ? null : logPosition(path, current)),
    poll: run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      watcher?.close();
      for (const file of draining.splice(0)) release(file);
      if (current !== null) release(current);
      current = null;
    },
  };
}
