/**
 * IP address literals as fail2ban accepts them (inet_pton rules: no `300.1.2.3`, no `01.2.3.4`),
 * normalised (brackets and an unambiguous port dropped, `::ffff:a.b.c.d` unmapped, IPv6 printed
 * as glibc's inet_ntop does, i.e. RFC 5952), plus CIDR parsing and membership for ignoreip.
 */

export interface IpLiteral {
  readonly ip: string;
  readonly family: 4 | 6;
}

export interface Cidr {
  readonly family: 4 | 6;
  /** Prefix length: 0-32 or 0-128. */
  readonly prefix: number;
  /** Network address as 16-bit words (2 for IPv4, 8 for IPv6), host bits cleared. */
  readonly words: readonly number[];
}

const DOT = 46;
const COLON = 58;

/**
 * Validates and normalises an IP literal: `1.2.3.4`, `[2001:db8::1]`, `1.2.3.4:5060`,
 * `[::1]:5060`, `::ffff:1.2.3.4` (-> `1.2.3.4`). Returns null for anything else, including names.
 */
export function parseIpLiteral(text: string): IpLiteral | null {
  let s = text;
  if (s.charCodeAt(0) === 91 /* [ */) {
    const close = s.indexOf(']');
    if (close < 0 || (close !== s.length - 1 && !isPortSuffix(s, close + 1))) return null;
    s = s.slice(1, close);
  }
  const v4 = ipv4Value(s, 0, s.length);
  if (v4 >= 0) return { ip: s === text ? text : s, family: 4 };
  const colon = s.indexOf(':');
  if (colon > 0 && s.indexOf(':', colon + 1) < 0 && isPortSuffix(s, colon)) {
    const withPort = ipv4Value(s, 0, colon);
    if (withPort >= 0) return { ip: s.slice(0, colon), family: 4 };
  }
  if (!parseIpv6(s)) return null;
  if (isV4Mapped(WORDS)) return { ip: v4Text(WORDS[6], WORDS[7]), family: 4 };
  return { ip: isCanonical(WORDS) ? s : formatIpv6(WORDS), family: 6 };
}

/** `:` followed by 1-5 digits up to the end. */
function isPortSuffix(s: string, at: number): boolean {
  const digits = s.length - at - 1;
  if (s.charCodeAt(at) !== COLON || digits < 1 || digits > 5) return false;
  for (let k = at + 1; k < s.length; k++) if (!isDigit(s.charCodeAt(k))) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Dotted quad in s[from, to) as an unsigned 32-bit value, or -1. Leading zeros are invalid. */
function ipv4Value(s: string, from: number, to: number): number {
  let value = 0;
  let k = from;
  for (let parts = 0; parts < 4; parts++) {
    if (parts > 0) {
      if (k >= to || s.charCodeAt(k) !== DOT) return -1;
      k++;
    }
    const start = k;
    const stop = to - k < 3 ? to : k + 3;
    let part = 0;
    while (k < stop) {
      const d = s.charCodeAt(k) - 48;
      if (d < 0 || d > 9) break;
      part = part * 10 + d;
      k++;
    }
    const len = k - start;
    if (len === 0 || part > 255 || (len > 1 && s.charCodeAt(start) === 48)) return -1;
    value = value * 256 + part;
  }
  return k === to ? value : -1;
}

/** Hex digit values by char code; upper-case letters have 16 added (such text is not canonical). */
const HEX = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) HEX[48 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX[97 + c] = 10 + c;
  HEX[65 + c] = 26 + c;
}

/** Scratch words for the address being parsed (parsing is synchronous, so one buffer is enough). */
const WORDS = new Uint16Array(8);
/** Of the text parseIpv6 accepted last: lowercase, no leading zeros, no dotted tail; where `::` stood. */
let plainText = false;
let gapAt = -1;
let gapLen = 0;

/** inet_pton(AF_INET6) into WORDS: 8 groups, one optional `::`, optional dotted-quad tail. */
function parseIpv6(s: string): boolean {
  const end = s.length;
  let plain = true;
  let count = 0;
  let gap = -1;
  let k = 0;
  if (end > 0 && s.charCodeAt(0) === COLON) {
    if (end < 2 || s.charCodeAt(1) !== COLON) return false;
    gap = 0;
    k = 2;
    if (k === end) {
      plainText = true;
      return fillGap(count, gap);
    }
  }
  for (;;) {
    if (count === 8) return false;
    const start = k;
    const stop = end - start < 4 ? end : start + 4;
    let word = 0;
    while (k < stop) {
      const c = s.charCodeAt(k);
      const d = c < 128 ? HEX[c] : -1;
      if (d < 0) break;
      if (d > 15) plain = false;
      word = word * 16 + (d & 15);
      k++;
    }
    if (k === start) return false;
    if (k - start > 1 && s.charCodeAt(start) === 48) plain = false;
    if (k === end) {
      WORDS[count++] = word;
      plainText = plain;
      return fillGap(count, gap);
    }
    const c = s.charCodeAt(k);
    if (c === DOT) {
      plainText = false;
      const v4 = ipv4Value(s, start, end);
      if (v4 < 0 || count > 6) return false;
      WORDS[count++] = Math.floor(v4 / 65536);
      WORDS[count++] = v4 % 65536;
      return fillGap(count, gap);
    }
    WORDS[count++] = word;
    if (c !== COLON) return false;
    k++;
    if (k === end) return false;
    if (s.charCodeAt(k) === COLON) {
      if (gap >= 0) return false;
      gap = count;
      k++;
      if (k === end) {
        plainText = plain;
        return fillGap(count, gap);
      }
    }
  }
}

/** Moves the groups after `::` to the end and zeroes the gap; checks the group count. */
function fillGap(count: number, gap: number): boolean {
  gapAt = gap;
  gapLen = 8 - count;
  if (gap < 0) return count === 8;
  const missing = 8 - count;
  if (missing < 1) return false;
  for (let k = count - 1; k >= gap; k--) WORDS[k + missing] = WORDS[k];
  for (let k = gap; k < gap + missing; k++) WORDS[k] = 0;
  return true;
}

function isV4Mapped(w: Uint16Array): boolean {
  return w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff;
}

function v4Text(hi: number, lo: number): string {
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** The first longest run of at least two zero words: inet_ntop's `::` (set by zeroRun). */
let bestAt = -1;
let bestLen = 1;

function zeroRun(w: Uint16Array): void {
  bestAt = -1;
  bestLen = 1;
  for (let k = 0; k < 8; ) {
    let len = 0;
    while (k + len < 8 && w[k + len] === 0) len++;
    if (len > bestLen) {
      bestAt = k;
      bestLen = len;
    }
    k += len + 1;
  }
}

/** True when the text parseIpv6 just read is already what formatIpv6 would print. */
function isCanonical(w: Uint16Array): boolean {
  if (!plainText) return false;
  zeroRun(w);
  if (bestAt === 0 && bestLen === 6) return false;
  return bestAt < 0 ? gapAt < 0 : gapAt === bestAt && gapLen === bestLen;
}

/** RFC 5952 as glibc's inet_ntop prints it (also `::a.b.c.d` for IPv4-compatible addresses). */
function formatIpv6(w: Uint16Array): string {
  zeroRun(w);
  if (bestAt === 0 && bestLen === 6) return `::${v4Text(w[6], w[7])}`;
  let out = '';
  for (let k = 0; k < 8; k++) {
    if (k === bestAt) {
      out += '::';
      k += bestLen - 1;
    } else out += (out === '' || out.endsWith(':') ? '' : ':') + w[k].toString(16);
  }
  return out;
}

/** 16-bit words of a normalised literal. */
function wordsOf(lit: IpLiteral): number[] {
  if (lit.family === 6 && parseIpv6(lit.ip)) return Array.from(WORDS);
  const v = ipv4Value(lit.ip, 0, lit.ip.length);
  return [Math.floor(v / 65536), v % 65536];
}

/**
 * `1.2.3.0/24`, `2001:db8::/32`, `1.2.3.0/255.255.255.0` (contiguous masks only) or a single
 * address (`/32`, `/128`). Host bits are cleared. `::ffff:a.b.c.d` counts as IPv4. Null when invalid.
 */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  const lit = parseIpLiteral(slash < 0 ? text : text.slice(0, slash));
  if (lit === null) return null;
  const max = lit.family === 4 ? 32 : 128;
  const prefix = slash < 0 ? max : prefixOf(text.slice(slash + 1), lit.family);
  if (prefix === null || prefix > max) return null;
  const words = wordsOf(lit).map((word, k) => word & maskWord(prefix, k));
  return { family: lit.family, prefix, words };
}

function prefixOf(text: string, family: 4 | 6): number | null {
  if (/^[0-9]{1,3}$/.test(text)) return Number(text);
  const mask = parseIpLiteral(text);
  if (mask === null || mask.family !== family) return null;
  const bits = wordsOf(mask)
    .map((w) => w.toString(2).padStart(16, '0'))
    .join('');
  const prefix = bits.indexOf('0') < 0 ? bits.length : bits.indexOf('0');
  return bits.slice(prefix).includes('1') ? null : prefix;
}

function maskWord(prefix: number, index: number): number {
  const bits = Math.min(16, Math.max(0, prefix - index * 16));
  return bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
}

/** Is the address (a literal or normalised text) inside the network? Families must match. */
export function ipInCidr(ip: IpLiteral | string, cidr: Cidr): boolean {
  const lit = typeof ip === 'string' ? parseIpLiteral(ip) : ip;
  if (lit === null || lit.family !== cidr.family) return false;
  const words = wordsOf(lit);
  return words.every((word, k) => (word & maskWord(cidr.prefix, k)) === cidr.words[k]);
}
