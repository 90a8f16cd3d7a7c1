/**
 * Worker thread entry of `warden regex`: compiles the filter, then splits and matches each chunk the
 * main thread posts, answering with one batch per chunk. Publishes its current line number in shared
 * memory so the main thread's watchdog can stop it when one line takes too long.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileFilter } from '../../filter/compile-filter.js';
import { createLineDecoder } from './line-decoder.js';
import { LineSplitter } from './line-splitter.js';
import { MatchSession } from './match-session.js';
import { SLOT_BUSY, SLOT_POSTED, type BatchMessage, type ToWorker, type WorkerInit } from './worker-protocol.js';

const init = workerData as WorkerInit;
const port = parentPort;
if (port === null) throw new Error('match-worker must run in a worker thread');

const progress = new Float64Array(init.shared);
const filter = compileFilter(init.def, init.compile);
const session = new MatchSession(filter, createLineDecoder(init.encoding), init.session, progress);
const splitter = new LineSplitter();

port.on('message', (msg: ToWorker) => {
  progress[SLOT_BUSY] = 1;
  if (msg.type === 'chunk') splitter.push(Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength), session);
  else splitter.end(session);
  progress[SLOT_BUSY] = 0;
  const batch: BatchMessage = {
    type: 'batch',
    consumed: splitter.consumedBytes,
    lastLine: session.lineNo,
    output: session.takeOutput(),
    stats: session.takeStats(),
    done: msg.type === 'end',
  };
  progress[SLOT_POSTED]++;
  port.postMessage(batch);
  if (batch.done) port.close();
});
