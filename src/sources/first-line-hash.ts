/**
 * The first-line fingerprint of a log file: hex sha1 of its first line (up to 4 KiB). It tells a file
 * that was replaced or rewritten from the one a stored position was taken in.
 */
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';

export const FIRST_LINE_BYTES = 4096;

function readAt(fd: number, buf: Buffer, length: number): number {
  let n = 0;
  while (n < length) {
    const got = readSync(fd, buf, n, length - n, n);
    if (got === 0) break;
    n += got;
  }
  return n;
}

/** The first line's bytes with their '\n' (or the first 4 KiB); null while that line is incomplete. */
export function readFirstLine(fd: number): Buffer | null {
  const buf = Buffer.alloc(FIRST_LINE_BYTES);
  const n = readAt(fd, buf, buf.length);
  const nl = buf.subarray(0, n).indexOf(10);
  if (nl < 0 && n < FIRST_LINE_BYTES) return null;
  return buf.subarray(0, nl < 0 ? n : nl + 1);
}

/** sha1 of the first line's bytes (without '\n'), or of the first 4 KiB; '' while that line is incomplete. */
export function hashFirstLine(line: Buffer | null): string {
  if (line === null) return '';
  const bytes = line[line.length - 1] === 10 ? line.subarray(0, line.length - 1) : line;
  return createHash('sha1').update(bytes).digest('hex');
}

export function firstLineHash(fd: number): string {
  return hashFirstLine(readFirstLine(fd));
}

/** Whether the file still starts with `line` (cheap: no hashing; `scratch` holds at least 4 KiB). */
export function startsWithLine(fd: number, line: Buffer, scratch: Buffer): boolean {
  return readAt(fd, scratch, line.length) === line.length && scratch.compare(line, 0, line.length, 0, line.length) === 0;
}
