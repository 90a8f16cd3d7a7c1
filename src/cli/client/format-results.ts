/**
 * Plain-text output of the client verbs, from the results the server sent. Results arrive as
 * untyped JSON: each formatter checks the shape it needs and names the verb if it is wrong.
 */
import type { JailStatus } from '../../control/control-api.js';
import { WardenError } from '../../core/errors.js';
import { formatList, formatTree } from './format-tree.js';

function unexpected(what: string): WardenError {
  return new WardenError('ERR_INTERNAL', `unexpected reply from the server to '${what}'`);
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function formatJailList(result: unknown): string {
  if (!isRecord(result) || !isStrings(result.jails)) throw unexpected('status');
  return formatTree('Status', [
    { label: 'Number of jail', value: String(result.jails.length) },
    { label: 'Jail list', value: result.jails.join(', ') },
  ]);
}

function isJailStatus(v: unknown): v is JailStatus {
  return isRecord(v) && typeof v.name === 'string' && isStrings(v.fileList) && Array.isArray(v.banned)
    && v.banned.every((b) => isRecord(b) && typeof b.ip === 'string');
}

export function formatJailStatus(result: unknown): string {
  if (!isJailStatus(result)) throw unexpected('status JAIL');
  return formatTree(`Status for the jail: ${result.name}`, [
    {
      label: 'Filter',
      children: [
        { label: 'Currently failed', value: String(result.currentlyFailed) },
        { label: 'Total failed', value: String(result.totalFailed) },
        { label: 'File list', value: result.fileList.join(' ') },
      ],
    },
    {
      label: 'Actions',
      children: [
        { label: 'Currently banned', value: String(result.currentlyBanned) },
        { label: 'Total banned', value: String(result.totalBanned) },
        { label: 'Banned IP list', value: result.banned.map((b) => b.ip).join(' ') },
      ],
    },
  ]);
}

/** `banned`: per jail its banned IPs; `banned IP…`: per IP the jails banning it. */
export function formatBanned(result: unknown, ips: readonly string[]): string {
  if (!Array.isArray(result)) throw unexpected('banned');
  if (ips.length === 0) {
    const entries = result.flatMap((r) => (isRecord(r) ? Object.entries(r) : []));
    if (entries.length !== result.length || !entries.every(([, v]) => isStrings(v))) throw unexpected('banned');
    return formatTree('Banned IPs by jail', entries.map(([jail, v]) => ({ label: jail, value: (v as string[]).join(' ') })));
  }
  if (result.length !== ips.length || !result.every(isStrings)) throw unexpected('banned IP');
  return formatTree('Jails banning each IP', ips.map((ip, i) => ({ label: ip, value: (result[i] as string[]).join(' ') })));
}

/** Lists that read best one per line, with their titles. */
const LIST_KEYS: Record<string, { title: string; empty: string }> = {
  ignoreip: { title: 'Ignored IPs and networks:', empty: 'No IP or network is ignored' },
  logpath: { title: 'Log files read:', empty: 'No log file is read' },
};

const INDEXED_KEYS = new Set(['failregex', 'ignoreregex']);

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `get JAIL KEY` (and the ignore list `set … addignoreip` answers). */
export function formatGet(key: string, result: unknown): string {
  if (!Array.isArray(result)) return scalar(result);
  const items = result.map(scalar);
  const list = LIST_KEYS[key];
  if (list) return formatList(list.title, items, list.empty);
  if (INDEXED_KEYS.has(key)) return formatList(`${key}:`, items.map((r, i) => `[${i}]: ${r}`), `No ${key}`);
  if (key === 'actions') return items.join(', ');
  if (key === 'banip') return items.join(' ');
  return items.join('\n');
}

export function formatCount(result: unknown, verb: string): string {
  if (typeof result !== 'number') throw unexpected(verb);
  return String(result);
}
