/**
 * ConfigParser-style `%(name)s` interpolation over a ConfigSet, with fail2ban's extras: `%(__name__)s`,
 * `%(section/name)s`, `%(default/name)s`, `%(known/name)s`. Values expand in the asking section's scope.
 */
import { ConfigError, type ConfigPlace } from '../core/errors.js';
import type { ConfigSet } from './config-set.js';
import { DEFAULT_SECTION, type IniValue } from './ini.js';

/** fail2ban keeps overridden values in hidden sections named `KNOWN/<section>`. */
export const KNOWN_PREFIX = 'KNOWN/';

export interface Scope {
  readonly set: ConfigSet;
  /** The section being read: own options, `__name__` and `known/` refer to it. */
  readonly section: string;
  /** Values that win over the section's own (ConfigParser `vars`), e.g. jail options for a filter. */
  readonly vars?: ReadonlyMap<string, string>;
}

export type Resolved = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: ConfigError };

/** A raw value and where it was defined (place is absent for `vars`). */
export interface RawValue {
  readonly value: string;
  readonly source?: IniValue;
}

/**
 * The section's own options (the defaults for `DEFAULT`, the overridden values of X for `KNOWN/X`),
 * or undefined if there is no such section.
 */
export function ownOptions(set: ConfigSet, section: string): ReadonlyMap<string, IniValue> | undefined {
  if (section === DEFAULT_SECTION) return set.defaults;
  if (section.startsWith(KNOWN_PREFIX)) return set.known.get(section.slice(KNOWN_PREFIX.length));
  return set.sections.get(section);
}

/** Raw lookup in vars, then the section, then `[DEFAULT]` (what ConfigParser `get(raw=True)` sees). */
export function rawOption(scope: Scope, key: string): RawValue | undefined {
  const name = key.toLowerCase();
  const fromVars = scope.vars?.get(name);
  if (fromVars !== undefined) return { value: fromVars };
  const source = ownOptions(scope.set, scope.section)?.get(name) ?? scope.set.defaults.get(name);
  return source === undefined ? undefined : { value: source.value, source };
}

/** `sec/opt` references: `known/` is the overridden value of this section, else `[DEFAULT]`. */
function sectionRef(scope: Scope, name: string): string | undefined {
  const match = /^([\w-]+)\/(.+)$/s.exec(name);
  if (match === null) return undefined;
  const [, sec, opt] = match;
  const lower = sec.toLowerCase();
  if (lower === 'default') return scope.set.defaults.get(opt)?.value;
  const options = lower === 'known' ? scope.set.known.get(scope.section) : scope.set.sections.get(sec);
  if (options === undefined && lower !== 'known') return undefined;
  return options?.get(opt)?.value ?? scope.set.defaults.get(opt)?.value;
}

function lookup(scope: Scope, name: string): string | undefined {
  if (name === '__name__') return scope.section;
  return rawOption(scope, name)?.value ?? (name.includes('/') ? sectionRef(scope, name) : undefined);
}

/** Where an option lives, for error messages. */
export function placeOf(scope: Scope, key: string, fallback?: ConfigPlace): ConfigPlace {
  const source = rawOption(scope, key)?.source;
  if (source !== undefined) return { file: source.file, line: source.line > 0 ? source.line : undefined, section: scope.section, key };
  return { file: fallback?.file ?? '(options)', line: fallback?.line, section: scope.section, key };
}

/** Get one option with every `%(x)s` expanded; undefined when the option does not exist. */
export function getOption(scope: Scope, key: string, fallback?: ConfigPlace): Resolved | undefined {
  const raw = rawOption(scope, key);
  if (raw === undefined) return undefined;
  return interpolate(scope, raw.value, placeOf(scope, key, fallback), [key.toLowerCase()]);
}

/** Expand `%(x)s` and `%%` in text, as read from the option at `place`. */
export function interpolate(scope: Scope, text: string, place: ConfigPlace, stack: readonly string[] = []): Resolved {
  const out: string[] = [];
  let rest = text;
  while (rest !== '') {
    const p = rest.indexOf('%');
    if (p < 0) {
      out.push(rest);
      break;
    }
    out.push(rest.slice(0, p));
    rest = rest.slice(p);
    if (rest.startsWith('%%')) {
      out.push('%');
      rest = rest.slice(2);
      continue;
    }
    const ref = /^%\(([^)]+)\)s/.exec(rest);
    if (ref === null) return fail(place, `'%' must be followed by '%' or '(name)s', found ${JSON.stringify(rest.slice(0, 30))} (write %% for a literal %)`);
    rest = rest.slice(ref[0].length);
    const expanded = expand(scope, ref[1].toLowerCase(), place, stack);
    if (!expanded.ok) return expanded;
    out.push(expanded.value);
  }
  return { ok: true, value: out.join('') };
}

function expand(scope: Scope, name: string, place: ConfigPlace, stack: readonly string[]): Resolved {
  if (stack.includes(name)) {
    return fail(place, `circular reference: ${[...stack, name].map((n) => `%(${n})s`).join(' -> ')}`);
  }
  const value = lookup(scope, name);
  if (value === undefined) return fail(place, `unknown option %(${name})s referenced in [${scope.section}]`);
  if (!value.includes('%')) return { ok: true, value };
  return interpolate(scope, value, place, [...stack, name]);
}

function fail(place: ConfigPlace, message: string): Resolved {
  return { ok: false, error: new ConfigError('ERR_CONFIG_INTERPOLATION', place, message) };
}
