/**
 * Builds a Filter from a FilterDefinition: compiles every regex once, then runs fail2ban's per-line
 * algorithm (date cut, multi-line buffer, prefregex content, first failregex wins, ignoreregex,
 * failure id, mlfid merging) plus warden's address validation and newline-forgery guard.
 */
import type { FilterDefinition } from '../config/filter-definition.js';
import { FilterError } from '../core/errors.js';
import { createDateDetector } from './date-detector.js';
import type { Filter, CompileOptions } from './filter.js';
import type { LineResult } from './filter-types.js';
import { compileRegex, type CompiledRegex, type RegexContext, type UseDns } from './compiled-regex.js';
import { compileLineShapes } from './line-shapes.js';
import { requiredLiterals } from './required-literals.js';
import { FilterRun, type FilterParts } from './filter-run.js';

/** Default cap on the characters of one line that reach the regexes (see docs: hostile lines). */
export const DEFAULT_MAX_LINE_LENGTH = 16384;

function parseUseDns(value: string | null | undefined, fallback: UseDns): UseDns {
  const v = (value ?? fallback).toLowerCase();
  if (v === 'yes' || v === 'no' || v === 'warn' || v === 'raw') return v;
  if (v === 'true' || v === '1' || v === 'on') return 'yes';
  if (v === 'false' || v === '0' || v === 'off') return 'no';
  throw new FilterError('ERR_FILTER_REGEX', 'usedns', value ?? '', `usedns must be yes, warn, no or raw`);
}

/** `lineshapespan` (warden): how far after an incomplete line's start lines stay suspect. */
function parseSpan(def: FilterDefinition): number {
  const raw = def.options.lineshapespan;
  if (raw === undefined || raw.trim() === '') return 0;
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < 0) {
    throw new FilterError('ERR_FILTER_REGEX', def.name, raw, 'lineshapespan must be a whole number of characters');
  }
  return n;
}

function compileParts(def: FilterDefinition, opts: CompileOptions): FilterParts {
  const usedns = parseUseDns(opts.usedns ?? def.usedns, 'no');
  // As in fail2ban, only failregex is compiled in multi-line mode; prefregex and ignoreregex are not.
  const ctx: RegexContext = { filter: def.name, usedns, multiline: false };
  const failCtx: RegexContext = { ...ctx, multiline: def.maxlines > 1 };
  const prefregex = def.prefregex ? compileRegex(def.prefregex.regex, ctx, def.prefregex.place) : null;
  const failregex = def.failregex.map((e) => compileRegex(e.regex, failCtx, e.place));
  failregex.forEach((fr, i) => {
    if (!fr.hasFailureId && !prefregex?.hasFailureId) {
      const why = 'no failure-id group (<HOST>, <ADDR>, <F-ID>, ...)';
      throw new FilterError('ERR_FILTER_NO_FAILURE_ID', def.name, fr.original, why, def.failregex[i].place);
    }
  });
  return {
    name: def.name,
    usedns,
    maxlines: Math.max(1, def.maxlines),
    prefregex,
    failregex,
    ignoreregex: def.ignoreregex.map((e) => compileRegex(e.regex, ctx, e.place)),
    shapes: compileLineShapes(def.lineshapes, ctx),
    detector: createDateDetector({
      datepattern: def.datepattern,
      timezone: opts.timezone ?? null,
      defaultTimezone: opts.defaultTimezone ?? 'local',
    }),
    checkAllRegex: opts.checkAllRegex ?? false,
    maxLineLength: opts.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH,
    shapeSpan: parseSpan(def),
  };
}

function literalsFor(parts: FilterParts): string[] | null {
  if (parts.maxlines > 1) return null;
  const all: CompiledRegex[] = [...parts.failregex, ...parts.ignoreregex, ...parts.shapes.map((s) => s.head)];
  return requiredLiterals(all.map((c) => c.re));
}

/** Compile a filter; throws FilterError naming the filter, the regex and the problem. */
export function compileFilter(def: FilterDefinition, opts: CompileOptions = {}): Filter {
  const parts = compileParts(def, opts);
  const run = new FilterRun(parts);
  return {
    name: def.name,
    failregex: def.failregex.map((e) => e.regex),
    ignoreregex: def.ignoreregex.map((e) => e.regex),
    prefregex: def.prefregex?.regex ?? null,
    maxlines: parts.maxlines,
    requiredLiterals: literalsFor(parts),
    processLine: (line: string, now: number, lineOpts?: { time?: number }): LineResult => run.processLine(line, now, lineOpts),
    skipLine: (length?: number): void => run.skipLine(length),
    get suspectOpen(): boolean {
      return run.suspectOpen;
    },
  };
}
