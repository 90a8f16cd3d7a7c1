/**
 * One failregex match -> a Failure: merge a connection's lines (mlfid), pick the failure id
 * (F-ID, else the address, else the name) and validate the address as an IP literal.
 */
import { parseIpLiteral } from '../core/ip.js';
import type { Failure } from './filter-types.js';
import type { MlfidCache } from './mlfid-cache.js';
import { mergeFailure, newFailData, type FailData } from './merge-failure.js';

const NO_USERS: readonly string[] = Object.freeze([]);

/** Failure from one failregex match; a string explains why the match is not a failure. */
export function toFailure(
  cache: MlfidCache<FailData>,
  regex: number,
  groups: Record<string, string>,
  lines: string[],
  date: number | null,
  now: number,
): Failure | string {
  const mlfid = groups.mlfid;
  // A connection's failure (mlfid) is merged into the cached data, which later lines change: copy it.
  const data: FailData | null = mlfid === undefined ? null : mergeFailure(cache, mlfid, newFailData(groups), lines, now);
  const g = data === null ? groups : { ...data.groups };
  const fid = g.fid;
  let ip: string | null = null;
  let id: string | null;
  const addr = g.ip4 ?? g.ip6;
  if (addr !== undefined) {
    const parsed = parseIpLiteral(addr);
    if (parsed === null) return `captured address ${JSON.stringify(addr)} is not an IP address`;
    ip = parsed.ip;
    id = fid === undefined || fid === addr ? ip : fid;
  } else if (g.dns !== undefined) {
    ip = parseIpLiteral(g.dns)?.ip ?? null;
    id = fid === undefined || fid === g.dns ? (ip ?? g.dns) : fid;
  } else id = fid ?? null;
  if (id === null) {
    if (data === null) return 'no failure id captured';
    data.pending = true;
  }
  if (ip !== null && id !== ip) g.ip = ip;
  return {
    regex,
    id,
    ip,
    time: date ?? now,
    fields: g,
    users: data?.users ? [...data.users] : NO_USERS,
    matches: data === null ? lines : [...data.matches],
    nofail: data === null ? Boolean(g.nofail) : data.nofail,
  };
}
