/**
 * One open log file (one inode) being read: its descriptor, fingerprint and line assembler. Reads are
 * synchronous and bounded (one chunk at a time) so the caller decides when to yield.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { FilePosition } from '../core/records.js';
import { hashFirstLine, readFirstLine, startsWithLine } from './first-line-hash.js';
import { LineAssembler } from './line-assembler.js';
import type { LineDecoder } from './line-decoder.js';

export interface LogFile {
  readonly fd: number;
  readonly inode: string;
  /** First-line hash; '' while the first line is incomplete (recomputed until it is not). */
  hash: string;
  /** The first line's bytes once complete, to notice a rewritten file. */
  firstLine: Buffer | null;
  readonly assembler: LineAssembler;
  /** Whether lines of this file were handed out since it was opened. */
  handedOut: boolean;
  /** When a read last found new bytes (ms), for closing rotated files once they go quiet. */
  lastData: number;
}

export interface OpenedLogFile {
  readonly fd: number;
  readonly inode: string;
  readonly size: number;
  readonly firstLineHash: string;
  readonly firstLine: Buffer | null;
}

/** Opens `path` read-only; throws the fs error (ENOENT, EACCES…). */
export function openLogFile(path: string): OpenedLogFile {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd, { bigint: true });
    const firstLine = readFirstLine(fd);
    return { fd, inode: st.ino.toString(), size: Number(st.size), firstLineHash: hashFirstLine(firstLine), firstLine };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Starts reading an opened file at `offset` (a line start unless the byte before is not '\n'). */
export function startLogFile(opened: OpenedLogFile, offset: number, decode: LineDecoder, now: number): LogFile {
  const assembler = new LineAssembler(decode, offset, offset > 0 && !followsNewline(opened.fd, offset));
  return { fd: opened.fd, inode: opened.inode, hash: opened.firstLineHash, firstLine: opened.firstLine, assembler, handedOut: false, lastData: now };
}

/** Rewinds to the start after a truncation or a rewritten first line. */
export function rewindLogFile(file: LogFile): void {
  file.assembler.reset(0, false);
  refreshFirstLine(file);
  file.handedOut = false;
}

function followsNewline(fd: number, offset: number): boolean {
  const one = Buffer.alloc(1);
  return readSync(fd, one, 0, 1, offset - 1) === 1 && one[0] === 10;
}

/** Reads one chunk at the file's read offset: the lines it completes, or null at the end of the file. */
export function readLogChunk(file: LogFile, buf: Buffer, now: number): string[] | null {
  const n = readSync(file.fd, buf, 0, buf.length, file.assembler.next);
  if (n === 0) return null;
  file.lastData = now;
  const lines = file.assembler.push(buf.subarray(0, n));
  if (file.firstLine === null) refreshFirstLine(file);
  return lines;
}

function refreshFirstLine(file: LogFile): void {
  file.firstLine = readFirstLine(file.fd);
  file.hash = hashFirstLine(file.firstLine);
}

/** Whether the file was rewritten under us: it no longer starts with the first line read from it. */
export function firstLineChanged(file: LogFile, scratch: Buffer): boolean {
  return file.firstLine !== null && file.assembler.end > 0 && !startsWithLine(file.fd, file.firstLine, scratch);
}

export function logFileSize(file: LogFile): number {
  return Number(fstatSync(file.fd, { bigint: true }).size);
}

/** Whether the file still has a name (0 links = deleted while open). */
export function logFileLinked(file: LogFile): boolean {
  return fstatSync(file.fd, { bigint: true }).nlink > 0n;
}

export function logPosition(path: string, file: LogFile): FilePosition {
  return { path, inode: file.inode, offset: file.assembler.end, firstLineHash: file.hash };
}

export function closeLogFile(file: { fd: number }): void {
  try {
    closeSync(file.fd);
  } catch {
    // already closed: nothing to release
  }
}
