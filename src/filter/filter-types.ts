/**
 * What the filter engine returns for a line. Pure data: no IO, time passed in by the caller.
 */

/** One failure found by the filter (fail2ban's "ticket" before counting). */
export interface Failure {
  /** 0-based index of the failregex that matched. */
  readonly regex: number;
  /** Failure id: `<F-ID>`, else the address (ip4, ip6), else dns. Null while pending (mlfid without id yet). */
  readonly id: string | null;
  /** Validated, normalised IP address (brackets, port and `::ffff:` stripped), or null. */
  readonly ip: string | null;
  /** Unix time in seconds (may have a fraction). */
  readonly time: number;
  /** Captured fields by fail2ban name: `user`, `alt_user`, `ip4`, `ip6`, `dns`, `fid`, custom `<F-X>` as `x`. */
  readonly fields: Readonly<Record<string, string>>;
  /** All users seen for a multi-line failure (`users` in fail2ban). */
  readonly users: readonly string[];
  /** The log lines that make up this failure (for `<matches>`; attempts = matches.length). */
  readonly matches: readonly string[];
  /** `<F-NOFAIL>`: matched, but not a failure (yet). */
  readonly nofail: boolean;
}

export type LineKind = 'match' | 'ignored' | 'missed' | 'suspicious';

export interface LineResult {
  readonly kind: LineKind;
  /** Time parsed from the line (or inherited per fail2ban rules), unix seconds; null if none. */
  readonly time: number | null;
  /** Display name of the date template that matched this line, or null. */
  readonly dateTemplate: string | null;
  /** Failures produced by this line (several in multi-line mode, or none). */
  readonly failures: readonly Failure[];
  /** Index of the failregex that charged this line (first wins), or null (also for suspicious lines). */
  readonly regex: number | null;
  /** Every failregex index that matched (only filled when the filter checks all regexes). */
  readonly allRegex: readonly number[];
  /** For `suspicious` and errors: why. */
  readonly reason?: string;
}
