/**
 * fail2ban's ActionReader over a read action set: reference options over [Init], hooks read with the
 * jail's values visible, then `<tag>` substitution; per-family [Init] values resolved separately. Pure.
 */
import { ConfigError, type ConfigPlace } from '../core/errors.js';
import { splitConditional, type ConfigSet } from './config-set.js';
import { DEFAULT_SECTION } from './ini.js';
import { getOption, interpolate, KNOWN_PREFIX, ownOptions, placeOf, type Resolved, type Scope } from './interpolate.js';
import { ACTION_COMMANDS, ESCAPED_TAGS, type ActionHook } from './action-definition.js';
import { substituteTags } from './substitute-tags.js';

/** Keys read from [Definition] as hooks (fail2ban's ActionReader options), in this order. */
const HOOK_KEYS: readonly ActionHook[] = [...ACTION_COMMANDS, 'norestored', 'actionstart_on_demand', 'actionrepair_on_unban'];

/** Jail options visible to `%(x)s` in an action's [Definition] (the options a fail2ban jail reads). */
const JAIL_VARS = new Set([
  'enabled', 'backend', 'maxretry', 'maxmatches', 'findtime', 'bantime', 'bantime.increment', 'bantime.factor',
  'bantime.formula', 'bantime.multipliers', 'bantime.maxtime', 'bantime.rndtime', 'bantime.overalljails',
  'ignorecommand', 'ignoreself', 'ignoreip', 'ignorecache', 'filter', 'logtimezone', 'logencoding', 'logpath',
  'action', 'usedns', 'prefregex', 'ignoreregex', 'failregex', 'maxlines', 'datepattern', 'journalmatch',
]);

/** Never substituted while loading: the dynamic tags from log text, and per-ban/per-command values. */
const LOAD_IGNORE = [...ESCAPED_TAGS, 'timeout', 'bantime'];

export interface ActionResolveInput {
  readonly set: ConfigSet;
  /** The action file's name without extension (`iptables`). */
  readonly fileName: string;
  /** The main file, for errors about the whole action. */
  readonly file: string;
  readonly refOptions: Readonly<Record<string, string>>;
  readonly refPlace: ConfigPlace;
  readonly jailName: string;
  readonly jailOptions: Readonly<Record<string, string>>;
}

export interface ResolvedAction {
  readonly name: string;
  /** Hook values as the loading pass leaves them (per-family and dynamic tags kept). */
  readonly hooks: ReadonlyMap<string, string>;
  /** Reference options and [Init] values before tag substitution (with `known/x` and `x?family=..`). */
  readonly initOpts: ReadonlyMap<string, string>;
  /** Values for one family (`inet4`/`inet6`): init options plus every [Definition] option, tags resolved. */
  readonly forFamily: (family: string) => Map<string, string>;
  readonly perFamily: boolean;
  readonly errors: readonly ConfigError[];
}

export function resolveAction(input: ActionResolveInput): ResolvedAction {
  const errors: ConfigError[] = [];
  const initOpts = referenceOptions(input);
  const vars = definitionVars(input.jailOptions, initOpts);
  const definition: Scope = { set: input.set, section: 'Definition', vars };
  if (ownOptions(input.set, 'Definition') === undefined) {
    errors.push(new ConfigError('ERR_CONFIG_MISSING', { file: input.file, section: 'Definition' }, 'action has no [Definition] section'));
  }
  const raw = new Map<string, string>();
  for (const key of HOOK_KEYS) {
    if (vars.has(key)) continue;
    const value = keep(errors, getOption(definition, key));
    if (value !== undefined) raw.set(key, value);
  }
  readInit(input.set, initOpts, errors);
  for (const [key, value] of initOpts) raw.set(key, value);
  const lookup = (tag: string): string | null => definitionLookup(input.set, vars, tag, errors);
  const conditionalBases = new Set([...raw.keys()].flatMap((key) => splitConditional(key)?.[0] ?? []));
  const loaded = substituteTags(raw, { ignore: new Set([...LOAD_IGNORE, ...conditionalBases]), lookup });
  if (!loaded.ok) errors.push(tagError(input, loaded.tag, loaded.message));
  const substituted = loaded.ok ? loaded.values : raw;
  const hooks = new Map<string, string>();
  for (const key of HOOK_KEYS) {
    const value = substituted.get(key);
    if (value !== undefined) hooks.set(key, value);
  }
  const forFamily = (family: string): Map<string, string> => familyValues(input, raw, vars, family);
  return { name: initOpts.get('actname') ?? input.fileName, hooks, initOpts, forFamily, perFamily: conditionalBases.size > 0, errors };
}

/** `name` defaults to the jail; `actname` to the file name, suffixed when `name` is not the jail's. */
function referenceOptions(input: ActionResolveInput): Map<string, string> {
  const init = new Map(Object.entries(input.refOptions));
  const name = init.get('name') ?? input.jailName;
  init.set('name', name);
  if (!init.has('actname')) {
    let actname = input.fileName;
    if (name !== input.jailName) actname += name.startsWith(input.jailName) ? name.slice(input.jailName.length) : `-${name}`;
    init.set('actname', actname);
  }
  return init;
}

/** Jail values, then the reference's options over them; keys lower-cased as ConfigParser does. */
function definitionVars(jail: Readonly<Record<string, string>>, init: ReadonlyMap<string, string>): Map<string, string> {
  const vars = new Map<string, string>();
  for (const [key, value] of Object.entries(jail)) if (JAIL_VARS.has(key.toLowerCase())) vars.set(key.toLowerCase(), value);
  for (const [key, value] of init) vars.set(key.toLowerCase(), value);
  return vars;
}

/** [Init] values (`%(x)s` expanded in [Init]): `known/x` always, `x` unless the reference gave it. */
function readInit(set: ConfigSet, init: Map<string, string>, errors: ConfigError[]): void {
  const options = ownOptions(set, 'Init');
  if (options === undefined) return;
  const scope: Scope = { set, section: 'Init' };
  for (const [key, source] of options) {
    const value = keep(errors, interpolate(scope, source.value, placeOf(scope, key), [key]));
    if (value === undefined) continue;
    if (!key.startsWith('known/')) init.set(`known/${key}`, value);
    if (!init.has(key)) init.set(key, value);
  }
}

/**
 * All values for one family: the loaded options plus every own [Definition] option, substituted with
 * `x?family=F` preferred; conditional and `known/` keys dropped. Errors here are not reported again.
 */
function familyValues(input: ActionResolveInput, raw: ReadonlyMap<string, string>, vars: ReadonlyMap<string, string>, family: string): Map<string, string> {
  const scratch: ConfigError[] = [];
  const all = new Map<string, string>();
  const definition: Scope = { set: input.set, section: 'Definition', vars };
  for (const key of ownOptions(input.set, 'Definition')?.keys() ?? []) {
    const value = keep(scratch, getOption(definition, key));
    if (value !== undefined) all.set(key, value);
  }
  for (const [key, value] of raw) all.set(key, value);
  const lookup = (tag: string): string | null => definitionLookup(input.set, vars, tag, scratch);
  const result = substituteTags(all, { conditional: `family=${family}`, ignore: new Set(LOAD_IGNORE), lookup });
  const values = result.ok ? result.values : all;
  const out = new Map<string, string>();
  for (const [key, value] of values) {
    if (key.startsWith('known/') || splitConditional(key) !== null) continue;
    out.set(key, values.get(`${key}?family=${family}`) ?? value);
  }
  return out;
}

/** fail2ban's getCombOption: `<sec/opt>`, `<known/opt>` (KNOWN/Definition, then Definition), else [Definition] with vars. */
function definitionLookup(set: ConfigSet, vars: ReadonlyMap<string, string>, tag: string, errors: ConfigError[]): string | null {
  const ref = /^([\w-]+)\/([^\s>]+)$/.exec(tag);
  if (ref !== null) {
    const lower = ref[1].toLowerCase();
    const sections = lower === 'known' ? [`${KNOWN_PREFIX}Definition`, 'Definition'] : [lower === 'default' ? DEFAULT_SECTION : ref[1]];
    for (const section of sections) {
      if (ownOptions(set, section) === undefined) continue;
      const found = keep(errors, getOption({ set, section }, ref[2]));
      if (found !== undefined) return found;
    }
  }
  if (ownOptions(set, 'Definition') === undefined) return null;
  return keep(errors, getOption({ set, section: 'Definition', vars }, tag)) ?? null;
}

function keep(errors: ConfigError[], resolved: Resolved | undefined): string | undefined {
  if (resolved === undefined) return undefined;
  if (resolved.ok) return resolved.value;
  if (!errors.some((e) => e.message === resolved.error.message)) errors.push(resolved.error);
  return undefined;
}

function tagError(input: ActionResolveInput, key: string, message: string): ConfigError {
  const source = ownOptions(input.set, 'Definition')?.get(key) ?? ownOptions(input.set, 'Init')?.get(key);
  const place: ConfigPlace = source === undefined ? input.refPlace : { file: source.file, line: source.line > 0 ? source.line : undefined, section: source.section, key };
  return new ConfigError('ERR_CONFIG_INTERPOLATION', place, message);
}
