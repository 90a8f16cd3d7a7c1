/**
 * The key a failure id is stored under: a canonical dotted-quad IPv4 becomes a small integer (no
 * string kept per id, and V8 stores it inline), anything else an owned (flat) copy of its text.
 */
import { flatString } from './flat-string.js';

export type IdKey = number | string;

/** Lookup key: no copy is made. */
export function lookupKey(id: string): IdKey {
  const v4 = ipv4Number(id);
  return v4 < 0 ? id : v4 | 0;
}

/** Key to store: like lookupKey, but text ids are copied so they do not pin the line they came from. */
export function storedKey(id: string): IdKey {
  const v4 = ipv4Number(id);
  return v4 < 0 ? flatString(id) : v4 | 0;
}

/** `a.b.c.d` as written by inet_ntop (no leading zeros) as an unsigned 32-bit value, else -1. */
export function ipv4Number(s: string): number {
  const n = s.length;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      const d = c - 48;
      if (d < 0 || d > 9 || (digits === 1 && part === 0)) return -1;
      part = part * 10 + d;
      if (++digits > 3 || part > 255) return -1;
    }
  }
  return dots === 3 && digits > 0 ? value * 256 + part : -1;
}
