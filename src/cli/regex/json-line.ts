/**
 * One `--json` output line: `{"line","match","host","time","regex","ignored"}` in this key order,
 * built by hand (this runs once per input line).
 */
import type { LineResult } from '../../filter/filter-types.js';

const num = (n: number | null): string => (n === null || !Number.isFinite(n) ? 'null' : '' + n);

/** The host of the first charged failure: its address, else its failure id. */
export function resultHost(r: LineResult): string | null {
  const fs = r.failures;
  for (let i = 0; i < fs.length; i++) {
    const f = fs[i];
    if (!f.nofail) return f.ip ?? f.id;
  }
  return null;
}

export function jsonLine(line: number, r: LineResult): string {
  const match = r.kind === 'match';
  const host = match ? resultHost(r) : null;
  return (
    '{"line":' + line +
    (match ? ',"match":true,"host":' : ',"match":false,"host":') +
    (host === null ? 'null' : JSON.stringify(host)) +
    ',"time":' + num(r.time) +
    ',"regex":' + num(r.regex) +
    (r.kind === 'ignored' ? ',"ignored":true}\n' : ',"ignored":false}\n')
  );
}

/** A line that never reached the filter (empty, comment, pre-filtered or timed out). */
export function jsonUnprocessedLine(line: number): string {
  return '{"line":' + line + ',"match":false,"host":null,"time":null,"regex":null,"ignored":false}\n';
}
