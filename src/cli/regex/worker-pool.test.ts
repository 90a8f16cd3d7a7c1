import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { startEarlyWorker, takeEarlyWorker } from './early-worker.js';
import { createWorkerPool, prestartWorkers } from './worker-pool.js';

/** A stand-in worker that waits (or, with `exit`, ends at once). */
const fake = (exit = false): Worker => new Worker(exit ? '' : 'setInterval(() => {}, 1000)', { eval: true });
const starting = (into: Worker[]): Worker => {
  const w = fake();
  into.push(w);
  return w;
};
const stop = (ws: readonly Worker[]): Promise<unknown> => Promise.all(ws.map((w) => w.terminate()));

test('a pool hands out its started workers in order, then new ones', async () => {
  takeEarlyWorker()?.terminate();
  const started: Worker[] = [];
  const pool = createWorkerPool(2, () => starting(started));
  const taken = [pool.take(), pool.take(), pool.take()];
  assert.equal(started.length, 2);
  assert.deepEqual(taken.slice(0, 2), started);
  assert.ok(!started.includes(taken[2]) && taken[2].threadId > 0, 'then a newly started worker');
  await stop(taken);
});

test('trim stops the idle workers beyond the number kept', async () => {
  const started: Worker[] = [];
  const pool = createWorkerPool(3, () => starting(started));
  const exits = started.map((w) => once(w, 'exit'));
  pool.trim(1);
  await Promise.all(exits.slice(1));
  assert.equal(pool.take(), started[0]);
  await stop([started[0]]);
});

test('an idle worker that exited is skipped, not handed out', async () => {
  const dead = fake(true);
  const pool = createWorkerPool(1, () => dead);
  await once(dead, 'exit');
  const w = pool.take();
  assert.notEqual(w, dead);
  assert.ok(w.threadId > 0);
  await w.terminate();
});

test('the early worker is adopted by the next pool, once; it is a matching worker waiting for init', async () => {
  startEarlyWorker();
  const pool = createWorkerPool(1, () => assert.fail('the early worker fills the pool'));
  assert.equal(takeEarlyWorker(), null, 'the pool took it');
  const w = pool.take();
  w.postMessage({ type: 'init', init: null });
  await once(w, 'error');
  await w.terminate();
});

test('prestartWorkers starts none for --line-timeout 0 and never throws on a bad LOG', async () => {
  const none = prestartWorkers('/no/such/file', 0);
  const fresh = none.take();
  await fresh.terminate();
  const pool = prestartWorkers('\0bad', 2);
  const w = pool.take();
  pool.trim();
  await w.terminate();
});
