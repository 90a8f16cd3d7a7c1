/**
 * The source addresses of the synthetic attack traffic: a few thousand IPv4 and IPv6 addresses in
 * canonical text form (as Asterisk prints them), drawn with a heavy head (a few loud scanners, a long tail).
 */
import type { Rng } from './seeded-random.js';

export interface AddressPools {
  readonly v4: readonly string[];
  readonly v6: readonly string[];
}

export interface PoolSizes {
  readonly v4: number;
  readonly v6: number;
}

export const DEFAULT_POOL_SIZES: PoolSizes = { v4: 3000, v6: 1000 };

/** First octets of public-looking IPv4 sources (no private, loopback, multicast or reserved ranges). */
const PUBLIC_V4_FIRST = [5, 23, 31, 37, 45, 46, 62, 77, 80, 85, 89, 91, 92, 102, 103, 109, 141, 147, 154, 162, 176, 178, 185, 193, 194, 195, 212, 213, 217];
const DOC_V4_NETS = ['192.0.2', '198.51.100', '203.0.113'];
/** IPv6 prefixes: documentation space plus a few public-looking hosting prefixes. */
const V6_PREFIXES = ['2001:db8', '2001:db8', '2a01:4f8', '2a03:b0c0', '2604:a880', '2a0e:97c0'];

function randomV4(rng: Rng): string {
  const host = rng.range(1, 254);
  if (rng.chance(0.2)) return `${rng.pick(DOC_V4_NETS)}.${host}`;
  return `${rng.pick(PUBLIC_V4_FIRST)}.${rng.int(256)}.${rng.int(256)}.${host}`;
}

/** Non-zero groups without leading zeros and one `::` run of 2-3 zero groups: already the canonical (RFC 5952) form. */
function randomV6(rng: Rng): string {
  const group = (): string => rng.range(1, 0xffff).toString(16);
  const head = `${rng.pick(V6_PREFIXES)}:${group()}:${group()}`;
  return rng.chance(0.5) ? `${head}::${group()}` : `${head}:${group()}::${group()}`;
}

function uniqueList(rng: Rng, size: number, make: (rng: Rng) => string): string[] {
  const seen = new Set<string>();
  while (seen.size < size) seen.add(make(rng));
  return [...seen];
}

export function createAddressPools(rng: Rng, sizes: PoolSizes = DEFAULT_POOL_SIZES): AddressPools {
  return { v4: uniqueList(rng, sizes.v4, randomV4), v6: uniqueList(rng, sizes.v6, randomV6) };
}

/** Skewed draw: with u^3 the first 10% of the pool gets about 46% of the traffic. */
export function drawAddress(rng: Rng, pool: readonly string[]): string {
  const u = rng.next();
  return pool[Math.floor(u * u * u * pool.length)];
}

/** Ports a SIP client uses as its source port. */
export function sourcePort(rng: Rng): number {
  return rng.chance(0.35) ? 5060 : rng.range(1024, 65535);
}

/** An address on the PBX's own LAN (phones, the PBX itself): never a failure source. */
export function lanAddress(rng: Rng): string {
  return `192.168.${rng.int(4)}.${rng.range(2, 250)}`;
}
