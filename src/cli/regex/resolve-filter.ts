/**
 * The FILTER argument of `warden regex` -> a FilterDefinition: a filter file path or a filter name
 * (both with optional `[options]`) through loadFilter, or else a failregex given on the command line.
 */
import { statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { filterDefinition, type FilterDefinition, type RegexEntry } from '../../config/filter-definition.js';
import { loadFilter } from '../../config/load-filter.js';
import { ConfigError, type ConfigPlace } from '../../core/errors.js';

export type FilterArg =
  | { readonly kind: 'path'; readonly path: string; readonly options: string }
  | { readonly kind: 'name'; readonly name: string; readonly options: string }
  | { readonly kind: 'regex' };

export type ResolvedFilter =
  | { readonly ok: true; readonly def: FilterDefinition; readonly source: string }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

const COMMAND_LINE: ConfigPlace = { file: '<command line>' };
const FILE_NAME = /^[\w./-]+$/;
const FILTER_FILE = /\.(conf|local)$/;
/** `[name=value, ...]` (or `[]`): what filter options look like, unlike a regex class `[0-9]`. */
const OPTIONS = /^\[\s*(\]|[\w.-]+\s*=)/;

const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

/** How fail2ban-regex reads its REGEX argument (plus: an existing file is always a file). */
export function classifyFilterArg(arg: string): FilterArg {
  const m = /^([^[]*)(\[[\s\S]*\])?$/.exec(arg);
  const base = m?.[1] ?? '';
  const options = m?.[2] ?? '';
  if (base === '' || (options !== '' && !OPTIONS.test(options))) return { kind: 'regex' };
  const fileLike = FILE_NAME.test(base);
  if (base.includes('/') && (FILTER_FILE.test(base) || (fileLike && isFile(base)))) return { kind: 'path', path: base, options };
  if (FILTER_FILE.test(base) && isFile(base)) return { kind: 'path', path: base, options };
  if (fileLike && !base.includes('/')) return { kind: 'name', name: base, options };
  return { kind: 'regex' };
}

/** Config dirs searched for a filter name: `-c DIR`, else the shipped tree then /etc/fail2ban. */
export function filterSearchDirs(configDir: string | null, shippedDir: string): string[] {
  const dirs = configDir === null ? [shippedDir, '/etc/fail2ban'] : [configDir];
  return dirs.map((d) => (basename(d) === 'filter.d' ? dirname(d) : d));
}

/** The filter file for `name` under one of `dirs`: [confDir, file], or null. */
function findFilterFile(name: string, dirs: readonly string[]): [string, string] | null {
  const candidates = FILTER_FILE.test(name) ? [name] : [`${name}.conf`, `${name}.local`];
  for (const dir of dirs) {
    for (const c of candidates) {
      const file = join(dir, 'filter.d', c);
      if (isFile(file)) return [dir, file];
    }
  }
  return null;
}

function regexEntries(regexes: readonly string[]): RegexEntry[] {
  return regexes.map((regex) => ({ regex, place: COMMAND_LINE }));
}

/** A one-regex filter built from the command line. */
export function regexDefinition(failregex: string): FilterDefinition {
  return filterDefinition({ name: 'command-line', file: COMMAND_LINE.file, failregex: regexEntries([failregex]) });
}

function load(confDir: string, ref: string, source: string): ResolvedFilter {
  const res = loadFilter(confDir, ref);
  return res.ok ? { ok: true, def: res.filter, source } : { ok: false, errors: res.errors };
}

function fromName(arg: string, name: string, options: string, dirs: readonly string[]): ResolvedFilter | null {
  const found = findFilterFile(name, dirs);
  if (found === null) {
    if (options === '' && !FILTER_FILE.test(name)) return null;
    const where = dirs.map((d) => join(d, 'filter.d')).join(', ');
    return { ok: false, errors: [new ConfigError('ERR_CONFIG_MISSING', COMMAND_LINE, `no filter '${name}' in ${where}`)] };
  }
  const [confDir, file] = found;
  return load(confDir, FILTER_FILE.test(name) ? file + options : arg, file);
}

/** Resolve FILTER (and the optional IGNOREREGEX, added to the filter's ignoreregex list). */
export function resolveFilter(arg: string, ignoreregex: string | null, dirs: readonly string[]): ResolvedFilter {
  const kind = classifyFilterArg(arg);
  let res: ResolvedFilter | null = null;
  if (kind.kind === 'path') {
    const path = resolve(kind.path);
    res = load(dirname(dirname(path)), path + kind.options, path);
  } else if (kind.kind === 'name') res = fromName(arg, kind.name, kind.options, dirs);
  res ??= { ok: true, def: regexDefinition(arg), source: COMMAND_LINE.file };
  if (!res.ok || ignoreregex === null) return res;
  const def = { ...res.def, ignoreregex: [...res.def.ignoreregex, ...regexEntries([ignoreregex])] };
  return { ...res, def };
}
