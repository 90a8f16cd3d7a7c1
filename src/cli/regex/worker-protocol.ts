/**
 * Messages between the main thread and the matching worker, and the layout of the shared progress
 * array the watchdog reads (a Float64Array over a SharedArrayBuffer). A worker's first message is
 * `init`; it answers `ready` (filter compiled) or `failed`, then one batch per chunk.
 */
import type { ErrorCode } from '../../core/errors.js';
import type { MatchPlan } from './match-plan.js';
import type { RunStats } from './run-stats.js';

export interface WorkerInit extends MatchPlan {
  /** PROGRESS_SLOTS float64 slots, see SLOT_*. */
  readonly shared: SharedArrayBuffer;
}

/** First message to a worker: a stream worker (match-worker.ts) or a ranged one (range-worker.ts). */
export type InitMessage = { readonly type: 'init'; readonly init: WorkerInit } | { readonly type: 'init-range'; readonly init: RangeInit };

export type ToWorker = { readonly type: 'chunk'; readonly data: Uint8Array } | { readonly type: 'end' };

/** The filter compiled: batches follow. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** The filter did not compile (a WardenError: the message is for the user). */
export interface FailedMessage {
  readonly type: 'failed';
  readonly code: ErrorCode;
  readonly message: string;
}

/** Sent after every chunk (and after `end`, with done = true). */
export interface BatchMessage {
  readonly type: 'batch';
  /** Bytes of this worker's input that belong to complete, processed lines. */
  readonly consumed: number;
  /** Number of the last processed line. */
  readonly lastLine: number;
  /** `--json` bytes, or null. */
  readonly output: Uint8Array | null;
  readonly stats: RunStats;
  readonly done: boolean;
}

export type FromWorker = ReadyMessage | FailedMessage | BatchMessage;

/** Number of the line being processed. */
export const SLOT_LINE = 0;
/** Batches posted so far (incremented before each post). */
export const SLOT_POSTED = 1;
/** 1 while a chunk is being processed, 0 while waiting for input. */
export const SLOT_BUSY = 2;
export const PROGRESS_SLOTS = 3;

/** A ranged worker (range-worker.ts): matches the lines of one byte range of a log file. */
export interface RangeInit extends MatchPlan {
  readonly shared: SharedArrayBuffer;
  readonly path: string;
  /** First byte of the range (a line start). Lines before it are replayed, unreported, to prime the filter. */
  readonly start: number;
  /** End of the range (a line start), or -1 to read to the end of the file. */
  readonly end: number;
}

/** Ranged worker input: `more` asks for one more chunk's batch. */
export type ToRangeWorker = { readonly type: 'more' };
