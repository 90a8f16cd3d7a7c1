/**
 * fail2ban's annotated sample-log format (`# failJSON:`, `# filterOptions:`, `# fileOptions:`,
 * `# addFILE:`): parsing one file, and walking a sample with its added files into test cases.
 */
import { evaluateConstraint } from './constraints.js';

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = Readonly<Record<string, JsonValue>>;
/** One failJSON annotation: match, host, time, desc, constraint, attempts, user(s), any group name. */
export type FailJson = JsonObject;

export type SampleEntry =
  | { readonly kind: 'fileOptions'; readonly lineNo: number; readonly options: JsonObject }
  | { readonly kind: 'filterOptions'; readonly lineNo: number; readonly sets: readonly JsonObject[] }
  | { readonly kind: 'addFile'; readonly lineNo: number; readonly name: string }
  /** A log line; `annotated` is false for a line without failJSON (fail2ban then expects no match). */
  | { readonly kind: 'line'; readonly lineNo: number; readonly line: string; readonly expect: FailJson; readonly annotated: boolean };

export interface SampleProblem {
  readonly file: string;
  readonly lineNo: number;
  readonly message: string;
}

/** One filter-option combination a block of lines is tested with. */
export interface OptionSet {
  /** fail2ban's fltName: test name + `test.filter-name` or the repr of the filter options. One filter instance each. */
  readonly name: string;
  /** The options given to the filter (jail options), `test.*` keys removed. */
  readonly filterOptions: Readonly<Record<string, string>>;
  /** All options after the fileOptions merge, `test.*` included (scope of `constraint`, `test.prefix-line`). */
  readonly options: JsonObject;
}

export interface SampleCase {
  readonly file: string;
  readonly lineNo: number;
  readonly line: string;
  readonly expect: FailJson;
  readonly annotated: boolean;
  readonly optionSets: readonly OptionSet[];
  /** The `test.condition` of the block, if any. */
  readonly testCondition: string | null;
  /** The block's test.condition was false: fail2ban does not test the line. */
  readonly ignored: boolean;
  /** Expressions (test.condition) that could not be evaluated: the line cannot be judged. */
  readonly unsupported: readonly string[];
}

const DIRECTIVE = /^#+ ?(failJSON|fileOptions|filterOptions|addFILE):(.+)$/;
const MAX_FILES = 50;

/** Splits like fail2ban's FileContainer: on `\n`, trailing `\r`/`\n` removed, no empty last line. */
export function splitSampleLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.replace(/[\r\n]+$/, ''));
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses one sample file into entries; malformed annotations are problems (fail2ban errors on them). */
export function parseSampleText(text: string, file: string): { entries: SampleEntry[]; problems: SampleProblem[] } {
  const lines = splitSampleLines(text);
  const entries: SampleEntry[] = [];
  const problems: SampleProblem[] = [];
  const problem = (lineNo: number, message: string): void => void problems.push({ file, lineNo, message });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineNo = i + 1;
    const m = DIRECTIVE.exec(line);
    if (m === null) {
      if (line.startsWith('#') || line.trim() === '') continue;
      entries.push({ kind: 'line', lineNo, line, expect: {}, annotated: false });
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(m[2]);
    } catch (err) {
      problem(lineNo, `${m[1]}: bad JSON: ${(err as Error).message}`);
      if (m[1] === 'failJSON') i++; // fail2ban would have consumed the next line too
      continue;
    }
    if (m[1] === 'fileOptions') {
      if (isObject(data)) entries.push({ kind: 'fileOptions', lineNo, options: data });
      else problem(lineNo, 'fileOptions: expected a JSON object');
    } else if (m[1] === 'filterOptions') {
      const sets = Array.isArray(data) ? data : [data];
      if (sets.every(isObject)) entries.push({ kind: 'filterOptions', lineNo, sets });
      else problem(lineNo, 'filterOptions: expected an object or a list of objects');
    } else if (m[1] === 'addFILE') {
      if (typeof data === 'string') entries.push({ kind: 'addFile', lineNo, name: data });
      else problem(lineNo, 'addFILE: expected a JSON string');
    } else if (!isObject(data)) {
      problem(lineNo, 'failJSON: expected a JSON object');
      i++;
    } else if (i + 1 >= lines.length) {
      problem(lineNo, 'failJSON: no log line follows');
    } else {
      i++;
      entries.push({ kind: 'line', lineNo: i + 1, line: lines[i], expect: data, annotated: true });
    }
  }
  return { entries, problems };
}

/** Python's str() of a dict of JSON values, as fail2ban uses it in fltName. */
export function pyRepr(v: JsonValue): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  const obj = v as JsonObject;
  return `{${Object.keys(obj).map((k) => `${pyRepr(k)}: ${pyRepr(obj[k])}`).join(', ')}}`;
}

export function makeOptionSet(testName: string, options: JsonObject): OptionSet {
  const filterOptions: Record<string, string> = {};
  const reprSource: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(options)) {
    if (k.startsWith('test.')) continue;
    filterOptions[k] = typeof v === 'string' ? v : JSON.stringify(v);
    reprSource[k] = v;
  }
  const custom = options['test.filter-name'];
  const suffix = typeof custom === 'string' && custom !== '' ? custom
    : Object.keys(reprSource).length > 0 ? pyRepr(reprSource) : '';
  return { name: testName + suffix, filterOptions, options };
}

interface WalkState {
  commonOpts: JsonObject;
  sets: OptionSet[] | null;
  ignoreBlock: boolean;
  testCondition: string | null;
  unsupported: string[];
}

/** A `filterOptions` entry, as samplestestcase handles it (note: ignoreBlock sticks across sets). */
function applyFilterOptions(state: WalkState, testName: string, sets: readonly JsonObject[]): void {
  state.sets = [];
  state.ignoreBlock = false;
  state.testCondition = null;
  state.unsupported = [];
  for (const set of sets) {
    const opts = Object.keys(state.commonOpts).length > 0 ? { ...state.commonOpts, ...set } : set;
    const cond = opts['test.condition'];
    if (typeof cond === 'string' && cond !== '') {
      state.testCondition = cond;
      const value = evaluateConstraint(cond, { name: testName, opts });
      if (value === undefined) state.unsupported.push(cond);
      state.ignoreBlock = value === false;
    }
    if (!state.ignoreBlock) state.sets.push(makeOptionSet(testName, opts));
  }
}

/**
 * All test cases of the sample `testName` (the filter's name), following addFILE; `read` returns a
 * sample file's text by name (relative to the samples folder) or null when it does not exist.
 */
export function collectCases(testName: string, read: (file: string) => string | null): { cases: SampleCase[]; problems: SampleProblem[]; files: string[] } {
  const files = [testName];
  const cases: SampleCase[] = [];
  const problems: SampleProblem[] = [];
  const state: WalkState = { commonOpts: {}, sets: null, ignoreBlock: false, testCondition: null, unsupported: [] };
  for (let f = 0; f < files.length; f++) {
    const file = files[f];
    if (f >= MAX_FILES) {
      problems.push({ file, lineNo: 0, message: `more than ${MAX_FILES} files through addFILE` });
      break;
    }
    const text = read(file);
    if (text === null) {
      problems.push({ file, lineNo: 0, message: 'sample file not found' });
      continue;
    }
    const parsed = parseSampleText(text, file);
    problems.push(...parsed.problems);
    state.ignoreBlock = false;
    for (const entry of parsed.entries) {
      if (entry.kind === 'fileOptions') state.commonOpts = entry.options;
      else if (entry.kind === 'filterOptions') applyFilterOptions(state, testName, entry.sets);
      else if (entry.kind === 'addFile') files.push(entry.name);
      else if (!(state.ignoreBlock && !entry.annotated)) {
        if (!state.ignoreBlock && (state.sets === null || state.sets.length === 0)) state.sets = [makeOptionSet(testName, {})];
        cases.push({
          file, lineNo: entry.lineNo, line: entry.line, expect: entry.expect, annotated: entry.annotated,
          optionSets: state.ignoreBlock ? [] : [...(state.sets ?? [])],
          testCondition: state.testCondition, ignored: state.ignoreBlock, unsupported: [...state.unsupported],
        });
      }
    }
  }
  return { cases, problems, files: files.slice(0, MAX_FILES) };
}
