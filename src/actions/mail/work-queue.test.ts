import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWorkQueue } from './work-queue.js';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('jobs run one at a time in the order queued, none before push returns', async () => {
  const log: string[] = [];
  const queue = createWorkQueue(10, () => undefined);
  const job = (name: string) => async (): Promise<void> => {
    log.push(`${name} start`);
    await tick(5);
    log.push(`${name} end`);
  };
  queue.push(job('a'));
  queue.push(job('b'));
  assert.deepEqual(log, []);
  assert.equal(await queue.idle(), true);
  assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end']);
});

test('a full queue refuses jobs and counts the running one', async () => {
  const queue = createWorkQueue(2, () => undefined);
  let release: () => void = () => undefined;
  const blocked = new Promise<void>((resolve) => (release = resolve));
  assert.equal(queue.push(() => blocked), true);
  await tick(5); // the first job is running now
  assert.equal(queue.push(async () => undefined), true);
  assert.equal(queue.push(async () => undefined), false);
  assert.equal(queue.size(), 2);
  release();
  await queue.idle();
  assert.equal(queue.size(), 0);
  assert.equal(queue.push(async () => undefined), true);
});

test('a failing job is reported and the next one still runs', async () => {
  const errors: unknown[] = [];
  const queue = createWorkQueue(10, (err) => errors.push(err));
  let ran = false;
  queue.push(async () => {
    throw new Error('boom');
  });
  queue.push(async () => {
    ran = true;
  });
  await queue.idle();
  assert.equal((errors[0] as Error).message, 'boom');
  assert.equal(ran, true);
});

test('idle gives up after its timeout while a job is still running', async () => {
  const queue = createWorkQueue(10, () => undefined);
  queue.push(() => tick(200));
  assert.equal(await queue.idle(20), false);
  assert.equal(await queue.idle(), true);
});
