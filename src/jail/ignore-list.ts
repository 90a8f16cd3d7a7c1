/**
 * A jail's ignoreip: entries as written (IPs, CIDRs, DNS names, `file:/path`). Names and files are
 * resolved by the caller and handed in; matching probes one hash set per prefix length in use. Pure.
 */
import { parseCidr, type Cidr } from '../core/ip.js';
import { NetworkSet } from './network-set.js';

export type IgnoreEntryKind = 'network' | 'dns' | 'file';

export interface IgnoreProblem {
  readonly entry: string;
  readonly message: string;
}

interface Entry {
  readonly kind: IgnoreEntryKind;
  /** Networks the entry stands for now (its own for IP/CIDR; resolved ones for dns/file). */
  networks: readonly Cidr[];
}

/** Host names: letters, digits, `-`, `_`, dots; not all digits and dots (that would be a bad IPv4). */
const HOST_NAME = /^(?=.*[A-Za-z_])[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_.])?$/;

export class IgnoreList {
  readonly #entries = new Map<string, Entry>();
  readonly #networks = new NetworkSet();

  /** Build from the jail's ignoreip words; invalid entries are left out and reported. */
  static from(words: readonly string[]): { list: IgnoreList; problems: IgnoreProblem[] } {
    const list = new IgnoreList();
    const problems: IgnoreProblem[] = [];
    for (const word of words) {
      const problem = list.add(word);
      if (problem !== null) problems.push(problem);
    }
    return { list, problems };
  }

  /** Add an entry (`set JAIL addignoreip`). A duplicate is a no-op; an invalid one a problem. */
  add(entry: string): IgnoreProblem | null {
    const text = entry.trim();
    if (this.#entries.has(text)) return null;
    const parsed = classify(text);
    if ('message' in parsed) return parsed;
    this.#entries.set(text, parsed);
    for (const net of parsed.networks) this.#networks.add(net);
    return null;
  }

  /** Remove an entry as written (`set JAIL delignoreip`); false if it is not in the list. */
  remove(entry: string): boolean {
    const text = entry.trim();
    const found = this.#entries.get(text);
    if (found === undefined) return false;
    for (const net of found.networks) this.#networks.remove(net);
    this.#entries.delete(text);
    return true;
  }

  /** The entries as written, in the order they were added. */
  entries(): string[] {
    return [...this.#entries.keys()];
  }

  /** Entries whose addresses the caller must look up (DNS names) or read (`file:` paths). */
  unresolved(): { entry: string; kind: 'dns' | 'file' }[] {
    const out: { entry: string; kind: 'dns' | 'file' }[] = [];
    for (const [entry, e] of this.#entries) if (e.kind !== 'network') out.push({ entry, kind: e.kind });
    return out;
  }

  /**
   * Hand in what a DNS name resolved to, or the IPs/CIDRs read from a `file:` entry; replaces
   * earlier results. Unparsable addresses are reported (and skipped); unknown entries too.
   */
  setResolved(entry: string, addresses: readonly string[]): IgnoreProblem[] {
    const found = this.#entries.get(entry.trim());
    if (found === undefined || found.kind === 'network') return [{ entry, message: 'not a DNS name or file: entry of this ignoreip' }];
    const problems: IgnoreProblem[] = [];
    const networks: Cidr[] = [];
    for (const address of addresses) {
      const net = parseCidr(address.trim());
      if (net === null) problems.push({ entry, message: `${JSON.stringify(address)} is not an IP address or CIDR` });
      else networks.push(net);
    }
    for (const net of found.networks) this.#networks.remove(net);
    for (const net of networks) this.#networks.add(net);
    found.networks = networks;
    return problems;
  }

  /** Is this address (normalised IP text) covered by an entry? Non-IPs never are. */
  isIgnored(ip: string): boolean {
    return this.#networks.contains(ip);
  }
}

function classify(text: string): Entry | IgnoreProblem {
  if (text.startsWith('file:')) {
    if (text.length === 5) return { entry: text, message: 'file: needs a path' };
    return { kind: 'file', networks: [] };
  }
  const net = parseCidr(text);
  if (net !== null) return { kind: 'network', networks: [net] };
  if (text.includes('/') || text.includes(':') || !HOST_NAME.test(text)) {
    return { entry: text, message: 'not an IP address, CIDR, DNS name or file: entry' };
  }
  return { kind: 'dns', networks: [] };
}
