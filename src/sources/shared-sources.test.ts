import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FilePosition } from '../core/records.js';
import { createSharedSources, type SharedSources } from './shared-sources.js';
import type { LineBatch, SourceEvent } from './source-event.js';
import { pause, tempDir, waitFor } from './source-test-kit.js';

function shared(t: { after(fn: () => Promise<void>): void }, start: (p: string) => FilePosition | null = () => null) {
  const events: { e: SourceEvent; jails: readonly string[] }[] = [];
  const sources: SharedSources = createSharedSources({ start, pollMs: 20, rescanMs: 50, onEvent: (e, jails) => events.push({ e, jails }) });
  t.after(() => sources.stop());
  return { sources, events };
}

function lineSink(): { lines: string[]; batches: LineBatch[]; onLines: (b: LineBatch) => void } {
  const lines: string[] = [];
  const batches: LineBatch[] = [];
  return { lines, batches, onLines: (b) => { batches.push(b); lines.push(...b.lines); } };
}

test('two jails watching one file share one follower and both get every line', async (t) => {
  const dir = tempDir(t);
  const log = join(dir, 'messages');
  writeFileSync(log, 'a\n');
  const { sources } = shared(t);
  const sip = lineSink();
  const pjsip = lineSink();
  sources.subscribe(log, 'head', 'asterisk-sip', sip.onLines);
  sources.subscribe(join(dir, 'mess*'), 'head', 'asterisk-pjsip', pjsip.onLines);
  assert.deepEqual(sources.paths(), [log]);
  await waitFor(() => sip.lines.length === 1 && pjsip.lines.length === 1, 'first line in both jails');
  appendFileSync(log, 'b\n');
  await waitFor(() => sip.lines.length === 2 && pjsip.lines.length === 2, 'second line in both jails');
  assert.strictEqual(sip.batches[1], pjsip.batches[1], 'the same batch, read once');
  assert.deepEqual(sip.lines, ['a', 'b']);
});

test('unsubscribing one jail keeps the file followed for the other; the last one stops it', async (t) => {
  const log = join(tempDir(t), 'messages');
  writeFileSync(log, '');
  const { sources } = shared(t);
  const one = lineSink();
  const two = lineSink();
  const offOne = sources.subscribe(log, 'head', 'one', one.onLines);
  const offTwo = sources.subscribe(log, 'head', 'two', two.onLines);
  offOne();
  appendFileSync(log, 'x\n');
  await waitFor(() => two.lines.length === 1, 'line for the remaining jail');
  await pause(40);
  assert.deepEqual(one.lines, []);
  offTwo();
  assert.deepEqual(sources.paths(), []);
});

test('events name the jails watching the file; a stored position is resumed', async (t) => {
  const dir = tempDir(t);
  const log = join(dir, 'messages');
  writeFileSync(log, 'old\nnew\n');
  const { sources, events } = shared(t, (p) => (p === log ? null : null));
  const first = lineSink();
  sources.subscribe(log, 'head', 'j1', first.onLines);
  await waitFor(() => first.lines.length === 2, 'lines');
  const stored = first.batches.at(-1)?.position ?? null;
  await sources.stop();
  appendFileSync(log, 'newer\n');
  const again = shared(t, (p) => (p === log && stored !== null ? { ...stored, offset: 4 } : null));
  const second = lineSink();
  again.sources.subscribe(log, 'head', 'j1', second.onLines);
  again.sources.subscribe(join(dir, 'none-*'), 'head', 'j2', () => undefined);
  await waitFor(() => second.lines.length === 2, 'lines after the stored offset');
  assert.deepEqual(second.lines, ['new', 'newer']);
  assert.deepEqual(again.events.map(({ e, jails }) => [e.kind, jails]), [['missing', ['j2']]]);
  assert.deepEqual(events, []);
});
