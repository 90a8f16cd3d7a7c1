/**
 * Test support for the nftables action: throwaway network namespaces (`warden-t-<random>`), the
 * ruleset inside one read back as JSON, and a no-op logger that keeps what was logged.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { levelMethods, type Logger } from '../../core/logger.js';

export interface TestNetns {
  readonly name: string;
  readonly exec: readonly string[];
  /** Runs argv inside the namespace; returns stdout; throws on failure. */
  run(argv: readonly string[], input?: string): string;
  remove(): void;
}

/** Why namespace tests cannot run here, or null when they can. */
export function netnsUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces)';
  for (const tool of ['ip', 'nft']) {
    if (spawnSync(tool, ['-V'], { stdio: 'ignore' }).error !== undefined) return `${tool} is not installed`;
  }
  return null;
}

export function createNetns(): TestNetns {
  const name = `warden-t-${randomBytes(4).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', name]);
  const exec = ['ip', 'netns', 'exec', name];
  const ns: TestNetns = {
    name,
    exec,
    run: (argv, input) => execFileSync(exec[0], [...exec.slice(1), ...argv], { input, encoding: 'utf8', maxBuffer: 1 << 28 }),
    remove: () => {
      spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    },
  };
  ns.run(['ip', 'link', 'set', 'lo', 'up']);
  return ns;
}

export interface NftObjects {
  readonly sets: Map<string, { type: string; flags?: string[]; elem?: unknown[] }>;
  readonly rules: { handle: number; comment?: string; expr: unknown[] }[];
  readonly chains: { name: string; prio: number; hook?: string }[];
  readonly tables: string[];
}

/** `nft -j list ruleset` inside the namespace, sorted by kind. */
export function listRuleset(ns: TestNetns): NftObjects {
  type Listed = {
    table?: { family: string; name: string };
    set?: { name: string; type: string; flags?: string[]; elem?: unknown[] };
    rule?: { handle: number; comment?: string; expr: unknown[] };
    chain?: { name: string; prio: number; hook?: string };
  };
  const out = JSON.parse(ns.run(['nft', '-j', 'list', 'ruleset'])) as { nftables: Listed[] };
  const res: NftObjects = { sets: new Map(), rules: [], chains: [], tables: [] };
  for (const o of out.nftables) {
    if (o.table) res.tables.push(`${o.table.family} ${o.table.name}`);
    if (o.set) res.sets.set(o.set.name, o.set);
    if (o.rule) res.rules.push(o.rule);
    if (o.chain) res.chains.push(o.chain);
  }
  return res;
}

/** Set elements as `ip -> timeout/expires seconds` (null: permanent). */
export function setElements(objects: NftObjects, set: string): Map<string, { timeout: number | null; expires: number | null }> {
  const result = new Map<string, { timeout: number | null; expires: number | null }>();
  for (const e of objects.sets.get(set)?.elem ?? []) {
    if (typeof e === 'string') result.set(e, { timeout: null, expires: null });
    else {
      const el = (e as { elem: { val: string; timeout?: number; expires?: number } }).elem;
      result.set(el.val, { timeout: el.timeout ?? null, expires: el.expires ?? null });
    }
  }
  return result;
}

export interface MemoryLogger extends Logger {
  readonly lines: string[];
}

export function memoryLogger(): MemoryLogger {
  const lines: string[] = [];
  const log = (level: string, component: string, message: string): void => {
    lines.push(`${level} ${component} ${message}`);
  };
  return {
    lines,
    log,
    ...levelMethods(log),
    setLevel: () => undefined,
    close: async () => undefined,
  };
}
