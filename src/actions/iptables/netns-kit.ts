/**
 * Test support for the iptables/ipset actions: a fresh network namespace per test (deleted after),
 * a logger that keeps messages, a command-counting exec prefix and ban records.
 */
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { LogLevel } from '../../config/server-settings.js';
import { levelMethods, type Logger } from '../../core/logger.js';
import type { BanRecord } from '../../core/records.js';
import { runCommand, type RunResult } from '../run-command.js';

export interface TestNs {
  readonly name: string;
  /** `ip netns exec <name>` */
  readonly exec: readonly string[];
  run(...argv: string[]): Promise<RunResult>;
  /** Runs and returns stdout; throws on a non-zero exit. */
  out(...argv: string[]): Promise<string>;
}

export function hasTool(tool: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin'];
  return dirs.some((d) => {
    try {
      accessSync(join(d, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** A namespace, or null after t.skip() when not root or a tool is missing. */
export async function freshNetns(t: TestContext, tools: readonly string[]): Promise<TestNs | null> {
  if (process.getuid?.() !== 0) {
    t.skip('needs root (network namespaces)');
    return null;
  }
  const missing = ['ip', ...tools].filter((tool) => !hasTool(tool));
  if (missing.length > 0) {
    t.skip(`not installed: ${missing.join(', ')}`);
    return null;
  }
  const name = `warden-t-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const added = await runCommand(['ip', 'netns', 'add', name]);
  if (added.code !== 0) throw new Error(`ip netns add ${name}: ${added.stderr}`);
  t.after(() => runCommand(['ip', 'netns', 'del', name]).then(() => undefined));
  const exec = ['ip', 'netns', 'exec', name];
  const ns: TestNs = {
    name,
    exec,
    run: (...argv) => runCommand([...exec, ...argv]),
    async out(...argv) {
      const r = await runCommand([...exec, ...argv]);
      if (r.code !== 0) throw new Error(`${argv.join(' ')}: exit ${r.code}: ${r.stderr}`);
      return r.stdout;
    },
  };
  await ns.out('ip', 'link', 'set', 'lo', 'up');
  return ns;
}

/** An exec prefix that records each command line (one per line) before running it. */
export function countingExec(t: TestContext, inner: readonly string[]): { exec: string[]; commands: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'warden-xt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'commands.log');
  const wrapper = join(dir, 'wrap.sh');
  writeFileSync(log, '');
  writeFileSync(wrapper, '#!/bin/sh\nlog="$1"; shift\necho "$*" >> "$log"\nexec "$@"\n', { mode: 0o755 });
  return {
    exec: [wrapper, log, ...inner],
    commands: () => readFileSync(log, 'utf8').split('\n').filter((l) => l !== ''),
  };
}

export interface MemoryLogger extends Logger {
  readonly lines: string[];
}

export function memoryLogger(): MemoryLogger {
  const lines: string[] = [];
  const log = (level: LogLevel, component: string, message: string): void => void lines.push(`${level} ${component} ${message}`);
  return {
    lines,
    log,
    ...levelMethods(log),
    setLevel: () => undefined,
    close: async () => undefined,
  };
}

export function ban(ip: string, bantime = 600, timeOfBan = Date.now() / 1000): BanRecord {
  return { jail: 'test', ip, timeOfBan, bantime, banCount: 1, failures: 5, matches: [] };
}

/** n distinct IPv4 addresses in 10.0.0.0/8. */
export function manyIps(n: number, base = 10): string[] {
  return Array.from({ length: n }, (_, k) => `${base}.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`);
}
