/**
 * The filter engine as the conformance runner uses it: loadFilter + compileFilter, loaded at run time
 * so the suite builds (and skips) while those modules are still being written.
 */
import type { FilterDefinition } from '../../src/config/filter-definition.js';
import type { LineResult } from '../../src/filter/filter-types.js';
import type { CompileOptions, Filter } from '../../src/filter/filter.js';

export type LoadFilterResult =
  | { readonly ok: true; readonly filter: FilterDefinition }
  | { readonly ok: false; readonly errors: readonly Error[] };

export interface Engine {
  loadFilter(confDir: string, ref: string, opts?: { options?: Record<string, string> }): LoadFilterResult;
  compileFilter(def: FilterDefinition, opts: CompileOptions): Filter;
  /** JS source of one regex as the engine translates it (for --verbose), or an error text. */
  translate(regex: string, def: FilterDefinition, usedns: 'yes' | 'no' | 'warn' | 'raw'): string;
}

/**
 * The journal-mode call the suite needs: the time is known (from the journal), no date parsing.
 * NOTE for the engine: `processLine(line, now, { time })` is the requested API; until it exists the
 * third argument is ignored and the line's own date (or now) is used.
 */
type JournalCapable = { processLine(line: string, now: number, opts?: { time?: number }): LineResult };

export function processLine(filter: Filter, line: string, now: number, time?: number): LineResult {
  if (time === undefined) return filter.processLine(line, now);
  return (filter as unknown as JournalCapable).processLine(line, now, { time });
}

const MODULES = {
  load: '../../src/config/load-filter.js',
  compile: '../../src/filter/compile-filter.js',
  regex: '../../src/filter/compiled-regex.js',
};

async function importModule(rel: string): Promise<Record<string, unknown>> {
  return (await import(new URL(rel, import.meta.url).href)) as Record<string, unknown>;
}

/** The engine, or why it cannot be loaded (a module or export is missing). */
export async function loadEngine(): Promise<{ ok: true; engine: Engine } | { ok: false; error: string }> {
  try {
    const [load, compile, regex] = await Promise.all([importModule(MODULES.load), importModule(MODULES.compile), importModule(MODULES.regex)]);
    if (typeof load.loadFilter !== 'function') return { ok: false, error: `${MODULES.load} exports no loadFilter` };
    if (typeof compile.compileFilter !== 'function') return { ok: false, error: `${MODULES.compile} exports no compileFilter` };
    const compileRegex = regex.compileRegex as ((src: string, ctx: object) => { re: RegExp }) | undefined;
    // Type-only queries: the build checks the real signatures fit this adapter, nothing loads statically.
    const engine: Engine = {
      loadFilter: load.loadFilter as typeof import('../../src/config/load-filter.js').loadFilter,
      compileFilter: compile.compileFilter as typeof import('../../src/filter/compile-filter.js').compileFilter,
      translate(src, def, usedns) {
        if (compileRegex === undefined) return '(compileRegex not available)';
        try {
          const re = compileRegex(src, { filter: def.name, usedns, multiline: def.maxlines > 1 }).re;
          return `/${re.source}/${re.flags}`;
        } catch (err) {
          return `(does not compile: ${(err as Error).message})`;
        }
      },
    };
    return { ok: true, engine };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
