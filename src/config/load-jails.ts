/**
 * Load every jail of a config dir (jail.conf, jail.d/, jail.local, includes) as fail2ban's JailReader
 * does: filter first (its values become `known/x` in the jail), then the jail options. No jail runs here.
 */
import { ConfigError, formatPlace, type ConfigPlace } from '../core/errors.js';
import { syntheticValue, withOptions, type ConfigSet } from './config-set.js';
import { DEFAULT_SECTION, type IniValue } from './ini.js';
import { getOption, placeOf, rawOption, type Scope } from './interpolate.js';
import { buildJailSpec, JAIL_OPTIONS, type JailSpec } from './jail-spec.js';
import { buildFilterDefinition, locateFilter } from './load-filter.js';
import { parseOptionRef } from './option-list.js';
import { createConfigReader, type ConfigFs, type ConfigReader } from './read-config.js';
import { applyJailOverrides, placeFromSource, resolveFilter, type OptionSource, type ResolvedFilter } from './resolve-filter.js';

/** The fail2ban release whose config semantics we follow; injected as `%(fail2ban_version)s`. */
export const FAIL2BAN_VERSION = '1.0.2';

export interface LoadJailsOptions {
  readonly fs?: ConfigFs;
  readonly reader?: ConfigReader;
  /** Whose filters are read and checked: all jails (default) or only enabled ones. */
  readonly filters?: 'all' | 'enabled';
}

export interface LoadJailsResult {
  /** Every jail section, in config order; disabled jails have enabled=false. */
  readonly jails: readonly JailSpec[];
  /** Every problem found, in all files. */
  readonly errors: readonly ConfigError[];
}

export function loadJails(confDir: string, opts: LoadJailsOptions = {}): LoadJailsResult {
  const reader = opts.reader ?? createConfigReader(opts.fs);
  const read = reader.readSet(confDir, 'jail');
  const set = withOptions(read, DEFAULT_SECTION, new Map([
    ['fail2ban_version', syntheticValue('(fail2ban)', DEFAULT_SECTION, 'fail2ban_version', FAIL2BAN_VERSION)],
    ['fail2ban_confpath', syntheticValue('(fail2ban)', DEFAULT_SECTION, 'fail2ban_confpath', confDir)],
  ]));
  const errors: ConfigError[] = [...read.errors];
  const jails: JailSpec[] = [];
  for (const name of set.sections.keys()) {
    if (name === 'INCLUDES') continue;
    const loaded = loadJail({ reader, confDir, set, name, filters: opts.filters ?? 'all' });
    jails.push(loaded.spec);
    errors.push(...loaded.errors);
  }
  return { jails, errors };
}

interface JailContext {
  readonly reader: ConfigReader;
  readonly confDir: string;
  readonly set: ConfigSet;
  readonly name: string;
  readonly filters: 'all' | 'enabled';
}

function loadJail(ctx: JailContext): { spec: JailSpec; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const first = readValues({ set: ctx.set, section: ctx.name }, ['enabled', 'backend', 'filter'], errors);
  const wanted = ctx.filters === 'all' || /^(1|yes|true|on)$/i.test(first.get('enabled')?.trim() ?? '');
  const filter = wanted ? readFilter(ctx, first, errors) : null;
  const set = filter === null ? ctx.set : withOptions(ctx.set, ctx.name, knownValues(filter.resolved, filter.file));
  const scope: Scope = { set, section: ctx.name };
  const values = readValues(scope, JAIL_OPTIONS, errors);
  const sectionPlace = jailPlace(ctx);
  const placeOfKey = (key: string): ConfigPlace => placeOf(scope, key, sectionPlace);
  let definition = null;
  if (filter !== null) {
    const effective = applyJailOverrides(filter.resolved, values, jailSources(scope, values));
    const built = buildFilterDefinition(filter, effective);
    errors.push(...built.errors);
    if (filter.ok && built.errors.length === 0) definition = built.filter;
  }
  const built = buildJailSpec({ name: ctx.name, place: sectionPlace, values, placeOf: placeOfKey }, definition);
  return { spec: built.spec, errors: [...errors, ...built.errors] };
}

function jailPlace(ctx: JailContext): ConfigPlace {
  const where = ctx.set.sectionFiles.get(ctx.name);
  return { file: where?.file ?? ctx.confDir, line: where?.line, section: ctx.name };
}

/** Interpolate the given keys that exist (in the section or [DEFAULT]); errors are collected. */
function readValues(scope: Scope, keys: readonly string[], errors: ConfigError[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const key of keys) {
    const resolved = getOption(scope, key);
    if (resolved === undefined) continue;
    if (resolved.ok) values.set(key, resolved.value);
    else if (!errors.some((e) => e.message === resolved.error.message)) errors.push(resolved.error);
  }
  return values;
}

function jailSources(scope: Scope, values: ReadonlyMap<string, string>): Map<string, OptionSource> {
  const sources = new Map<string, OptionSource>();
  for (const key of values.keys()) {
    const source = rawOption(scope, key)?.source;
    if (source !== undefined) sources.set(key, source);
  }
  return sources;
}

interface LoadedFilter {
  readonly name: string;
  readonly file: string;
  readonly resolved: ResolvedFilter;
  readonly ok: boolean;
}

function readFilter(ctx: JailContext, first: ReadonlyMap<string, string>, errors: ConfigError[]): LoadedFilter | null {
  const ref = first.get('filter')?.trim();
  if (ref === undefined || ref === '') return null;
  const refPlace = placeOf({ set: ctx.set, section: ctx.name }, 'filter', jailPlace(ctx));
  const parsed = parseOptionRef(ref);
  if (!parsed.ok) return null; // reported by buildJailSpec
  const location = locateFilter(ctx.reader, ctx.confDir, parsed.ref.name);
  const resolved = resolveFilter({ set: location.set, file: location.file, refOptions: parsed.ref.options, refPlace, jail: first, backend: first.get('backend') });
  const problems = [...location.set.errors, ...resolved.errors];
  const missing = location.set.files.length === 0;
  for (const problem of problems) {
    const place = missing ? refPlace : problem.place;
    const message = `jail ${ctx.name}, filter ${location.name}: ${bareMessage(problem)}`;
    errors.push(new ConfigError(problem.code, place, message, { cause: problem }));
  }
  return { name: location.name, file: location.file, resolved, ok: problems.length === 0 };
}

function bareMessage(error: ConfigError): string {
  const prefix = `${formatPlace(error.place)}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/** Every filter option `x` as `known/x` in the jail section (fail2ban merges them before reading the jail). */
function knownValues(resolved: ResolvedFilter, file: string): Map<string, IniValue> {
  const out = new Map<string, IniValue>();
  for (const [key, value] of resolved.combined) {
    if (key.startsWith('known/')) continue;
    const source = resolved.sources.get(key);
    const place = source === undefined ? { file } : placeFromSource(source, key);
    out.set(`known/${key}`, syntheticValue(place.file, place.section ?? 'Definition', key, value, place.line));
  }
  return out;
}
