/**
 * Address equality as fail2ban's IPAddr.__eq__ applies it when a sample's `host` is compared with a
 * failure id taken from ip4/ip6: both valid (inet_pton) -> same address; both invalid -> same text.
 */

/** inet_pton(AF_INET): four decimal parts 0..255, no leading zeros. */
function ipv4Value(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const p of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return null;
    value = value * 256 + Number(p);
  }
  return value;
}

/** inet_pton(AF_INET6) to eight 16-bit groups; null when invalid. */
function ipv6Groups(text: string): number[] | null {
  let head = text;
  const tail: number[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4 !== null) {
    const value = ipv4Value(v4[2]);
    if (value === null) return null;
    head = v4[1].endsWith('::') ? v4[1] : v4[1].slice(0, -1);
    tail.push(Math.floor(value / 65536), value % 65536);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string): number[] | null => {
    if (s === '') return [];
    const groups = s.split(':');
    return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups.map((g) => parseInt(g, 16)) : null;
  };
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  if (left === null || right === null) return null;
  const known = left.length + right.length + tail.length;
  if (halves.length === 1) return known === 8 ? [...left, ...tail] : null;
  if (known > 7) return null;
  return [...left, ...new Array<number>(8 - known).fill(0), ...right, ...tail];
}

/** Canonical text of a valid address (`::ffff:a.b.c.d` unmapped to IPv4), or null when invalid. */
export function canonicalAddress(text: string): string | null {
  const v4 = ipv4Value(text);
  if (v4 !== null) return `4:${v4}`;
  const v6 = ipv6Groups(text);
  if (v6 === null) return null;
  const mapped = v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff;
  if (mapped) return `4:${v6[6] * 65536 + v6[7]}`;
  return `6:${v6.map((g) => g.toString(16)).join(':')}`;
}

/** fail2ban's comparison of an address-derived failure id with the expected text. */
export function sameAddress(got: string, expected: string): boolean {
  const a = canonicalAddress(got);
  // IPAddr(expected) drops enclosing brackets first:
  const b = canonicalAddress(/^\[.+\]$/.test(expected) ? expected.slice(1, -1) : expected);
  if (a === null && b === null) return got === expected;
  return a === b;
}
