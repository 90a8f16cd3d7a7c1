/**
 * Judges one LineResult against its failJSON the way fail2ban's samplestestcase does: match or not,
 * exactly one failregex, every annotated key (host falls back to the failure id), time to the microsecond.
 */
import type { Failure, LineResult } from '../../src/filter/filter-types.js';
import { sameAddress } from './ip-compare.js';
import { failJsonTime, type PosixZone } from './local-time.js';
import type { FailJson, JsonValue } from './sample-file.js';

/** Keys that are not compared with captured values (`suspicious` is warden's extension). */
const NOT_FIELDS = new Set(['time', 'match', 'desc', 'constraint', 'suspicious']);

/** Failures that count: neither pending (no id yet) nor `<F-NOFAIL>`. */
export function countedFailures(result: LineResult): Failure[] {
  return result.failures.filter((f) => f.id !== null && !f.nofail);
}

/** fail2ban's `fail.get(key)`: a captured field, or the merged users / matches; null when absent. */
function failValue(f: Failure, key: string): JsonValue {
  const field = Object.hasOwn(f.fields, key) ? f.fields[key] : undefined;
  if (field !== undefined) return field;
  if (key === 'users') return f.users.length > 0 ? f.users : null;
  if (key === 'matches') return f.matches;
  if (key === 'ip') return f.ip;
  return null;
}

/** True when fail2ban would have built the id from ip4/ip6 (then compared as an address). */
function idIsAddress(f: Failure): boolean {
  const ip = f.fields.ip4 ?? f.fields.ip6;
  return ip !== undefined && (f.fields.fid === undefined || f.fields.fid === ip);
}

function show(v: JsonValue | undefined): string {
  return JSON.stringify(v ?? null);
}

function sortedEqual(got: readonly JsonValue[], want: JsonValue): boolean {
  if (!Array.isArray(want) || want.length !== got.length) return false;
  const a = got.map((v) => JSON.stringify(v)).sort();
  const b = (want as JsonValue[]).map((v) => JSON.stringify(v)).sort();
  return a.every((v, i) => v === b[i]);
}

/** Compares one annotated key; returns a reason when it differs. */
function checkKey(f: Failure, key: string, want: JsonValue): string | null {
  let got = failValue(f, key);
  if (got === null && key === 'host' && f.id !== null) {
    const same = idIsAddress(f) && typeof want === 'string' ? sameAddress(f.id, want) : f.id === want;
    return same ? null : `host: got ${show(f.id)}, expected ${show(want)}`;
  }
  if (got === null && key === 'attempts') got = f.matches.length;
  if (Array.isArray(got)) {
    return sortedEqual(got, want) ? null : `${key}: got ${show(got)}, expected ${show(want)} (sorted)`;
  }
  return got === want ? null : `${key}: got ${show(got)}, expected ${show(want)}`;
}

function checkTime(f: Failure, want: JsonValue, zone: PosixZone): string | null {
  const expected = typeof want === 'string' ? failJsonTime(want, zone) : null;
  if (expected === null) return `time: annotation ${show(want)} is not YYYY-MM-DDTHH:MM:SS[.ffffff]`;
  // fail2ban compares floats exactly; a microsecond is the finest unit either side writes.
  if (Math.abs(f.time - expected) < 5e-7) return null;
  const iso = new Date(f.time * 1000).toISOString();
  return `time: got ${f.time} (${iso}), expected ${expected} (${want}), diff ${(f.time - expected).toFixed(3)} s`;
}

/** Null when the line agrees with its annotation, else a short reason. */
export function checkLine(expect: FailJson, result: LineResult, zone: PosixZone): string | null {
  const wantSuspicious = expect.suspicious === true;
  if (wantSuspicious !== (result.kind === 'suspicious')) {
    return wantSuspicious ? `expected a suspicious line, got ${result.kind}` : `line reported suspicious: ${result.reason ?? ''}`;
  }
  const found = countedFailures(result);
  const wantMatch = expect.match === true;
  if (found.length === 0) return wantMatch ? `no failure (${result.kind}), expected a match` : null;
  if (!wantMatch) return `matched failregex ${found.map((f) => f.regex).join(', ')}, expected no match`;
  if (found.length !== 1) return `${found.length} failures (failregex ${found.map((f) => f.regex).join(', ')}), expected exactly one`;
  const f = found[0];
  for (const [key, want] of Object.entries(expect)) {
    if (NOT_FIELDS.has(key)) continue;
    const reason = checkKey(f, key, want);
    if (reason !== null) return reason;
  }
  return expect.time === undefined || expect.time === null ? null : checkTime(f, expect.time, zone);
}
