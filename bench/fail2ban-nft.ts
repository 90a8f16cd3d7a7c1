/**
 * fail2ban's stock nftables-allports action for the daemon benchmark: copy it (and the files it
 * includes) from the installed fail2ban into a temp conf dir, and count the addresses in its sets.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { createConfigReader } from '../src/config/read-config.js';

export const F2B_ACTIONS = '/etc/fail2ban/action.d';
export const F2B_NFT_ACTION = 'nftables-allports';
/** Where the stock action keeps its bans: table `inet f2b-table`, sets `addr-set-<name>` and `addr6-set-<name>` (name = jail). */
export const F2B_NFT_TABLE = ['inet', 'f2b-table'] as const;

export function fail2banNftSets(jail: string): string[] {
  return [`addr-set-${jail}`, `addr6-set-${jail}`];
}

/**
 * Copies `<name>.conf` and every file it includes that exists (fail2ban skips missing ones such as
 * `nftables-common.local`), as warden's config reader resolves [INCLUDES], from `fromDir` to `toDir`.
 * Returns the file names copied, `<name>.conf` first.
 */
export function copyActionWithIncludes(name: string, fromDir: string, toDir: string): string[] {
  mkdirSync(toDir, { recursive: true });
  const top = `${name}.conf`;
  const read = createConfigReader().readFile(join(fromDir, top)).files.filter((f) => dirname(f) === fromDir).map((f) => basename(f));
  const copied = [...new Set([top, ...read])].filter((file) => existsSync(join(fromDir, file)));
  for (const file of copied) copyFileSync(join(fromDir, file), join(toDir, file));
  return copied;
}

interface NftJson {
  nftables?: { set?: { elem?: unknown[] } }[];
}

/** Elements in the output of `nft -j list set ...` (0 for a set without elements). */
export function nftSetSize(json: string): number {
  const parsed = JSON.parse(json) as NftJson;
  return (parsed.nftables ?? []).reduce((n, item) => n + (item.set?.elem?.length ?? 0), 0);
}

/** Elements of `sets` in `table` inside `netns`; a set that does not exist counts 0 unless `required`. */
export function nftElementsIn(netns: string, table: readonly string[], sets: readonly string[], required: boolean): number | null {
  let total = 0;
  for (const set of sets) {
    const res = spawnSync('ip', ['netns', 'exec', netns, 'nft', '-j', 'list', 'set', ...table, set], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (res.status !== 0) {
      if (required) return null;
      continue;
    }
    total += nftSetSize(res.stdout);
  }
  return total;
}
