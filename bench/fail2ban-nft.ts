/**
 * fail2ban's stock nftables-allports action for the daemon benchmark: copy it (and the files it
 * includes) from the installed fail2ban into a temp conf dir, and count the addresses in its sets.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const F2B_ACTIONS = '/etc/fail2ban/action.d';
export const F2B_NFT_ACTION = 'nftables-allports';
/** Where the stock action keeps its bans: table `inet f2b-table`, sets `addr-set-<name>` and `addr6-set-<name>` (name = jail). */
export const F2B_NFT_TABLE = ['inet', 'f2b-table'] as const;

export function fail2banNftSets(jail: string): string[] {
  return [`addr-set-${jail}`, `addr6-set-${jail}`];
}

/** Files named by `before =` / `after =` in the [INCLUDES] section of a fail2ban config file. */
export function configIncludes(text: string): string[] {
  const files: string[] = [];
  let section = '';
  let key: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s*[#;].*$/, '');
    const head = /^\[([^\]]+)\]\s*$/.exec(line);
    if (head !== null) {
      section = head[1];
      key = null;
      continue;
    }
    if (section !== 'INCLUDES') continue;
    const option = /^(\w+)\s*[=:]\s*(.*)$/.exec(line);
    if (option !== null) key = option[1];
    const value = option !== null ? option[2] : /^\s+\S/.test(line) ? line : '';
    if (key === 'before' || key === 'after') files.push(...value.split(/\s+/).filter((f) => f !== ''));
  }
  return files;
}

/**
 * Copies `<name>.conf` and, recursively, every file it includes that exists (fail2ban skips missing
 * ones such as `nftables-common.local`) from `fromDir` to `toDir`. Returns the file names copied.
 */
export function copyActionWithIncludes(name: string, fromDir: string, toDir: string): string[] {
  mkdirSync(toDir, { recursive: true });
  const copied: string[] = [];
  const pending = [`${name}.conf`];
  for (let file = pending.shift(); file !== undefined; file = pending.shift()) {
    const from = join(fromDir, file);
    if (copied.includes(file) || !existsSync(from)) continue;
    copyFileSync(from, join(toDir, file));
    copied.push(file);
    pending.push(...configIncludes(readFileSync(from, 'utf8')));
  }
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
