/**
 * Follows the systemd journal through `journalctl -o json -f` (backend = systemd): from after a stored
 * cursor, or from now. journalctl is restarted with back-off when it dies; a missing journalctl or a
 * failing one is an `error` event, never a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { WardenError } from '../core/errors.js';
import { journalctlSourceArgs } from './backend.js';
import { parseJournalJson, type JournalEntry } from './journal-entry.js';
import type { SourceEvent } from './source-event.js';

export interface FollowJournalOptions {
  /** journalmatch words: `FIELD=value` terms are AND, a `+` word starts an OR branch. */
  readonly matches: readonly string[];
  /** Resume after this cursor; null: only entries from now on. */
  readonly cursor: string | null;
  /** One call per chunk of journalctl output. */
  onEntries(entries: readonly JournalEntry[]): void;
  /** `path` of the events is `systemd-journal`. */
  onEvent(e: SourceEvent): void;
  /** The systemd backend's options (journalpath, journalfiles, journalflags, namespace). */
  readonly options?: Readonly<Record<string, string>>;
  /** The program to run; default `journalctl`. */
  readonly command?: string;
  /** Restart back-off (ms): first delay, doubled up to the maximum; defaults 1000 and 60000. */
  readonly restartMs?: { readonly min: number; readonly max: number };
}

export interface JournalFollower {
  /** Cursor of the last entry handed out (or the starting one). */
  cursor(): string | null;
  stop(): Promise<void>;
}

export const JOURNAL_PATH = 'systemd-journal';

/** The journalctl command line for a start after `cursor`, or since `since` (unix seconds) without one. */
export function journalctlArgs(opts: Pick<FollowJournalOptions, 'matches' | 'options'>, cursor: string | null, since: number): string[] {
  const start = cursor === null ? [`--since=@${Math.floor(since)}`] : [`--after-cursor=${cursor}`, '--no-tail'];
  return ['-o', 'json', '-f', '--no-pager', '--all', ...start, ...journalctlSourceArgs(opts.options ?? {}), ...opts.matches];
}

export function followJournal(opts: FollowJournalOptions): JournalFollower {
  const restart = opts.restartMs ?? { min: 1000, max: 60_000 };
  const since = Date.now() / 1000;
  let cursor = opts.cursor;
  let child: ChildProcess | null = null;
  let delay = restart.min;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let exited: Promise<void> = Promise.resolve();

  const fail = (message: string, cause?: unknown): void => opts.onEvent({
    kind: 'error', path: JOURNAL_PATH, error: new WardenError('ERR_SOURCE', `systemd journal: ${message}`, { cause }),
  });

  function start(): void {
    timer = null;
    const usedCursor = cursor;
    const args = journalctlArgs(opts, cursor, since);
    const proc = spawn(opts.command ?? 'journalctl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let pending = '';
    let stderr = '';
    let gotEntries = false;
    let ended = false;
    proc.stdout?.setEncoding('utf8');
    proc.stderr?.setEncoding('utf8');
    proc.stdout?.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      const entries = lines.flatMap((line) => parseJournalJson(line) ?? []);
      if (entries.length === 0) return;
      gotEntries = true;
      delay = restart.min;
      cursor = entries[entries.length - 1].cursor;
      opts.onEntries(entries);
    });
    proc.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    exited = new Promise((resolve) => {
      const end = (why: string, cause?: unknown): void => {
        if (ended) return;
        ended = true;
        child = null;
        resolve();
        if (stopped) return;
        if (!gotEntries && usedCursor !== null && /cursor/i.test(stderr)) cursor = null; // unusable cursor: from the start time
        fail(`${why}${stderr.trim() === '' ? '' : `: ${stderr.trim()}`}; restarting in ${delay} ms`, cause);
        timer = setTimeout(start, delay);
        delay = Math.min(restart.max, delay * 2);
      };
      proc.on('error', (err) => end(`cannot run ${opts.command ?? 'journalctl'} (${err.message})`, err));
      proc.on('close', (code, signal) => end(`journalctl exited (${signal ?? `code ${code}`})`));
    });
  }

  start();
  return {
    cursor: () => cursor,
    stop: async () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      const proc = child;
      if (proc !== null) {
        proc.kill('SIGTERM');
        const kill = setTimeout(() => proc.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(kill);
      }
    },
  };
}
