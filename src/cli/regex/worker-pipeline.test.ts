import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WardenError } from '../../core/errors.js';
import { readLogChunks } from './log-input.js';
import type { MatchPlan, RunHooks } from './match-plan.js';
import { resolveFilter } from './resolve-filter.js';
import { WorkerPipeline } from './worker-pipeline.js';

const LIMITS = { matched: 0, missed: 20, ignored: 20, suspicious: 20 };

function plan(regex: string, json: boolean): MatchPlan {
  const resolved = resolveFilter(regex, null, []);
  assert.ok(resolved.ok);
  const session = { json, now: 0, prefilter: false, verbose: false, limits: LIMITS, linesBefore: 0, timedOut: [] };
  return { def: resolved.def, compile: {}, encoding: 'utf-8', session };
}

/** Hooks recording the order of `ready` and output (and the output). */
function recorder(): { hooks: RunHooks; events: string[] } {
  const events: string[] = [];
  const output = (b: Uint8Array): undefined => void events.push(Buffer.from(b).toString('utf8'));
  const hooks: RunHooks = { output, progress: () => {}, warn: () => {}, ready: () => void events.push('ready') };
  return { hooks, events };
}

const lines = (text: string): AsyncGenerator<Buffer> => readLogChunks({ kind: 'line', text }, true);

test('the worker compiles the filter and reports ready once, before any output', async () => {
  const { hooks, events } = recorder();
  await new WorkerPipeline(plan("failed for '<HOST>'", true), lines("x failed for '192.0.2.1'\ny"), hooks, 5).run();
  assert.equal(events[0], 'ready');
  assert.equal(events.filter((e) => e === 'ready').length, 1);
  assert.match(events.slice(1).join(''), /^\{"line":1,"match":true,"host":"192\.0\.2\.1".*\n\{"line":2,"match":false,/);
});

test('a filter the worker cannot compile rejects with its WardenError, and ready is never reported', async () => {
  const { hooks, events } = recorder();
  await assert.rejects(new WorkerPipeline(plan('^some (line)$', false), lines('some line'), hooks, 5).run(), (err: unknown) => {
    assert.ok(err instanceof WardenError);
    assert.equal(err.code, 'ERR_FILTER_NO_FAILURE_ID');
    assert.match(err.message, /^<command line>: filter command-line: no failure-id group .* in regex "\^some \(line\)\$"$/);
    return true;
  });
  assert.deepEqual(events, []);
});
