/**
 * Floors for `warden regex` on a log file, measured in this process: what reading, splitting into
 * lines and parsing the `[YYYY-MM-DD HH:MM:SS]` stamp cost alone, with no filter at all.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const CHUNK = 4 << 20;

export interface FloorResult {
  readonly name: string;
  readonly seconds: number;
  /** Lines seen (0 for the raw read, which does not look for them). */
  readonly lines: number;
}

/** Calls `onChunk(buffer, length)` for each chunk of the file; the buffer is reused. */
function eachChunk(path: string, onChunk: (buf: Buffer, len: number) => void): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  try {
    for (let n = readSync(fd, buf, 0, CHUNK, null); n > 0; n = readSync(fd, buf, 0, CHUNK, null)) onChunk(buf, n);
  } finally {
    closeSync(fd);
  }
}

function rawRead(path: string): number {
  eachChunk(path, () => undefined);
  return 0;
}

function countNewlines(path: string): number {
  let lines = 0;
  eachChunk(path, (buf, len) => {
    for (let i = buf.indexOf(10); i !== -1 && i < len; i = buf.indexOf(10, i + 1)) lines++;
  });
  return lines;
}

/** Decode each chunk as UTF-8 and slice out every line as a string (a partial last line is carried). */
function splitLines(path: string, onLine: (line: string) => void): number {
  let carry = '';
  let lines = 0;
  eachChunk(path, (buf, len) => {
    const text = carry + buf.toString('utf8', 0, len);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      onLine(text.slice(start, nl));
      lines++;
      start = nl + 1;
    }
    carry = text.slice(start);
  });
  if (carry !== '') {
    onLine(carry);
    lines++;
  }
  return lines;
}

const STAMP = /^\[(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\]/;

/** A simple stamp parse per line: one regex plus Date.UTC, cached while the stamp text repeats. */
function splitAndParseStamps(path: string): number {
  let lastStamp = '';
  let lastTime = 0;
  return splitLines(path, (line) => {
    const head = line.slice(0, 21);
    if (head !== lastStamp) {
      const m = STAMP.exec(line);
      lastTime = m === null ? 0 : Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000;
      lastStamp = head;
    }
    if (lastTime === 0) throw new Error(`no stamp on line: ${line.slice(0, 60)}`);
  });
}

const FLOORS: readonly (readonly [string, (path: string) => number])[] = [
  ['read bytes (4 MiB chunks)', rawRead],
  ['read + count newlines (Buffer)', countNewlines],
  ['read + decode + split lines', (path) => splitLines(path, () => undefined)],
  ['read + split + parse stamp', splitAndParseStamps],
];

/** Each floor, best of `runs`. */
export function measureFloors(path: string, runs = 3): FloorResult[] {
  return FLOORS.map(([name, fn]) => {
    let best = Infinity;
    let lines = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      lines = fn(path);
      best = Math.min(best, (performance.now() - t0) / 1000);
    }
    return { name, seconds: best, lines };
  });
}
