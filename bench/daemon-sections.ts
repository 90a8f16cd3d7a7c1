/**
 * The three daemon measurements, each on a fresh server of one tool: ban decision latency (one IP at
 * a time), a burst of IPs x 5 failures in one write, and RSS holding many failing IPs in the window.
 * The burst can also run fail2ban with its stock nftables action (`firewall`) in a namespace.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { watchBans, type BanWatch } from './daemon-ban-watch.js';
import { attacker, chanSipLine } from './daemon-lines.js';
import { backendInLog, startServer, type BenchServer, type Tool } from './daemon-servers.js';
import { F2B_NFT_ACTION } from './fail2ban-nft.js';

const HOUR = 3600;
const WARMUP_IPS = ['198.51.100.1', '198.51.100.2', '198.51.100.3'];

export interface LatencyResult {
  readonly tool: Tool;
  readonly backend: string;
  readonly ips: number;
  /** Ban line time stamp minus the Date.now() taken just before the append, ms. */
  readonly samples: readonly number[];
  /** The same, but to the moment the benchmark read the ban line. */
  readonly seenSamples: readonly number[];
  readonly missed: number;
  readonly clock: string;
}

export interface BurstResult {
  readonly tool: Tool;
  readonly ips: number;
  readonly lines: number;
  readonly banned: number;
  /** Append -> last ban line (server time stamp), or the cap when not all were banned. */
  readonly seconds: number;
  readonly finished: boolean;
  readonly capSeconds: number;
  /** In a namespace: append -> every banned address in the nftables sets (polled), else null. */
  readonly inSetSeconds: number | null;
  /** In a namespace: burst addresses in the nftables sets when the polling ended, else null. */
  readonly inSetCount: number | null;
  /** The firewall action when it is not the tool's usual one for this table (fail2ban's nftables-allports), else null. */
  readonly action: string | null;
}

export interface RssResult {
  readonly tool: Tool;
  readonly ips: number;
  readonly counted: number;
  readonly finished: boolean;
  readonly seconds: number;
  readonly idleRssKb: number | null;
  readonly rssKb: number | null;
  readonly hwmKb: number | null;
}

export type Progress = (message: string) => void;

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The server's first log line must carry a time between spawn and ready: same clock, same zone. */
function clockCheck(server: BenchServer, watch: BanWatch): string {
  const first = watch.firstLogMs();
  if (first === null) return 'no time stamp in the log';
  const ok = first >= server.spawnMs - 2 && first <= server.readyMs + 2;
  return `${ok ? 'ok' : 'MISMATCH'} (first log line ${first - server.spawnMs} ms after spawn, ready after ${server.readyMs - server.spawnMs} ms)`;
}

/** Bans `maxretry` failures of a few addresses outside the measured ones, so the jail is running. */
async function warmUp(server: BenchServer, watch: BanWatch, maxretry: number): Promise<void> {
  for (const ip of WARMUP_IPS) {
    appendFileSync(server.messages, Array.from({ length: maxretry }, () => `${chanSipLine(Date.now(), ip)}\n`).join(''));
    if ((await watch.waitForBan(ip, 30_000)) === null) throw new Error(`${server.tool}: warm-up ban of ${ip} not seen in 30 s`);
  }
}

async function withServer<T>(tool: Tool, maxretry: number, run: (server: BenchServer) => Promise<T>, firewall = false): Promise<T> {
  const server = await startServer(tool, { maxretry, findtime: HOUR, bantime: HOUR, firewall });
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

export function measureLatency(tool: Tool, ips: number, timeoutMs: number, progress: Progress): Promise<LatencyResult> {
  return withServer(tool, 1, async (server) => {
    const watch = watchBans(server.logFile);
    try {
      await warmUp(server, watch, 1);
      const samples: number[] = [];
      const seenSamples: number[] = [];
      let missed = 0;
      for (let k = 0; k < ips; k++) {
        const a = attacker(k, false);
        const before = Date.now();
        appendFileSync(server.messages, `${a.line(before)}\n`);
        const ban = await watch.waitForBan(a.ip, timeoutMs);
        if (ban === null) missed++;
        else {
          samples.push(ban.logMs - before);
          seenSamples.push(ban.seenMs - before);
        }
        if ((k + 1) % 100 === 0) progress(`${tool} latency: ${k + 1}/${ips}`);
      }
      return { tool, backend: backendInLog(server.logFile) ?? 'auto', ips, samples, seenSamples, missed, clock: clockCheck(server, watch) };
    } finally {
      watch.close();
    }
  });
}

interface SetWait {
  readonly seconds: number | null;
  readonly count: number | null;
}

/** Polls the server's nftables sets until `target` addresses are in them or `deadlineMs`. */
async function waitForSet(server: BenchServer, target: number, before: number, deadlineMs: number, pollMs: number): Promise<SetWait> {
  let count: number | null = null;
  do {
    const n = server.nftElements();
    if (n === null) break;
    count = n;
    if (n >= target) return { seconds: (Date.now() - before) / 1000, count };
    await sleep(pollMs);
  } while (Date.now() < deadlineMs);
  return { seconds: null, count };
}

function readTail(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-3000);
  } catch {
    return '';
  }
}

/** fail2ban's action puts the warm-up bans in its set on demand: wait for them, or fail fast with its log. */
async function checkFirewallWarmUp(server: BenchServer): Promise<void> {
  const set = await waitForSet(server, WARMUP_IPS.length, Date.now(), Date.now() + 30_000, 100);
  if (set.seconds === null) throw new Error(`${server.tool} ${F2B_NFT_ACTION}: the warm-up bans are not in its nft set (${set.count ?? 'no set'})\n${readTail(server.logFile)}`);
}

/**
 * IPs x 5 failures in one write, then the time to the last ban line and (in a namespace) until all
 * are in the nftables sets (polled every 20 ms). `firewall`: fail2ban with its stock nftables
 * action, everything within `capSeconds` of the append.
 */
export function measureBurst(tool: Tool, ips: number, capSeconds: number, progress: Progress, firewall = false): Promise<BurstResult> {
  const failures = 5;
  const name = firewall ? `${tool} ${F2B_NFT_ACTION}` : tool;
  return withServer(tool, failures, async (server) => {
    const watch = watchBans(server.logFile);
    try {
      await warmUp(server, watch, failures);
      if (firewall) await checkFirewallWarmUp(server);
      const now = Date.now();
      const attackers = Array.from({ length: ips }, (_, k) => attacker(k, false));
      const rounds: string[] = [];
      for (let r = 0; r < failures; r++) rounds.push(attackers.map((a) => `${a.line(now)}\n`).join(''));
      const text = rounds.join('');
      const before = Date.now();
      appendFileSync(server.messages, text);
      progress(`${name} burst: ${ips * failures} lines appended, waiting for ${ips} bans (cap ${capSeconds} s)`);
      const ticker = firewall ? setInterval(() => progress(`${name} burst: ${watch.bans.size - WARMUP_IPS.length} bans logged after ${((Date.now() - before) / 1000).toFixed(0)} s`), 10_000) : null;
      const finished = await watch.waitForCount(ips + WARMUP_IPS.length, capSeconds * 1000);
      if (ticker !== null) clearInterval(ticker);
      const measured = attackers.map((a) => watch.bans.get(a.ip)).filter((b) => b !== undefined);
      const last = Math.max(...measured.map((b) => b.logMs), before);
      const seconds = finished ? (last - before) / 1000 : capSeconds;
      const target = ips + WARMUP_IPS.length;
      // fail2ban logs each ban just before its `nft` call: once the last is logged (or the cap is
      // reached), a few polls finish the wait. warden keeps its own cap for the sets.
      const deadline = firewall ? before + capSeconds * 1000 : Date.now() + capSeconds * 1000;
      const set = server.netns === null ? { seconds: null, count: null } : await waitForSet(server, target, before, deadline, 20);
      const inSetCount = set.count === null ? null : Math.max(0, set.count - WARMUP_IPS.length);
      return { tool, ips, lines: ips * failures, banned: measured.length, seconds, finished, capSeconds, inSetSeconds: set.seconds, inSetCount, action: firewall ? F2B_NFT_ACTION : null };
    } finally {
      watch.close();
    }
  }, firewall);
}

const WRITE_LINES = 50_000;

export function measureRss(tool: Tool, ips: number, capSeconds: number, progress: Progress): Promise<RssResult> {
  return withServer(tool, 5, async (server) => {
    await sleep(1000);
    const idle = server.memory();
    const before = Date.now();
    for (let start = 0; start < ips; start += WRITE_LINES) {
      const now = Date.now();
      const chunk: string[] = [];
      for (let k = start; k < Math.min(ips, start + WRITE_LINES); k++) chunk.push(`${attacker(k, true).line(now)}\n`);
      appendFileSync(server.messages, chunk.join(''));
    }
    progress(`${tool} rss: ${ips} lines appended in ${((Date.now() - before) / 1000).toFixed(1)} s, waiting until all are counted (cap ${capSeconds} s)`);
    const deadline = before + capSeconds * 1000;
    let counted = 0;
    let lastReport = Date.now();
    for (;;) {
      counted = server.counts()?.totalFailed ?? counted;
      if (counted >= ips || Date.now() > deadline) break;
      if (Date.now() - lastReport > 10_000) {
        progress(`${tool} rss: ${counted} counted after ${((Date.now() - before) / 1000).toFixed(0)} s`);
        lastReport = Date.now();
      }
      await sleep(250);
    }
    const seconds = (Date.now() - before) / 1000;
    const mem = server.memory();
    return {
      tool, ips, counted, finished: counted >= ips, seconds,
      idleRssKb: idle?.rssKb ?? null, rssKb: mem?.rssKb ?? null, hwmKb: mem?.hwmKb ?? null,
    };
  });
}
