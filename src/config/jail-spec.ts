/**
 * The jail model: one jail section's interpolated option values -> a typed JailSpec with fail2ban's
 * defaults. Every bad value is a ConfigError (file, line, key); all of them are collected. Pure.
 */
import { parseDuration } from '../core/duration.js';
import { ConfigError, type ConfigPlace } from '../core/errors.js';
import type { FilterDefinition } from './filter-definition.js';
import { parseOptionRef, splitOptionRefs, type OptionRef } from './option-list.js';

/** The jail options fail2ban reads (JailReader), plus the filter options a jail may override. */
export const JAIL_OPTIONS = [
  'enabled', 'backend', 'filter', 'action', 'logpath', 'logencoding', 'logtimezone',
  'maxretry', 'maxmatches', 'findtime', 'bantime',
  'bantime.increment', 'bantime.factor', 'bantime.formula', 'bantime.multipliers', 'bantime.maxtime',
  'bantime.rndtime', 'bantime.overalljails',
  'ignorecommand', 'ignoreself', 'ignoreip', 'ignorecache',
  'usedns', 'prefregex', 'ignoreregex', 'failregex', 'maxlines', 'datepattern', 'journalmatch', 'lineshapes',
] as const;

export type UseDns = 'yes' | 'warn' | 'no' | 'raw';

export interface LogPathSpec {
  readonly glob: string;
  /** `head` (default): resume or read from the start; `tail`: start at the end of the file. */
  readonly position: 'head' | 'tail';
}

export interface BantimeIncrementSpec {
  readonly enabled: boolean;
  /** `bantime.factor` (a number; fail2ban evaluates it as Python). */
  readonly factor: number;
  /** `bantime.formula` as written (a Python expression), or null for fail2ban's default formula. */
  readonly formula: string | null;
  /** `bantime.multipliers`; empty means the formula is used. */
  readonly multipliers: readonly number[];
  readonly maxTime: number | null;
  readonly rndTime: number | null;
  readonly overallJails: boolean;
}

export interface IgnoreCacheSpec {
  readonly key: string;
  readonly maxCount: number;
  readonly maxTime: number;
}

export interface JailSpec {
  readonly name: string;
  /** The jail's section header. */
  readonly place: ConfigPlace;
  readonly enabled: boolean;
  /** `filter = name[options]`; null when empty. */
  readonly filter: OptionRef | null;
  /** The resolved filter (jail overrides applied), when it was loaded without errors. */
  readonly filterDefinition: FilterDefinition | null;
  readonly actions: readonly OptionRef[];
  readonly logpath: readonly LogPathSpec[];
  readonly backend: OptionRef;
  readonly logencoding: string;
  readonly logtimezone: string | null;
  readonly usedns: UseDns;
  readonly maxretry: number;
  readonly maxmatches: number;
  /** Seconds. */
  readonly findtime: number;
  /** Seconds; -1 (any negative) means permanent. */
  readonly bantime: number;
  readonly bantimeIncrement: BantimeIncrementSpec;
  readonly ignoreself: boolean;
  readonly ignoreip: readonly string[];
  readonly ignorecommand: string | null;
  readonly ignorecache: IgnoreCacheSpec | null;
  /** Every JAIL_OPTIONS value as interpolated (what actions receive as jail values). */
  readonly options: Readonly<Record<string, string>>;
}

/** fail2ban's values when an option is set nowhere (jail.conf [DEFAULT] normally sets most of them). */
export const JAIL_DEFAULTS = {
  backend: 'auto', logencoding: 'auto', usedns: 'warn' as UseDns,
  maxretry: 3, maxmatches: 5, findtime: 600, bantime: 600,
} as const;

export interface JailInput {
  readonly name: string;
  readonly place: ConfigPlace;
  readonly values: ReadonlyMap<string, string>;
  /** Where a key's value was written (falls back to the section place). */
  readonly placeOf: (key: string) => ConfigPlace;
}

interface Reader {
  readonly input: JailInput;
  readonly errors: ConfigError[];
}

/** Build the JailSpec; problems are returned, never thrown, and each field falls back to its default. */
export function buildJailSpec(input: JailInput, filterDefinition: FilterDefinition | null = null): { spec: JailSpec; errors: ConfigError[] } {
  const r: Reader = { input, errors: [] };
  const maxretry = int(r, 'maxretry', JAIL_DEFAULTS.maxretry);
  const spec: JailSpec = {
    name: input.name,
    place: input.place,
    enabled: bool(r, 'enabled', false),
    filter: optionRef(r, 'filter'),
    filterDefinition,
    actions: actions(r),
    logpath: logpath(str(r, 'logpath') ?? ''),
    backend: optionRef(r, 'backend') ?? { name: JAIL_DEFAULTS.backend, options: {} },
    logencoding: str(r, 'logencoding') || JAIL_DEFAULTS.logencoding,
    logtimezone: str(r, 'logtimezone') || null,
    usedns: usedns(r),
    maxretry,
    maxmatches: int(r, 'maxmatches', JAIL_DEFAULTS.maxmatches),
    findtime: duration(r, 'findtime') ?? JAIL_DEFAULTS.findtime,
    bantime: duration(r, 'bantime') ?? JAIL_DEFAULTS.bantime,
    bantimeIncrement: bantimeIncrement(r),
    ignoreself: bool(r, 'ignoreself', true),
    ignoreip: splitWords(str(r, 'ignoreip') ?? ''),
    ignorecommand: str(r, 'ignorecommand') || null,
    ignorecache: ignorecache(r),
    options: Object.fromEntries(input.values),
  };
  return { spec, errors: r.errors };
}

function str(r: Reader, key: string): string | undefined {
  return r.input.values.get(key);
}

function problem(r: Reader, key: string, message: string): void {
  r.errors.push(new ConfigError('ERR_CONFIG_VALUE', r.input.placeOf(key), message));
}

const TRUE_WORDS = ['1', 'yes', 'true', 'on'];
const FALSE_WORDS = ['0', 'no', 'false', 'off'];

/** fail2ban treats anything but 1/yes/true/on as false; we also flag values that are neither. */
function bool(r: Reader, key: string, fallback: boolean): boolean {
  const value = str(r, key)?.trim().toLowerCase();
  if (value === undefined || value === '') return fallback;
  if (TRUE_WORDS.includes(value)) return true;
  if (!FALSE_WORDS.includes(value)) problem(r, key, `expected true/false (yes/no, on/off, 1/0), got ${JSON.stringify(value)}`);
  return false;
}

function int(r: Reader, key: string, fallback: number): number {
  const value = str(r, key)?.trim();
  if (value === undefined || value === '') return fallback;
  if (/^[+-]?\d+$/.test(value)) return Number.parseInt(value, 10);
  problem(r, key, `expected an integer, got ${JSON.stringify(value)}`);
  return fallback;
}

function duration(r: Reader, key: string): number | null {
  const value = str(r, key)?.trim();
  if (value === undefined || value === '') return null;
  const seconds = parseDuration(value);
  if (seconds === null) problem(r, key, `expected a time (seconds, or e.g. 10m, 1h, 1d12h, 1w, 1mo, 1y), got ${JSON.stringify(value)}`);
  return seconds;
}

function optionRef(r: Reader, key: string): OptionRef | null {
  const value = str(r, key)?.trim();
  if (value === undefined || value === '') return null;
  const parsed = parseOptionRef(value);
  if (parsed.ok) return parsed.ref;
  problem(r, key, parsed.message);
  return null;
}

function actions(r: Reader): OptionRef[] {
  const out: OptionRef[] = [];
  for (const text of splitOptionRefs(str(r, 'action') ?? '')) {
    const parsed = parseOptionRef(text);
    if (parsed.ok) out.push(parsed.ref);
    else problem(r, 'action', `bad action ${JSON.stringify(text)}: ${parsed.message}`);
  }
  return out;
}

/** One glob per line, with an optional trailing `head` or `tail`. */
export function logpath(value: string): LogPathSpec[] {
  const out: LogPathSpec[] = [];
  for (const line of value.split('\n').map((l) => l.trim()).filter((l) => l !== '')) {
    const match = /^(.*\S)\s+(head|tail)$/i.exec(line);
    out.push(match === null ? { glob: line, position: 'head' } : { glob: match[1], position: match[2].toLowerCase() as 'head' | 'tail' });
  }
  return out;
}

/** Split on spaces, commas and new lines (fail2ban's splitwords). */
export function splitWords(value: string): string[] {
  return value.split(/[ ,\n]+/).map((w) => w.trim()).filter((w) => w !== '');
}

function usedns(r: Reader): UseDns {
  const value = str(r, 'usedns')?.trim().toLowerCase();
  if (value === undefined || value === '') return JAIL_DEFAULTS.usedns;
  if (value === 'yes' || value === 'warn' || value === 'no' || value === 'raw') return value;
  if (TRUE_WORDS.includes(value)) return 'yes';
  if (FALSE_WORDS.includes(value)) return 'no';
  problem(r, 'usedns', `expected yes, warn, no or raw, got ${JSON.stringify(value)}`);
  return 'no';
}

function bantimeIncrement(r: Reader): BantimeIncrementSpec {
  return {
    enabled: bool(r, 'bantime.increment', false),
    factor: factor(r),
    formula: str(r, 'bantime.formula')?.trim() || null,
    multipliers: multipliers(r),
    maxTime: duration(r, 'bantime.maxtime'),
    rndTime: duration(r, 'bantime.rndtime'),
    overallJails: bool(r, 'bantime.overalljails', false),
  };
}

function factor(r: Reader): number {
  const value = str(r, 'bantime.factor')?.trim();
  if (value === undefined || value === '') return 1;
  const number = /^[\d.+\-*/() ]+$/.test(value) ? parseDuration(value) : null;
  if (number !== null) return number;
  problem(r, 'bantime.factor', `expected a number, got ${JSON.stringify(value)}`);
  return 1;
}

function multipliers(r: Reader): number[] {
  const value = str(r, 'bantime.multipliers')?.trim() ?? '';
  const words = value.split(/\s+/).filter((w) => w !== '');
  if (words.every((w) => /^[+-]?\d+$/.test(w))) return words.map((w) => Number.parseInt(w, 10));
  problem(r, 'bantime.multipliers', `expected integers separated by spaces, got ${JSON.stringify(value)}`);
  return [];
}

function ignorecache(r: Reader): IgnoreCacheSpec | null {
  const value = str(r, 'ignorecache')?.trim();
  if (value === undefined || value === '') return null;
  const parsed = parseOptionRef(`ignorecache[${value}]`);
  if (!parsed.ok || parsed.ref.options.key === undefined) {
    problem(r, 'ignorecache', `expected key="<ip>", max-count=N, max-time=T; ${parsed.ok ? 'key is missing' : parsed.message}`);
    return null;
  }
  const { key, 'max-count': maxCount = '100', 'max-time': maxTime = '300' } = parsed.ref.options;
  const count = /^\d+$/.test(maxCount.trim()) ? Number(maxCount) : null;
  const time = parseDuration(maxTime);
  if (count === null || time === null) {
    problem(r, 'ignorecache', `bad max-count or max-time in ${JSON.stringify(value)}`);
    return null;
  }
  return { key, maxCount: count, maxTime: time };
}
