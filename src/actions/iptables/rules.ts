/**
 * Pure text for iptables-restore (`--noflush`) and parsing of `iptables-save -t filter`: the ban
 * rules of a chain, the jumps to it, and rules that match an ipset set.
 */
import { parseIpLiteral } from '../../core/ip.js';
import type { BanRecord } from '../../core/records.js';
import type { Family } from './options.js';

/** One transaction for the filter table. */
export function restoreScript(lines: readonly string[]): string {
  return `*filter\n${lines.join('\n')}\nCOMMIT\n`;
}

export function banLine(chain: string, ip: string, target: string): string {
  return `-I ${chain} 1 -s ${ip} -j ${target}`;
}

export function unbanLine(chain: string, ip: string, target: string): string {
  return `-D ${chain} -s ${ip} -j ${target}`;
}

/** An `-A` line of iptables-save turned into the `-D` that removes it. */
export function deleteOf(saveLine: string): string {
  return `-D${saveLine.slice(2)}`;
}

export interface SavedChain {
  readonly exists: boolean;
  readonly hasReturn: boolean;
  /** `-A` lines (in any chain) that jump to ours. */
  readonly jumps: readonly string[];
  /** Banned address (without /32, /128) -> its `-A` line. */
  readonly bans: ReadonlyMap<string, string>;
}

/** What `iptables-save -t filter` shows of our chain. */
export function parseSavedChain(save: string, chain: string): SavedChain {
  let exists = false;
  let hasReturn = false;
  const jumps: string[] = [];
  const bans = new Map<string, string>();
  const own = `-A ${chain} `;
  for (const line of save.split('\n')) {
    if (line.startsWith(`:${chain} `)) exists = true;
    else if (line.startsWith(own)) {
      const rest = line.slice(own.length);
      if (rest === '-j RETURN') hasReturn = true;
      const m = /^-s (\S+?)(?:\/(?:32|128))? -j /.exec(rest);
      if (m !== null) bans.set(m[1], line);
    } else if (line.startsWith('-A ') && line.endsWith(` -j ${chain}`)) jumps.push(line);
  }
  return { exists, hasReturn, jumps, bans };
}

/** `-A` lines that match the ipset `set` (exactly that name). */
export function rulesUsingSet(save: string, set: string): string[] {
  const needle = ` --match-set ${set} `;
  return save.split('\n').filter((line) => line.startsWith('-A ') && line.includes(needle));
}

export interface SplitBans {
  readonly 4: Map<string, BanRecord>;
  readonly 6: Map<string, BanRecord>;
  /** Ids that are not IP addresses (a custom F-ID, a name): a firewall cannot ban them. */
  readonly invalid: string[];
}

/** Bans grouped per address family, keyed by the normalised address. */
export function splitByFamily(bans: readonly BanRecord[]): SplitBans {
  const out: SplitBans = { 4: new Map(), 6: new Map(), invalid: [] };
  for (const ban of bans) {
    const lit = parseIpLiteral(ban.ip);
    if (lit === null) out.invalid.push(ban.ip);
    else out[lit.family].set(lit.ip, ban);
  }
  return out;
}

export const FAMILIES: readonly Family[] = [4, 6];
