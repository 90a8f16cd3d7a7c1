/**
 * Matching workers started before they are needed: `warden regex` starts them before it resolves
 * the filter, so their boot overlaps the config loading. Adopts the worker main may have started.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startIdleWorker, startWorker, takeEarlyWorker } from './early-worker.js';
import { classifyLogArg } from './log-input.js';
import { rangeCount } from './log-ranges.js';

export interface WorkerPool {
  /** A started worker: one from the pool while any is left (and alive), else a new one. */
  take(): Worker;
  /** Stop the workers not taken but `keep` of them. */
  trim(keep?: number): void;
}

/** The thread of a worker that exited has id -1. */
const alive = (w: Worker): boolean => w.threadId >= 0;

/** A pool of `count` started workers (the early one among them, if any); `start` starts an idle one. */
export function createWorkerPool(count: number, start: () => Worker = startIdleWorker): WorkerPool {
  const idle: Worker[] = [];
  const early = takeEarlyWorker();
  if (early !== null) idle.push(early);
  while (idle.length < count) idle.push(start());
  const pool: WorkerPool = {
    take() {
      let w = idle.shift();
      while (w !== undefined && !alive(w)) w = idle.shift();
      if (w === undefined) return startWorker();
      w.ref();
      return w;
    },
    trim(keep = 0) {
      for (const w of idle.splice(keep)) void w.terminate();
    },
  };
  pool.trim(count);
  return pool;
}

/**
 * Workers a `warden regex` run will want, before its filter is known: one per byte range a file of
 * this size gets (the filter may still need a single stream worker: extras are trimmed then), one
 * for other inputs, none with `--line-timeout 0`. Never throws: problems are reported later.
 */
export function prestartWorkers(log: string, lineTimeout: number): WorkerPool {
  if (lineTimeout <= 0) return createWorkerPool(0);
  try {
    const input = classifyLogArg(log);
    return createWorkerPool(input.kind === 'file' ? rangeCount(input.size, availableParallelism()) : 1);
  } catch {
    return createWorkerPool(1);
  }
}
