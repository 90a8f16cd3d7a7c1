/**
 * Default runner of `warden regex`: the main thread reads chunks and posts them to a matching worker;
 * a watchdog stops the worker when one line takes longer than the line timeout (a JS regex cannot
 * be interrupted otherwise), records that line as timed out, and starts a new worker at the last
 * batch boundary. Results are merged batch by batch, so output stays in input order.
 */
import type { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { WardenError } from '../../core/errors.js';
import type { MatchPlan, RunHooks } from './match-plan.js';
import { emptyStats, mergeStats, type RunStats } from './run-stats.js';
import { startWorker } from './early-worker.js';
import { PROGRESS_SLOTS, SLOT_BUSY, SLOT_LINE, SLOT_POSTED, type BatchMessage, type FromWorker, type InitMessage, type ToWorker } from './worker-protocol.js';

const MAX_IN_FLIGHT = 3;

interface WorkerState {
  readonly worker: Worker;
  readonly progress: Float64Array;
  /** Input offset (bytes) of this worker's first byte. */
  readonly startOffset: number;
  sent: number;
  received: number;
  endSent: boolean;
  stallLine: number;
  stallSince: number;
}

interface Retained {
  readonly offset: number;
  readonly data: Buffer;
}

export class WorkerPipeline {
  readonly #plan: MatchPlan;
  readonly #hooks: RunHooks;
  readonly #chunks: AsyncIterator<Buffer>;
  readonly #timeoutMs: number;
  readonly #stats: RunStats;
  readonly #spawn: () => Worker;
  #ready = false;
  /** Input from the last batch boundary on: what a new worker must be sent again. */
  #retained: Retained[] = [];
  #readOffset = 0;
  #ackOffset = 0;
  #ackLine = 0;
  #eof = false;
  #pumping = false;
  #blocked = 0;
  #timedOut: number[] = [];
  #current: WorkerState | null = null;
  #watch: NodeJS.Timeout | null = null;
  #settle: { resolve(s: RunStats): void; reject(e: unknown): void } | null = null;

  /** `spawn` gives a started worker (see worker-pool.ts). */
  constructor(plan: MatchPlan, chunks: AsyncIterable<Buffer>, hooks: RunHooks, lineTimeoutSeconds: number, spawn: () => Worker = startWorker) {
    this.#plan = plan;
    this.#spawn = spawn;
    this.#hooks = hooks;
    this.#chunks = chunks[Symbol.asyncIterator]();
    this.#timeoutMs = lineTimeoutSeconds * 1000;
    this.#stats = emptyStats(plan.def.failregex.length);
  }

  run(): Promise<RunStats> {
    return new Promise((resolve, reject) => {
      this.#settle = { resolve, reject };
      this.#startWorker();
      const every = Math.max(10, Math.min(250, this.#timeoutMs / 4));
      this.#watch = setInterval(() => this.#tick(), every);
      void this.#pump();
    });
  }

  #startWorker(): void {
    const shared = new SharedArrayBuffer(PROGRESS_SLOTS * Float64Array.BYTES_PER_ELEMENT);
    const session = { ...this.#plan.session, linesBefore: this.#ackLine, timedOut: this.#timedOut.filter((n) => n > this.#ackLine) };
    const worker = this.#spawn();
    worker.postMessage({ type: 'init', init: { ...this.#plan, session, shared } } satisfies InitMessage);
    const state: WorkerState = { worker, progress: new Float64Array(shared), startOffset: this.#ackOffset, sent: 0, received: 0, endSent: false, stallLine: -1, stallSince: 0 };
    worker.on('message', (m: FromWorker) => this.#current === state && this.#onMessage(state, m));
    worker.on('error', (err) => this.#current === state && this.#fail(err, state));
    worker.on('exit', (code) => this.#current === state && this.#fail(new Error(`matching worker exited with code ${code}`), state));
    this.#current = state;
    for (const r of this.#retained) this.#send(state, r.offset < this.#ackOffset ? r.data.subarray(this.#ackOffset - r.offset) : r.data);
    if (this.#eof) this.#sendEnd(state);
  }

  #send(state: WorkerState, data: Buffer): void {
    state.sent++;
    state.worker.postMessage({ type: 'chunk', data } satisfies ToWorker);
  }

  #sendEnd(state: WorkerState): void {
    state.sent++;
    state.endSent = true;
    state.worker.postMessage({ type: 'end' } satisfies ToWorker);
  }

  /** Read ahead while fewer than MAX_IN_FLIGHT chunks wait in the worker. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (!this.#eof && this.#blocked === 0 && this.#current !== null && this.#current.sent - this.#current.received < MAX_IN_FLIGHT) {
        const next = await this.#chunks.next();
        if (this.#current === null) return;
        if (next.done) {
          this.#eof = true;
          break;
        }
        this.#retained.push({ offset: this.#readOffset, data: next.value });
        this.#readOffset += next.value.length;
        this.#send(this.#current, next.value);
      }
      if (this.#eof && this.#current !== null && !this.#current.endSent) this.#sendEnd(this.#current);
    } catch (err) {
      if (this.#current !== null) this.#fail(err, this.#current);
    } finally {
      this.#pumping = false;
    }
  }

  #onMessage(state: WorkerState, m: FromWorker): void {
    if (m.type === 'batch') return this.#onBatch(state, m);
    if (m.type === 'failed') return this.#fail(new WardenError(m.code, m.message), state);
    if (!this.#ready) this.#hooks.ready?.();
    this.#ready = true;
  }

  #onBatch(state: WorkerState, m: BatchMessage): void {
    state.received++;
    this.#ackOffset = state.startOffset + m.consumed;
    this.#ackLine = m.lastLine;
    while (this.#retained.length > 0 && this.#retained[0].offset + this.#retained[0].data.length <= this.#ackOffset) this.#retained.shift();
    mergeStats(this.#stats, m.stats, this.#plan.session.limits);
    this.#hooks.progress(this.#ackOffset);
    const written = m.output === null ? undefined : this.#hooks.output(m.output);
    const next = (): void => (m.done ? this.#finish(state) : void this.#pump());
    if (written === undefined) return next();
    this.#blocked++;
    written.then(() => {
      this.#blocked--;
      next();
    }, (err: unknown) => this.#fail(err, state));
  }

  /** Watchdog: stop the worker when the same line has been busy for longer than the timeout. */
  #tick(): void {
    const s = this.#current;
    if (s === null) return;
    const p = s.progress;
    if (p[SLOT_BUSY] !== 1 || s.received < p[SLOT_POSTED]) {
      s.stallLine = -1;
      return;
    }
    const line = p[SLOT_LINE];
    const now = performance.now();
    if (line !== s.stallLine) {
      s.stallLine = line;
      s.stallSince = now;
    } else if (now - s.stallSince >= this.#timeoutMs) this.#restart(s, line);
  }

  #restart(s: WorkerState, line: number): void {
    this.#current = null;
    void s.worker.terminate();
    this.#timedOut.push(line);
    this.#hooks.warn(`line ${line}: matching took longer than ${this.#timeoutMs / 1000} s; line skipped and counted as missed`);
    this.#startWorker();
    void this.#pump();
  }

  #stop(s: WorkerState): void {
    this.#current = null;
    if (this.#watch !== null) clearInterval(this.#watch);
    void s.worker.terminate();
  }

  #finish(s: WorkerState): void {
    this.#stop(s);
    this.#settle?.resolve(this.#stats);
  }

  #fail(err: unknown, s: WorkerState): void {
    const line = s.progress[SLOT_LINE];
    this.#stop(s);
    void this.#chunks.return?.();
    if (err instanceof WardenError) return this.#settle?.reject(err);
    // A bug in the worker: keep its stack (where it failed), say which line it was on.
    const wrapped = new Error(`matching failed near line ${line}: ${err instanceof Error ? err.message : String(err)}`);
    const frames = err instanceof Error ? (err.stack ?? '').split('\n').slice(1).join('\n') : '';
    wrapped.stack = `${wrapped.name}: ${wrapped.message}\n${frames}`;
    this.#settle?.reject(wrapped);
  }
}
