/**
 * `warden regex` arguments -> typed RegexOptions (the one place they are checked). Problems throw
 * ERR_CLI_USAGE naming the option.
 */
import type { CommandArgs } from '../command.js';
import { countOption, flagOption, stringOption } from '../option-values.js';
import { usageError } from '../usage-error.js';
import { createLineDecoder } from './line-decoder.js';
import { parseIsoTime } from './parse-iso-time.js';

export type UseDns = 'yes' | 'no' | 'warn' | 'raw';

export interface RegexOptions {
  /** LOG argument: a file path, `-` for stdin, or a log line. */
  readonly log: string;
  /** FILTER argument: filter name, filter file (both with optional `[options]`) or a failregex. */
  readonly filter: string;
  readonly ignoreregex: string | null;
  readonly configDir: string | null;
  readonly datepattern: string | null;
  readonly timezone: string | null;
  /** Reference now (unix seconds) and whether it came from `--now`. */
  readonly now: number;
  readonly nowGiven: boolean;
  readonly json: boolean;
  readonly verbose: number;
  readonly printAllMatched: boolean;
  readonly printAllMissed: boolean;
  readonly printAllIgnored: boolean;
  readonly printNoMissed: boolean;
  readonly printNoIgnored: boolean;
  readonly maxlines: number | null;
  readonly usedns: UseDns | null;
  /** Canonical encoding name (checked: known and ASCII-compatible). */
  readonly encoding: string;
  readonly checkAllRegex: boolean;
  /** Seconds one line may take before its worker is stopped; 0 = no watchdog (single thread). */
  readonly lineTimeout: number;
}

const USEDNS = ['yes', 'no', 'warn', 'raw'] as const;
export const DEFAULT_LINE_TIMEOUT = 2;

function positiveInt(name: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw usageError(`regex: --${name} must be a positive integer, got '${text}'`);
  return Number(text);
}

function lineTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LINE_TIMEOUT;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw usageError(`regex: --line-timeout must be a number of seconds >= 0, got '${text}'`);
  return n;
}

function usedns(text: string | undefined): UseDns | null {
  if (text === undefined) return null;
  const v = text.toLowerCase();
  const found = USEDNS.find((u) => u === v);
  if (!found) throw usageError(`regex: --usedns must be one of ${USEDNS.join(', ')}, got '${text}'`);
  return found;
}

function now(text: string | undefined, current: number): number {
  if (text === undefined) return current;
  const t = parseIsoTime(text);
  if (t === null) throw usageError(`regex: --now must be an ISO-8601 date or date-time (e.g. 2024-01-05T03:12:44Z), got '${text}'`);
  return t;
}

function exclusive(values: CommandArgs['values'], a: string, b: string): void {
  if (flagOption(values, a) && flagOption(values, b)) throw usageError(`regex: --${a} and --${b} cannot be used together`);
}

/** `current` is the default now (unix seconds). */
export function parseRegexOptions(args: CommandArgs, current: number): RegexOptions {
  const { values, positionals } = args;
  if (positionals.length < 2 || positionals.length > 3) {
    throw usageError(`regex: expected LOG and FILTER, and optionally IGNOREREGEX (got ${positionals.length} argument${positionals.length === 1 ? '' : 's'})`);
  }
  exclusive(values, 'print-all-missed', 'print-no-missed');
  exclusive(values, 'print-all-ignored', 'print-no-ignored');
  const tz = stringOption(values, 'timezone') ?? stringOption(values, 'TZ');
  return {
    log: positionals[0],
    filter: positionals[1],
    ignoreregex: positionals[2] ?? null,
    configDir: stringOption(values, 'config') ?? null,
    datepattern: stringOption(values, 'datepattern') ?? null,
    timezone: tz ?? null,
    now: now(stringOption(values, 'now'), current),
    nowGiven: stringOption(values, 'now') !== undefined,
    json: flagOption(values, 'json'),
    verbose: countOption(values, 'verbose'),
    printAllMatched: flagOption(values, 'print-all-matched'),
    printAllMissed: flagOption(values, 'print-all-missed'),
    printAllIgnored: flagOption(values, 'print-all-ignored'),
    printNoMissed: flagOption(values, 'print-no-missed'),
    printNoIgnored: flagOption(values, 'print-no-ignored'),
    maxlines: positiveInt('maxlines', stringOption(values, 'maxlines')),
    usedns: usedns(stringOption(values, 'usedns')),
    encoding: createLineDecoder(stringOption(values, 'encoding') ?? 'utf-8').name,
    checkAllRegex: !flagOption(values, 'no-check-all'),
    lineTimeout: lineTimeout(stringOption(values, 'line-timeout')),
  };
}
