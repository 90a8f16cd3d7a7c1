/**
 * `warden regex` from typed options to exit code: resolve the filter, run the matching (workers that
 * compile it, with watchdog; or in-process for --line-timeout 0), print the inputs once the filter
 * compiled, then the report. The filter engine is loaded in this thread only for in-process runs.
 */
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import type { FilterDefinition } from '../../config/filter-definition.js';
import type { ConfigError } from '../../core/errors.js';
import type { CompileOptions, Filter } from '../../filter/filter.js';
import { SHIPPED_CONFIG_DIR } from '../package-info.js';
import { EXIT_FAILURE, EXIT_OK } from '../usage-error.js';
import { formatHeader, formatResults, type ReportOptions, type RunInfo } from './format-summary.js';
import { createLineDecoder } from './line-decoder.js';
import { classifyLogArg, describeLogInput, readLogChunks, type LogInput } from './log-input.js';
import { linesIndependent, rangeCount, splitRanges } from './log-ranges.js';
import type { MatchPlan, RunHooks } from './match-plan.js';
import { createProgress } from './progress-bar.js';
import type { RegexOptions } from './regex-options.js';
import { filterSearchDirs, resolveFilter } from './resolve-filter.js';
import { RangePipeline } from './range-pipeline.js';
import type { ListLimits, RunStats } from './run-stats.js';
import { WorkerPipeline } from './worker-pipeline.js';
import { createWorkerPool, type WorkerPool } from './worker-pool.js';

/** Missed / ignored / suspicious lines listed without --print-all-*. */
export const LIST_LIMIT = 20;

function withOverrides(def: FilterDefinition, opts: RegexOptions): FilterDefinition {
  return {
    ...def,
    datepattern: opts.datepattern ?? def.datepattern,
    maxlines: opts.maxlines ?? def.maxlines,
  };
}

function listLimits(opts: RegexOptions): ListLimits {
  const limit = (all: boolean, none: boolean): number => (none ? 0 : all ? Infinity : LIST_LIMIT);
  return {
    matched: opts.printAllMatched ? Infinity : 0,
    missed: limit(opts.printAllMissed, opts.printNoMissed),
    ignored: limit(opts.printAllIgnored, opts.printNoIgnored),
    suspicious: LIST_LIMIT,
  };
}

function reportOptions(opts: RegexOptions): ReportOptions {
  const { printAllMatched, printAllMissed, printAllIgnored, printNoMissed, printNoIgnored } = opts;
  return { verbose: opts.verbose > 0, printAllMatched, printAllMissed, printAllIgnored, printNoMissed, printNoIgnored, listLimit: LIST_LIMIT };
}

/** What the header and summary show; the regexes as written, as the compiled filter lists them. */
function runInfo(def: FilterDefinition, source: string, input: LogInput, encoding: string, opts: RegexOptions): RunInfo {
  return {
    filterName: def.name,
    filterSource: source,
    datepattern: def.datepattern,
    maxlines: Math.max(1, def.maxlines),
    log: describeLogInput(input),
    encoding,
    timezone: opts.timezone ?? `system (${Intl.DateTimeFormat().resolvedOptions().timeZone})`,
    now: opts.nowGiven ? new Date(opts.now * 1000).toISOString() : null,
    prefregex: def.prefregex?.regex ?? null,
    failregex: def.failregex.map((e) => e.regex),
    ignoreregex: def.ignoreregex.map((e) => e.regex),
  };
}

function printConfigErrors(filterArg: string, errors: readonly ConfigError[]): number {
  const lines = [`warden: cannot load filter ${filterArg}: ${errors.length} error${errors.length === 1 ? '' : 's'}`];
  for (const e of errors) lines.push(`  ${e.message}`);
  process.stderr.write(lines.join('\n') + '\n');
  return EXIT_FAILURE;
}

function writeStdout(bytes: Uint8Array): Promise<void> | undefined {
  if (process.stdout.write(bytes)) return undefined;
  return once(process.stdout, 'drain').then(() => undefined);
}

/** Compile in this thread (in-process runs only): a WardenError is a user error, thrown as is. */
async function compileHere(def: FilterDefinition, opts: CompileOptions): Promise<Filter> {
  const { compileFilter } = await import('../../filter/compile-filter.js');
  return compileFilter(def, opts);
}

async function runInThisThread(filter: Filter, plan: MatchPlan, input: LogInput, hooks: RunHooks): Promise<RunStats> {
  hooks.ready?.();
  const { runInProcess } = await import('./run-in-process.js');
  return runInProcess(filter, plan, readLogChunks(input, false), hooks);
}

/** `filter`: compiled here for in-process runs, else null (the workers compile it). */
async function match(plan: MatchPlan, filter: Filter | null, input: LogInput, opts: RegexOptions, ready: () => void, pool: WorkerPool): Promise<RunStats> {
  const progress = createProgress(input.kind === 'file' ? input.size : 0, process.stderr);
  const hooks: RunHooks = {
    output: writeStdout,
    progress: (bytes) => progress.update(bytes),
    warn: (message) => process.stderr.write(`warden: ${message}\n`),
    ready,
  };
  const useWorker = filter === null;
  const parts = useWorker && input.kind === 'file' && linesIndependent(plan.def) ? rangeCount(input.size, availableParallelism()) : 1;
  pool.trim(useWorker ? parts : 0);
  const spawn = (): Worker => pool.take();
  try {
    if (parts > 1 && input.kind === 'file') {
      return await new RangePipeline(plan, input.path, splitRanges(input.path, input.size, parts), hooks, opts.lineTimeout, spawn).run();
    }
    if (useWorker) return await new WorkerPipeline(plan, readLogChunks(input, true), hooks, opts.lineTimeout, spawn).run();
    return await runInThisThread(filter, plan, input, hooks);
  } finally {
    progress.done();
  }
}

/** `pool`: workers started ahead (see prestartWorkers); idle ones are stopped when the run ends. */
export async function runRegex(opts: RegexOptions, pool: WorkerPool = createWorkerPool(0)): Promise<number> {
  try {
    return await run(opts, pool);
  } finally {
    pool.trim();
  }
}

async function run(opts: RegexOptions, pool: WorkerPool): Promise<number> {
  const input = classifyLogArg(opts.log);
  const encoding = createLineDecoder(input.kind === 'line' ? 'utf-8' : opts.encoding).name;
  const resolved = resolveFilter(opts.filter, opts.ignoreregex, filterSearchDirs(opts.configDir, SHIPPED_CONFIG_DIR));
  if (!resolved.ok) return printConfigErrors(opts.filter, resolved.errors);
  const def = withOverrides(resolved.def, opts);
  const compileOptions: CompileOptions = {
    usedns: opts.usedns ?? undefined,
    timezone: opts.timezone,
    defaultTimezone: 'local',
    checkAllRegex: opts.checkAllRegex,
  };
  const filter = opts.lineTimeout > 0 ? null : await compileHere(def, compileOptions);
  const session = {
    json: opts.json,
    now: opts.now,
    prefilter: !opts.json && !opts.printAllMissed,
    verbose: opts.verbose > 0,
    limits: listLimits(opts),
    linesBefore: 0,
    timedOut: [],
  };
  let info: RunInfo | null = null;
  const describe = (): RunInfo => (info ??= runInfo(def, resolved.source, input, encoding, opts));
  // The header is printed once the filter compiled (no header before a filter error).
  const ready = (): void => {
    if (!opts.json) process.stdout.write(formatHeader(describe()));
  };
  const started = performance.now();
  const matching = match({ def, compile: compileOptions, encoding, session }, filter, input, opts, ready, pool);
  // Built while the workers compile the filter (the time zone lookup loads ICU: ~15 ms).
  if (!opts.json) describe();
  // A filter that does not compile rejects with its WardenError (printed by run-cli, exit 1).
  const stats = await matching;
  const seconds = (performance.now() - started) / 1000;
  if (!opts.json) process.stdout.write(formatResults(describe(), stats, seconds, reportOptions(opts)));
  return EXIT_OK;
}
