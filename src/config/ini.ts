/**
 * One INI file -> sections of raw values with file:line, in the dialect fail2ban gets from Python's
 * ConfigParser (inline `;` comments, indented continuation lines, lower-cased keys, strict duplicates).
 */
import { ConfigError } from '../core/errors.js';

/** One raw option value: not interpolated, continuation lines joined with "\n". */
export interface IniValue {
  readonly value: string;
  readonly file: string;
  readonly section: string;
  readonly key: string;
  /** Line of the `key = value` line (1-based). */
  readonly line: number;
  /** File line of each line of `value` (same length as `value.split('\n')`). */
  readonly lines: readonly number[];
}

export type IniOptions = ReadonlyMap<string, IniValue>;

export interface IniFile {
  readonly file: string;
  /** `[DEFAULT]` options. */
  readonly defaults: IniOptions;
  /** Other sections in file order; section names keep their case. */
  readonly sections: ReadonlyMap<string, IniOptions>;
  /** Line of each section header. */
  readonly sectionLines: ReadonlyMap<string, number>;
  readonly errors: readonly ConfigError[];
}

export const DEFAULT_SECTION = 'DEFAULT';

interface Draft {
  key: string;
  parts: string[];
  lines: number[];
  line: number;
}

interface ParseState {
  readonly file: string;
  readonly defaults: Map<string, Draft>;
  readonly sections: Map<string, Map<string, Draft>>;
  readonly sectionLines: Map<string, number>;
  readonly errors: ConfigError[];
  section: string | null;
  current: Map<string, Draft> | null;
  option: Draft | null;
  indent: number;
}

/** Parse INI text. Problems are collected as ConfigErrors; parsing continues past them. */
export function parseIni(text: string, file: string): IniFile {
  const state: ParseState = {
    file,
    defaults: new Map(),
    sections: new Map(),
    sectionLines: new Map(),
    errors: [],
    section: null,
    current: null,
    option: null,
    indent: 0,
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => parseLine(state, raw, index + 1));
  const sections = new Map<string, IniOptions>();
  for (const [name, options] of state.sections) sections.set(name, finish(file, name, options));
  return {
    file,
    defaults: finish(file, DEFAULT_SECTION, state.defaults),
    sections,
    sectionLines: state.sectionLines,
    errors: state.errors,
  };
}

/** Index where an inline comment starts: `;` at the start or after whitespace. */
function inlineCommentStart(line: string): number | null {
  for (let i = line.indexOf(';'); i >= 0; i = line.indexOf(';', i + 1)) {
    if (i === 0 || /\s/.test(line[i - 1])) return i;
  }
  return null;
}

function isCommentLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith('#') || trimmed.startsWith(';');
}

function parseLine(state: ParseState, raw: string, lineNo: number): void {
  const commentStart = isCommentLine(raw) ? 0 : inlineCommentStart(raw);
  const content = (commentStart === null ? raw : raw.slice(0, commentStart)).trim();
  if (content === '') {
    // A blank line (not a comment) inside a value is kept; trailing ones are trimmed at the end.
    if (commentStart === null && state.current !== null && state.option !== null) {
      state.option.parts.push('');
      state.option.lines.push(lineNo);
    }
    return;
  }
  const indent = raw.search(/\S/);
  if (state.current !== null && state.option !== null && indent > state.indent) {
    state.option.parts.push(content);
    state.option.lines.push(lineNo);
    return;
  }
  state.indent = indent;
  const header = /^\[(.+)\]/.exec(content);
  if (header !== null) {
    openSection(state, header[1], lineNo);
  } else if (state.current === null) {
    state.errors.push(syntaxError(state.file, lineNo, `expected a [section] header before ${JSON.stringify(content)}`));
  } else {
    parseOption(state, content, lineNo);
  }
}

function openSection(state: ParseState, name: string, lineNo: number): void {
  state.option = null;
  state.section = name;
  if (name === DEFAULT_SECTION) {
    state.current = state.defaults;
    return;
  }
  const existing = state.sections.get(name);
  if (existing !== undefined) {
    const first = state.sectionLines.get(name);
    state.errors.push(syntaxError(state.file, lineNo, `duplicate section [${name}] (first at line ${first})`, name));
    state.current = existing;
    return;
  }
  state.current = new Map();
  state.sections.set(name, state.current);
  state.sectionLines.set(name, lineNo);
}

function parseOption(state: ParseState, content: string, lineNo: number): void {
  const section = state.section ?? DEFAULT_SECTION;
  const match = /^(.*?)\s*[=:]\s*(.*)$/s.exec(content);
  if (match === null) {
    state.option = null;
    state.errors.push(syntaxError(state.file, lineNo, `expected "key = value", got ${JSON.stringify(content)}`, section));
    return;
  }
  const key = match[1].trimEnd().toLowerCase();
  if (key === '') {
    state.option = null;
    state.errors.push(syntaxError(state.file, lineNo, `option without a name: ${JSON.stringify(content)}`, section));
    return;
  }
  const current = state.current as Map<string, Draft>;
  const previous = current.get(key);
  if (previous !== undefined) {
    state.errors.push(
      new ConfigError('ERR_CONFIG_SYNTAX', { file: state.file, line: lineNo, section, key },
        `duplicate option (first at line ${previous.line})`),
    );
  }
  const draft: Draft = { key, parts: [match[2].trim()], lines: [lineNo], line: lineNo };
  current.set(key, draft);
  state.option = draft;
}

function finish(file: string, section: string, drafts: ReadonlyMap<string, Draft>): IniOptions {
  const out = new Map<string, IniValue>();
  for (const [key, draft] of drafts) {
    const value = draft.parts.join('\n').trimEnd();
    const count = value === '' ? 1 : value.split('\n').length;
    out.set(key, { value, file, section, key, line: draft.line, lines: draft.lines.slice(0, count) });
  }
  return out;
}

function syntaxError(file: string, line: number, message: string, section?: string): ConfigError {
  return new ConfigError('ERR_CONFIG_SYNTAX', { file, line, section }, message);
}
