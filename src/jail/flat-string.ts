/**
 * A copy of a string that owns its characters. Substrings of 13+ chars share the string they were
 * cut from (V8 "sliced" strings): keeping one would keep a whole read chunk alive.
 */
import { Buffer } from 'node:buffer';

/** V8 makes neither sliced nor cons strings shorter than this: such strings are already flat. */
const MIN_SHARED_LENGTH = 13;

export function flatString(s: string): string {
  if (s.length < MIN_SHARED_LENGTH) return s;
  // A UTF-8 round trip builds a new sequential string (one-byte when it can) about 3x faster than
  // JSON; it would turn a lone surrogate into U+FFFD, so such (rare) strings go through JSON.
  if (s.isWellFormed()) return Buffer.from(s, 'utf8').toString('utf8');
  return JSON.parse(JSON.stringify(s)) as string;
}
