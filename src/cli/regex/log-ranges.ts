/**
 * Byte ranges of a log file for matching in parallel: near-equal parts that start at line starts,
 * and the priming window before a part (the lines that set the filter's state for its first line).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { FilterDefinition } from '../../config/filter-definition.js';

export interface ByteRange {
  readonly start: number;
  /** A line start, or -1: up to the end of the file. */
  readonly end: number;
}

/** Smallest part worth a worker of its own. */
export const MIN_RANGE_BYTES = 8 * 1024 * 1024;
export const MAX_RANGES = 4;
const STEP = 64 * 1024;
/** Priming looks this far back at most; a longer previous line is not replayed. */
const MAX_PRIME_BYTES = 4 * 1024 * 1024;
const LF = 0x0a;

/**
 * Lines are independent when one line's result depends on earlier lines only through the state a
 * few primed lines restore: one-line buffer (maxlines 1) and no mlfid (failures merged across lines).
 */
export function linesIndependent(def: FilterDefinition): boolean {
  if (def.maxlines > 1) return false;
  const regexes = [def.prefregex?.regex ?? '', ...def.failregex.map((e) => e.regex), ...def.ignoreregex.map((e) => e.regex)];
  return !regexes.some((re) => /mlfid/i.test(re));
}

export function rangeCount(size: number, parallelism: number): number {
  return Math.max(1, Math.min(parallelism, MAX_RANGES, Math.floor(size / MIN_RANGE_BYTES)));
}

function readAt(fd: number, buf: Buffer, pos: number): Buffer {
  return buf.subarray(0, readSync(fd, buf, 0, buf.length, pos));
}

/** First line start at or after `from` (> 0), or -1 when no line starts there before the end. */
function nextLineStart(fd: number, from: number): number {
  const buf = Buffer.allocUnsafe(STEP);
  for (let pos = from - 1; ; pos += STEP) {
    const got = readAt(fd, buf, pos);
    if (got.length === 0) return -1;
    const nl = got.indexOf(LF);
    if (nl >= 0) return pos + nl + 1;
  }
}

/** `count` ranges of about equal size covering the file; fewer when lines are too long to cut there. */
export function splitRanges(path: string, size: number, count: number): ByteRange[] {
  const starts = [0];
  const fd = openSync(path, 'r');
  try {
    for (let k = 1; k < count; k++) {
      const s = nextLineStart(fd, Math.floor((size * k) / count));
      if (s > starts[starts.length - 1] && s < size) starts.push(s);
    }
  } finally {
    closeSync(fd);
  }
  return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1] : -1 }));
}

/**
 * Where to start replaying lines before `start` (a line start): the first line start in the window
 * before it, the window growing until it holds a whole line. `start` itself when none fits.
 */
export function primeStart(fd: number, start: number, windowBytes = STEP): number {
  if (start === 0) return 0;
  for (let w = windowBytes; w <= MAX_PRIME_BYTES; w *= 2) {
    const from = Math.max(0, start - w);
    const buf = readAt(fd, Buffer.allocUnsafe(start - 1 - from), from);
    if (from === 0) return 0;
    const nl = buf.indexOf(LF);
    if (nl >= 0) return from + nl + 1;
  }
  return start;
}

/** Number of `\n` in [start, end) of the file. */
export function countLines(path: string, start: number, end: number): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  let lines = 0;
  try {
    for (let pos = start; pos < end; ) {
      const got = readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos);
      if (got === 0) break;
      for (let i = buf.indexOf(LF); i >= 0 && i < got; i = buf.indexOf(LF, i + 1)) lines++;
      pos += got;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}
