/**
 * A copy of a string that owns its characters. Substrings of 13+ chars share the string they were
 * cut from (V8 "sliced" strings): keeping one would keep a whole read chunk alive.
 */

/** V8 makes neither sliced nor cons strings shorter than this: such strings are already flat. */
const MIN_SHARED_LENGTH = 13;

export function flatString(s: string): string {
  if (s.length < MIN_SHARED_LENGTH) return s;
  // JSON.parse builds a new sequential string (and keeps lone surrogates, unlike a UTF-8 round trip).
  return JSON.parse(JSON.stringify(s)) as string;
}
