/**
 * `warden regex` from typed options to exit code: resolve and compile the filter, print the inputs,
 * run the matching (worker with watchdog, or in-process for --line-timeout 0), print the report.
 */
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { FilterDefinition } from '../../config/filter-definition.js';
import { WardenError, type ConfigError } from '../../core/errors.js';
import { compileFilter } from '../../filter/compile-filter.js';
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
import { runInProcess } from './run-in-process.js';
import type { ListLimits, RunStats } from './run-stats.js';
import { WorkerPipeline } from './worker-pipeline.js';

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

function runInfo(def: FilterDefinition, filter: Filter, source: string, input: LogInput, encoding: string, opts: RegexOptions): RunInfo {
  return {
    filterName: def.name,
    filterSource: source,
    datepattern: def.datepattern,
    maxlines: filter.maxlines,
    log: describeLogInput(input),
    encoding,
    timezone: opts.timezone ?? `system (${Intl.DateTimeFormat().resolvedOptions().timeZone})`,
    now: opts.nowGiven ? new Date(opts.now * 1000).toISOString() : null,
    prefregex: filter.prefregex,
    failregex: filter.failregex,
    ignoreregex: filter.ignoreregex,
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

function compile(def: FilterDefinition, opts: CompileOptions): Filter | null {
  try {
    return compileFilter(def, opts);
  } catch (err) {
    if (!(err instanceof WardenError)) throw err;
    process.stderr.write(`warden: ${err.message}\n`);
    return null;
  }
}

async function match(filter: Filter, plan: MatchPlan, input: LogInput, opts: RegexOptions): Promise<RunStats> {
  const progress = createProgress(input.kind === 'file' ? input.size : 0, process.stderr);
  const hooks: RunHooks = {
    output: writeStdout,
    progress: (bytes) => progress.update(bytes),
    warn: (message) => process.stderr.write(`warden: ${message}\n`),
  };
  const useWorker = opts.lineTimeout > 0;
  const parts = useWorker && input.kind === 'file' && linesIndependent(plan.def) ? rangeCount(input.size, availableParallelism()) : 1;
  try {
    if (parts > 1 && input.kind === 'file') {
      return await new RangePipeline(plan, input.path, splitRanges(input.path, input.size, parts), hooks, opts.lineTimeout).run();
    }
    const chunks = readLogChunks(input, useWorker);
    if (useWorker) return await new WorkerPipeline(plan, chunks, hooks, opts.lineTimeout).run();
    return await runInProcess(filter, plan, chunks, hooks);
  } finally {
    progress.done();
  }
}

export async function runRegex(opts: RegexOptions): Promise<number> {
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
  const filter = compile(def, compileOptions);
  if (filter === null) return EXIT_FAILURE;
  const session = {
    json: opts.json,
    now: opts.now,
    prefilter: !opts.json && !opts.printAllMissed,
    verbose: opts.verbose > 0,
    limits: listLimits(opts),
    linesBefore: 0,
    timedOut: [],
  };
  const started = performance.now();
  const matching = match(filter, { def, compile: compileOptions, encoding, session }, input, opts);
  // The header is built while the workers start (the time zone lookup loads ICU, a few tens of ms).
  const info = runInfo(def, filter, resolved.source, input, encoding, opts);
  if (!opts.json) process.stdout.write(formatHeader(info));
  const stats = await matching;
  const seconds = (performance.now() - started) / 1000;
  if (!opts.json) process.stdout.write(formatResults(info, stats, seconds, reportOptions(opts)));
  return EXIT_OK;
}
