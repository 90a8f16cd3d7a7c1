/**
 * Deterministic synthetic Asterisk log for the regex benchmark: `[YYYY-MM-DD HH:MM:SS]` stamps advancing in
 * time, mostly noise, ~30% failures. Run directly: `node dist/bench/gen-asterisk-log.js [--lines N] [--seed S] [--out PATH]`.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createAddressPools } from './address-pools.js';
import { FAILURE_MIX } from './asterisk-failure-lines.js';
import { NOISE_MIX } from './asterisk-noise-lines.js';
import type { LineContext, LineShape } from './line-context.js';
import { createRng, draw, weighted, type Rng } from './seeded-random.js';

/** Bump when the output for given options changes, so cached logs are regenerated. */
export const GENERATOR_VERSION = 1;

export interface GenerateOptions {
  readonly lines: number;
  readonly seed: number;
  /** Time of the first line, unix seconds, printed as UTC wall clock. Default 2024-05-06 00:00:00. */
  readonly startTime?: number;
  /** Share of failure lines, 0..1. Default 0.3. */
  readonly failureShare?: number;
}

export const DEFAULT_LINES = 1_000_000;
export const DEFAULT_SEED = 20240506;
const DEFAULT_START = Date.UTC(2024, 4, 6) / 1000;

export interface GeneratedLine {
  readonly text: string;
  /** The address fail2ban's asterisk filter yields for this line, or null for noise. */
  readonly ip: string | null;
  readonly shape: string;
}

/** What was written: the expected matches, so a run can be checked without fail2ban. */
export interface GenerateStats {
  readonly lines: number;
  readonly failures: number;
  readonly bytes: number;
  readonly byShape: Record<string, number>;
  readonly ipCounts: Record<string, number>;
}

export function formatStamp(time: number): string {
  const iso = new Date(time * 1000).toISOString();
  return `[${iso.slice(0, 10)} ${iso.slice(11, 19)}] `;
}

function nextGap(rng: Rng): number {
  const u = rng.next();
  if (u < 0.55) return 0;
  if (u < 0.85) return 1;
  if (u < 0.97) return 2;
  return rng.range(3, 30);
}

export function* generateAsteriskLines(options: GenerateOptions): Generator<GeneratedLine> {
  const rng = createRng(options.seed);
  const pools = createAddressPools(rng);
  const failures = weighted<LineShape>(FAILURE_MIX);
  const noise = weighted<LineShape>(NOISE_MIX);
  const threads = Array.from({ length: 24 }, () => rng.range(1200, 32000));
  const share = options.failureShare ?? 0.3;
  let time = options.startTime ?? DEFAULT_START;
  let stamp = formatStamp(time);
  let call = rng.int(4096);
  for (let i = 0; i < options.lines; i++) {
    const gap = nextGap(rng);
    if (gap > 0) stamp = formatStamp((time += gap));
    if (rng.chance(0.15)) call++;
    const ctx: LineContext = { rng, pools, time, lwp: rng.pick(threads), callId: `C-${call.toString(16).padStart(8, '0')}` };
    const shape = draw(rng, rng.chance(share) ? failures : noise);
    const built = shape.build(ctx);
    yield { text: stamp + built.body, ip: built.ip, shape: shape.name };
  }
}

/** Write the log to `path` (atomically, via a temporary file) and return what it contains. */
export function writeAsteriskLog(path: string, options: GenerateOptions): GenerateStats {
  const temp = `${path}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w');
  const byShape: Record<string, number> = {};
  const ipCounts: Record<string, number> = {};
  let batch: string[] = [];
  let batchChars = 0;
  let bytes = 0;
  let failures = 0;
  const flush = (): void => {
    bytes += writeSync(fd, batch.join(''));
    batch = [];
    batchChars = 0;
  };
  for (const line of generateAsteriskLines(options)) {
    batch.push(line.text, '\n');
    batchChars += line.text.length + 1;
    byShape[line.shape] = (byShape[line.shape] ?? 0) + 1;
    if (line.ip !== null) {
      failures++;
      ipCounts[line.ip] = (ipCounts[line.ip] ?? 0) + 1;
    }
    if (batchChars > 1 << 20) flush();
  }
  flush();
  closeSync(fd);
  renameSync(temp, path);
  return { lines: options.lines, failures, bytes, byShape, ipCounts };
}

export interface CachedLog {
  readonly path: string;
  readonly stats: GenerateStats;
  /** False when an earlier run's file was reused. */
  readonly generated: boolean;
}

export function defaultLogPath(options: GenerateOptions, dir = join(tmpdir(), 'warden-bench')): string {
  const share = options.failureShare === undefined ? '' : `-f${options.failureShare}`;
  return join(dir, `asterisk-${options.lines}-s${options.seed}${share}-g${GENERATOR_VERSION}.log`);
}

/** The log for these options under os.tmpdir(), generated only when no earlier run left it there. */
export function cachedAsteriskLog(options: GenerateOptions, dir?: string): CachedLog {
  const path = defaultLogPath(options, dir);
  const statsPath = `${path}.stats.json`;
  if (existsSync(path) && existsSync(statsPath)) {
    return { path, stats: JSON.parse(readFileSync(statsPath, 'utf8')) as GenerateStats, generated: false };
  }
  mkdirSync(join(path, '..'), { recursive: true });
  const stats = writeAsteriskLog(path, options);
  writeFileSync(statsPath, JSON.stringify(stats));
  return { path, stats, generated: true };
}

function main(): void {
  const { values } = parseArgs({
    options: { lines: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } },
  });
  const options: GenerateOptions = { lines: Number(values.lines ?? DEFAULT_LINES), seed: Number(values.seed ?? DEFAULT_SEED) };
  if (!Number.isInteger(options.lines) || options.lines < 0 || !Number.isInteger(options.seed)) {
    process.stderr.write('usage: gen-asterisk-log [--lines N] [--seed S] [--out PATH]\n');
    process.exit(2);
  }
  const path = values.out ?? defaultLogPath(options);
  mkdirSync(join(path, '..'), { recursive: true });
  const stats = writeAsteriskLog(path, options);
  const ips = Object.keys(stats.ipCounts).length;
  process.stdout.write(`${path}: ${stats.lines} lines, ${stats.bytes} bytes, ${stats.failures} failures from ${ips} addresses\n`);
  for (const [shape, count] of Object.entries(stats.byShape).sort((a, b) => b[1] - a[1])) {
    process.stdout.write(`  ${String(count).padStart(9)}  ${shape}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
