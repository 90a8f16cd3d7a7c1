/**
 * Wires the sources to the jails: one reader per log file whatever the number of jails reading it
 * (src/sources shared-sources), the systemd journal for `backend = systemd`, each batch processed by
 * every subscribed jail and its position handed to the commit loop.
 */
import type { Logger } from '../core/logger.js';
import type { FilePosition } from '../core/records.js';
import { resolveBackend } from '../sources/backend.js';
import { expandGlob } from '../sources/expand-glob.js';
import { followJournal } from '../sources/journal-source.js';
import { createSharedSources, type SharedSources } from '../sources/shared-sources.js';
import type { LineBatch, SourceEvent } from '../sources/source-event.js';
import type { CommitLoop } from './commit-loop.js';
import type { JailRuntime } from './jail-runtime.js';

export interface Feeds {
  attach(rt: JailRuntime): void;
  detach(rt: JailRuntime): void;
  stop(): Promise<void>;
}

export interface FeedDeps {
  readonly logger: Logger;
  readonly loop: CommitLoop;
  readonly runtimes: ReadonlyMap<string, JailRuntime>;
  readonly now: () => number;
  readonly startOf: (path: string) => FilePosition | null;
  readonly journalCursor: (key: string) => string | null;
  /** Stat interval of the file followers (ms). */
  readonly pollMs?: number;
}

function describe(e: SourceEvent, jails: readonly string[]): string {
  const who = jails.length > 0 ? `[${jails.join(', ')}] ` : '';
  switch (e.kind) {
    case 'missing': return `${who}log file ${e.path} does not exist (yet); it will be read when it appears`;
    case 'appeared': return `${who}log file ${e.path} appeared; reading it`;
    case 'rotated': return `${who}log file ${e.path} was rotated (${e.how})`;
    case 'error': return `${who}${e.error.message}`;
  }
}

export function createFeeds(deps: FeedDeps): Feeds {
  const pools = new Map<string, SharedSources>();
  const detachers = new Map<string, (() => void)[]>();
  const journals = new Map<string, { stop(): Promise<void> }>();

  const pool = (watch: boolean, encoding: string): SharedSources => {
    const key = `${watch}|${encoding}`;
    let sources = pools.get(key);
    if (sources === undefined) {
      sources = createSharedSources({
        start: deps.startOf,
        watch,
        encoding,
        pollMs: deps.pollMs,
        onEvent: (e, jails) => deps.logger.log(e.kind === 'error' || e.kind === 'missing' ? 'WARNING' : 'INFO', 'sources', describe(e, jails)),
      });
      pools.set(key, sources);
    }
    return sources;
  };

  const onBatch = (rt: JailRuntime, batch: LineBatch): void => {
    if (deps.runtimes.get(rt.name) !== rt) return;
    rt.files.add(batch.path);
    rt.processLines(batch.lines, deps.now());
    deps.loop.notePosition(batch.position);
    deps.loop.schedule(batch.lines.length);
  };

  const attachJournal = (rt: JailRuntime, options: Readonly<Record<string, string>>): void => {
    const matches = (rt.spec.options.journalmatch ?? '').split(/\s+/).filter((w) => w !== '');
    const key = `journal:${rt.name}:${matches.join(' ')}`;
    const follower = followJournal({
      matches,
      options,
      cursor: deps.journalCursor(key),
      onEntries: (entries) => {
        if (deps.runtimes.get(rt.name) !== rt || entries.length === 0) return;
        rt.processLines(entries.map((e) => e.line), deps.now(), entries.map((e) => e.time));
        deps.loop.noteJournal({ key, cursor: entries[entries.length - 1].cursor });
        deps.loop.schedule();
      },
      onEvent: (e) => deps.logger.log(e.kind === 'error' ? 'ERROR' : 'INFO', 'sources', describe(e, [rt.name])),
    });
    rt.files.add('systemd-journal');
    journals.set(rt.name, follower);
  };

  return {
    attach(rt) {
      const backend = resolveBackend(rt.spec.backend);
      if (!backend.ok) {
        deps.logger.error('sources', `[${rt.name}] ${backend.message}; following files with inotify instead`);
      } else if (backend.backend.kind === 'journal') {
        attachJournal(rt, backend.backend.options);
        return;
      }
      const watch = !backend.ok || backend.backend.kind !== 'file' || backend.backend.watch;
      const encoding = rt.spec.logencoding === 'auto' ? 'utf-8' : rt.spec.logencoding;
      const sources = pool(watch, encoding);
      const undo: (() => void)[] = [];
      for (const lp of rt.spec.logpath) {
        const found = expandGlob(lp.glob);
        for (const path of found.length > 0 ? found : [lp.glob]) rt.files.add(path);
        undo.push(sources.subscribe(lp.glob, lp.position, rt.name, (batch) => onBatch(rt, batch)));
      }
      detachers.set(rt.name, undo);
    },
    detach(rt) {
      for (const undo of detachers.get(rt.name) ?? []) undo();
      detachers.delete(rt.name);
      rt.files.clear();
      const journal = journals.get(rt.name);
      if (journal !== undefined) {
        void journal.stop();
        journals.delete(rt.name);
      }
    },
    async stop() {
      await Promise.all([...pools.values()].map((p) => p.stop()));
      await Promise.all([...journals.values()].map((j) => j.stop()));
    },
  };
}
