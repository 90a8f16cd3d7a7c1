/**
 * `npm run bench`: `warden regex` against `fail2ban-regex` on a generated 1M-line Asterisk log with the
 * same filter; checks both find the same matches (exit 1 if not), prints lines/s, the ratio and peak RSS.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { groupDigits, machineLines, pieceTable, resultTable, targetLine, type PieceRow, type ResultRow } from './bench-report.js';
import { cachedAsteriskLog, DEFAULT_LINES, DEFAULT_SEED, type CachedLog } from './gen-asterisk-log.js';
import { timeEngineInProcess } from './in-process-engine.js';
import { readLineRange } from './log-excerpt.js';
import { compareSides, countIps, describeComparison, parseFail2banRow, parseWardenJson, type Comparison, type Match, type MatchSide } from './match-sets.js';
import { measureFloors } from './read-floor.js';
import { bestOf, findOnPath, runTimed, type TimedRun } from './run-timed.js';

interface BenchOptions {
  readonly lines: number;
  readonly seed: number;
  readonly filter: string;
  readonly runs: number;
  readonly skipFail2ban: boolean;
  /** Also time fail2ban-regex in its summary mode (a second, slower run). */
  readonly fail2banSummary: boolean;
  /** Also time the filter engine inside this process (no CLI). */
  readonly inProcess: boolean;
}

interface ToolResult {
  readonly row: ResultRow;
  readonly side: MatchSide;
  readonly pieces: PieceRow[];
  readonly extraRows: ResultRow[];
}

const USAGE = 'usage: bench-regex [--lines N] [--seed S] [--filter PATH] [--runs N] [--skip-fail2ban] [--fail2ban-summary] [--in-process]';
const WARDEN_CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      lines: { type: 'string' }, seed: { type: 'string' }, filter: { type: 'string' }, runs: { type: 'string' },
      'skip-fail2ban': { type: 'boolean' }, 'fail2ban-summary': { type: 'boolean' }, 'in-process': { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  const opts: BenchOptions = {
    lines: Number(values.lines ?? DEFAULT_LINES),
    seed: Number(values.seed ?? DEFAULT_SEED),
    filter: values.filter ?? '/etc/fail2ban/filter.d/asterisk.conf',
    runs: Number(values.runs ?? 3),
    skipFail2ban: values['skip-fail2ban'] === true,
    fail2banSummary: values['fail2ban-summary'] === true,
    inProcess: values['in-process'] === true,
  };
  const bad = [opts.lines, opts.seed, opts.runs].some((n) => !Number.isInteger(n) || n < 0) || opts.runs < 1;
  if (values.help === true || bad) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(values.help === true ? 0 : 2);
  }
  return opts;
}

/** Reports a run that did not exit 0 (the benchmark then exits 1) and returns true; false when it worked. */
function failed(tool: string, run: TimedRun): boolean {
  if (run.code === 0) return false;
  console.log(`error: ${tool} exited with code ${run.code}\n${run.stderr.slice(0, 4000)}`);
  process.exitCode = 1;
  return true;
}

function emptyLog(): string {
  const dir = join(tmpdir(), 'warden-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'empty.log');
  writeFileSync(path, '');
  return path;
}

/** `warden regex` prints `N matched` and an elapsed time; read them when present (best effort). */
function wardenSummary(stdout: string): { matched: number | null; seconds: number | null } {
  const matched = /(\d+) matched/.exec(stdout);
  const elapsed = /(?:processed in|elapsed)\s*:?\s*(\d+(?:\.\d+)?)\s*(?:s|sec|seconds)\b/i.exec(stdout);
  return { matched: matched === null ? null : Number(matched[1]), seconds: elapsed === null ? null : Number(elapsed[1]) };
}

/** The timed run (summary, pre-filtered) and the --json run (every line) must count the same matches. */
function checkSummary(matched: number | null, jsonMatches: number, stdout: string): void {
  if (matched === null) {
    console.log(`warning: no "N matched" in warden's summary; its output began:\n${stdout.slice(0, 600)}`);
  } else if (matched !== jsonMatches) {
    console.log(`error: warden's summary says ${matched} matched but its --json run matched ${jsonMatches} lines`);
    process.exitCode = 1;
  }
}

async function benchWarden(log: CachedLog, opts: BenchOptions): Promise<ToolResult | null> {
  if (!existsSync(WARDEN_CLI)) {
    console.log(`notice: ${WARDEN_CLI} does not exist yet: warden side skipped`);
    return null;
  }
  const node = process.execPath;
  const fixed = await bestOf(opts.runs, node, [WARDEN_CLI, 'regex', emptyLog(), opts.filter]);
  if (failed('warden regex (empty log)', fixed)) return null;
  const timed = await bestOf(opts.runs, node, [WARDEN_CLI, 'regex', log.path, opts.filter]);
  if (failed('warden regex', timed)) return null;
  const matches: Match[] = [];
  const json = await runTimed(node, [WARDEN_CLI, 'regex', '--json', log.path, opts.filter], {
    measureRss: false,
    onLine: (text) => {
      const m = parseWardenJson(text);
      if (m !== null) matches.push(m);
    },
  });
  if (failed('warden regex --json', json)) return null;
  const summary = wardenSummary(timed.stdout);
  checkSummary(summary.matched, matches.length, timed.stdout);
  const row: ResultRow = { tool: `warden regex (best of ${opts.runs})`, lines: log.stats.lines, matched: summary.matched, seconds: timed.seconds, rssKb: timed.rssKb };
  const extraRows: ResultRow[] = [];
  if (summary.seconds !== null && summary.seconds > 0) {
    extraRows.push({ tool: 'warden regex, as it reports itself', lines: log.stats.lines, matched: summary.matched, seconds: summary.seconds, rssKb: null });
  }
  const pieces: PieceRow[] = [{ name: 'warden regex on an empty log (fixed cost)', seconds: fixed.seconds, lines: 0 }];
  return { row, side: { name: 'warden', counts: countIps(matches), matches }, pieces, extraRows };
}

async function benchFail2ban(path: string, log: CachedLog, opts: BenchOptions): Promise<ToolResult | null> {
  const fixed = await runTimed(path, [emptyLog(), opts.filter], { measureRss: false });
  const matches: Match[] = [];
  const timed = await runTimed(path, ['-o', 'row', log.path, opts.filter], {
    onLine: (text) => {
      const m = parseFail2banRow(text);
      if (m !== null) matches.push(m);
    },
  });
  if (failed('fail2ban-regex', timed)) return null;
  const row: ResultRow = { tool: 'fail2ban-regex -o row (1 run)', lines: log.stats.lines, matched: matches.length, seconds: timed.seconds, rssKb: timed.rssKb };
  const extraRows: ResultRow[] = [];
  if (opts.fail2banSummary) {
    const summary = await runTimed(path, [log.path, opts.filter]);
    const m = failed('fail2ban-regex (summary)', summary) ? null : /Lines: \d+ lines, \d+ ignored, (\d+) matched/.exec(summary.stdout);
    extraRows.push({ tool: 'fail2ban-regex summary mode (1 run)', lines: log.stats.lines, matched: m === null ? null : Number(m[1]), seconds: summary.seconds, rssKb: summary.rssKb });
  }
  const pieces: PieceRow[] = [{ name: 'fail2ban-regex on an empty log (fixed cost)', seconds: fixed.seconds, lines: 0 }];
  return { row, side: { name: 'fail2ban', counts: countIps(matches), matches }, pieces, extraRows };
}

async function engineInProcess(log: CachedLog, opts: BenchOptions): Promise<PieceRow[]> {
  const timings = await timeEngineInProcess(log.path, opts.filter, opts.runs);
  if (typeof timings === 'string') {
    console.log(`notice: --in-process skipped: ${timings}`);
    return [];
  }
  for (const t of timings) console.log(`${t.name}: ${groupDigits(t.matched)} matched`);
  return timings.map((t) => ({ name: t.name, seconds: t.seconds, lines: t.lines }));
}

function expectedSide(log: CachedLog): MatchSide {
  return { name: 'generator', counts: new Map(Object.entries(log.stats.ipCounts)), matches: null };
}

/** Where the ordered matches first differ: both tools' match at that point and warden's log lines around it. */
async function showDivergence(c: Comparison, log: CachedLog, warden: ToolResult, other: ToolResult): Promise<void> {
  const w = warden.side.matches ?? [];
  const o = other.side.matches ?? [];
  const i = c.divergence;
  const fmt = (m: Match | undefined): string => (m === undefined ? '(none)' : `${m.ip} at ${m.time ?? '?'}${m.line === null ? '' : `, line ${m.line}`}`);
  console.log(`  match #${i + 1}: warden ${fmt(w[i])}; ${other.side.name} ${fmt(o[i])}`);
  const from = (w[i - 1]?.line ?? 0) + 1;
  const to = Math.min(w[i]?.line ?? from + 5, from + 9);
  for (const { line, text } of await readLineRange(log.path, from, to)) console.log(`  ${line}: ${text}`);
}

function printHeader(log: CachedLog, opts: BenchOptions, fail2ban: string | null): void {
  for (const line of machineLines(fail2ban)) console.log(line);
  const { stats } = log;
  const origin = log.generated ? 'generated' : 'cached';
  console.log(`log: ${log.path} (${origin}), ${groupDigits(stats.lines)} lines, ${(stats.bytes / 1e6).toFixed(1)} MB`);
  console.log(`expected: ${groupDigits(stats.failures)} failure lines from ${groupDigits(Object.keys(stats.ipCounts).length)} addresses`);
  console.log(`filter: ${opts.filter}\n`);
}

async function compareAll(log: CachedLog, warden: ToolResult | null, f2b: ToolResult | null): Promise<boolean> {
  let ok = true;
  const report = async (c: Comparison, other: ToolResult | null): Promise<void> => {
    for (const line of describeComparison(c)) console.log(line);
    if (!c.same && warden !== null && other !== null && c.divergence >= 0) await showDivergence(c, log, warden, other);
    ok &&= c.same;
  };
  if (warden !== null) await report(compareSides(warden.side, f2b?.side ?? expectedSide(log)), f2b);
  if (f2b !== null) await report(compareSides(f2b.side, expectedSide(log)), null);
  return ok;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const fail2ban = opts.skipFail2ban ? null : findOnPath('fail2ban-regex');
  const log = cachedAsteriskLog({ lines: opts.lines, seed: opts.seed });
  printHeader(log, opts, fail2ban);
  const pieces: PieceRow[] = measureFloors(log.path, opts.runs).map((f) => ({ name: f.name, seconds: f.seconds, lines: f.lines }));
  const nodeStart = await bestOf(opts.runs, process.execPath, ['-e', '0']);
  pieces.push({ name: 'node start-up (node -e 0)', seconds: nodeStart.seconds, lines: 0 });
  if (opts.inProcess) pieces.push(...(await engineInProcess(log, opts)));
  for (const line of pieceTable(pieces, log.stats.bytes)) console.log(line);
  const warden = await benchWarden(log, opts);
  if (fail2ban === null) console.log(opts.skipFail2ban ? 'notice: fail2ban-regex skipped (--skip-fail2ban)' : 'notice: fail2ban-regex is not installed: fail2ban side skipped');
  const f2b = fail2ban === null ? null : await benchFail2ban(fail2ban, log, opts);
  for (const line of pieceTable([...(warden?.pieces ?? []), ...(f2b?.pieces ?? [])], log.stats.bytes).slice(1)) console.log(line);
  const rows = [warden?.row, ...(warden?.extraRows ?? []), f2b?.row, ...(f2b?.extraRows ?? [])].filter((r): r is ResultRow => r !== undefined);
  console.log('');
  for (const line of resultTable(rows, f2b?.row ?? null)) console.log(line);
  if (warden !== null) console.log(targetLine(warden.row));
  console.log('');
  if (!(await compareAll(log, warden, f2b))) process.exitCode = 1;
}

await main();
