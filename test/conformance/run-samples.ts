/**
 * Runs annotated sample logs through warden's filter engine as fail2ban's samplestestcase runs them
 * through its Filter, and tallies agreement per annotated line (a line agrees under every option set).
 */
import type { FilterDefinition } from '../../src/config/filter-definition.js';
import type { LineResult } from '../../src/filter/filter-types.js';
import type { Filter } from '../../src/filter/filter.js';
import { checkLine } from './check-line.js';
import { evaluateConstraint } from './constraints.js';
import { processLine, type Engine } from './engine.js';
import type { PosixZone } from './local-time.js';
import { collectCases, type FailJson, type OptionSet, type SampleCase } from './sample-file.js';

export interface GotFailure {
  readonly regex: number;
  readonly id: string | null;
  readonly time: number;
  readonly nofail: boolean;
  readonly fields: Readonly<Record<string, string>>;
}

export interface Disagreement {
  readonly filter: string;
  readonly file: string;
  readonly lineNo: number;
  /** fail2ban's name of the option set (`sshd{'mode': 'aggressive'}`). */
  readonly optionSet: string;
  readonly line: string;
  readonly expected: FailJson;
  readonly got: { readonly kind: string; readonly failures: readonly GotFailure[] } | null;
  readonly reason: string;
  /** With --verbose: the filter's regexes as written and as translated. */
  readonly regexes?: readonly string[];
}

export interface FilterTotals {
  readonly filter: string;
  lines: number;
  agree: number;
  disagree: number;
  /** Annotated, but no option set applies (constraint / test.condition false). */
  skipped: number;
}

export interface ConformanceResult {
  lines: number;
  agree: number;
  disagree: number;
  skipped: number;
  readonly byFilter: FilterTotals[];
  readonly disagreements: Disagreement[];
  /** Missing or malformed samples, filters that do not load or compile. */
  readonly problems: { filter: string; message: string }[];
  /** Expressions not in constraints.ts, with how many line evaluations they blocked. */
  readonly unsupported: Record<string, number>;
  /** failregexes no sample line hit (fail2ban's "Regex has no samples"), per option set. */
  readonly uncoveredRegex: { optionSet: string; regex: number; text: string }[];
  /** Sample files read (the filters' own and those reached through addFILE). */
  readonly filesRead: string[];
}

export interface RunSamplesOptions {
  readonly engine: Engine;
  readonly confDir: string;
  /** Filter names to run; each needs `<name>` in the samples folder. */
  readonly filters: readonly string[];
  /** A sample file's text by name (relative to the samples folder), null when absent. */
  readonly readSample: (file: string) => string | null;
  readonly now: number;
  readonly zone: PosixZone;
  readonly defaultTimezone: string;
  readonly verbose?: boolean;
}

interface Instance {
  readonly def: FilterDefinition | null;
  readonly filter: Filter | null;
  readonly error: string | null;
  readonly used: Set<number>;
}

export function emptyResult(): ConformanceResult {
  return { lines: 0, agree: 0, disagree: 0, skipped: 0, byFilter: [], disagreements: [], problems: [], unsupported: {}, uncoveredRegex: [], filesRead: [] };
}

function instantiate(opts: RunSamplesOptions, filterName: string, set: OptionSet): Instance {
  const loaded = opts.engine.loadFilter(opts.confDir, filterName, { options: { ...set.filterOptions } });
  if (!loaded.ok) return { def: null, filter: null, error: `load: ${loaded.errors.map((e) => e.message).join('; ')}`, used: new Set() };
  // samplestestcase only applies prefregex/failregex/ignoreregex/maxlines/datepattern; usedns stays its own.
  const def: FilterDefinition = { ...loaded.filter, usedns: null };
  try {
    const filter = opts.engine.compileFilter(def, { checkAllRegex: true, usedns: 'raw', defaultTimezone: opts.defaultTimezone });
    return { def, filter, error: null, used: new Set() };
  } catch (err) {
    return { def, filter: null, error: `compile: ${(err as Error).message}`, used: new Set() };
  }
}

function summarize(result: LineResult): Disagreement['got'] {
  const failures = result.failures.map((f) => ({ regex: f.regex, id: f.id, time: f.time, nofail: f.nofail, fields: f.fields }));
  return { kind: result.kind, failures };
}

function describeRegexes(opts: RunSamplesOptions, def: FilterDefinition | null): string[] {
  if (def === null) return [];
  const entries = [...(def.prefregex ? [['prefregex', def.prefregex.regex]] : []),
    ...def.failregex.map((r, i) => [`failregex[${i}]`, r.regex]), ...def.ignoreregex.map((r, i) => [`ignoreregex[${i}]`, r.regex])];
  return entries.map(([label, src]) => `${label}: ${src}\n    -> ${opts.engine.translate(src, def, 'raw')}`);
}

/** Runs one sample (with its added files) and adds its tallies to `out`. */
export function runFilterSample(opts: RunSamplesOptions, filterName: string, out: ConformanceResult): void {
  const totals: FilterTotals = { filter: filterName, lines: 0, agree: 0, disagree: 0, skipped: 0 };
  out.byFilter.push(totals);
  const { cases, problems, files } = collectCases(filterName, opts.readSample);
  for (const f of files) if (!out.filesRead.includes(f)) out.filesRead.push(f);
  for (const p of problems) out.problems.push({ filter: filterName, message: `${p.file}:${p.lineNo}: ${p.message}` });
  const instances = new Map<string, Instance>();
  const instanceOf = (set: OptionSet): Instance => {
    let inst = instances.get(set.name);
    if (inst === undefined) {
      inst = instantiate(opts, filterName, set);
      if (inst.error !== null) out.problems.push({ filter: filterName, message: `${set.name}: ${inst.error}` });
      instances.set(set.name, inst);
    }
    return inst;
  };
  for (const c of cases) {
    const verdict = runCase(opts, filterName, c, instanceOf, out);
    totals.lines++;
    totals[verdict]++;
  }
  const usedText = new Set([...instances.values()].flatMap((i) => (i.filter ? [...i.used].map((n) => i.filter!.failregex[n]) : [])));
  for (const [setName, inst] of instances) {
    if (inst.filter === null) continue;
    inst.filter.failregex.forEach((text, regex) => {
      if (!inst.used.has(regex) && !usedText.has(text)) out.uncoveredRegex.push({ optionSet: setName, regex, text });
    });
  }
  out.lines += totals.lines;
  out.agree += totals.agree;
  out.disagree += totals.disagree;
  out.skipped += totals.skipped;
}

/** One annotated line under all its option sets, exactly in samplestestcase's order. */
function runCase(opts: RunSamplesOptions, filterName: string, c: SampleCase, instanceOf: (s: OptionSet) => Instance,
  out: ConformanceResult): 'agree' | 'disagree' | 'skipped' {
  if (c.ignored) return 'skipped';
  const disagree = (set: string, line: string, reason: string, got: Disagreement['got'], def: FilterDefinition | null): void => {
    const d: Disagreement = { filter: filterName, file: c.file, lineNo: c.lineNo, optionSet: set, line, expected: c.expect, got, reason };
    out.disagreements.push(opts.verbose ? { ...d, regexes: describeRegexes(opts, def) } : d);
  };
  if (c.unsupported.length > 0) {
    for (const expr of c.unsupported) out.unsupported[expr] = (out.unsupported[expr] ?? 0) + 1;
    disagree('-', c.line, `unsupported test.condition: ${c.unsupported.join(', ')}`, null, null);
    return 'disagree';
  }
  let line = c.line;
  let evaluated = 0;
  let failed = false;
  for (const set of c.optionSets) {
    const constraint = c.expect.constraint;
    if (typeof constraint === 'string' && constraint !== '') {
      const applies = evaluateConstraint(constraint, { name: filterName, opts: set.options });
      if (applies === undefined) {
        out.unsupported[constraint] = (out.unsupported[constraint] ?? 0) + 1;
        evaluated++;
        failed = true;
        disagree(set.name, line, `unsupported constraint: ${constraint}`, null, null);
        continue;
      }
      if (!applies) continue;
    }
    evaluated++;
    const inst = instanceOf(set);
    if (inst.filter === null) {
      failed = true;
      disagree(set.name, line, inst.error ?? 'filter unavailable', null, inst.def);
      continue;
    }
    const journal = set.options.logtype === 'journal';
    const prefix = set.options['test.prefix-line'];
    // fail2ban reassigns its loop variable here, so a second journal set would get the prefix twice.
    if (journal && typeof prefix === 'string' && prefix !== '') line = prefix + line;
    let result: LineResult;
    try {
      result = processLine(inst.filter, line, opts.now, journal ? opts.now : undefined);
    } catch (err) {
      failed = true;
      disagree(set.name, line, `engine threw: ${(err as Error).message}`, null, inst.def);
      continue;
    }
    for (const f of result.failures) inst.used.add(f.regex);
    const reason = checkLine(c.expect, result, opts.zone);
    if (reason !== null) {
      failed = true;
      disagree(set.name, line, reason, summarize(result), inst.def);
    }
  }
  if (evaluated === 0) return 'skipped';
  return failed ? 'disagree' : 'agree';
}

/** Runs every filter of `opts.filters`; a filter without a sample is a problem with no lines. */
export function runSamples(opts: RunSamplesOptions): ConformanceResult {
  const out = emptyResult();
  for (const name of opts.filters) {
    if (opts.readSample(name) === null) {
      out.problems.push({ filter: name, message: `no sample log "${name}"` });
      continue;
    }
    runFilterSample(opts, name, out);
  }
  return out;
}
