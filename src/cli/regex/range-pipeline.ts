/**
 * Parallel runner of `warden regex` for a large log file whose lines are independent: one worker per
 * byte range (range-worker.ts), each with its own watchdog slot as in worker-pipeline.ts. Batches are
 * merged in input order, so the summary and `--json` output equal those of one worker.
 */
import type { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { WardenError } from '../../core/errors.js';
import { countLines, type ByteRange } from './log-ranges.js';
import type { MatchPlan, RunHooks } from './match-plan.js';
import { emptyStats, mergeStats, shiftLineNumbers, type RunStats } from './run-stats.js';
import { startWorker } from './early-worker.js';
import { PROGRESS_SLOTS, SLOT_BUSY, SLOT_LINE, SLOT_POSTED, type BatchMessage, type FromWorker, type InitMessage, type ToRangeWorker } from './worker-protocol.js';

const MAX_IN_FLIGHT = 2;
/** `--json` text a part may hold while an earlier part is still being written. */
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

interface Part {
  readonly range: ByteRange;
  /** Number its worker gives the line before the range (0, or the real one for --json). */
  readonly numberedFrom: number;
  worker: Worker | null;
  progress: Float64Array;
  /** Where the current worker started; bytes before ackOffset are done, up to line ackLine. */
  workerStart: number;
  ackOffset: number;
  ackLine: number;
  /** Lines skipped after a timeout, in the worker's numbering. */
  timedOut: number[];
  requested: number;
  received: number;
  done: boolean;
  queued: BatchMessage[];
  queuedBytes: number;
  stallLine: number;
  stallSince: number;
}

export class RangePipeline {
  readonly #plan: MatchPlan;
  readonly #path: string;
  readonly #hooks: RunHooks;
  readonly #timeoutMs: number;
  readonly #stats: RunStats;
  readonly #parts: Part[];
  readonly #spawn: () => Worker;
  #ready = false;
  /** Parts before this one are merged; `#base` lines precede it. */
  #mergeIndex = 0;
  #base = 0;
  #draining = false;
  #closed = false;
  #watch: NodeJS.Timeout | null = null;
  #settle: { resolve(s: RunStats): void; reject(e: unknown): void } | null = null;

  /** `spawn` gives a started worker (see worker-pool.ts). */
  constructor(plan: MatchPlan, path: string, ranges: readonly ByteRange[], hooks: RunHooks, lineTimeoutSeconds: number, spawn: () => Worker = startWorker) {
    this.#plan = plan;
    this.#spawn = spawn;
    this.#path = path;
    this.#hooks = hooks;
    this.#timeoutMs = lineTimeoutSeconds * 1000;
    this.#stats = emptyStats(plan.def.failregex.length);
    let before = 0;
    this.#parts = ranges.map((range, i) => {
      // --json lines carry their number: count the lines before each part (summary: renumbered when merged)
      if (plan.session.json && i > 0) before += countLines(path, ranges[i - 1].start, range.start);
      return newPart(range, plan.session.json ? before : 0);
    });
  }

  run(): Promise<RunStats> {
    return new Promise((resolve, reject) => {
      this.#settle = { resolve, reject };
      for (const part of this.#parts) this.#startWorker(part);
      const every = Math.max(10, Math.min(250, this.#timeoutMs / 4));
      this.#watch = setInterval(() => this.#tick(), every);
    });
  }

  #startWorker(part: Part): void {
    const shared = new SharedArrayBuffer(PROGRESS_SLOTS * Float64Array.BYTES_PER_ELEMENT);
    const session = { ...this.#plan.session, linesBefore: part.ackLine, timedOut: part.timedOut.slice() };
    const worker = this.#spawn();
    const init = { ...this.#plan, session, shared, path: this.#path, start: part.ackOffset, end: part.range.end };
    worker.postMessage({ type: 'init-range', init } satisfies InitMessage);
    Object.assign(part, { worker, progress: new Float64Array(shared), workerStart: part.ackOffset, requested: 0, received: 0, stallLine: -1 });
    worker.on('message', (m: FromWorker) => part.worker === worker && this.#onMessage(part, m));
    worker.on('error', (err) => part.worker === worker && this.#fail(err, part));
    worker.on('exit', (code) => part.worker === worker && !part.done && this.#fail(new Error(`matching worker exited with code ${code}`), part));
    this.#request(part);
  }

  /** Keep MAX_IN_FLIGHT chunks asked for, unless too much output waits for earlier parts. */
  #request(part: Part): void {
    const worker = part.worker;
    if (worker === null || part.done) return;
    while (part.requested - part.received < MAX_IN_FLIGHT && part.queuedBytes < MAX_QUEUED_BYTES) {
      part.requested++;
      worker.postMessage({ type: 'more' } satisfies ToRangeWorker);
    }
  }

  #onMessage(part: Part, m: FromWorker): void {
    if (m.type === 'batch') return this.#onBatch(part, m);
    if (m.type === 'failed') return this.#fail(new WardenError(m.code, m.message), part);
    if (!this.#ready) this.#hooks.ready?.();
    this.#ready = true;
  }

  #onBatch(part: Part, m: BatchMessage): void {
    part.received++;
    part.ackOffset = part.workerStart + m.consumed;
    part.ackLine = m.lastLine;
    part.done = m.done;
    part.queued.push(m);
    part.queuedBytes += m.output?.length ?? 0;
    let bytes = 0;
    for (const p of this.#parts) bytes += p.ackOffset - p.range.start;
    this.#hooks.progress(bytes);
    this.#request(part);
    void this.#drain();
  }

  /** Merge queued batches in input order, waiting for stdout when it is full. */
  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (!this.#closed && this.#mergeIndex < this.#parts.length) {
        const part = this.#parts[this.#mergeIndex];
        const m = part.queued.shift();
        if (m === undefined) break;
        part.queuedBytes -= m.output?.length ?? 0;
        this.#merge(part, m);
        if (m.output !== null) await this.#hooks.output(m.output);
        if (m.done && part.queued.length === 0) {
          this.#base += m.lastLine - part.numberedFrom;
          this.#mergeIndex++;
        }
        this.#request(part);
      }
      if (this.#mergeIndex === this.#parts.length) this.#finish();
    } catch (err) {
      this.#fail(err, null);
    } finally {
      this.#draining = false;
    }
  }

  #merge(part: Part, m: BatchMessage): void {
    shiftLineNumbers(m.stats, this.#base - part.numberedFrom);
    for (const line of m.stats.timedOut) this.#hooks.warn(`line ${line}: matching took longer than ${this.#timeoutMs / 1000} s; line skipped and counted as missed`);
    mergeStats(this.#stats, m.stats, this.#plan.session.limits);
  }

  /** Watchdog: restart a part's worker when the same line has been busy for longer than the timeout. */
  #tick(): void {
    const now = performance.now();
    for (const part of this.#parts) {
      const p = part.progress;
      if (part.worker === null || part.done || p[SLOT_BUSY] !== 1 || part.received < p[SLOT_POSTED]) {
        part.stallLine = -1;
        continue;
      }
      const line = p[SLOT_LINE];
      if (line !== part.stallLine) {
        part.stallLine = line;
        part.stallSince = now;
      } else if (now - part.stallSince >= this.#timeoutMs) this.#restart(part, line);
    }
  }

  #restart(part: Part, line: number): void {
    const old = part.worker;
    part.worker = null;
    void old?.terminate();
    part.timedOut.push(line);
    part.timedOut.sort((a, b) => a - b);
    this.#startWorker(part);
  }

  #close(): void {
    this.#closed = true;
    if (this.#watch !== null) clearInterval(this.#watch);
    for (const part of this.#parts) {
      const w = part.worker;
      part.worker = null;
      void w?.terminate();
    }
  }

  #finish(): void {
    this.#close();
    this.#settle?.resolve(this.#stats);
  }

  #fail(err: unknown, part: Part | null): void {
    const line = part === null ? 0 : part.progress[SLOT_LINE] - part.numberedFrom;
    this.#close();
    if (err instanceof WardenError) return this.#settle?.reject(err);
    const where = part === null ? '' : ` near line ${line} of the part starting at byte ${part.range.start}`;
    const wrapped = new Error(`matching failed${where}: ${err instanceof Error ? err.message : String(err)}`);
    const frames = err instanceof Error ? (err.stack ?? '').split('\n').slice(1).join('\n') : '';
    wrapped.stack = `${wrapped.name}: ${wrapped.message}\n${frames}`;
    this.#settle?.reject(wrapped);
  }
}

function newPart(range: ByteRange, numberedFrom: number): Part {
  return {
    range, numberedFrom, worker: null, progress: new Float64Array(PROGRESS_SLOTS), workerStart: range.start, ackOffset: range.start,
    ackLine: numberedFrom, timedOut: [], requested: 0, received: 0, done: false, queued: [], queuedBytes: 0, stallLine: -1, stallSince: 0,
  };
}
