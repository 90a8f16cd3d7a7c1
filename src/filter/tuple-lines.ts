/**
 * Buffered log lines as fail2ban keeps them: each split around its date text (the regexes see the
 * line without it), and which of them a multi-line match covers.
 */
import { skippedLines, type CompiledRegex } from './compiled-regex.js';

/** A log line split around its date text: the regexes see pre + post; `full` is pre + date + post. */
export interface TupleLine {
  readonly pre: string;
  readonly date: string;
  readonly post: string;
  readonly full: string;
}

export const fullLine = (t: TupleLine): string => t.full;
export const bufferText = (lines: readonly TupleLine[]): string => {
  if (lines.length === 1) return lines[0].pre + lines[0].post + '\n';
  return lines.map((t) => t.pre + t.post).join('\n') + '\n';
};

/** Which buffered lines a match covers (fail2ban's matched / unmatched tuple lines). */
export function splitByMatch(cr: CompiledRegex, m: RegExpExecArray, buf: string, org: readonly TupleLine[]) {
  if (org.length <= 1) return { matched: org, unmatched: [] as TupleLine[] };
  const start = m.index;
  const end = start + m[0].length;
  const lineStart = buf.lastIndexOf('\n', start) + 1;
  let lineEnd = buf.indexOf('\n', Math.max(0, end - 1));
  lineEnd = lineEnd < 0 ? buf.length : lineEnd + 1;
  const count = (to: number): number => {
    let n = 0;
    for (let i = buf.indexOf('\n'); i >= 0 && i < to; i = buf.indexOf('\n', i + 1)) n++;
    return n;
  };
  const c1 = count(lineStart);
  const c2 = count(lineEnd);
  const matched = org.slice(c1, c2);
  const unmatched = org.slice(0, c1);
  let n = 0;
  for (const skipped of skippedLines(cr, m)) {
    const at = matched.findIndex((t, i) => i >= n && t.pre + t.post === skipped);
    if (at >= 0) {
      unmatched.push(...matched.splice(at, 1));
      n = at;
    }
  }
  unmatched.push(...org.slice(c2));
  return { matched, unmatched };
}


