/**
 * Load one filter by reference (`sshd`, `sshd[mode=aggressive]`, `/path/filter.d/x.conf[opt=v]`) into the
 * FilterDefinition the filter engine consumes. Jail values replace the filter's failregex & co.
 */
import { basename, dirname, resolve } from 'node:path';
import { ConfigError, type ConfigPlace } from '../core/errors.js';
import type { ConfigSet } from './config-set.js';
import type { FilterDefinition, RegexEntry } from './filter-definition.js';
import { parseOptionRef } from './option-list.js';
import { configName, createConfigReader, type ConfigFs, type ConfigReader } from './read-config.js';
import { applyJailOverrides, placeFromSource, resolveFilter, type OptionSource, type ResolvedFilter } from './resolve-filter.js';

export interface LoadFilterOptions {
  /** Filter options as if written `name[k=v]` (the reference's own options win): mode, logtype, [Init] values. */
  readonly options?: Readonly<Record<string, string>>;
  /** Jail option values (already interpolated): failregex, ignoreregex, prefregex, maxlines, datepattern, journalmatch, usedns replace the filter's; `backend` picks the logtype. */
  readonly jail?: Readonly<Record<string, string>>;
  /** Where those jail values were written, for error places. */
  readonly jailSources?: ReadonlyMap<string, OptionSource>;
  /** Where the reference was written (a jail's `filter =` line), for errors. */
  readonly refPlace?: ConfigPlace;
  readonly fs?: ConfigFs;
  /** Share one reader (and its parse cache) across many loads. */
  readonly reader?: ConfigReader;
}

export type LoadFilterResult =
  | { readonly ok: true; readonly filter: FilterDefinition; readonly resolved: ResolvedFilter }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

/** Where a filter reference points to. */
export interface FilterLocation {
  readonly name: string;
  readonly set: ConfigSet;
  /** The filter's main file (`.../filter.d/sshd.conf`, or `.local` when there is no `.conf`). */
  readonly file: string;
}

export function loadFilter(confDir: string, ref: string, opts: LoadFilterOptions = {}): LoadFilterResult {
  const refPlace = opts.refPlace ?? { file: confDir, key: 'filter' };
  const parsed = parseOptionRef(ref);
  if (!parsed.ok) {
    return { ok: false, errors: [new ConfigError('ERR_CONFIG_VALUE', refPlace, `bad filter reference ${JSON.stringify(ref)}: ${parsed.message}`)] };
  }
  const reader = opts.reader ?? createConfigReader(opts.fs);
  const location = locateFilter(reader, confDir, parsed.ref.name);
  const jail = new Map(Object.entries(opts.jail ?? {}));
  const resolved = resolveFilter({
    set: location.set,
    file: location.file,
    refOptions: { ...opts.options, ...parsed.ref.options },
    refPlace,
    jail,
    backend: jail.get('backend'),
  });
  const effective = applyJailOverrides(resolved, jail, opts.jailSources);
  const built = buildFilterDefinition(location, effective);
  const errors = [...location.set.errors, ...resolved.errors, ...built.errors];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, filter: built.filter, resolved: effective };
}

/** Read the filter set a name or path refers to (fail2ban-regex rules for paths). */
export function locateFilter(reader: ConfigReader, confDir: string, name: string): FilterLocation {
  if (!name.includes('/')) {
    const set = reader.readSet(confDir, `filter.d/${name}`);
    return { name, set, file: mainFile(set, `filter.d/${name}`) ?? `${confDir}/filter.d/${name}.conf` };
  }
  const path = resolve(name);
  const folder = dirname(path);
  const short = configName(path);
  if (basename(folder) === 'filter.d') {
    const set = reader.readSet(dirname(folder), `filter.d/${short}`);
    return { name: short, set, file: mainFile(set, `filter.d/${short}`) ?? path };
  }
  return { name: short, set: reader.readFile(path), file: path };
}

function mainFile(set: ConfigSet, base: string): string | undefined {
  return set.files.find((file) => file.endsWith(`${base}.conf`)) ?? set.files.find((file) => file.endsWith(`${base}.local`));
}

/** Turn resolved options into the FilterDefinition; bad maxlines is an error. */
export function buildFilterDefinition(
  location: Pick<FilterLocation, 'name' | 'file'>,
  resolved: ResolvedFilter,
): { filter: FilterDefinition; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const options = resolved.effective;
  const entries = (key: string): RegexEntry[] => regexEntries(options.get(key), resolved.sources.get(key), key, location.file);
  const prefregex = entries('prefregex')[0] ?? null;
  const filter: FilterDefinition = {
    name: location.name,
    file: location.file,
    prefregex,
    failregex: entries('failregex'),
    ignoreregex: entries('ignoreregex'),
    datepattern: nonEmpty(options.get('datepattern')),
    maxlines: maxLines(options.get('maxlines'), placeFor(resolved, 'maxlines', location.file), errors),
    journalmatch: (options.get('journalmatch') ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== ''),
    usedns: nonEmpty(options.get('usedns')),
    lineshapes: entries('lineshapes'),
    options: Object.fromEntries(options),
  };
  return { filter, errors };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function placeFor(resolved: ResolvedFilter, key: string, file: string): ConfigPlace {
  const source = resolved.sources.get(key);
  return source === undefined ? { file, key } : placeFromSource(source, key);
}

function maxLines(value: string | undefined, place: ConfigPlace, errors: ConfigError[]): number {
  if (value === undefined || value.trim() === '') return 1;
  if (!/^\s*[+-]?\d+\s*$/.test(value)) {
    errors.push(new ConfigError('ERR_CONFIG_VALUE', place, `maxlines must be an integer, got ${JSON.stringify(value)}`));
    return 1;
  }
  return Math.max(1, Number.parseInt(value, 10));
}

/**
 * One entry per non-empty line. Each keeps the file line it was written on when the value has as
 * many lines as written; otherwise (an interpolation added lines) the line of the option itself.
 */
export function regexEntries(value: string | undefined, source: OptionSource | undefined, key: string, file: string): RegexEntry[] {
  if (value === undefined) return [];
  const lines = value.split('\n');
  const base: ConfigPlace = source === undefined ? { file, key } : placeFromSource(source, key);
  const perLine = source !== undefined && 'lines' in source && source.lines.length === lines.length ? source.lines : null;
  const out: RegexEntry[] = [];
  lines.forEach((regex, i) => {
    if (regex !== '') out.push({ regex, place: perLine === null ? base : { ...base, line: perLine[i] } });
  });
  return out;
}
