/**
 * Memory of one jail holding 1 000 000 distinct failing ids (half IPv4, half IPv6) with one failure
 * and one matched line each, the lines cut from 64 KiB read chunks as the sources hand them out.
 * Run: node --expose-gc dist/bench/bench-jail-memory.js [count] [maxretry]
 */
import { performance } from 'node:perf_hooks';
import { createJail } from '../src/jail/jail.js';
import { createRng } from './seeded-random.js';

const COUNT = Number(process.argv[2] ?? 1_000_000);
const MAXRETRY = Number(process.argv[3] ?? 5);
const NOW = 1_700_000_000;
/** Failures added between two drains (the daemon drains once per batch of lines). */
const DRAIN_EVERY = 1000;
const CHUNK_BYTES = 64 * 1024;

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('run with node --expose-gc');
  collect();
  collect();
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The k-th distinct address: even k IPv4 (from 11.0.0.0 up), odd k IPv6 in 2001:db8::/32. */
function address(k: number): string {
  const n = k >> 1;
  if (k % 2 === 0) return `${11 + (n >>> 24)}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  return `2001:db8:${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}::${((n * 2654435761) >>> 16).toString(16)}`;
}

function failureLine(ip: string, rng: ReturnType<typeof createRng>): string {
  return `[2024-01-01 10:00:00] NOTICE[${rng.range(1000, 9999)}] chan_sip.c: Registration from '"${rng.int(1000)}" <sip:${rng.int(1000)}@10.0.0.1>' failed for '${ip}:5060' - Wrong password`;
}

function report(label: string, started: number): void {
  gc();
  const m = process.memoryUsage();
  console.log(`${label}: heapUsed ${mb(m.heapUsed)} (of ${mb(m.heapTotal)}), external+arrayBuffers ${mb(m.external)}, rss ${mb(m.rss)}, ${((performance.now() - started) / 1000).toFixed(2)} s`);
}

function main(): void {
  const rng = createRng(42);
  const increment = { enabled: false, factor: 1, formula: null, multipliers: [], maxTime: null, rndTime: null, overallJails: false };
  const jail = createJail(
    { name: 'asterisk', maxretry: MAXRETRY, findtime: 600, bantime: 600, maxmatches: MAXRETRY, bantimeIncrement: increment, ignoreip: ['127.0.0.1/8', '::1'] },
    { banHistory: () => null, random: () => 0 },
  );
  const started = performance.now();
  report('baseline', started);
  let chunk = '';
  let lines: string[] = [];
  let next = 0;
  for (let k = 0; k < COUNT; k++) {
    if (next === lines.length) {
      // A new read chunk: the lines handed out are slices of it.
      const text: string[] = [];
      for (let size = 0, j = k; size < CHUNK_BYTES && j < COUNT; j++) size += text[text.push(failureLine(address(j), rng)) - 1].length + 1;
      chunk = text.join('\n');
      lines = chunk.split('\n');
      next = 0;
    }
    const line = lines[next++];
    const ip = line.slice(line.indexOf("for '") + 5, line.lastIndexOf(':'));
    const outcome = jail.addFailure({ id: ip, ip, time: NOW, matches: [line] }, NOW);
    if (outcome.kind !== 'counted') throw new Error(`unexpected ${outcome.kind} for ${ip}`);
    if (k % DRAIN_EVERY === DRAIN_EVERY - 1) jail.drainChanges();
  }
  jail.drainChanges();
  chunk = '';
  lines = [];
  const added = performance.now();
  console.log(`added ${COUNT} distinct ids (maxretry ${MAXRETRY}) in ${((added - started) / 1000).toFixed(2)} s, ${(((added - started) * 1e3) / COUNT).toFixed(2)} us per failure`);
  report(`holding ${jail.status().currentlyFailed} ids`, started);
  const sweepStart = performance.now();
  for (let call = 0; call < 30; call++) jail.sweep(NOW + 601);
  console.log(`30 sweep calls after findtime: ${((performance.now() - sweepStart) / 30).toFixed(2)} ms per call, ${jail.status().currentlyFailed} ids left`);
  report('after sweep', started);
}

main();
