/**
 * A copy of a string that owns its characters. Substrings of 13+ chars share the string they were
 * cut from (V8 "sliced" strings): keeping one would keep a whole read chunk alive.
 */
import { Buffer } from 'node:buffer';

/** V8 makes neither sliced nor cons strings shorter than this: such strings are already flat. */
const MIN_SHARED_LENGTH = 13;

/** Reused for every copy: a fresh Buffer per call left megabytes of pool slabs for the GC. */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);

export function flatString(s: string): string {
  if (s.length < MIN_SHARED_LENGTH) return s;
  // A UTF-8 round trip through the scratch buffer builds a new sequential string (one-byte when it
  // can), about 3x faster than JSON. It would turn a lone surrogate into U+FFFD, so such (rare)
  // strings go through JSON.
  if (!s.isWellFormed()) return JSON.parse(JSON.stringify(s)) as string;
  if (s.length * 3 > scratch.length) scratch = Buffer.allocUnsafeSlow(s.length * 3);
  const bytes = scratch.write(s, 0, 'utf8');
  return scratch.toString('utf8', 0, bytes);
}
