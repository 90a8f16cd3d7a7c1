import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { followGlob, type FollowGlobOptions, type GlobFollower } from './follow-glob.js';
import { pause, recorder, tempDir, waitFor, type Recorder } from './source-test-kit.js';

function follow(t: { after(fn: () => Promise<void>): void }, pattern: string, rec: Recorder,
  extra: Partial<FollowGlobOptions> = {}): GlobFollower {
  const g = followGlob({
    pattern, start: () => null, from: 'head', pollMs: 20, rescanMs: 50, rotatedGraceMs: 100, ...extra,
    onLines: rec.onLines, onEvent: rec.onEvent,
  });
  t.after(() => g.stop());
  return g;
}

test('a glob picks up a file created while running and reads it from the start', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'a.log'), 'a1\n');
  const rec = recorder();
  const g = follow(t, join(dir, '*.log'), rec, { from: 'tail' });
  await pause(40);
  writeFileSync(join(dir, 'b.log'), 'b1\nb2\n');
  appendFileSync(join(dir, 'a.log'), 'a2\n');
  await waitFor(() => rec.lines.length === 3, 'lines of both files');
  assert.deepEqual([...rec.lines].sort(), ['a2', 'b1', 'b2']);
  assert.deepEqual(g.paths().sort(), [join(dir, 'a.log'), join(dir, 'b.log')]);
  assert.deepEqual(rec.events, [{ kind: 'appeared', path: join(dir, 'b.log') }]);
  assert.deepEqual(new Set(rec.batches.map((b) => b.path)), new Set([join(dir, 'a.log'), join(dir, 'b.log')]));
});

test('a glob with no match is reported missing, then followed when a file appears', async (t) => {
  const dir = tempDir(t);
  const rec = recorder();
  follow(t, join(dir, 'sip-*.log'), rec);
  assert.deepEqual(rec.eventKinds(), ['missing']);
  writeFileSync(join(dir, 'sip-1.log'), 'hello\n');
  await waitFor(() => rec.lines.length === 1, 'line of the new file');
  assert.deepEqual(rec.eventKinds(), ['missing', 'appeared']);
});

test('a literal missing path is followed anyway: missing, then appeared', async (t) => {
  const log = join(tempDir(t), 'messages');
  const rec = recorder();
  follow(t, log, rec);
  await waitFor(() => rec.events.length === 1, 'missing event');
  writeFileSync(log, 'x\n');
  await waitFor(() => rec.lines.length === 1, 'line');
  assert.deepEqual(rec.eventKinds(), ['missing', 'appeared']);
});

test('a glob that also matches rotated names does not read a rotated file twice', async (t) => {
  const dir = tempDir(t);
  const log = join(dir, 'app.log');
  writeFileSync(log, 'one\ntwo\n');
  const rec = recorder();
  const g = follow(t, join(dir, 'app.log*'), rec);
  await waitFor(() => rec.lines.length === 2, 'first lines');
  renameSync(log, `${log}.1`);
  writeFileSync(log, 'three\n');
  await waitFor(() => g.paths().length === 2, 'the rotated name followed', 2000);
  appendFileSync(`${log}.1`, 'late\n');
  appendFileSync(log, 'four\n');
  await waitFor(() => rec.lines.length >= 5, 'all lines');
  await pause(150);
  assert.deepEqual([...rec.lines].sort(), ['four', 'late', 'one', 'three', 'two']);
});
