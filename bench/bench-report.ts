/**
 * Text output of the regex benchmark: the machine description, the results table (lines/s, ratio to
 * fail2ban, peak RSS) and the table of pieces timed alone. Formatting only.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, release, totalmem } from 'node:os';

export interface ResultRow {
  readonly tool: string;
  readonly lines: number;
  /** Matched lines, or null when the run does not report them. */
  readonly matched: number | null;
  readonly seconds: number;
  readonly rssKb: number | null;
}

export interface PieceRow {
  readonly name: string;
  readonly seconds: number;
  /** Lines handled, or 0 when lines/s means nothing for this piece. */
  readonly lines: number;
}

/** `1234567` -> `1 234 567` (thin grouping, as in the docs). */
export function groupDigits(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function cell(text: string, width: number, left = false): string {
  return left ? text.padEnd(width) : text.padStart(width);
}

export function machineLines(fail2banPath: string | null): string[] {
  const cpu = cpus()[0]?.model ?? 'unknown';
  const out = [
    `machine: ${availableParallelism()} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${release()}`,
    `node ${process.version}`,
  ];
  if (fail2banPath !== null) {
    const v = spawnSync(fail2banPath, ['--version'], { encoding: 'utf8' });
    out.push(`${(v.stdout || v.stderr || 'fail2ban-regex (version unknown)').trim().split('\n')[0]}`);
  }
  return out;
}

/** The results table; the ratio column compares each row's lines/s with the `baseline` row's. */
export function resultTable(rows: readonly ResultRow[], baseline: ResultRow | null): string[] {
  const header = `${cell('tool', 38, true)}${cell('lines', 11)}${cell('matched', 10)}${cell('seconds', 10)}${cell('lines/s', 12)}${cell('vs fail2ban', 13)}${cell('peak RSS', 11)}`;
  const base = baseline === null ? null : baseline.lines / baseline.seconds;
  const lines = [header, '-'.repeat(header.length)];
  for (const r of rows) {
    const rate = r.lines / r.seconds;
    const ratio = base === null ? '-' : `${(rate / base).toFixed(1)}x`;
    const rss = r.rssKb === null ? '-' : `${(r.rssKb / 1024).toFixed(0)} MiB`;
    const matched = r.matched === null ? '-' : groupDigits(r.matched);
    lines.push(`${cell(r.tool, 38, true)}${cell(groupDigits(r.lines), 11)}${cell(matched, 10)}${cell(r.seconds.toFixed(3), 10)}${cell(groupDigits(rate), 12)}${cell(ratio, 13)}${cell(rss, 11)}`);
  }
  return lines;
}

export function pieceTable(rows: readonly PieceRow[], bytes: number): string[] {
  const out = [`${cell('piece (timed alone)', 46, true)}${cell('seconds', 10)}${cell('lines/s', 14)}${cell('MB/s', 9)}`];
  for (const r of rows) {
    const rate = r.lines > 0 ? groupDigits(r.lines / r.seconds) : '-';
    const mbs = r.lines > 0 || r.name.startsWith('read') ? (bytes / 1e6 / r.seconds).toFixed(0) : '-';
    out.push(`${cell(r.name, 46, true)}${cell(r.seconds.toFixed(3), 10)}${cell(rate, 14)}${cell(mbs, 9)}`);
  }
  return out;
}

/** Warden's target: 2 500 000 lines/s end to end on the 1M-line log (45x fail2ban's 54 000). */
export const TARGET_LINES_PER_SECOND = 2_500_000;

export function targetLine(row: ResultRow): string {
  const rate = row.lines / row.seconds;
  const verdict = rate >= TARGET_LINES_PER_SECOND ? 'MET' : 'NOT MET';
  return `target >= ${groupDigits(TARGET_LINES_PER_SECOND)} lines/s end to end: ${verdict} (${((100 * rate) / TARGET_LINES_PER_SECOND).toFixed(0)}% of target)`;
}
