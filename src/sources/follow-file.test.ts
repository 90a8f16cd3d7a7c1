import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { followFile, type FollowFileOptions } from './follow-file.js';
import { pause, recorder, tempDir, waitFor, type Recorder } from './source-test-kit.js';
import type { FileFollower } from './source-event.js';

type Extra = Partial<Omit<FollowFileOptions, 'onLines' | 'onEvent' | 'path'>>;

function follow(t: { after(fn: () => Promise<void>): void }, path: string, rec: Recorder, extra: Extra = {}): FileFollower {
  const f = followFile({ path, start: null, from: 'head', pollMs: 20, rotatedGraceMs: 150, ...extra, onLines: rec.onLines, onEvent: rec.onEvent });
  t.after(() => f.stop());
  return f;
}

const numbered = (from: number, to: number): string => Array.from({ length: to - from }, (_, i) => `line ${from + i}\n`).join('');
const expected = (from: number, to: number): string[] => numbered(from, to).trimEnd().split('\n');

test('appended lines are handed out; a partial last line waits for its newline and comes once', async (t) => {
  const log = join(tempDir(t), 'app.log');
  writeFileSync(log, 'first\n');
  const rec = recorder();
  const f = follow(t, log, rec);
  await waitFor(() => rec.lines.length === 1, 'first line');
  appendFileSync(log, 'second\nthi');
  await waitFor(() => rec.lines.length === 2, 'second line');
  await pause(60);
  assert.deepEqual(rec.lines, ['first', 'second']);
  appendFileSync(log, 'rd\r\n');
  await waitFor(() => rec.lines.length === 3, 'completed line');
  assert.deepEqual(rec.lines, ['first', 'second', 'third']);
  assert.equal(rec.lastPosition()?.offset, 20);
  assert.deepEqual(f.position(), rec.lastPosition());
  assert.match(f.position()?.firstLineHash ?? '', /^[0-9a-f]{40}$/);
});

test('rename+create rotation: the old file is read to its end, late writes to it included, nothing twice', async (t) => {
  const log = join(tempDir(t), 'app.log');
  writeFileSync(log, numbered(0, 3));
  const rec = recorder();
  follow(t, log, rec);
  await waitFor(() => rec.lines.length === 3, 'first lines');
  appendFileSync(log, numbered(3, 5));
  renameSync(log, `${log}.1`);
  appendFileSync(`${log}.1`, numbered(5, 6));
  writeFileSync(log, numbered(6, 8));
  await waitFor(() => rec.lines.length >= 8, 'lines of both files');
  appendFileSync(`${log}.1`, numbered(8, 9)); // the writer has not reopened yet
  appendFileSync(log, numbered(9, 10));
  await waitFor(() => rec.lines.length >= 10, 'late lines');
  await pause(60);
  assert.deepEqual([...rec.lines].sort(), expected(0, 10).sort());
  assert.deepEqual(rec.lines.slice(0, 6), expected(0, 6), 'the old file is finished before the new one starts');
  assert.deepEqual(rec.eventKinds(), ['rotated:rename']);
});

test('copytruncate: a file shorter than the position is read again from 0', async (t) => {
  const log = join(tempDir(t), 'app.log');
  writeFileSync(log, numbered(0, 4));
  const rec = recorder();
  follow(t, log, rec);
  await waitFor(() => rec.lines.length === 4, 'first lines');
  copyFileSync(log, `${log}.1`);
  truncateSync(log, 0);
  await pause(50);
  appendFileSync(log, 'after truncate\n');
  await waitFor(() => rec.lines.length === 5, 'line after truncation');
  assert.equal(rec.lines[4], 'after truncate');
  assert.deepEqual(rec.eventKinds(), ['rotated:truncate']);
  assert.equal(rec.lastPosition()?.offset, 15);
});

test('a truncated file refilled past the old offset is noticed by its first line', async (t) => {
  const log = join(tempDir(t), 'app.log');
  writeFileSync(log, 'old 1\n');
  const rec = recorder();
  follow(t, log, rec);
  await waitFor(() => rec.lines.length === 1, 'first line');
  writeFileSync(log, 'new first line, longer\nnew 2\n');
  await waitFor(() => rec.lines.length === 3, 'rewritten file');
  assert.deepEqual(rec.lines, ['old 1', 'new first line, longer', 'new 2']);
});

test('deleted and recreated: the new file is read from 0', async (t) => {
  const log = join(tempDir(t), 'app.log');
  writeFileSync(log, 'a\nb\n');
  const rec = recorder();
  follow(t, log, rec);
  await waitFor(() => rec.lines.length === 2, 'first lines');
  rmSync(log);
  await pause(40);
  writeFileSync(log, 'c\n');
  await waitFor(() => rec.lines.length === 3, 'recreated file');
  assert.deepEqual(rec.lines, ['a', 'b', 'c']);
  assert.deepEqual(rec.eventKinds(), ['rotated:replaced']);
});

test('a new follower with the stored position resumes after it: nothing lost, nothing twice', async (t) => {
  const log = join(tempDir(t), 'app.log');
  writeFileSync(log, numbered(0, 3));
  const rec1 = recorder();
  const f1 = follow(t, log, rec1);
  await waitFor(() => rec1.lines.length === 3, 'first run');
  appendFileSync(log, 'partial');
  await pause(40);
  await f1.stop();
  const stored = rec1.lastPosition();
  appendFileSync(log, ' now complete\n' + numbered(3, 5));
  const rec2 = recorder();
  follow(t, log, rec2, { start: stored, from: 'tail' });
  await waitFor(() => rec2.lines.length === 3, 'second run');
  assert.deepEqual(rec2.lines, ['partial now complete', ...expected(3, 5)]);
});

test('a stored position in a copied file (same first line, other inode) resumes', async (t) => {
  const dir = tempDir(t);
  const log = join(dir, 'app.log');
  writeFileSync(log, numbered(0, 3));
  const rec1 = recorder();
  const f1 = follow(t, log, rec1);
  await waitFor(() => rec1.lines.length === 3, 'first run');
  await f1.stop();
  copyFileSync(log, join(dir, 'copy'));
  rmSync(log);
  renameSync(join(dir, 'copy'), log);
  appendFileSync(log, numbered(3, 4));
  const rec2 = recorder();
  follow(t, log, rec2, { start: rec1.lastPosition() });
  await waitFor(() => rec2.lines.length === 1, 'second run');
  await pause(40);
  assert.deepEqual(rec2.lines, expected(3, 4));
});

test('a stored position whose first line differs (file replaced) reads the file from 0', async (t) => {
  const log = join(tempDir(t), 'app.log');
  writeFileSync(log, numbered(0, 3));
  const rec1 = recorder();
  const f1 = follow(t, log, rec1);
  await waitFor(() => rec1.lines.length === 3, 'first run');
  await f1.stop();
  writeFileSync(log, 'other first line\n' + numbered(10, 13));
  const rec2 = recorder();
  follow(t, log, rec2, { start: rec1.lastPosition() });
  await waitFor(() => rec2.lines.length === 4, 'replaced file');
  assert.deepEqual(rec2.lines, ['other first line', ...expected(10, 13)]);
});

test('a stored position in a file rotated away while stopped: its rest at path.1 is read first', async (t) => {
  const log = join(tempDir(t), 'app.log');
  writeFileSync(log, numbered(0, 2));
  const rec1 = recorder();
  const f1 = follow(t, log, rec1);
  await waitFor(() => rec1.lines.length === 2, 'first run');
  await f1.stop();
  appendFileSync(log, numbered(2, 4));
  renameSync(log, `${log}.1`);
  writeFileSync(log, numbered(4, 6));
  const rec2 = recorder();
  follow(t, log, rec2, { start: rec1.lastPosition() });
  await waitFor(() => rec2.lines.length === 4, 'rest and new file');
  assert.deepEqual(rec2.lines, expected(2, 6));
  assert.equal(rec2.batches[0].position.inode, rec1.lastPosition()?.inode, 'rest of the old file carries its own position');
});

test('tail without a stored position skips what is there, including a partial line', async (t) => {
  const log = join(tempDir(t), 'app.log');
  writeFileSync(log, 'old\nhalf');
  const rec = recorder();
  follow(t, log, rec, { from: 'tail' });
  await pause(40);
  appendFileSync(log, ' done\nnew\n');
  await waitFor(() => rec.lines.length === 1, 'new line');
  await pause(40);
  assert.deepEqual(rec.lines, ['new']);
});

test('a missing file is reported once and read from 0 when it appears, even in tail mode', async (t) => {
  const log = join(tempDir(t), 'later.log');
  const rec = recorder();
  const f = follow(t, log, rec, { from: 'tail' });
  await pause(80);
  assert.deepEqual(rec.eventKinds(), ['missing']);
  assert.equal(f.position(), null);
  writeFileSync(log, 'hello\n');
  await waitFor(() => rec.lines.length === 1, 'line of the new file');
  assert.deepEqual(rec.eventKinds(), ['missing', 'appeared']);
});

test('polling only (no inotify) still follows appends and rotation', async (t) => {
  const log = join(tempDir(t), 'app.log');
  writeFileSync(log, 'a\n');
  const rec = recorder();
  follow(t, log, rec, { watch: false });
  await waitFor(() => rec.lines.length === 1, 'first line');
  renameSync(log, `${log}.1`);
  writeFileSync(log, 'b\n');
  await waitFor(() => rec.lines.length === 2, 'rotated file');
  assert.deepEqual(rec.lines, ['a', 'b']);
});

test('a backlog is read in chunks: one batch per chunk, positions increasing, all lines once', async (t) => {
  const log = join(tempDir(t), 'big.log');
  writeFileSync(log, numbered(0, 5000));
  const rec = recorder();
  follow(t, log, rec, { chunkBytes: 4096 });
  await waitFor(() => rec.lines.length === 5000, 'backlog');
  assert.ok(rec.batches.length > 10);
  const offsets = rec.batches.map((b) => b.position.offset);
  assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
  assert.deepEqual(rec.lines, expected(0, 5000));
});

test('invalid UTF-8 is replaced, not an error; latin1 files decode', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'u'), Buffer.from([0x6f, 0x6b, 0xc3, 0x28, 0x0a]));
  writeFileSync(join(dir, 'l'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  const u = recorder();
  const l = recorder();
  follow(t, join(dir, 'u'), u);
  follow(t, join(dir, 'l'), l, { encoding: 'latin1' });
  await waitFor(() => u.lines.length === 1 && l.lines.length === 1, 'both lines');
  assert.deepEqual(u.lines, ['ok\ufffd(']);
  assert.deepEqual(l.lines, ['café']);
  assert.deepEqual(u.events, []);
});

test('a file rotated while stopped is told by its inode even when the new file starts with the same line', async (t) => {
  const log = join(tempDir(t), 'app.log');
  writeFileSync(log, '# header\nold 1\n');
  const rec1 = recorder();
  const f1 = follow(t, log, rec1);
  await waitFor(() => rec1.lines.length === 2, 'first run');
  await f1.stop();
  appendFileSync(log, 'old 2\n');
  renameSync(log, `${log}.1`);
  writeFileSync(log, '# header\nnew 1\nnew 2\n');
  const rec2 = recorder();
  follow(t, log, rec2, { start: rec1.lastPosition() });
  await waitFor(() => rec2.lines.length === 4, 'rest and new file');
  await pause(40);
  assert.deepEqual(rec2.lines, ['old 2', '# header', 'new 1', 'new 2']);
});
