/**
 * The human-readable report of `warden regex` (fail2ban-regex's layout, warden's wording): the inputs
 * used, then hits per regex, date templates, line counts, speed, and the listed lines.
 */
import type { HitDetail, ListedLine, RunStats } from './run-stats.js';

export interface RunInfo {
  readonly filterName: string;
  /** Filter file, or `<command line>`. */
  readonly filterSource: string;
  readonly datepattern: string | null;
  readonly maxlines: number;
  readonly log: string;
  readonly encoding: string;
  readonly timezone: string;
  /** `--now` as given (ISO), or null for the current time. */
  readonly now: string | null;
  readonly prefregex: string | null;
  readonly failregex: readonly string[];
  readonly ignoreregex: readonly string[];
}

export interface ReportOptions {
  readonly verbose: boolean;
  readonly printAllMatched: boolean;
  readonly printAllMissed: boolean;
  readonly printAllIgnored: boolean;
  readonly printNoMissed: boolean;
  readonly printNoIgnored: boolean;
  readonly listLimit: number;
}

const field = (label: string, value: string): string => `${label.padEnd(12)}: ${value}`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function filterLabel(info: RunInfo): string {
  if (info.filterSource === '<command line>') return 'failregex from the command line';
  return `${info.filterName} (${info.filterSource})`;
}

export function formatHeader(info: RunInfo): string {
  const lines = [
    'Running warden regex',
    '',
    field('Filter', filterLabel(info)),
    field('Date pattern', info.datepattern === null ? 'default templates' : info.datepattern.replace(/\n/g, ' | ')),
    field('Log', info.log),
    field('Encoding', info.encoding),
    field('Time zone', info.timezone),
  ];
  if (info.maxlines > 1) lines.push(field('Max lines', String(info.maxlines)));
  if (info.now !== null) lines.push(field('Now', info.now));
  return lines.join('\n') + '\n\n';
}

/** Append without spreading (a spread of 100k+ listed lines overflows the stack). */
function append(out: string[], lines: readonly string[]): void {
  for (const l of lines) out.push(l);
}

const isoTime = (t: number): string => (Number.isFinite(t) ? new Date(t * 1000).toISOString().replace('.000Z', 'Z') : String(t));

function hitLines(hits: readonly HitDetail[], regex: number): string[] {
  return hits.filter((h) => h.regex === regex).map((h) => `         line ${h.line}: ${h.host ?? '(no host)'} at ${isoTime(h.time)}`);
}

function regexSection(info: RunInfo, stats: RunStats, verbose: boolean): string[] {
  const total = stats.regexHits.reduce((a, b) => a + b, 0);
  const out = [`Failregex: ${plural(total, 'hit')}`, '   #    hits  regex'];
  info.failregex.forEach((re, i) => {
    out.push(`  ${String(i + 1).padStart(2)}  ${String(stats.regexHits[i] ?? 0).padStart(6)}  ${re}`);
    if (verbose) append(out, hitLines(stats.hits, i));
  });
  out.push('', `Ignoreregex: ${plural(stats.ignored, 'line')} ignored`);
  info.ignoreregex.forEach((re, i) => out.push(`  ${String(i + 1).padStart(2)}  ${re}`));
  return out;
}

function templateSection(stats: RunStats): string[] {
  const rows = [...stats.templateHits].sort((a, b) => b[1] - a[1]);
  if (rows.length === 0) return ['Date templates: none matched'];
  return ['Date templates:', '      hits  template', ...rows.map(([name, n]) => `  ${String(n).padStart(8)}  ${name}`)];
}

function countsLine(stats: RunStats): string {
  const parts = [plural(stats.lines, 'line'), `${stats.ignored} ignored`, `${stats.matched} matched`, `${stats.missed} missed`];
  if (stats.suspicious > 0) parts.push(`${stats.suspicious} suspicious`);
  return `Lines: ${parts.join(', ')}`;
}

/** `1234567` -> `1,234,567` (as toLocaleString('en-US'), without loading ICU for it). */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(n);
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3);
  return out;
}

function speedLine(lines: number, seconds: number): string {
  const rate = seconds > 0 ? Math.round(lines / seconds) : lines;
  return `Processed in ${seconds.toFixed(2)} s (${groupThousands(rate)} lines/s)`;
}

/** Listed lines; `flag` names the --print-all-* option, or null to list what was kept and say how many more. */
function listing(title: string, count: number, lines: readonly ListedLine[], all: boolean, limit: number, flag: string | null): string[] {
  if (count === 0) return [];
  if (flag !== null && !all && count > limit) return ['', `${title}: ${count} (not listed; use --print-all-${flag} to list them)`];
  const body = lines.map((l) => `  ${String(l.line).padStart(6)}: ${l.text}${l.note ? `   <- ${l.note}` : ''}`);
  if (flag === null && count > lines.length) body.push(`  ... and ${count - lines.length} more`);
  return ['', `${title}:`, ...body];
}

export function formatResults(info: RunInfo, stats: RunStats, seconds: number, opts: ReportOptions): string {
  const out = ['Results', ''];
  if (info.prefregex !== null) out.push('Prefregex:', `      ${info.prefregex}`, '');
  append(out, regexSection(info, stats, opts.verbose));
  out.push('', ...templateSection(stats), '', countsLine(stats));
  if (stats.prefiltered > 0) out.push(`Pre-filter: ${plural(stats.prefiltered, 'line')} without any required literal skipped (no date detection, no regex)`);
  if (stats.timedOut.length > 0) out.push(`Timed out: ${plural(stats.timedOut.length, 'line')} (${stats.timedOut.join(', ')}), counted as missed`);
  out.push(speedLine(stats.lines, seconds));
  append(out, listing('Suspicious lines', stats.suspicious, stats.suspiciousLines, true, opts.listLimit, null));
  if (opts.printAllMatched) append(out, listing('Matched lines', stats.matched, stats.matchedLines, true, opts.listLimit, 'matched'));
  if (!opts.printNoIgnored) append(out, listing('Ignored lines', stats.ignored, stats.ignoredLines, opts.printAllIgnored, opts.listLimit, 'ignored'));
  if (!opts.printNoMissed) append(out, listing('Missed lines', stats.missed, stats.missedLines, opts.printAllMissed, opts.listLimit, 'missed'));
  return out.join('\n') + '\n';
}
