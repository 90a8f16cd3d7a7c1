/**
 * A compiled filter: fail2ban's prefregex / failregex / ignoreregex / date detection / multi-line
 * semantics over one log line at a time. Pure: the caller passes each line and "now".
 */
import type { LineResult } from './filter-types.js';

export interface CompileOptions {
  /** fail2ban usedns: 'no' (warden default) never treats a name as a host. */
  readonly usedns?: 'yes' | 'no' | 'warn' | 'raw';
  /** logtimezone of the jail / `--timezone` of `warden regex`. */
  readonly timezone?: string | null;
  /** Zone for stamps without one when `timezone` is unset (POSIX TZ string, IANA name, or 'local'). */
  readonly defaultTimezone?: string;
  /** Try every failregex on each line (for statistics), as fail2ban-regex does by default. */
  readonly checkAllRegex?: boolean;
  /** Longest line (in characters) given to the regexes; longer lines are cut (warden: bounded time). */
  readonly maxLineLength?: number;
}

export interface Filter {
  readonly name: string;
  /** failregex lines as written in the config (before tag expansion), for display. */
  readonly failregex: readonly string[];
  readonly ignoreregex: readonly string[];
  readonly prefregex: string | null;
  readonly maxlines: number;
  /**
   * Literal pre-filter: when non-null, a line that contains none of these strings cannot produce a
   * failure, an ignore or an incomplete line shape, so callers may skip it with `skipLine()`.
   * Null when no such set is known (every line must go through processLine).
   */
  readonly requiredLiterals: readonly string[] | null;
  /**
   * Process one line (without its trailing newline). `now` is unix seconds. `opts.time` gives the
   * line's time when the source knows it (systemd journal): no date is parsed from the text then.
   */
  processLine(line: string, now: number, opts?: { time?: number }): LineResult;
  /**
   * Account for a line the caller skipped through `requiredLiterals`; `length` (characters or bytes
   * of the line) keeps the forged-newline window right (see `lineshapespan`).
   */
  skipLine(length?: number): void;
  /**
   * True while a forged-newline window is open (after an incomplete line, see `lineshapes` and
   * `lineshapespan`): the caller must give the next line to processLine, not skip it.
   */
  readonly suspectOpen?: boolean;
}
