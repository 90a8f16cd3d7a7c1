/**
 * fail2ban's FilterReader semantics over a read filter set: [Init] and reference options, jail values,
 * the automatic `logtype`, then `<tag>` substitution between all options. Pure.
 */
import { ConfigError, type ConfigPlace } from '../core/errors.js';
import { splitConditional, type ConfigSet } from './config-set.js';
import { DEFAULT_SECTION, type IniValue } from './ini.js';
import { getOption, interpolate, KNOWN_PREFIX, ownOptions, placeOf, type Scope } from './interpolate.js';
import { substituteTags } from './substitute-tags.js';

/** The [Definition] options a jail may set itself; a jail value replaces the filter's. */
export const FILTER_JAIL_OPTIONS = ['usedns', 'prefregex', 'ignoreregex', 'failregex', 'maxlines', 'datepattern', 'journalmatch'] as const;

/** Where a resolved option came from: a config value (with per-line numbers) or just a place. */
export type OptionSource = IniValue | ConfigPlace;

export interface FilterResolveInput {
  readonly set: ConfigSet;
  /** The filter's main file (for errors about the whole filter). */
  readonly file?: string;
  /** Options from the reference, `sshd[mode=aggressive]` -> { mode: 'aggressive' }. */
  readonly refOptions?: Readonly<Record<string, string>>;
  /** Where the reference was written (for errors in its options). */
  readonly refPlace?: ConfigPlace;
  /** Jail option values, visible to `%(x)s` and `<x>` in [Definition] (see applyJailOverrides for the rest). */
  readonly jail?: ReadonlyMap<string, string>;
  /** Jail backend; `systemd*` makes the default logtype `journal`. */
  readonly backend?: string;
}

export interface ResolvedFilter {
  /** All [Init] and [Definition] options with tags substituted: what the jail sees as `known/x`. */
  readonly combined: ReadonlyMap<string, string>;
  /** `combined` with the jail's own FILTER_JAIL_OPTIONS values in place of the filter's (applyJailOverrides). */
  readonly effective: ReadonlyMap<string, string>;
  readonly sources: ReadonlyMap<string, OptionSource>;
  readonly errors: readonly ConfigError[];
}

interface Work {
  readonly input: FilterResolveInput;
  readonly values: Map<string, string>;
  readonly sources: Map<string, OptionSource>;
  readonly errors: ConfigError[];
}

export function resolveFilter(input: FilterResolveInput): ResolvedFilter {
  const work: Work = { input, values: new Map(), sources: new Map(), errors: [] };
  const init = initialOptions(input);
  // ConfigParser lower-cases `vars` keys; the same values stay case-sensitive as tags.
  const vars = new Map([...(input.jail ?? []), ...init].map(([key, value]) => [key.toLowerCase(), value]));
  if (ownOptions(input.set, 'Definition') === undefined && input.set.files.length > 0) {
    const file = input.file ?? input.set.files[0] ?? input.refPlace?.file ?? '(filter)';
    work.errors.push(new ConfigError('ERR_CONFIG_MISSING', { file, section: 'Definition' }, 'filter has no [Definition] section'));
  }
  readDefinition(work, vars);
  const refSource = input.refPlace ?? { file: '(options)' };
  for (const [key, value] of init) addValue(work, key, value, refSource);
  readInit(work, init);
  const combined = substitute(work, vars);
  return { combined, effective: combined, sources: work.sources, errors: work.errors };
}

/** The jail's FILTER_JAIL_OPTIONS (and `lineshapes`) replace the filter's values, as in fail2ban. */
export function applyJailOverrides(
  resolved: ResolvedFilter,
  jail: ReadonlyMap<string, string>,
  jailSources?: ReadonlyMap<string, OptionSource>,
): ResolvedFilter {
  const effective = new Map(resolved.combined);
  const sources = new Map(resolved.sources);
  for (const key of [...FILTER_JAIL_OPTIONS, 'lineshapes']) {
    const value = jail.get(key);
    if (value === undefined) continue;
    effective.set(key, value);
    sources.set(key, jailSources?.get(key) ?? { file: '(jail options)', key });
  }
  return { ...resolved, effective, sources };
}

function initialOptions(input: FilterResolveInput): Map<string, string> {
  const init = new Map(Object.entries(input.refOptions ?? {}));
  const definition = ownOptions(input.set, 'Definition');
  if (!init.get('logtype') && !definition?.has('logtype')) {
    init.set('logtype', (input.backend ?? 'auto').startsWith('systemd') ? 'journal' : 'file');
  }
  return init;
}

function addValue(work: Work, key: string, value: string, source: OptionSource): void {
  work.values.set(key, value);
  work.sources.set(key, source);
}

/**
 * FILTER_JAIL_OPTIONS the jail does not set (jail values visible, [DEFAULT] included), then every other
 * own [Definition] option without jail values -- which includes the filter's own failregex & co. that
 * the jail overrides, so the jail can still see them as `known/x`.
 */
function readDefinition(work: Work, vars: ReadonlyMap<string, string>): void {
  const set = work.input.set;
  if (ownOptions(set, 'Definition') === undefined) return;
  const jailSets = (key: string): boolean => vars.has(key);
  const withVars: Scope = { set, section: 'Definition', vars };
  for (const key of FILTER_JAIL_OPTIONS) if (!jailSets(key)) readOne(work, withVars, key);
  const plain: Scope = { set, section: 'Definition' };
  const isJailOption = (key: string): boolean => (FILTER_JAIL_OPTIONS as readonly string[]).includes(key);
  for (const key of ownOptions(set, 'Definition')?.keys() ?? []) {
    if (work.values.has(key) || (isJailOption(key) && !jailSets(key))) continue;
    readOne(work, plain, key);
  }
}

function readOne(work: Work, scope: Scope, key: string): void {
  const resolved = getOption(scope, key);
  if (resolved === undefined) return;
  if (!resolved.ok) {
    work.errors.push(resolved.error);
    return;
  }
  const source = ownOptions(scope.set, scope.section)?.get(key) ?? scope.set.defaults.get(key);
  work.values.set(key, resolved.value);
  work.sources.set(key, source ?? placeOf(scope, key));
}

/** [Init] values: known/x always, x unless the reference gave it. */
function readInit(work: Work, init: ReadonlyMap<string, string>): void {
  const options = ownOptions(work.input.set, 'Init');
  if (options === undefined) return;
  const scope: Scope = { set: work.input.set, section: 'Init' };
  for (const [key, source] of options) {
    const resolved = interpolate(scope, source.value, placeOf(scope, key), [key]);
    if (!resolved.ok) {
      work.errors.push(resolved.error);
      continue;
    }
    if (!key.startsWith('known/')) addValue(work, `known/${key}`, resolved.value, source);
    if (!init.has(key)) addValue(work, key, resolved.value, source);
  }
}

function substitute(work: Work, vars: ReadonlyMap<string, string>): Map<string, string> {
  const ignore = new Set<string>();
  for (const key of work.values.keys()) {
    const cond = splitConditional(key);
    if (cond !== null) ignore.add(cond[0]);
  }
  const result = substituteTags(work.values, { ignore, lookup: (tag) => definitionLookup(work, vars, tag) });
  if (result.ok) return result.values;
  const source = work.sources.get(result.tag);
  const place = source === undefined ? { file: '(filter)' } : placeFromSource(source, result.tag);
  work.errors.push(new ConfigError('ERR_CONFIG_INTERPOLATION', place, result.message));
  return new Map(work.values);
}

export function placeFromSource(source: OptionSource, key: string): ConfigPlace {
  if (!('value' in source)) return { ...source, key };
  return { file: source.file, line: source.line > 0 ? source.line : undefined, section: source.section, key };
}

/** fail2ban's getCombOption: `<sec/opt>`, `<known/opt>` (KNOWN/Definition, then Definition), else [Definition]. */
function definitionLookup(work: Work, vars: ReadonlyMap<string, string>, tag: string): string | null {
  const ref = /^([\w-]+)\/([^\s>]+)$/.exec(tag);
  if (ref !== null) {
    const lower = ref[1].toLowerCase();
    const sections = lower === 'known' ? [`${KNOWN_PREFIX}Definition`, 'Definition'] : [lower === 'default' ? DEFAULT_SECTION : ref[1]];
    for (const section of sections) {
      const found = sectionOption(work, section, ref[2]);
      if (found !== undefined) return found;
    }
  }
  return sectionOption(work, 'Definition', tag, vars) ?? null;
}

function sectionOption(work: Work, section: string, key: string, vars?: ReadonlyMap<string, string>): string | undefined {
  if (ownOptions(work.input.set, section) === undefined) return undefined;
  const resolved = getOption({ set: work.input.set, section, vars }, key);
  return resolved === undefined ? undefined : checked(work, resolved);
}

function checked(work: Work, resolved: { ok: true; value: string } | { ok: false; error: ConfigError }): string | undefined {
  if (resolved.ok) return resolved.value;
  if (!work.errors.some((e) => e.message === resolved.error.message)) work.errors.push(resolved.error);
  return undefined;
}
