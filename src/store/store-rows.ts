/**
 * Conversion between the shared records and the store's table rows (raw arrays, matches as JSON).
 */
import type { BanRecord, FailureRecord, FilePosition, JournalPosition } from '../core/records.js';

const NO_MATCHES: readonly string[] = Object.freeze([]);
const NO_MATCHES_JSON = '[]';

/** JSON for a matches list, keeping the last `max` lines (fail2ban keeps the newest). */
export function matchesJson(matches: readonly string[], max = Infinity): string {
  if (matches.length === 0 || max <= 0) return NO_MATCHES_JSON;
  return JSON.stringify(matches.length > max ? matches.slice(-max) : matches);
}

/** Matches list from its JSON; the empty list is one shared frozen array. */
export function parseMatches(json: string): readonly string[] {
  return json === NO_MATCHES_JSON ? NO_MATCHES : (JSON.parse(json) as string[]);
}

/** Row of `bans`: [jail, ip, time_of_ban, bantime, ban_count, failures, matches]. */
export type BanRow = [string, string, number, number, number, number, string];

export function banFromRow(row: unknown[]): BanRecord {
  const [jail, ip, timeOfBan, bantime, banCount, failures, matches] = row as BanRow;
  return { jail, ip, timeOfBan, bantime, banCount, failures, matches: parseMatches(matches) };
}

export function banToRow(ban: BanRecord, maxMatches: number): BanRow {
  return [ban.jail, ban.ip, ban.timeOfBan, ban.bantime, ban.banCount, ban.failures, matchesJson(ban.matches, maxMatches)];
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
