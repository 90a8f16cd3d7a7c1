/**
 * The IO half of ignoring: resolves ignoreip host names and `file:` lists for the jail's pure ignore
 * list, knows this host's own addresses (ignoreself), and runs `ignorecommand` (exit 0 = ignore,
 * 1 = do not ignore, anything else is an error and does not ignore), with fail2ban's ignorecache.
 */
import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import type { Logger } from '../core/logger.js';
import { parseCidr, parseIpLiteral } from '../core/ip.js';
import type { JailRuntime } from './jail-runtime.js';

export interface IgnoreChecks {
  /** Resolve the jail's ignoreip names and files; call at start and after reload or addignoreip. */
  prepare(rt: JailRuntime): Promise<void>;
  /** ignoreself and ignorecommand (ignoreip itself is checked by the jail). */
  isIgnored(jail: string, ip: string): boolean;
}

const COMMAND_TIMEOUT_MS = 10_000;

/** Single-quote a value for /bin/sh: text from a log line never runs as code. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function ownAddresses(): Set<string> {
  const own = new Set<string>(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) {
    for (const addr of list ?? []) {
      const ip = parseIpLiteral(addr.address.replace(/%.*$/, ''));
      if (ip !== null) own.add(ip.ip);
    }
  }
  return own;
}

/** A host name's addresses (normalised), [] when it does not resolve. */
export async function resolveHost(name: string): Promise<string[]> {
  try {
    const found = await lookup(name, { all: true });
    return found.map((a) => parseIpLiteral(a.address)?.ip).filter((a): a is string => a !== undefined);
  } catch {
    return [];
  }
}

function readIgnoreFile(path: string, logger: Logger, jail: string): string[] {
  try {
    return readFileSync(path, 'utf8').split(/[\s,]+/).map((w) => w.trim()).filter((w) => w !== '' && !w.startsWith('#'));
  } catch (err) {
    logger.error('jail', `[${jail}] ignoreip file:${path} cannot be read: ${(err as Error).message}`);
    return [];
  }
}

interface CacheEntry {
  readonly ignored: boolean;
  readonly until: number;
}

export function createIgnoreChecks(logger: Logger, now: () => number = () => Date.now() / 1000): IgnoreChecks {
  let self: Set<string> | null = null;
  const runtimes = new Map<string, JailRuntime>();
  const caches = new Map<string, Map<string, CacheEntry>>();

  const runCommand = (rt: JailRuntime, command: string, ip: string): boolean => {
    const text = command.replaceAll('<ip>', shellQuote(ip)).replaceAll('<name>', shellQuote(rt.name));
    const result = spawnSync('/bin/sh', ['-c', text], { timeout: COMMAND_TIMEOUT_MS, stdio: 'ignore' });
    if (result.status === 0) return true;
    if (result.status === 1) return false;
    const why = result.error?.message ?? (result.signal !== null ? `killed by ${result.signal}` : `exit code ${result.status}`);
    logger.error('jail', `[${rt.name}] ignorecommand failed for ${ip} (${why}); not ignoring`);
    return false;
  };

  const commandSays = (rt: JailRuntime, ip: string): boolean => {
    const command = rt.spec.ignorecommand;
    if (command === null) return false;
    const cacheSpec = rt.spec.ignorecache;
    if (cacheSpec === null) return runCommand(rt, command, ip);
    const cache = caches.get(rt.name) ?? new Map<string, CacheEntry>();
    caches.set(rt.name, cache);
    const t = now();
    const hit = cache.get(ip);
    if (hit !== undefined && hit.until > t) return hit.ignored;
    const ignored = runCommand(rt, command, ip);
    if (cache.size >= cacheSpec.maxCount) cache.delete(cache.keys().next().value as string);
    cache.set(ip, { ignored, until: t + cacheSpec.maxTime });
    return ignored;
  };

  return {
    async prepare(rt) {
      runtimes.set(rt.name, rt);
      caches.delete(rt.name);
      if (rt.spec.ignoreself && self === null) {
        self = ownAddresses();
        for (const ip of await resolveHost(hostname())) self.add(ip);
      }
      for (const entry of rt.jail.ignore.entries()) {
        if (parseIpLiteral(entry) !== null || parseCidr(entry) !== null) continue;
        const ips = entry.startsWith('file:')
          ? readIgnoreFile(entry.slice(5), logger, rt.name)
          : await resolveHost(entry);
        if (ips.length === 0 && !entry.startsWith('file:')) logger.warn('jail', `[${rt.name}] ignoreip '${entry}' does not resolve to any address`);
        rt.jail.ignore.setResolved(entry, ips);
      }
    },
    isIgnored(jail, ip) {
      const rt = runtimes.get(jail);
      if (rt === undefined) return false;
      if (rt.spec.ignoreself && self !== null && self.has(ip)) return true;
      return commandSays(rt, ip);
    },
  };
}
