/**
 * Worker thread entry of `warden regex`. Started ahead of need, it waits for `init`, compiles the
 * filter (answering `ready`, or `failed` with the error), then matches: chunks the main thread posts
 * (stream mode, one batch per chunk) or a byte range it reads itself (range-worker.ts). Publishes its
 * current line number in shared memory so the main thread's watchdog can stop it on a stuck line.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { WardenError } from '../../core/errors.js';
import { compileFilter } from '../../filter/compile-filter.js';
import type { Filter } from '../../filter/filter.js';
import { createLineDecoder } from './line-decoder.js';
import { LineSplitter } from './line-splitter.js';
import type { MatchPlan } from './match-plan.js';
import { MatchSession } from './match-session.js';
import { postBatch, rangeHandler } from './range-worker.js';
import { SLOT_BUSY, type FailedMessage, type InitMessage, type ToWorker, type WorkerInit } from './worker-protocol.js';

type Handler = (msg: ToWorker) => void;

function compile(plan: MatchPlan, port: MessagePort): Filter | null {
  try {
    return compileFilter(plan.def, plan.compile);
  } catch (err) {
    if (!(err instanceof WardenError)) throw err;
    port.postMessage({ type: 'failed', code: err.code, message: err.message } satisfies FailedMessage);
    port.close();
    return null;
  }
}

function streamHandler(session: MatchSession, progress: Float64Array, port: MessagePort): Handler {
  const splitter = new LineSplitter();
  return (msg) => {
    progress[SLOT_BUSY] = 1;
    if (msg.type === 'chunk') splitter.push(Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength), session);
    else splitter.end(session);
    progress[SLOT_BUSY] = 0;
    postBatch({ session, splitter, progress, port }, msg.type === 'end');
    if (msg.type === 'end') port.close();
  };
}

/** Compiles the filter and returns the handler of the messages after `init`, or null when it failed. */
function start(msg: InitMessage, port: MessagePort): Handler | null {
  const init: WorkerInit = msg.init;
  const filter = compile(init, port);
  if (filter === null) return null;
  port.postMessage({ type: 'ready' });
  const progress = new Float64Array(init.shared);
  const session = new MatchSession(filter, createLineDecoder(init.encoding), init.session, progress);
  return msg.type === 'init' ? streamHandler(session, progress, port) : rangeHandler(msg.init, session, progress, port);
}

const port = parentPort;
if (port === null) throw new Error('match-worker must run in a worker thread');
let handler: Handler | null = null;
let started = false;

port.on('message', (msg: InitMessage | ToWorker) => {
  if (started) return handler?.(msg as ToWorker);
  started = true;
  if (msg.type !== 'init' && msg.type !== 'init-range') throw new Error(`match-worker: expected init, got ${msg.type}`);
  handler = start(msg, port);
});
