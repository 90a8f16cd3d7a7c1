/**
 * Counters and listed lines of one `warden regex` run. Plain data so a worker can post a batch of it
 * and the main thread can merge batches in input order.
 */

export interface ListedLine {
  /** 1-based line number in the input. */
  readonly line: number;
  readonly text: string;
  /** Why the line is listed (suspicious lines). */
  readonly note?: string;
}

/** One failure found, for `-v` (listed under its failregex). */
export interface HitDetail {
  readonly regex: number;
  readonly line: number;
  readonly host: string | null;
  readonly time: number;
}

export interface RunStats {
  /** Lines given to the filter (fail2ban-regex skips empty lines and lines starting with `#`). */
  lines: number;
  matched: number;
  missed: number;
  ignored: number;
  suspicious: number;
  /** Missed lines skipped by the literal pre-filter (no date detection, no regex run on them). */
  prefiltered: number;
  /** Line numbers abandoned because matching took longer than the line timeout. */
  timedOut: number[];
  /** Hits per failregex (every matching regex counts when all regexes are checked). */
  regexHits: number[];
  templateHits: Map<string, number>;
  matchedLines: ListedLine[];
  missedLines: ListedLine[];
  ignoredLines: ListedLine[];
  suspiciousLines: ListedLine[];
  hits: HitDetail[];
}

export function emptyStats(regexCount: number): RunStats {
  return {
    lines: 0,
    matched: 0,
    missed: 0,
    ignored: 0,
    suspicious: 0,
    prefiltered: 0,
    timedOut: [],
    regexHits: new Array<number>(regexCount).fill(0),
    templateHits: new Map(),
    matchedLines: [],
    missedLines: [],
    ignoredLines: [],
    suspiciousLines: [],
    hits: [],
  };
}

/** How many lines of each kind to keep: Infinity for `--print-all-*`, 0 for `--print-no-*`. */
export interface ListLimits {
  readonly matched: number;
  readonly missed: number;
  readonly ignored: number;
  readonly suspicious: number;
}

function appendUpTo<T>(into: T[], from: readonly T[], limit: number): void {
  for (let i = 0; i < from.length && into.length < limit; i++) into.push(from[i]);
}

/** Add a later batch to `into` (batches must be merged in input order). */
export function mergeStats(into: RunStats, batch: RunStats, limits: ListLimits): void {
  into.lines += batch.lines;
  into.matched += batch.matched;
  into.missed += batch.missed;
  into.ignored += batch.ignored;
  into.suspicious += batch.suspicious;
  into.prefiltered += batch.prefiltered;
  into.timedOut.push(...batch.timedOut);
  batch.regexHits.forEach((n, i) => (into.regexHits[i] = (into.regexHits[i] ?? 0) + n));
  for (const [name, n] of batch.templateHits) into.templateHits.set(name, (into.templateHits.get(name) ?? 0) + n);
  appendUpTo(into.matchedLines, batch.matchedLines, limits.matched);
  appendUpTo(into.missedLines, batch.missedLines, limits.missed);
  appendUpTo(into.ignoredLines, batch.ignoredLines, limits.ignored);
  appendUpTo(into.suspiciousLines, batch.suspiciousLines, limits.suspicious);
  for (const h of batch.hits) into.hits.push(h);
}

const shifted = (lines: readonly ListedLine[], by: number): ListedLine[] => lines.map((l) => ({ ...l, line: l.line + by }));

/** Renumber a batch counted from another first line (a ranged worker numbers its lines from 1). */
export function shiftLineNumbers(stats: RunStats, by: number): void {
  if (by === 0) return;
  stats.timedOut = stats.timedOut.map((n) => n + by);
  stats.matchedLines = shifted(stats.matchedLines, by);
  stats.missedLines = shifted(stats.missedLines, by);
  stats.ignoredLines = shifted(stats.ignoredLines, by);
  stats.suspiciousLines = shifted(stats.suspiciousLines, by);
  stats.hits = stats.hits.map((h) => ({ ...h, line: h.line + by }));
}
