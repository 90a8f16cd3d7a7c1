/**
 * Test helper: runs the built `warden` executable (dist/src/cli/main.js) as a child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIN = join(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');

export interface WardenRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runWarden(args: readonly string[], opts: { input?: string | Buffer; env?: Record<string, string> } = {}): WardenRun {
  const res = spawnSync(process.execPath, [MAIN, ...args], {
    input: opts.input,
    env: { ...process.env, TZ: 'UTC', ...opts.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A temp dir removed after the test; returns a function that writes files into it. */
export function tempFiles(t: { after(fn: () => void): void }): (name: string, content: string | Buffer) => string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-cli-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return (name, content) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
}

/** True when stderr shows a JS stack trace (which the CLI must never print for expected errors). */
export const hasStackTrace = (stderr: string): boolean => /^\s+at .+\(.*:\d+:\d+\)$/m.test(stderr);
