/**
 * A config "set" (jail, filter.d/sshd, ...): several parsed INI files merged option by option in read
 * order, remembering in `known` the value an option had before a later file overrode it.
 */
import type { ConfigError } from '../core/errors.js';
import { DEFAULT_SECTION, type IniFile, type IniOptions, type IniValue } from './ini.js';

export interface ConfigSet {
  /** Files merged, in read order (a file may appear twice when included twice, as in fail2ban). */
  readonly files: readonly string[];
  readonly defaults: IniOptions;
  /** Sections in order of first appearance. `[X?cond]` sections are merged into X as `key?cond`. */
  readonly sections: ReadonlyMap<string, IniOptions>;
  /** Per section: the previous value of each option a later file overrode (fail2ban's `KNOWN/x`). */
  readonly known: ReadonlyMap<string, IniOptions>;
  /** Where each section was first declared. */
  readonly sectionFiles: ReadonlyMap<string, { file: string; line: number }>;
  readonly errors: readonly ConfigError[];
}

interface MutableSet {
  files: string[];
  defaults: Map<string, IniValue>;
  sections: Map<string, Map<string, IniValue>>;
  known: Map<string, Map<string, IniValue>>;
  sectionFiles: Map<string, { file: string; line: number }>;
  errors: ConfigError[];
}

/** `Init?family=inet6` -> ['Init', '?family=inet6']. */
export function splitConditional(name: string): [string, string] | null {
  const match = /^(\w+)(\?.+)$/s.exec(name);
  return match === null ? null : [match[1], match[2]];
}

/** Merge parsed files in order: later files win option by option, never section by section. */
export function mergeIniFiles(files: readonly IniFile[], extraErrors: readonly ConfigError[] = []): ConfigSet {
  const set: MutableSet = {
    files: [],
    defaults: new Map(),
    sections: new Map(),
    known: new Map(),
    sectionFiles: new Map(),
    errors: [...extraErrors],
  };
  for (const file of files) mergeFile(set, file);
  return set;
}

function mergeFile(set: MutableSet, file: IniFile): void {
  set.files.push(file.file);
  set.errors.push(...file.errors);
  for (const [key, value] of file.defaults) set.defaults.set(key, value);
  for (const [rawName, options] of file.sections) {
    const cond = splitConditional(rawName);
    const name = cond === null ? rawName : cond[0];
    const renamed = cond === null ? options : withSuffix(options, cond[1]);
    if (!set.sectionFiles.has(name)) {
      set.sectionFiles.set(name, { file: file.file, line: file.sectionLines.get(rawName) ?? 0 });
    }
    mergeSection(set, name, renamed);
  }
}

function withSuffix(options: IniOptions, suffix: string): IniOptions {
  const out = new Map<string, IniValue>();
  for (const [key, value] of options) out.set(key + suffix, { ...value, key: key + suffix });
  return out;
}

function mergeSection(set: MutableSet, name: string, options: IniOptions): void {
  const target = set.sections.get(name);
  if (target === undefined) {
    set.sections.set(name, new Map(options));
    return;
  }
  let known = set.known.get(name);
  for (const [key, value] of options) {
    const previous = target.get(key);
    if (previous !== undefined) {
      if (known === undefined) {
        known = new Map();
        set.known.set(name, known);
      }
      known.set(key, previous);
    }
    target.set(key, value);
  }
}

/** An empty set (for errors that prevent reading anything). */
export function emptyConfigSet(errors: readonly ConfigError[]): ConfigSet {
  return mergeIniFiles([], errors);
}

/** A copy of the set with extra options in one section (or `DEFAULT`), winning over existing ones. */
export function withOptions(set: ConfigSet, section: string, extra: ReadonlyMap<string, IniValue>): ConfigSet {
  if (section === DEFAULT_SECTION) return { ...set, defaults: new Map([...set.defaults, ...extra]) };
  const sections = new Map(set.sections);
  sections.set(section, new Map([...(set.sections.get(section) ?? []), ...extra]));
  return { ...set, sections };
}

/** A value that was not read from a file (injected defaults, values from a filter). */
export function syntheticValue(file: string, section: string, key: string, value: string, line?: number): IniValue {
  return { value, file, section, key, line: line ?? 0, lines: [] };
}
