/**
 * Conversion between the shared records and the store's table rows (raw arrays; matches as text, see matchesText).
 */
import type { BanRecord, FailureRecord, FilePosition, JournalPosition } from '../core/records.js';

const NO_MATCHES: readonly string[] = Object.freeze([]);
const NO_MATCHES_TEXT = '[]';
/** Starts the text of exactly one match line: a JSON array never starts with it. */
const ONE_MATCH = '\n';

/**
 * A matches list as stored, keeping the last `max` lines (fail2ban keeps the newest): one line as
 * itself after a newline (most failure rows: no JSON to write or parse), else a JSON array.
 */
export function matchesText(matches: readonly string[], max = Infinity): string {
  if (matches.length === 0 || max <= 0) return NO_MATCHES_TEXT;
  if (matches.length === 1 || max === 1) return ONE_MATCH + matches[matches.length - 1];
  return JSON.stringify(matches.length > max ? matches.slice(-max) : matches);
}

/** Matches list from its stored text; the empty list is one shared frozen array. */
export function parseMatches(text: string): readonly string[] {
  if (text === NO_MATCHES_TEXT) return NO_MATCHES;
  if (text.startsWith(ONE_MATCH)) return [text.slice(ONE_MATCH.length)];
  return JSON.parse(text) as string[];
}

/** Row of `bans`: [jail, ip, time_of_ban, bantime, ban_count, failures, matches]. */
export type BanRow = [string, string, number, number, number, number, string];

export function banFromRow(row: unknown[]): BanRecord {
  const [jail, ip, timeOfBan, bantime, banCount, failures, matches] = row as BanRow;
  return { jail, ip, timeOfBan, bantime, banCount, failures, matches: parseMatches(matches) };
}

export function banToRow(ban: BanRecord, maxMatches: number): BanRow {
  return [ban.jail, ban.ip, ban.timeOfBan, ban.bantime, ban.banCount, ban.failures, matchesText(ban.matches, maxMatches)];
}

export function failureFromRow(jail: string, id: string, time: number, matches: string): FailureRecord {
  return { jail, id, time, matches: parseMatches(matches) };
}

export function positionFromRow(row: unknown[]): FilePosition {
  const [path, inode, offset, firstLineHash] = row as [string, string, number, string];
  return { path, inode, offset, firstLineHash };
}

export function journalFromRow(row: unknown[]): JournalPosition {
  const [key, cursor] = row as [string, string];
  return { key, cursor };
}
