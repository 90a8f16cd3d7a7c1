/**
 * Store benchmark: one commit of 50 000 failures + 10 000 bans, then load and purge of a db holding
 * 100 000 bans + 1 000 000 failures, on a temporary file. Prints the figures.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BanRecord, FailureRecord } from '../src/core/records.js';
import { openStore, type Store } from '../src/store/store.js';

const NOW = 1_700_000_000;
const JAILS = ['asterisk', 'sshd', 'recidive'];

function ipOf(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

function failures(count: number, offset: number): FailureRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    jail: JAILS[i % JAILS.length],
    id: ipOf(offset + i),
    time: NOW - (i % 500),
    matches: [`[2024-01-01 00:00:00] NOTICE[1234] chan_sip.c: Registration from '<sip:${i}@x>' failed for '${ipOf(offset + i)}:5060' - Wrong password`],
  }));
}

function bans(count: number, offset: number): BanRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    jail: JAILS[i % JAILS.length],
    ip: ipOf(offset + i),
    timeOfBan: NOW - (i % 300),
    bantime: i % 100 === 0 ? -1 : 600,
    banCount: 1 + (i % 4),
    failures: 5,
    matches: ['line one', 'line two', 'line three', 'line four', 'line five'],
  }));
}

function timed<T>(label: string, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  console.log(`${label.padEnd(58)} ${(performance.now() - start).toFixed(0).padStart(6)} ms`);
  return result;
}

function fill(store: Store): void {
  for (let i = 0; i < 20; i++) {
    store.commit({ addFailures: failures(50_000, i * 50_000), addBans: bans(5_000, 2_000_000 + i * 5_000) });
  }
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-store-'));
  const file = join(dir, 'warden.sqlite3');
  try {
    let store = openStore(file);
    const batch = { addFailures: failures(50_000, 0), addBans: bans(10_000, 1_000_000) };
    timed('commit 50 000 failures + 10 000 bans (one batch)', () => store.commit(batch));
    timed('commit 1 failure + 1 position (one tick)', () =>
      store.commit({
        addFailures: failures(1, 7),
        positions: [{ path: '/var/log/asterisk/messages', inode: '42', offset: 1234, firstLineHash: 'ab' }],
      }),
    );
    store.close();
    rmSync(file);
    store = openStore(file);
    timed('fill: 20 commits of 50 000 failures + 5 000 bans', () => fill(store));
    store.close();
    console.log(`db size ${(statSync(file).size / 1e6).toFixed(0)} MB`);
    store = timed('open (existing db)', () => openStore(file));
    const state = timed('load 100 000 bans + 1 000 000 failures', () => store.load(NOW, () => 600));
    console.log(`loaded ${state.bans.length} bans, ${state.failures.length} failures`);
    const clear = failures(10_000, 0).map((f) => ({ jail: f.jail, id: f.id }));
    timed('clear 10 000 ids (one batch)', () => store.commit({ clearFailures: clear }));
    timed('banHistory x 10 000 (overalljails)', () => {
      for (let i = 0; i < 10_000; i++) store.banHistory(ipOf(2_000_000 + i), null);
    });
    const purged = timed('purge (nothing old)', () => store.purge(NOW, 86_400));
    console.log(`purged ${purged.bans} bans, ${purged.failures} failures`);
    const all = timed('purge (everything old)', () => store.purge(NOW + 10 * 86_400, 86_400));
    console.log(`purged ${all.bans} bans, ${all.failures} failures`);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
