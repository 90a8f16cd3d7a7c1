/**
 * Records shared by the daemon's stages (jail, store, sources, control): plain data, no behaviour.
 * Times are unix seconds (numbers, may have a fraction); -1 bantime means permanent.
 */

/** One counted failure of a jail (what the store keeps of the counters in flight). */
export interface FailureRecord {
  readonly jail: string;
  /** Failure id: the IP address normally (fail2ban's ticket id). */
  readonly id: string;
  /** Log time of the failure. */
  readonly time: number;
  /** The log line(s) of this failure, for `<matches>` (may be empty). */
  readonly matches: readonly string[];
}

/** An active ban (or one from the history when read back for bantime.increment). */
export interface BanRecord {
  readonly jail: string;
  /** The banned id (an IP address). */
  readonly ip: string;
  /** When the ban started. */
  readonly timeOfBan: number;
  /** Its length in seconds; -1 = permanent. */
  readonly bantime: number;
  /** How many times this ip was banned in this jail, this ban included (1 for the first). */
  readonly banCount: number;
  /** Failures that led to it (0 for a manual `banip`). */
  readonly failures: number;
  /** The matched log lines, at most dbmaxmatches. */
  readonly matches: readonly string[];
}

/** Expiry of a ban; null when permanent. */
export function banExpiry(ban: Pick<BanRecord, 'timeOfBan' | 'bantime'>): number | null {
  return ban.bantime < 0 ? null : ban.timeOfBan + ban.bantime;
}

/** Where reading of one log file stopped: enough to resume after a restart without reading twice. */
export interface FilePosition {
  readonly path: string;
  /** Inode number of the file that was read (as a decimal string: inodes may exceed 2^53). */
  readonly inode: string;
  /** Byte offset just after the last complete line handed out. */
  readonly offset: number;
  /** Hex sha1 of the file's first line (up to 4 KiB), '' for an empty file: detects a replaced file. */
  readonly firstLineHash: string;
}

/** Where reading of the systemd journal stopped (journalctl cursor), per jail match set. */
export interface JournalPosition {
  /** Identifies the journal reader (e.g. `journal:` + the journalmatch). */
  readonly key: string;
  readonly cursor: string;
}
