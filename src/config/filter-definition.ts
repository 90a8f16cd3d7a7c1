/**
 * The resolved form of one filter as a jail (or `warden regex`) uses it: every `%(x)s` and every
 * known `<tag>` substituted, regex tags such as `<HOST>` and `<F-USER>` left for src/filter.
 */
import type { ConfigPlace } from '../core/errors.js';

/** One regex line from a config value, with where it came from (for error messages). */
export interface RegexEntry {
  readonly regex: string;
  readonly place: ConfigPlace;
}

export interface FilterDefinition {
  /** Filter name as referenced (`sshd`), or the file's base name. */
  readonly name: string;
  /** The main file the filter was read from (`/etc/fail2ban/filter.d/sshd.conf`). */
  readonly file: string;
  readonly prefregex: RegexEntry | null;
  readonly failregex: readonly RegexEntry[];
  readonly ignoreregex: readonly RegexEntry[];
  /** Raw datepattern value (may hold several lines = several templates), or null for the defaults. */
  readonly datepattern: string | null;
  readonly maxlines: number;
  readonly journalmatch: readonly string[];
  /** usedns when given by the jail or filter options; null means the caller's default. */
  readonly usedns: string | null;
  /**
   * warden extension, `lineshapes` in [Definition]: one entry per line, `HEAD => WHOLE`.
   * A line whose content matches HEAD but not WHOLE is incomplete; the line after it is suspicious.
   */
  readonly lineshapes: readonly RegexEntry[];
  /** Every resolved option of [Init] and [Definition] (after jail/CLI options), for tags and display. */
  readonly options: Readonly<Record<string, string>>;
}

/** A definition with nothing but what `fields` gives (a one-regex filter, tests). */
export function filterDefinition(fields: Partial<FilterDefinition> & Pick<FilterDefinition, 'name' | 'file'>): FilterDefinition {
  return {
    prefregex: null,
    failregex: [],
    ignoreregex: [],
    datepattern: null,
    maxlines: 1,
    journalmatch: [],
    usedns: null,
    lineshapes: [],
    options: {},
    ...fields,
  };
}
