/**
 * The hot loop of `warden regex`: receives byte ranges from the LineSplitter, pre-filters on raw
 * bytes, decodes, runs the filter and tallies results (summary) or formats them (`--json`).
 * Runs in the matching worker, or in-process for `--line-timeout 0`.
 */
import type { Filter } from '../../filter/filter.js';
import type { LineResult } from '../../filter/filter-types.js';
import { jsonLine, jsonUnprocessedLine, resultHost } from './json-line.js';
import type { LineDecoder } from './line-decoder.js';
import type { LineSink } from './line-splitter.js';
import { LiteralScanner } from './literal-scanner.js';
import { OutputBuffer } from './output-buffer.js';
import { emptyStats, type ListLimits, type RunStats } from './run-stats.js';

export interface SessionConfig {
  readonly json: boolean;
  /** Reference "now" (unix seconds) for year inference. */
  readonly now: number;
  /** Use filter.requiredLiterals to skip lines on raw bytes (off when every line is needed). */
  readonly prefilter: boolean;
  /** Record every failure for `-v`. */
  readonly verbose: boolean;
  readonly limits: ListLimits;
  /** Number of the first line this session sees, minus one. */
  readonly linesBefore: number;
  /** Line numbers to skip as timed out (ascending): lines a previous worker got stuck on. */
  readonly timedOut: readonly number[];
}

const HASH = 0x23;
/** A timed-out line is listed cut to this many bytes (it may be huge). */
const LISTED_TIMED_OUT_BYTES = 200;

export class MatchSession implements LineSink {
  readonly #filter: Filter;
  readonly #decoder: LineDecoder;
  readonly #config: SessionConfig;
  readonly #scanner: LiteralScanner | null;
  /** Shared with the watchdog: [0] = number of the line being processed. */
  readonly #progress: Float64Array;
  #lineNo: number;
  #timedOutAt: number;
  #timedOutIndex = 0;
  readonly #out = new OutputBuffer();
  #stats: RunStats;
  #lastTemplate: string | null = null;
  #lastTemplateHits = 0;

  constructor(filter: Filter, decoder: LineDecoder, config: SessionConfig, progress: Float64Array) {
    this.#filter = filter;
    this.#decoder = decoder;
    this.#config = config;
    this.#progress = progress;
    this.#lineNo = config.linesBefore;
    while (this.#timedOutIndex < config.timedOut.length && config.timedOut[this.#timedOutIndex] <= config.linesBefore) this.#timedOutIndex++;
    this.#timedOutAt = config.timedOut[this.#timedOutIndex] ?? -1;
    this.#stats = emptyStats(filter.failregex.length);
    this.#scanner = config.prefilter ? scannerFor(filter, decoder) : null;
  }

  get lineNo(): number {
    return this.#lineNo;
  }

  line(buf: Buffer, start: number, end: number): void {
    const n = ++this.#lineNo;
    this.#progress[0] = n;
    if (n === this.#timedOutAt) return this.#skipTimedOut(n, buf, start, end);
    if (end === start || buf[start] === HASH) {
      if (this.#config.json) this.#out.write(jsonUnprocessedLine(n));
      return;
    }
    if (this.#scanner !== null && !this.#scanner.has(buf, start, end) && !this.#filter.suspectOpen) return this.#skipNoLiteral(n, buf, start, end);
    const text = this.#decoder.decode(buf, start, end);
    const r = this.#filter.processLine(text, this.#config.now);
    if (this.#config.json) this.#out.write(jsonLine(n, r));
    else this.#tally(n, text, r);
  }

  /**
   * A sink for lines before this session's first one (numbered from `first`): they go through the
   * filter as in line() so its state (previous line, recent date) is right, but nothing is reported.
   */
  primer(first: number): LineSink {
    let n = first - 1;
    return { line: (buf, start, end) => this.#prime(++n, buf, start, end) };
  }

  #prime(n: number, buf: Buffer, start: number, end: number): void {
    this.#progress[0] = n;
    if (end === start || buf[start] === HASH) return;
    if (this.#config.timedOut.includes(n)) return this.#filter.skipLine(end - start);
    if (this.#scanner !== null && !this.#scanner.has(buf, start, end) && !this.#filter.suspectOpen) return this.#filter.skipLine(end - start);
    this.#filter.processLine(this.#decoder.decode(buf, start, end), this.#config.now);
  }

  /** JSON text (UTF-8) produced since the last call, or null if none. */
  takeOutput(): Buffer | null {
    return this.#out.isEmpty ? null : this.#out.take();
  }

  /** Counts since the last call (a batch). */
  takeStats(): RunStats {
    this.#flushTemplate();
    const stats = this.#stats;
    this.#stats = emptyStats(this.#filter.failregex.length);
    return stats;
  }

  #skipNoLiteral(n: number, buf: Buffer, start: number, end: number): void {
    this.#filter.skipLine(end - start);
    const s = this.#stats;
    s.lines++;
    s.missed++;
    s.prefiltered++;
    if (s.missedLines.length < this.#config.limits.missed) s.missedLines.push({ line: n, text: this.#decoder.decode(buf, start, end) });
  }

  #skipTimedOut(n: number, buf: Buffer, start: number, end: number): void {
    this.#timedOutAt = this.#config.timedOut[++this.#timedOutIndex] ?? -1;
    this.#filter.skipLine(end - start);
    if (this.#config.json) this.#out.write(jsonUnprocessedLine(n));
    const s = this.#stats;
    s.lines++;
    s.missed++;
    s.timedOut.push(n);
    if (s.missedLines.length < this.#config.limits.missed) {
      const text = this.#decoder.decode(buf, start, Math.min(end, start + LISTED_TIMED_OUT_BYTES));
      s.missedLines.push({ line: n, text, note: 'timed out' });
    }
  }

  #tally(n: number, text: string, r: LineResult): void {
    const s = this.#stats;
    const limits = this.#config.limits;
    s.lines++;
    if (r.kind === 'match') {
      s.matched++;
      if (s.matchedLines.length < limits.matched) s.matchedLines.push({ line: n, text });
      if (this.#config.verbose) this.#recordHits(n, r);
    } else if (r.kind === 'missed') {
      s.missed++;
      if (s.missedLines.length < limits.missed) s.missedLines.push({ line: n, text });
    } else if (r.kind === 'ignored') {
      s.ignored++;
      if (s.ignoredLines.length < limits.ignored) s.ignoredLines.push({ line: n, text });
    } else {
      s.suspicious++;
      if (s.suspiciousLines.length < limits.suspicious) s.suspiciousLines.push({ line: n, text, note: r.reason });
    }
    const all = r.allRegex;
    if (all.length > 0) for (let i = 0; i < all.length; i++) s.regexHits[all[i]]++;
    else if (r.regex !== null) s.regexHits[r.regex]++;
    if (r.dateTemplate !== null) this.#countTemplate(r.dateTemplate);
  }

  #recordHits(n: number, r: LineResult): void {
    for (const f of r.failures) {
      if (!f.nofail) this.#stats.hits.push({ regex: f.regex, line: n, host: f.ip ?? f.id, time: f.time });
    }
    if (r.failures.length === 0 && r.regex !== null) this.#stats.hits.push({ regex: r.regex, line: n, host: resultHost(r), time: r.time ?? this.#config.now });
  }

  /** Date templates: most lines use the same one, so count runs before touching the Map. */
  #countTemplate(name: string): void {
    if (name === this.#lastTemplate) {
      this.#lastTemplateHits++;
      return;
    }
    this.#flushTemplate();
    this.#lastTemplate = name;
    this.#lastTemplateHits = 1;
  }

  #flushTemplate(): void {
    if (this.#lastTemplate === null) return;
    const hits = this.#stats.templateHits;
    hits.set(this.#lastTemplate, (hits.get(this.#lastTemplate) ?? 0) + this.#lastTemplateHits);
    this.#lastTemplate = null;
    this.#lastTemplateHits = 0;
  }
}

function scannerFor(filter: Filter, decoder: LineDecoder): LiteralScanner | null {
  const literals = filter.requiredLiterals;
  if (literals === null) return null;
  const needles: Buffer[] = [];
  for (const lit of literals) {
    const bytes = decoder.literalBytes(lit);
    if (bytes === null || bytes.length === 0) return null;
    needles.push(bytes);
  }
  return new LiteralScanner(needles);
}
