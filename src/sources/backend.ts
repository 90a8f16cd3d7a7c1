/**
 * `backend = …` of a jail: auto, pyinotify, gamin and inotify follow files with inotify plus a
 * periodic stat; polling uses the stat only; systemd[journalpath=…, journalfiles=…, journalflags=…,
 * namespace=…] follows the journal through journalctl. Anything else is a problem to report.
 */
import type { OptionRef } from '../config/option-list.js';

export type SourceBackend =
  | { readonly kind: 'file'; readonly name: string; readonly watch: boolean }
  | { readonly kind: 'journal'; readonly options: Readonly<Record<string, string>> };

export type BackendResult = { readonly ok: true; readonly backend: SourceBackend } | { readonly ok: false; readonly message: string };

const WATCHING = new Set(['auto', 'pyinotify', 'gamin', 'inotify']);
const JOURNAL_OPTIONS = new Set(['journalpath', 'journalfiles', 'journalflags', 'namespace']);
const SD_JOURNAL_SYSTEM = 4;
const SD_JOURNAL_CURRENT_USER = 8;

const problem = (message: string): BackendResult => ({ ok: false, message });

export function resolveBackend(ref: OptionRef): BackendResult {
  const name = ref.name.trim().toLowerCase();
  const keys = Object.keys(ref.options);
  if (name === 'systemd') {
    const unknown = keys.filter((k) => !JOURNAL_OPTIONS.has(k));
    if (unknown.length > 0) return problem(`backend systemd: unknown option ${unknown.join(', ')} (known: ${[...JOURNAL_OPTIONS].join(', ')})`);
    const flags = ref.options.journalflags;
    if (flags !== undefined && !/^\s*\d+\s*$/.test(flags)) return problem(`backend systemd: journalflags must be an integer, not ${JSON.stringify(flags)}`);
    return { ok: true, backend: { kind: 'journal', options: ref.options } };
  }
  if (!WATCHING.has(name) && name !== 'polling') {
    return problem(`unknown backend ${JSON.stringify(ref.name)} (known: auto, pyinotify, gamin, inotify, polling, systemd)`);
  }
  if (keys.length > 0) return problem(`backend ${name} takes no options (got ${keys.join(', ')})`);
  return { ok: true, backend: { kind: 'file', name, watch: name !== 'polling' } };
}

function words(value: string): string[] {
  return value.split(/[ ,\n]+/).filter((w) => w !== '');
}

/**
 * journalctl arguments for the systemd backend's options, as python-systemd's Reader would open the
 * journal: `journalpath` a directory, `journalfiles` files (globs), `journalflags` 4 = system
 * journals, 8 = the current user's; without path or files the system journals only (fail2ban's default).
 */
export function journalctlSourceArgs(options: Readonly<Record<string, string>>): string[] {
  const args: string[] = [];
  if (options.journalpath !== undefined) args.push(`--directory=${options.journalpath.trim()}`);
  const files = words(options.journalfiles ?? '');
  for (const file of files) args.push(`--file=${file}`);
  const explicit = options.journalflags !== undefined;
  const flags = explicit ? Number(options.journalflags) : args.length === 0 ? SD_JOURNAL_SYSTEM : 0;
  if (flags & SD_JOURNAL_SYSTEM) args.push('--system');
  if (flags & SD_JOURNAL_CURRENT_USER) args.push('--user');
  if (options.namespace !== undefined) args.push(`--namespace=${options.namespace.trim()}`);
  return args;
}
