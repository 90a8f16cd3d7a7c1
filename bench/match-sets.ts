/**
 * The matches each tool reports, in one comparable form: parse `warden regex --json` and
 * `fail2ban-regex -o row` output, then compare counts, per-address multisets and the ordered sequence.
 */

export interface Match {
  readonly ip: string;
  /** Unix seconds, or null when the tool reported none. */
  readonly time: number | null;
  /** 1-based log line number when the tool reports it (warden), else null. */
  readonly line: number | null;
}

/** `['1.2.3.4',\t1329153714.0,\t{...}],` as printed by `fail2ban-regex -o row`; null for other lines. */
export function parseFail2banRow(text: string): Match | null {
  const m = /^\[(['"])(.*?)\1,\s*([\d.]+|None),/.exec(text);
  if (m === null) return null;
  return { ip: m[2], time: m[3] === 'None' ? null : Number(m[3]), line: null };
}

interface WardenJsonLine {
  line: number;
  match: boolean;
  host: string | null;
  time: number | null;
  ignored: boolean;
}

/** One `warden regex --json` object; null when the line did not match (or was ignored). */
export function parseWardenJson(text: string): Match | null {
  if (text.length === 0) return null;
  const row = JSON.parse(text) as WardenJsonLine;
  if (!row.match || row.ignored) return null;
  return { ip: row.host ?? '', time: row.time, line: row.line };
}

export function countIps(matches: readonly Match[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of matches) counts.set(m.ip, (counts.get(m.ip) ?? 0) + 1);
  return counts;
}

export interface IpCountDiff {
  readonly ip: string;
  readonly left: number;
  readonly right: number;
}

/** Addresses whose number of matches differs between the two tools, most different first. */
export function diffIpCounts(left: ReadonlyMap<string, number>, right: ReadonlyMap<string, number>): IpCountDiff[] {
  const diffs: IpCountDiff[] = [];
  for (const ip of new Set([...left.keys(), ...right.keys()])) {
    const l = left.get(ip) ?? 0;
    const r = right.get(ip) ?? 0;
    if (l !== r) diffs.push({ ip, left: l, right: r });
  }
  return diffs.sort((a, b) => Math.abs(b.left - b.right) - Math.abs(a.left - a.right) || a.ip.localeCompare(b.ip));
}

/** Index of the first position where the ordered (ip, time) sequences differ, or -1 when equal. */
export function firstDivergence(left: readonly Match[], right: readonly Match[]): number {
  const n = Math.min(left.length, right.length);
  for (let i = 0; i < n; i++) {
    const a = left[i];
    const b = right[i];
    if (a.ip !== b.ip || (a.time !== null && b.time !== null && a.time !== b.time)) return i;
  }
  return left.length === right.length ? -1 : n;
}

export interface Comparison {
  readonly leftName: string;
  readonly rightName: string;
  readonly leftCount: number;
  readonly rightCount: number;
  readonly ipDiffs: readonly IpCountDiff[];
  /** Index of the first differing match in order, -1 if none or when order is unknown. */
  readonly divergence: number;
  readonly same: boolean;
}

export interface MatchSide {
  readonly name: string;
  readonly counts: ReadonlyMap<string, number>;
  /** The ordered matches, when known (not for the generator's expectation). */
  readonly matches: readonly Match[] | null;
}

export function compareSides(left: MatchSide, right: MatchSide): Comparison {
  const total = (counts: ReadonlyMap<string, number>): number => [...counts.values()].reduce((s, n) => s + n, 0);
  const ipDiffs = diffIpCounts(left.counts, right.counts);
  const divergence = left.matches !== null && right.matches !== null ? firstDivergence(left.matches, right.matches) : -1;
  const leftCount = total(left.counts);
  const rightCount = total(right.counts);
  const same = ipDiffs.length === 0 && divergence === -1 && leftCount === rightCount;
  return { leftName: left.name, rightName: right.name, leftCount, rightCount, ipDiffs, divergence, same };
}

/** Human-readable first differences (at most `limit` addresses). */
export function describeComparison(c: Comparison, limit = 10): string[] {
  if (c.same) return [`${c.leftName} and ${c.rightName} agree: ${c.leftCount} matches`];
  const out = [`${c.leftName} and ${c.rightName} DIFFER: ${c.leftCount} vs ${c.rightCount} matches, ${c.ipDiffs.length} addresses with different counts`];
  for (const d of c.ipDiffs.slice(0, limit)) out.push(`  ${d.ip}: ${c.leftName} ${d.left}, ${c.rightName} ${d.right}`);
  if (c.ipDiffs.length > limit) out.push(`  ... and ${c.ipDiffs.length - limit} more`);
  if (c.divergence >= 0) out.push(`  in order, the matches first differ at match #${c.divergence + 1}`);
  return out;
}
