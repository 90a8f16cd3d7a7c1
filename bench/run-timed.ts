/**
 * Run a command as a child process, timed end to end (spawn to exit), with its peak RSS from GNU
 * `/usr/bin/time -f %M` when present, else by polling /proc/<pid>/status (VmHWM) while it runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface TimedRun {
  readonly seconds: number;
  /** Peak resident set size in KiB, or null when it could not be measured. */
  readonly rssKb: number | null;
  readonly code: number | null;
  /** Whole stdout, unless lines were handed to `onLine`. */
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Receives stdout line by line (without the newline) instead of buffering it. */
  readonly onLine?: (line: string) => void;
  /** Measure peak RSS (default true). */
  readonly measureRss?: boolean;
}

let gnuTime: boolean | undefined;

function hasGnuTime(): boolean {
  if (gnuTime === undefined) {
    gnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', '-o', '/dev/null', 'true']).status === 0;
  }
  return gnuTime;
}

/** Absolute path of an executable on PATH, or null. */
export function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

function readVmHwm(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? null : Number(m[1]);
  } catch {
    return null;
  }
}

function lineSplitter(onLine: (line: string) => void): { push(chunk: string): void; end(): void } {
  let carry = '';
  return {
    push(chunk) {
      const text = carry + chunk;
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        onLine(text.slice(start, nl));
        start = nl + 1;
      }
      carry = text.slice(start);
    },
    end() {
      if (carry !== '') onLine(carry);
      carry = '';
    },
  };
}

export async function runTimed(command: string, args: readonly string[], options: RunOptions = {}): Promise<TimedRun> {
  const measure = options.measureRss !== false;
  const viaTime = measure && hasGnuTime();
  const dir = viaTime ? mkdtempSync(join(tmpdir(), 'warden-bench-time-')) : null;
  const rssFile = dir === null ? null : join(dir, 'rss');
  const [cmd, argv] = rssFile === null ? [command, args] : ['/usr/bin/time', ['-f', '%M', '-o', rssFile, command, ...args]];
  const started = performance.now();
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const splitter = options.onLine === undefined ? null : lineSplitter(options.onLine);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (splitter === null ? (stdout += chunk) : splitter.push(chunk)));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let polled: number | null = null;
  const poll = measure && !viaTime && child.pid !== undefined ? setInterval(() => (polled = readVmHwm(child.pid as number) ?? polled), 20) : null;
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve(status));
  });
  const seconds = (performance.now() - started) / 1000;
  if (poll !== null) clearInterval(poll);
  splitter?.end();
  const rssKb = rssFile === null ? polled : readRssFile(rssFile);
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  return { seconds, rssKb, code, stdout, stderr };
}

function readRssFile(path: string): number | null {
  try {
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const kb = Number(lines[lines.length - 1]);
    return Number.isFinite(kb) ? kb : null;
  } catch {
    return null;
  }
}

/** Best (shortest) of `runs` runs; every run must exit with code 0. */
export async function bestOf(runs: number, command: string, args: readonly string[]): Promise<TimedRun> {
  let best: TimedRun | null = null;
  for (let i = 0; i < runs; i++) {
    const run = await runTimed(command, args);
    if (run.code !== 0) return run;
    if (best === null || run.seconds < best.seconds) best = run;
  }
  if (best === null) throw new Error('bestOf needs at least one run');
  return best;
}
