/**
 * The daemon benchmark (issue 3): ban decision latency, a burst of 10 000 IPs x 5 failures, and RSS
 * with 1 000 000 failing IPs, for the real warden server and, when installed, fail2ban-server.
 * Run: node dist/bench/bench-daemon.js [--only latency|burst|rss] [--skip-fail2ban] [--fail2ban-firewall] [--help]
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findOnPath } from './run-timed.js';
import { machineLines } from './bench-report.js';
import { markdownReport, textReport, type Report } from './daemon-report.js';
import { measureBurst, measureLatency, measureRss, type BurstResult, type LatencyResult, type RssResult } from './daemon-sections.js';
import { cleanupAll, fail2banInstalled, toolVersion, type Tool } from './daemon-servers.js';
import { F2B_ACTIONS, F2B_NFT_ACTION } from './fail2ban-nft.js';

const HELP = `node dist/bench/bench-daemon.js [options]
  --only latency|burst|rss   run one section only
  --skip-fail2ban            warden only
  --ips N                    IPs for the latency section, one at a time (default 1000)
  --burst N                  IPs x 5 failures in one write for the burst section (default 10000)
  --rss-ips N                distinct failing IPs for the memory section (default 1000000)
  --fail2ban-cap SECONDS     give up waiting for fail2ban after this long (default 300)
  --fail2ban-rss             also run the memory section on fail2ban (slow)
  --fail2ban-firewall        burst: also run fail2ban with its stock nftables-allports action in a
                             network namespace of its own (root only), timed until its nft set is full
  --fail2ban-firewall-ips N  IPs x 5 failures for that run (default 1000)
  --ban-timeout MS           latency: give up on one IP's ban after this long (default 5000)`;

const WARDEN_CAP_SECONDS = 300;
const SECTIONS = ['latency', 'burst', 'rss'] as const;

interface Options {
  readonly sections: ReadonlySet<string>;
  readonly tools: readonly Tool[];
  readonly ips: number;
  readonly burst: number;
  readonly rssIps: number;
  readonly cap: number;
  readonly fail2banRss: boolean;
  /** IPs for fail2ban's burst with its nftables action, or null when not asked for. */
  readonly firewallIps: number | null;
  readonly banTimeout: number;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} wants a positive integer, got '${value}'`);
  return n;
}

function readOptions(): Options | null {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' }, 'skip-fail2ban': { type: 'boolean' }, ips: { type: 'string' }, burst: { type: 'string' },
      'rss-ips': { type: 'string' }, 'fail2ban-cap': { type: 'string' }, 'fail2ban-rss': { type: 'boolean' },
      'ban-timeout': { type: 'string' }, 'fail2ban-firewall': { type: 'boolean' }, 'fail2ban-firewall-ips': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return null;
  if (values.only !== undefined && !(SECTIONS as readonly string[]).includes(values.only)) throw new Error(`--only wants one of ${SECTIONS.join(', ')}`);
  const withFail2ban = values['skip-fail2ban'] !== true && fail2banInstalled();
  if (values['skip-fail2ban'] !== true && !withFail2ban) console.log('fail2ban-server not found: warden only');
  return {
    sections: new Set(values.only === undefined ? SECTIONS : [values.only]),
    tools: withFail2ban ? ['warden', 'fail2ban'] : ['warden'],
    ips: positive('ips', values.ips, 1000),
    burst: positive('burst', values.burst, 10_000),
    rssIps: positive('rss-ips', values['rss-ips'], 1_000_000),
    cap: positive('fail2ban-cap', values['fail2ban-cap'], 300),
    fail2banRss: values['fail2ban-rss'] === true,
    banTimeout: positive('ban-timeout', values['ban-timeout'], 5000),
    firewallIps: values['fail2ban-firewall'] === true ? positive('fail2ban-firewall-ips', values['fail2ban-firewall-ips'], 1000) : null,
  };
}

const progress = (message: string): void => void process.stderr.write(`  .. ${message}\n`);

async function run(o: Options): Promise<Report> {
  const capFor = (tool: Tool): number => (tool === 'fail2ban' ? o.cap : WARDEN_CAP_SECONDS);
  const latency: LatencyResult[] = [];
  const burst: BurstResult[] = [];
  const rss: RssResult[] = [];
  for (const tool of o.tools) {
    if (o.sections.has('latency')) latency.push(await measureLatency(tool, o.ips, o.banTimeout, progress));
  }
  for (const tool of o.tools) {
    if (o.sections.has('burst')) burst.push(await measureBurst(tool, o.burst, capFor(tool), progress));
  }
  const burstSkipped: string[] = [];
  if (o.sections.has('burst') && o.firewallIps !== null) {
    const skip = firewallSkipReason(o);
    if (skip === null) burst.push(await measureBurst('fail2ban', o.firewallIps, o.cap, progress, true));
    else burstSkipped.push(`fail2ban with ${F2B_NFT_ACTION} skipped: ${skip}`);
  }
  for (const tool of o.tools) {
    if (o.sections.has('rss') && (tool === 'warden' || o.fail2banRss)) rss.push(await measureRss(tool, o.rssIps, capFor(tool), progress));
  }
  const [one, five, fifteen] = loadavg().map((n) => n.toFixed(2));
  const machine = [...machineLines(o.tools.includes('fail2ban') ? findOnPath('fail2ban-server') : null),
    `time zone ${Intl.DateTimeFormat().resolvedOptions().timeZone}; load average at the end ${one} ${five} ${fifteen}; ${new Date().toISOString().slice(0, 10)}`];
  const labels = Object.fromEntries(o.tools.map((t) => [t, toolVersion(t)]));
  return { machine, labels, latency, burst, burstSkipped, rss };
}

/** Why fail2ban's firewall burst cannot run here, or null. */
function firewallSkipReason(o: Options): string | null {
  if (!o.tools.includes('fail2ban')) return 'fail2ban is not installed or --skip-fail2ban was given';
  if (process.getuid?.() !== 0) return 'it needs root (network namespaces)';
  const missing = ['ip', 'nft'].filter((cmd) => findOnPath(cmd) === null);
  if (missing.length > 0) return `${missing.join(' and ')} not found`;
  return existsSync(join(F2B_ACTIONS, `${F2B_NFT_ACTION}.conf`)) ? null : `${join(F2B_ACTIONS, `${F2B_NFT_ACTION}.conf`)} not found`;
}

async function main(): Promise<number> {
  const o = readOptions();
  if (o === null) {
    console.log(HELP);
    return 0;
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      cleanupAll();
      process.exit(130);
    });
  }
  process.on('exit', cleanupAll);
  const report = await run(o);
  console.log(textReport(report).join('\n'));
  console.log('--- Markdown for docs/BENCHMARKS.md ---\n');
  console.log(markdownReport(report, `node dist/bench/bench-daemon.js ${process.argv.slice(2).join(' ')}`.trim()).join('\n'));
  return 0;
}

main().then((code) => (process.exitCode = code), (err: unknown) => {
  cleanupAll();
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
