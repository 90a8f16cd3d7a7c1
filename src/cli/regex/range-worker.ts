/**
 * Ranged mode of the matching worker (parallel `warden regex`): reads one byte range of the log file
 * itself, first replaying (unreported) the lines just before it so the filter starts in the right
 * state, then answers each `more` request with the batch of one chunk. Progress as in match-worker.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { LineSplitter } from './line-splitter.js';
import { CHUNK_BYTES } from './log-input.js';
import { primeStart } from './log-ranges.js';
import type { MatchSession } from './match-session.js';
import { SLOT_BUSY, SLOT_POSTED, type BatchMessage, type RangeInit } from './worker-protocol.js';

function countLf(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** The message handler of a ranged worker: each message asks for the batch of one more chunk. */
export function rangeHandler(init: RangeInit, session: MatchSession, progress: Float64Array, port: MessagePort): () => void {
  const splitter = new LineSplitter();
  const fd = openSync(init.path, 'r');
  const store = new ArrayBuffer(CHUNK_BYTES);
  let pos = init.start;
  let primed = false;
  let done = false;

  function prime(): void {
    const from = primeStart(fd, init.start);
    if (from === init.start) return;
    const buf = Buffer.allocUnsafe(init.start - from);
    readSync(fd, buf, 0, buf.length, from);
    const sink = session.primer(init.session.linesBefore - countLf(buf) + 1);
    new LineSplitter().push(buf, sink);
  }

  /** The next chunk of the range (a fresh Buffer object over reused memory), or null at its end. */
  function nextChunk(): Buffer | null {
    const want = init.end < 0 ? CHUNK_BYTES : Math.min(CHUNK_BYTES, init.end - pos);
    if (want <= 0) return null;
    const got = readSync(fd, Buffer.from(store, 0, want), 0, want, pos);
    pos += got;
    return got === 0 ? null : Buffer.from(store, 0, got);
  }

  /** Matches one chunk; true at the end of the range (the last chunk may end it too). */
  function step(): boolean {
    if (!primed) {
      primed = true;
      prime();
    }
    const chunk = nextChunk();
    if (chunk !== null) splitter.push(chunk, session);
    const atEnd = chunk === null || (init.end < 0 ? chunk.length < CHUNK_BYTES : pos >= init.end);
    if (atEnd) splitter.end(session);
    return atEnd;
  }

  return () => {
    if (done) return;
    progress[SLOT_BUSY] = 1;
    done = step();
    progress[SLOT_BUSY] = 0;
    postBatch({ session, splitter, progress, port }, done);
    if (done) {
      closeSync(fd);
      port.close();
    }
  };
}

/** Send what the session gathered since the last batch (output, stats, resume point) to the main thread. */
export function postBatch(
  to: { session: MatchSession; splitter: LineSplitter; progress: Float64Array; port: MessagePort },
  done: boolean,
): void {
  const batch: BatchMessage = {
    type: 'batch',
    consumed: to.splitter.consumedBytes,
    lastLine: to.session.lineNo,
    output: to.session.takeOutput(),
    stats: to.session.takeStats(),
    done,
  };
  to.progress[SLOT_POSTED]++;
  to.port.postMessage(batch);
}
