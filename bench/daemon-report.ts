/**
 * Text and Markdown output of the daemon benchmark: one table per section (latency, burst, RSS),
 * warden and fail2ban side by side, with the targets of issue 3. Formatting only, plus the linear
 * extrapolation of a short fail2ban firewall burst to the full burst size.
 */
import { groupDigits } from './bench-report.js';
import type { BurstResult, LatencyResult, RssResult } from './daemon-sections.js';

export const TARGET_P99_MS = 20;
export const TARGET_RSS_MB = 300;

export interface Report {
  readonly machine: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly latency: readonly LatencyResult[];
  readonly burst: readonly BurstResult[];
  /** Why a requested burst row did not run (e.g. fail2ban's firewall run without root). */
  readonly burstSkipped: readonly string[];
  readonly rss: readonly RssResult[];
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function mb(kb: number | null): string {
  return kb === null ? '-' : `${groupDigits((kb * 1024) / 1e6)} MB`;
}

function ms(n: number): string {
  return Number.isNaN(n) ? '-' : n.toFixed(0);
}

type Table = { head: string[]; rows: string[][] };

function latencyTable(r: Report): Table {
  return {
    head: ['server', 'backend', 'IPs', 'banned', 'p50 ms', 'p99 ms', 'max ms', 'mean ms', 'p50 seen by bench ms', 'clock check'],
    rows: r.latency.map((l) => {
      const mean = l.samples.reduce((a, b) => a + b, 0) / l.samples.length;
      return [r.labels[l.tool], l.backend, groupDigits(l.ips), groupDigits(l.samples.length), ms(percentile(l.samples, 50)), ms(percentile(l.samples, 99)),
        ms(Math.max(...l.samples)), ms(mean), ms(percentile(l.seenSamples, 50)), l.clock.split(' ')[0]];
    }),
  };
}

function burstLabel(r: Report, b: BurstResult): string {
  return b.action === null ? r.labels[b.tool] : `${r.labels[b.tool]} (${b.action})`;
}

/** Bans per second into the nft sets of a row with its own firewall action, or null (no set count). */
export function inSetRate(b: BurstResult): number | null {
  if (b.inSetCount === null) return null;
  return b.inSetSeconds !== null ? b.ips / b.inSetSeconds : b.inSetCount / b.capSeconds;
}

/** A firewall-action row that did not put `target` addresses in its set: the measured rate, scaled up. */
export function extrapolationNote(r: Report, b: BurstResult, target: number): string | null {
  const rate = inSetRate(b);
  if (b.action === null || rate === null || (b.inSetSeconds !== null && b.ips >= target)) return null;
  const measured = b.inSetSeconds !== null ? `all ${groupDigits(b.ips)} bans in its nft set after ${b.inSetSeconds.toFixed(1)} s`
    : `${groupDigits(b.inSetCount ?? 0)} of ${groupDigits(b.ips)} bans in its nft set after the ${b.capSeconds} s cap`;
  const estimate = rate > 0 ? `~${groupDigits(target / rate)} s` : 'never';
  return `${burstLabel(r, b)}: ${measured}, ${groupDigits(rate)} bans/s; extrapolated (not measured) at that rate, ${groupDigits(target)} bans would take ${estimate}`;
}

function burstNotes(r: Report): string[] {
  const target = Math.max(10_000, ...r.burst.filter((b) => b.action === null).map((b) => b.ips));
  return r.burst.map((b) => extrapolationNote(r, b, target)).filter((n) => n !== null);
}

function inSetCell(b: BurstResult): string {
  if (b.inSetSeconds !== null) return b.inSetSeconds.toFixed(2);
  if (b.action === null || b.inSetCount === null) return '-';
  return `did not finish in ${b.capSeconds} s, ${groupDigits(b.inSetCount)} in the set`;
}

function bansPerSecond(b: BurstResult): string {
  if (b.finished) return groupDigits(b.ips / b.seconds);
  const rate = b.action === null ? null : inSetRate(b);
  return rate === null ? '-' : `${groupDigits(rate)} into the set`;
}

function burstTable(r: Report): Table {
  return {
    head: ['server', 'IPs', 'lines', 'banned', 'seconds to last ban', 'seconds to all in the nft sets', 'lines/s', 'bans/s'],
    rows: r.burst.map((b) => [burstLabel(r, b), groupDigits(b.ips), groupDigits(b.lines), groupDigits(b.banned),
      b.finished ? b.seconds.toFixed(2) : `did not finish in ${b.capSeconds} s, ${groupDigits(b.banned)} banned`,
      inSetCell(b), b.finished ? groupDigits(b.lines / b.seconds) : '-', bansPerSecond(b)]),
  };
}

function rssTable(r: Report): Table {
  return {
    head: ['server', 'failing IPs', 'counted', 'seconds to count', 'lines/s', 'idle RSS', 'VmRSS', 'VmHWM'],
    rows: r.rss.map((m) => [r.labels[m.tool], groupDigits(m.ips), groupDigits(m.counted),
      m.finished ? `~${m.seconds.toFixed(1)}` : `did not finish in ${m.seconds.toFixed(0)} s`,
      m.finished ? `~${groupDigits(m.ips / m.seconds)}` : '-', mb(m.idleRssKb), mb(m.rssKb), mb(m.hwmKb)]),
  };
}

function textTable(t: Table): string[] {
  const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((row) => row[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(t.head), '-'.repeat(widths.reduce((a, b) => a + b + 2, -2)), ...t.rows.map(fmt)];
}

function markdownTable(t: Table): string[] {
  return [`| ${t.head.join(' | ')} |`, `|${t.head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...t.rows.map((row) => `| ${row.join(' | ')} |`)];
}

function verdicts(r: Report): { latency: string[]; rss: string[] } {
  const latency = r.latency.filter((l) => l.tool === 'warden').map((l) => {
    const p99 = percentile(l.samples, 99);
    return `warden p99 ${ms(p99)} ms: target p99 < ${TARGET_P99_MS} ms ${p99 < TARGET_P99_MS && l.missed === 0 ? 'MET' : 'NOT MET'}${l.missed > 0 ? ` (${l.missed} IPs not banned in time)` : ''}`;
  });
  const rss = r.rss.filter((m) => m.tool === 'warden').map((m) => {
    const peak = m.hwmKb === null ? NaN : (m.hwmKb * 1024) / 1e6;
    return `warden VmHWM ${mb(m.hwmKb)}: target < ${TARGET_RSS_MB} MB ${m.finished && peak < TARGET_RSS_MB ? 'MET' : 'NOT MET'}`;
  });
  return { latency, rss };
}

const TITLES = {
  latency: '1. Ban decision latency: one line appended -> ban line in the server log (maxretry 1, one IP at a time)',
  burst: '2. Burst: IPs x 5 failures appended in one write -> all banned (maxretry 5, findtime 1h)',
  rss: '3. Memory: distinct failing IPs in the window, 1 failure each (maxretry 5, findtime 1h), half IPv6',
};

export function textReport(r: Report): string[] {
  const v = verdicts(r);
  const out: string[] = [...r.machine, ''];
  if (r.latency.length > 0) {
    out.push(TITLES.latency, ...textTable(latencyTable(r)), ...v.latency);
    for (const l of r.latency) out.push(`${r.labels[l.tool]} clock check: ${l.clock}`);
    out.push('');
  }
  if (r.burst.length > 0) out.push(TITLES.burst, ...textTable(burstTable(r)), ...burstNotes(r), ...r.burstSkipped, '');
  if (r.rss.length > 0) out.push(TITLES.rss, ...textTable(rssTable(r)), ...v.rss, '');
  return out;
}

export function markdownReport(r: Report, command: string): string[] {
  const v = verdicts(r);
  const out = ['## The daemon benchmark', '', '```', `$ ${command}`, ...r.machine, '```', ''];
  const section = (title: string, table: Table, notes: string[]): void => {
    out.push(`### ${title.replace(/^\d\. /, '')}`, '', ...markdownTable(table), '');
    if (notes.length > 0) out.push(...notes.map((n) => `${n}.`), '');
  };
  if (r.latency.length > 0) section(TITLES.latency, latencyTable(r), v.latency);
  if (r.burst.length > 0) section(TITLES.burst, burstTable(r), [...burstNotes(r), ...r.burstSkipped]);
  if (r.rss.length > 0) section(TITLES.rss, rssTable(r), v.rss);
  return out;
}
