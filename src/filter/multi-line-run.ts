/**
 * fail2ban's findFailure for filters with maxlines > 1: a buffer of the last lines, matches that span
 * several of them, <SKIPLINES>, and the buffer shrinking to the lines a match did not use.
 */
import type { Failure } from './filter-types.js';
import { collectGroups, execRegex } from './compiled-regex.js';
import type { FilterParts } from './filter-run.js';
import type { MlfidCache } from './mlfid-cache.js';
import type { FailData } from './merge-failure.js';
import { toFailure } from './to-failure.js';
import { bufferText, fullLine, splitByMatch, type TupleLine } from './tuple-lines.js';

/** What #findFailures found on one line (one instance per run, read right after the call). */
export interface Found {
  failures: Failure[] | null;
  regexes: number[] | null;
  ignored: boolean;
  shapeText: string | null;
  reason: string | undefined;
}

/** Records the failure (or why the match is not one); false when fail2ban stops at a nofail connection line. */
export function addFailure(r: Found, i: number, failure: Failure | string, checkAllRegex: boolean): boolean {
  if (typeof failure === 'string') r.reason = failure;
  else if (failure.nofail && !checkAllRegex && failure.fields.mlfid !== undefined) {
    return false; // fail2ban stops at a "not a failure yet" connection line
  } else {
    // one-element literals when first: exact size, no growth
    if (r.failures === null) r.failures = [failure];
    else r.failures.push(failure);
    if (r.regexes === null) r.regexes = [i];
    else r.regexes.push(i);
  }
  return true;
}

export class MultiLineRun {
  readonly #p: FilterParts;
  readonly #mlfid: MlfidCache<FailData>;
  #buffer: TupleLine[] = [];

  constructor(parts: FilterParts, mlfid: MlfidCache<FailData>) {
    this.#p = parts;
    this.#mlfid = mlfid;
  }

  /** Index of the first ignoreregex that matches, or -1; a match shrinks the buffer to `unmatched`. */
  #ignoreLine(buf: string, matched: readonly TupleLine[] | null, unmatched: TupleLine[] | null): number {
    const text = matched !== null ? bufferText(matched) : buf;
    let found = -1;
    for (let i = 0; i < this.#p.ignoreregex.length; i++) {
      if (execRegex(this.#p.ignoreregex[i], text) === null) continue;
      found = i;
      if (unmatched !== null) this.#buffer = unmatched;
      if (!this.#p.checkAllRegex) break;
    }
    return found;
  }

  /** Add this line to the buffer and record in `result` what the failregexes find. */
  find(tuple: TupleLine, date: number | null, now: number, result: Found): void {
    const p = this.#p;
    this.#buffer = [...this.#buffer, tuple].slice(-p.maxlines);
    const org = this.#buffer;
    let buf: string | null = bufferText(org);
    if (p.shapes.length > 0 && p.prefregex === null) result.shapeText = buf;
    if (p.ignoreregex.length > 0 && p.ignoreregex.length < p.failregex.length - 2 && this.#ignoreLine(buf, null, null) >= 0) {
      result.ignored = true;
      return;
    }
    const pre: Record<string, string> = {};
    if (p.prefregex !== null) {
      const m = execRegex(p.prefregex, buf);
      if (m === null) return;
      collectGroups(p.prefregex, m, pre);
      const content = pre.content;
      delete pre.content;
      if (content) {
        this.#buffer = [{ pre: '', date: '', post: content, full: content }];
        buf = null;
        result.shapeText = content + '\n';
      } else result.shapeText = buf;
    }
    for (let i = 0; i < p.failregex.length; i++) {
      const fr = p.failregex[i];
      if (buf === null) buf = bufferText(this.#buffer);
      const m = execRegex(fr, buf);
      if (m === null) continue;
      const { matched, unmatched } = splitByMatch(fr, m, buf, org);
      if (p.ignoreregex.length > 0 && this.#ignoreLine(buf, matched, unmatched) >= 0) {
        result.ignored = true;
        buf = null;
        if (!p.checkAllRegex) break;
        continue;
      }
      this.#buffer = unmatched;
      buf = null;
      const groups: Record<string, string> = {};
      for (const k in pre) groups[k] = pre[k];
      collectGroups(fr, m, groups);
      if (!addFailure(result, i, toFailure(this.#mlfid, i, groups, matched.map(fullLine), date, now), p.checkAllRegex)) return;
      if (!p.checkAllRegex) break;
    }
  }
}
