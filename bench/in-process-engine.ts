/**
 * `--in-process`: the filter engine timed inside this process (no CLI, no child): read + split + processLine
 * on every line, and with the filter's requiredLiterals pre-filter. Loaded dynamically from dist/src.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { FilterDefinition } from '../src/config/filter-definition.js';
import type { CompileOptions, Filter } from '../src/filter/filter.js';

type LoadResult = { ok: true; filter: FilterDefinition } | { ok: false; errors: { message: string }[] };
type LoadFilter = (confDir: string, ref: string) => LoadResult;
type CompileFilter = (def: FilterDefinition, opts?: CompileOptions) => Filter;

export interface EngineTiming {
  readonly name: string;
  readonly seconds: number;
  readonly lines: number;
  readonly matched: number;
}

async function importEngine(): Promise<{ loadFilter: LoadFilter; compileFilter: CompileFilter } | string> {
  try {
    const config = (await import(new URL('../src/config/load-filter.js', import.meta.url).href)) as { loadFilter: LoadFilter };
    const filter = (await import(new URL('../src/filter/compile-filter.js', import.meta.url).href)) as { compileFilter: CompileFilter };
    return { loadFilter: config.loadFilter, compileFilter: filter.compileFilter };
  } catch (err) {
    return `engine modules not available: ${(err as Error).message}`;
  }
}

/** Every line of the file, split in 4 MiB chunks (the same loop as the read floor). */
function forEachLine(path: string, onLine: (line: string) => void): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(4 << 20);
  let carry = '';
  try {
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      const text = carry + buf.toString('utf8', 0, n);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        onLine(text.slice(start, nl));
        start = nl + 1;
      }
      carry = text.slice(start);
    }
  } finally {
    closeSync(fd);
  }
  if (carry !== '') onLine(carry);
}

function timeRun(name: string, path: string, filter: Filter, useLiterals: boolean): EngineTiming {
  const now = Date.now() / 1000;
  const literals = useLiterals ? filter.requiredLiterals : null;
  let lines = 0;
  let matched = 0;
  const t0 = performance.now();
  forEachLine(path, (line) => {
    lines++;
    if (literals !== null && !literals.some((lit) => line.includes(lit))) {
      filter.skipLine();
      return;
    }
    if (filter.processLine(line, now).kind === 'match') matched++;
  });
  return { name, seconds: (performance.now() - t0) / 1000, lines, matched };
}

/** Both timings (best of `runs` each), or a reason why the engine could not be timed. */
export async function timeEngineInProcess(path: string, filterPath: string, runs: number): Promise<EngineTiming[] | string> {
  const engine = await importEngine();
  if (typeof engine === 'string') return engine;
  const loaded = engine.loadFilter('/etc/fail2ban', filterPath);
  if (!loaded.ok) return `filter did not load: ${loaded.errors.map((e) => e.message).join('; ')}`;
  const variants: [string, boolean][] = [['in-process: split + processLine (all)', false], ['in-process: split + literals + processLine', true]];
  return variants.map(([name, useLiterals]) => {
    let best: EngineTiming | null = null;
    for (let i = 0; i < runs; i++) {
      const filter = engine.compileFilter(loaded.filter, { defaultTimezone: 'local' });
      const t = timeRun(name, path, filter, useLiterals);
      if (best === null || t.seconds < best.seconds) best = t;
    }
    return best as EngineTiming;
  });
}
