/**
 * nftables action benchmark, in its own network namespace: ban and unban of 10 000 addresses (v4+v6)
 * in one transaction each, restore of 100 000 bans at start, and fail2ban's one-process-per-ban way.
 */
import { performance } from 'node:perf_hooks';
import type { BanRecord } from '../src/core/records.js';
import { createNftAction } from '../src/actions/nft/nft-action.js';
import { createNetns, memoryLogger, netnsUnavailable, type TestNetns } from '../src/actions/nft/test-netns.js';
import { findOnPath } from './run-timed.js';

const RUNS = 3;
const F2B_SAMPLE = 100;

function address(i: number): string {
  return i % 2 === 0 ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` : `2001:db8:${(i >> 16).toString(16)}::${(i & 0xffff).toString(16)}`;
}

function bans(count: number, offset: number): BanRecord[] {
  const now = Date.now() / 1000;
  return Array.from({ length: count }, (_, i) => ({
    jail: 'bench', ip: address(offset + i), timeOfBan: now - (i % 600), bantime: 3600 + (i % 7) * 600, banCount: 1, failures: 5, matches: [],
  }));
}

function elementCount(ns: TestNetns): number {
  const out = JSON.parse(ns.run(['nft', '-j', 'list', 'table', 'inet', 'warden'])) as { nftables: { set?: { elem?: unknown[] } }[] };
  return out.nftables.reduce((n, o) => n + (o.set?.elem?.length ?? 0), 0);
}

async function timed(work: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await work();
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s: number): string => `${(s * 1000).toFixed(0)} ms`;

async function benchWarden(ns: TestNetns): Promise<void> {
  const action = createNftAction({ jail: 'bench', allports: true, protocol: 'all' }, { logger: memoryLogger(), exec: ns.exec });
  const banTimes: number[] = [];
  const unbanTimes: number[] = [];
  const restoreTimes: number[] = [];
  const crashTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const batch = bans(10_000, run * 10_000);
    await action.start();
    banTimes.push(await timed(() => action.ban(batch, { restored: false })));
    if (elementCount(ns) !== 10_000) throw new Error('not every ban reached the set');
    unbanTimes.push(await timed(() => action.unban(batch)));
    if (elementCount(ns) !== 0) throw new Error('not every unban left the set');
    await action.stop();
    const restore = bans(100_000, 0);
    restoreTimes.push(await timed(async () => {
      await action.start();
      await action.ban(restore, { restored: true });
    }));
    if (elementCount(ns) !== 100_000) throw new Error('not every restored ban reached the set');
    // Restart after a crash: a new action instance finds the table and the 100 000 elements still there.
    const again = createNftAction({ jail: 'bench', allports: true, protocol: 'all' }, { logger: memoryLogger(), exec: ns.exec });
    crashTimes.push(await timed(async () => {
      await again.start();
      await again.ban(restore, { restored: true });
    }));
    if (elementCount(ns) !== 100_000) throw new Error('restore over existing elements lost some');
    await again.stop();
  }
  const ban = median(banTimes);
  console.log(`warden nftables, median of ${RUNS} runs (one \`nft -f -\` transaction per batch):`);
  console.log(`  ban 10 000 (v4+v6, re-ban safe)   ${fmt(ban)}  = ${Math.round(10_000 / ban).toLocaleString('en')} bans/s`);
  console.log(`  unban 10 000                      ${fmt(median(unbanTimes))}`);
  console.log(`  start + restore 100 000 bans      ${fmt(median(restoreTimes))}`);
  console.log(`  same, set still full (crash)      ${fmt(median(crashTimes))}`);
}

/** fail2ban's nftables action: actionstart once, then one `nft add element` process per ban. */
function benchFail2banWay(ns: TestNetns): void {
  if (findOnPath('fail2ban-client') === null) {
    console.log('fail2ban: not installed, comparison skipped');
    return;
  }
  const setup = [
    'add table inet f2b-table',
    'add chain inet f2b-table f2b-chain { type filter hook input priority -1; }',
    'add set inet f2b-table addr-set-bench { type ipv4_addr; }',
    'add rule inet f2b-table f2b-chain meta l4proto { tcp, udp } ip saddr @addr-set-bench reject',
  ];
  ns.run(['nft', '-f', '-'], `${setup.join('\n')}\n`);
  const loop = `i=0; while [ $i -lt ${F2B_SAMPLE} ]; do i=$((i+1)); sh -c "nft add element inet f2b-table addr-set-bench \\{ 10.9.$((i/250)).$((i%250)) \\}"; done`;
  const t0 = performance.now();
  ns.run(['sh', '-c', loop]);
  const perBan = (performance.now() - t0) / 1000 / F2B_SAMPLE;
  ns.run(['nft', 'delete', 'table', 'inet', 'f2b-table']);
  console.log(`fail2ban nftables action way (sh -c "nft add element …" per ban, ${F2B_SAMPLE} timed, extrapolated;`);
  console.log('  fail2ban\'s own Python and lock overhead not included, so the real figure is higher):');
  console.log(`  per ban ${(perBan * 1000).toFixed(1)} ms  -> 10 000 bans ≈ ${(perBan * 10_000).toFixed(1)} s = ${Math.round(1 / perBan)} bans/s`);
}

async function main(): Promise<void> {
  const why = netnsUnavailable();
  if (why !== null) {
    console.log(`bench-nft skipped: ${why}`);
    return;
  }
  const ns = createNetns();
  try {
    await benchWarden(ns);
    benchFail2banWay(ns);
  } finally {
    ns.remove();
  }
}

await main();
