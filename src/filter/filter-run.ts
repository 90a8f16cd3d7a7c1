/**
 * The per-line state machine of one compiled filter (fail2ban's Filter.processLine / findFailure),
 * written for warden: pure, `now` passed in, results as values.
 */
import type { DateDetector } from './date-detector.js';
import type { Failure, LineKind, LineResult } from './filter-types.js';
import {
  collectGroups, execRegex, lineTailGroup, lineTailHead, lineTailStart, type CompiledRegex, type UseDns,
} from './compiled-regex.js';
import { isIncomplete, type LineShape } from './line-shapes.js';
import { MlfidCache } from './mlfid-cache.js';
import type { FailData } from './merge-failure.js';
import { toFailure } from './to-failure.js';
import { addFailure, MultiLineRun, type Found } from './multi-line-run.js';
import type { TupleLine } from './tuple-lines.js';

const NO_FAILURES: readonly Failure[] = Object.freeze([]);
const NO_REGEXES: readonly number[] = Object.freeze([]);

export interface FilterParts {
  readonly name: string;
  readonly usedns: UseDns;
  readonly maxlines: number;
  readonly prefregex: CompiledRegex | null;
  readonly failregex: readonly CompiledRegex[];
  readonly ignoreregex: readonly CompiledRegex[];
  readonly shapes: readonly LineShape[];
  readonly detector: DateDetector;
  readonly checkAllRegex: boolean;
  readonly maxLineLength: number;
  /** Characters after the start of an incomplete line within which later lines are still suspect. */
  readonly shapeSpan: number;
}

export class FilterRun {
  readonly #p: FilterParts;
  /** The buffer and algorithm of filters with maxlines > 1. */
  readonly #multi: MultiLineRun | null;
  #lastDate: number | null = null;
  /** The last dated line and its date span (the date text is cut out only when a later line needs it). */
  #lastTimeLine = '';
  #lastTimeStart = 0;
  #lastTimeEnd = 0;
  // the current line, split around its date by #splitDate
  #pre = '';
  #post = '';
  #full = '';
  #dateText: string | null = null; // the date text when known without slicing #full
  #date: number | null = null;
  #template: string | null = null;
  readonly #found: Found = { failures: null, regexes: null, ignored: false, shapeText: null, reason: undefined };
  /** Number of the prefregex's only group, `content`, when it can be read by number; else -1. */
  readonly #contentGroup: number;
  /** True when that group is the prefregex's line tail: content + '\n' is a slice of the cut line. */
  #contentIsTail = false;
  /** lineTailHead of the prefregex, finds where content starts without capturing it; learnt on first use. */
  #prefHead: RegExp | null | undefined;
  /** Characters left in the suspect window opened by an incomplete line (<= 0: none open). */
  #suspect = 0;
  #suspectNext = false;
  readonly #mlfid = new MlfidCache<FailData>();
  constructor(parts: FilterParts) {
    this.#p = parts;
    this.#multi = parts.maxlines > 1 ? new MultiLineRun(parts, this.#mlfid) : null;
    const pref = parts.prefregex;
    const only = pref !== null && pref.groupNumbers !== null && pref.groupNames.length === 1 && pref.groupNames[0] === 'content';
    this.#contentGroup = only ? (pref.groupNumbers as Record<string, number>).content : -1;
    this.#prefHead = this.#contentGroup >= 0 ? undefined : null;
  }

  /** True while a forged-newline window is open: callers must not skip the next line. */
  get suspectOpen(): boolean {
    return this.#suspectNext || this.#suspect > 0;
  }

  /** A line the caller skipped (pre-filter): it still moves the suspect window on. */
  skipLine(length = 0): void {
    this.#suspectNext = false;
    this.#suspect -= length + 1;
  }

  processLine(raw: string, now: number, opts?: { time?: number }): LineResult {
    const p = this.#p;
    const line = raw.length > p.maxLineLength ? raw.slice(0, p.maxLineLength) : raw;
    const dated = this.#splitDate(line, now, opts?.time);
    const date = this.#date;
    const found = this.#found;
    if (this.#multi !== null) this.#multi.find(this.#tuple(), date, now, this.#resetFound());
    else this.#findSingle(this.#pre + this.#post + '\n', this.#full, date, now);
    // Any line right after an incomplete one, and every line starting within `shapeSpan` characters
    // of its start (one application message can hold many planted lines), is suspect, up to and
    // including the first line without a date: the rest of the cut message.
    const wasIncomplete = this.#suspectNext || this.#suspect > 0;
    this.#suspect = dated ? this.#suspect - (raw.length + 1) : 0;
    this.#suspectNext = found.shapeText !== null && p.shapes.length > 0 && isIncomplete(p.shapes, found.shapeText);
    if (this.#suspectNext) this.#suspect = p.shapeSpan - (raw.length + 1);
    const all: readonly Failure[] = found.failures ?? NO_FAILURES;
    let charged: Failure | null = null;
    for (let i = 0; i < all.length; i++) {
      if (!all[i].nofail) {
        charged = all[i];
        break;
      }
    }
    let kind: LineKind;
    let failures = all;
    let reason = found.reason;
    if (wasIncomplete) {
      kind = 'suspicious';
      failures = NO_FAILURES;
      reason = 'follows an incomplete line (possible forged newline)';
    } else if (charged !== null) kind = 'match';
    else kind = found.ignored || failures.length > 0 ? 'ignored' : 'missed';
    const regex = kind === 'match' && charged !== null ? charged.regex : null;
    const allRegex = found.regexes ?? NO_REGEXES;
    return { kind, time: date, dateTemplate: this.#template, failures, regex, allRegex, reason };
  }

  /**
   * Cut the date out of the line into #pre/#post/#full, #date, #template (fail2ban: lines without one
   * reuse a recent date). True when the line has its own date.
   */
  #splitDate(line: string, now: number, knownTime: number | undefined): boolean {
    if (knownTime !== undefined) {
      this.#setWhole(line, knownTime, null);
      this.#lastDate = knownTime;
      this.#lastTimeLine = '';
      return true;
    }
    const dm = this.#p.detector.detect(line, now);
    if (dm !== null && dm.end > dm.start) {
      this.#pre = line.slice(0, dm.start);
      this.#post = line.slice(dm.end);
      this.#full = line;
      this.#dateText = null;
      this.#date = dm.time;
      this.#template = dm.template;
      this.#lastDate = dm.time;
      this.#lastTimeLine = line;
      this.#lastTimeStart = dm.start;
      this.#lastTimeEnd = dm.end;
      return true;
    }
    const recent = this.#recentDate(now);
    // An empty date match means "date optional": fail2ban then falls back to now.
    const date = recent ?? (dm !== null ? now : null);
    this.#setWhole(line, date, dm?.template ?? null);
    if (recent !== null) {
      const text = this.#lastTimeLine.slice(this.#lastTimeStart, this.#lastTimeEnd);
      this.#dateText = text;
      this.#full = text + line;
    }
    return false;
  }

  #setWhole(line: string, date: number | null, template: string | null): void {
    this.#pre = '';
    this.#post = line;
    this.#full = line;
    this.#dateText = null;
    this.#date = date;
    this.#template = template;
  }

  /** The current line as a multi-line buffer entry. */
  #tuple(): TupleLine {
    const date = this.#dateText ?? (this.#pre === '' && this.#post === this.#full ? '' : this.#full.slice(this.#pre.length, this.#full.length - this.#post.length));
    return { pre: this.#pre, date, post: this.#post, full: this.#full };
  }

  #recentDate(now: number): number | null {
    return this.#lastDate !== null && this.#lastDate > now - 60 ? this.#lastDate : null;
  }

  #resetFound(): Found {
    const r = this.#found;
    r.failures = null;
    r.regexes = null;
    r.ignored = false;
    r.shapeText = null;
    r.reason = undefined;
    return r;
  }

  /** True when an ignoreregex matches `text` (single-line filters: the buffer is this line only). */
  #ignored(text: string): boolean {
    for (const ir of this.#p.ignoreregex) if (execRegex(ir, text) !== null) return true;
    return false;
  }

  /** Sets #contentIsTail and #prefHead (not at compile time: compiling must stay cheap). */
  #learnTail(pref: CompiledRegex): RegExp | null {
    this.#contentIsTail = lineTailGroup(pref) === this.#contentGroup;
    this.#prefHead = this.#contentIsTail ? lineTailHead(pref) : null;
    return this.#prefHead;
  }

  /**
   * #findFailures for maxlines = 1: `buf` is the line without its date plus '\n', `full` the line
   * for the failure's matches. Every failregex sees the same text (buf or the prefregex content).
   */
  #findSingle(buf: string, full: string, date: number | null, now: number): void {
    const p = this.#p;
    const r = this.#resetFound();
    if (p.shapes.length > 0 && p.prefregex === null) r.shapeText = buf;
    if (p.ignoreregex.length > 0 && p.ignoreregex.length < p.failregex.length - 2 && this.#ignored(buf)) {
      r.ignored = true;
      return;
    }
    let text = buf;
    let pre: Record<string, string> | null = null;
    const head = this.#prefHead === undefined ? this.#learnTail(p.prefregex as CompiledRegex) : this.#prefHead;
    if (head !== null && buf.indexOf('\n') === buf.length - 1) {
      const at = lineTailStart(p.prefregex as CompiledRegex, head, buf);
      if (at < 0) return;
      text = buf.slice(at);
      r.shapeText = text;
    } else if (p.prefregex !== null) {
      const m = execRegex(p.prefregex, buf);
      if (m === null) return;
      let content: string | undefined;
      if (this.#contentGroup >= 0) content = m[this.#contentGroup];
      else {
        pre = {};
        collectGroups(p.prefregex, m, pre);
        content = pre.content;
        delete pre.content;
      }
      if (content) text = this.#contentIsTail ? buf.slice(buf.length - 1 - content.length) : content + '\n';
      r.shapeText = text;
    }
    for (let i = 0; i < p.failregex.length; i++) {
      const fr = p.failregex[i];
      const m = execRegex(fr, text);
      if (m === null) continue;
      if (p.ignoreregex.length > 0 && this.#ignored(text)) {
        r.ignored = true;
        if (!p.checkAllRegex) break;
        continue;
      }
      const groups: Record<string, string> = {};
      if (pre !== null) for (const k in pre) groups[k] = pre[k];
      collectGroups(fr, m, groups);
      if (!addFailure(r, i, toFailure(this.#mlfid, i, groups, [full], date, now), p.checkAllRegex)) return;
      if (!p.checkAllRegex) break;
    }
  }
}
