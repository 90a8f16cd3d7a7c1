/**
 * A multiset of IPv4/IPv6 networks with fast membership: one hash table per (family, prefix length)
 * in use, so a lookup costs one probe per distinct prefix length, however many networks there are.
 */
import { parseCidr, type Cidr } from '../core/ip.js';
import { ipv4Number } from './id-key.js';

/** Networks of one family and prefix length: masked address key -> how many entries added it. */
type PrefixTable = Map<number | string, number>;

export class NetworkSet {
  readonly #v4 = new Map<number, PrefixTable>();
  readonly #v6 = new Map<number, PrefixTable>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(net: Cidr): void {
    const tables = net.family === 4 ? this.#v4 : this.#v6;
    let table = tables.get(net.prefix);
    if (table === undefined) {
      table = new Map();
      tables.set(net.prefix, table);
    }
    const key = keyOf(net);
    table.set(key, (table.get(key) ?? 0) + 1);
    this.#size++;
  }

  /** Remove one occurrence; false if the network was not in the set. */
  remove(net: Cidr): boolean {
    const tables = net.family === 4 ? this.#v4 : this.#v6;
    const table = tables.get(net.prefix);
    const key = keyOf(net);
    const count = table?.get(key);
    if (table === undefined || count === undefined) return false;
    if (count > 1) table.set(key, count - 1);
    else table.delete(key);
    if (table.size === 0) tables.delete(net.prefix);
    this.#size--;
    return true;
  }

  /** Is the address (IP text) inside any network of the set? */
  contains(ip: string): boolean {
    if (this.#size === 0) return false;
    const v4 = ipv4Number(ip);
    if (v4 >= 0) return this.#containsV4(v4);
    const addr = parseCidr(ip);
    if (addr === null || addr.prefix !== (addr.family === 4 ? 32 : 128)) return false;
    if (addr.family === 4) return this.#containsV4(addr.words[0] * 65536 + addr.words[1]);
    for (const [prefix, table] of this.#v6) if (table.has(keyV6(addr.words, prefix))) return true;
    return false;
  }

  #containsV4(value: number): boolean {
    for (const [prefix, table] of this.#v4) if (table.has(maskV4(value, prefix))) return true;
    return false;
  }
}

function keyOf(net: Cidr): number | string {
  return net.family === 4 ? net.words[0] * 65536 + net.words[1] : keyV6(net.words, net.prefix);
}

function maskV4(value: number, prefix: number): number {
  if (prefix === 0) return 0;
  return (value & (0xffffffff << (32 - prefix))) >>> 0;
}

/** The network part of an IPv6 address as text: whole words, then the masked partial word. */
function keyV6(words: readonly number[], prefix: number): string {
  const full = prefix >> 4;
  const rest = prefix & 15;
  let key = '';
  for (let k = 0; k < full; k++) key += `${words[k].toString(16)}:`;
  if (rest > 0) key += ((words[full] >> (16 - rest)) << (16 - rest)).toString(16);
  return key;
}
