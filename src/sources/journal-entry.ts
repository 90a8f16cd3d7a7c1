/**
 * One `journalctl -o json` record as the line a filter sees, built the way fail2ban's systemd
 * backend builds it: `HOSTNAME IDENT[PID]: MESSAGE` (kernel lines get `[monotonic seconds]`),
 * newlines shown as `\n`; the time is the entry's (source time when present), not parsed from text.
 */

export interface JournalEntry {
  /** The text handed to the filter. */
  readonly line: string;
  /** Unix seconds (µs precision). */
  readonly time: number;
  /** journalctl cursor: resume after it. */
  readonly cursor: string;
}

type FieldValue = string | number[] | null | (string | number[])[];
export type JournalFields = Readonly<Record<string, FieldValue | undefined>>;

function isBytes(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'number');
}

function text(v: string | number[]): string {
  return typeof v === 'string' ? v : Buffer.from(v).toString('utf8');
}

/** All values of a field as text (journal fields may repeat; binary values come as byte arrays). */
function values(v: FieldValue | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string' || isBytes(v)) return [text(v)];
  return v.map(text);
}

function first(fields: JournalFields, name: string): string {
  return values(fields[name])[0] ?? '';
}

/** `[pid]` as Python's `"[%i]" % int(v, 0)`: prefixed radixes become decimal, others stay as written. */
function pidText(pid: string): string {
  const m = /^\s*([+-]?)0([xob])([0-9a-f_]+)\s*$/i.exec(pid);
  if (m === null) return pid;
  const radix = { x: 16, o: 8, b: 2 }[m[2].toLowerCase() as 'x' | 'o' | 'b'];
  const n = parseInt(m[3].replace(/_/g, ''), radix);
  return Number.isNaN(n) ? pid : `${m[1] === '-' ? '-' : ''}${n}`;
}

function monotonicSeconds(fields: JournalFields): string {
  const us = Number(first(fields, '_SOURCE_MONOTONIC_TIMESTAMP') || first(fields, '__MONOTONIC_TIMESTAMP'));
  return `[${(us / 1e6).toFixed(6).padStart(12)}]`;
}

export function formatJournalLine(fields: JournalFields): string {
  const parts: string[] = [];
  const host = first(fields, '_HOSTNAME');
  if (host !== '') parts.push(host);
  const ident = first(fields, 'SYSLOG_IDENTIFIER') || first(fields, '_COMM');
  if (ident !== '') {
    const pid = first(fields, 'SYSLOG_PID') || first(fields, '_PID');
    const tag = `${ident}${pid === '' ? '' : `[${pidText(pid)}]`}:`;
    parts.push(tag);
    if (tag === 'kernel:') parts.push(monotonicSeconds(fields));
  }
  parts.push(values(fields.MESSAGE).join(' '));
  return parts.join(' ').replace(/\n/g, '\\n');
}

/** Unix seconds of an entry: `_SOURCE_REALTIME_TIMESTAMP`, else `__REALTIME_TIMESTAMP` (µs). */
export function journalTime(fields: JournalFields): number {
  const us = first(fields, '_SOURCE_REALTIME_TIMESTAMP') || first(fields, '__REALTIME_TIMESTAMP');
  return us === '' ? NaN : Number(us) / 1e6;
}

/** One output line of `journalctl -o json`; null when it is not a journal record with a cursor and a time. */
export function parseJournalJson(json: string): JournalEntry | null {
  let fields: unknown;
  try {
    fields = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return null;
  const record = fields as JournalFields;
  const cursor = first(record, '__CURSOR');
  const time = journalTime(record);
  if (cursor === '' || !Number.isFinite(time)) return null;
  return { line: formatJournalLine(record), time, cursor };
}
