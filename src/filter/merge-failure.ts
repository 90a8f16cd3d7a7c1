/**
 * Multi-line failure merging by `<F-MLFID>`: a connection's lines accumulate into one failure;
 * `<F-NOFAIL>` marks "not a failure yet", `<F-MLFGAINED>` a successful login, `<F-MLFFORGET>` the end
 * of the connection. Mirrors fail2ban's semantics (users set, pending failures, nofail matches).
 */
import type { MlfidCache } from './mlfid-cache.js';

/** Failure data while it is being built: captured groups plus bookkeeping keys. */
export interface FailData {
  groups: Record<string, string>;
  matches: string[];
  users: Set<string> | null;
  nofail: boolean;
  gained: boolean;
  pending: boolean;
  nofailMatches: string[];
}

const NOFAIL = 1;
const FORGET = 2;
const CACHED_STATE = 4;
const GAINED = 8;

export function newFailData(groups: Record<string, string>): FailData {
  return { groups, matches: [], users: null, nofail: false, gained: false, pending: false, nofailMatches: [] };
}

function addUser(fail: FailData, user: string | undefined): Set<string> | null {
  if (!user) return fail.users;
  fail.users ??= new Set();
  fail.users.add(user);
  return fail.users;
}

/** Merge `fail` (this line's groups) into the cached failure of `mlfid`; returns the merged data. */
export function mergeFailure(
  cache: MlfidCache<FailData>,
  mlfid: string,
  fail: FailData,
  matchedLines: readonly string[],
  now: number,
): FailData {
  const cached = cache.get(mlfid, now);
  let flags = 0;
  if (fail.groups.mlfgained) flags |= GAINED | NOFAIL;
  else if (fail.groups.nofail) flags |= NOFAIL;
  if (fail.groups.mlfforget) flags |= FORGET;
  delete fail.groups.mlfforget;
  fail.nofail = (flags & NOFAIL) !== 0;
  fail.gained = (flags & GAINED) !== 0;
  let users: Set<string> | null;
  if (cached) {
    users = addUser(cached, fail.groups.user);
    if (cached.nofail || cached.gained) flags |= CACHED_STATE;
    cached.nofail = false;
    cached.gained = false;
    if (flags & GAINED) cached.pending = false;
    if ((flags & CACHED_STATE) === 0 && !cached.pending) cached.matches = [];
    for (const [k, v] of Object.entries(fail.groups)) cached.groups[k] = v;
    if (flags & NOFAIL) cached.nofail = true;
    if (flags & GAINED) cached.gained = true;
    fail = cached;
    if (flags & FORGET) cache.delete(mlfid);
  } else {
    users = addUser(fail, fail.groups.user);
    if ((flags & FORGET) === 0) cache.set(mlfid, fail, now);
  }
  const wasPending = fail.pending;
  fail.pending = false;
  if (wasPending || (users !== null && users.size > 1)) {
    fail.nofail = false;
    fail.gained = false;
    flags &= ~(GAINED | NOFAIL);
  }
  if ((flags & NOFAIL) === 0) {
    const merged = [...fail.nofailMatches, ...fail.matches];
    fail.nofailMatches = [];
    if ((flags & GAINED) === 0) merged.push(...matchedLines);
    fail.matches = merged;
  } else if ((flags & (NOFAIL | FORGET)) === NOFAIL) {
    fail.nofailMatches = [...fail.nofailMatches, ...matchedLines];
  }
  return fail;
}
