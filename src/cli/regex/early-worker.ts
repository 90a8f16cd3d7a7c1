/**
 * Starting matching workers (match-worker.ts). Booting one and loading the filter engine takes
 * longer than loading the CLI and the config, so main may start the first before the CLI is loaded.
 * This module is imported by main: it must stay light (no imports but node:worker_threads).
 */
import { Worker } from 'node:worker_threads';

const WORKER_URL = new URL('./match-worker.js', import.meta.url);

export function startWorker(): Worker {
  return new Worker(WORKER_URL);
}

/** A worker waiting for its `init`, not keeping the process alive until taken (ref() it then). */
export function startIdleWorker(): Worker {
  const w = startWorker();
  w.unref();
  // A worker that dies before it is taken is replaced by a new one, which reports the problem.
  w.on('error', () => {});
  return w;
}

let early: Worker | null = null;

/** Start the process's first matching worker now (`warden regex`, before its options are read). */
export function startEarlyWorker(): void {
  early ??= startIdleWorker();
}

/** The worker startEarlyWorker started, once; null when none was. */
export function takeEarlyWorker(): Worker | null {
  const w = early;
  early = null;
  return w;
}
