import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyStats, mergeStats } from './run-stats.js';

test('merging batches sums counts and keeps listed lines in order up to the limit', () => {
  const total = emptyStats(2);
  const a = emptyStats(2);
  a.lines = 3;
  a.missed = 2;
  a.regexHits = [1, 0];
  a.templateHits.set('T', 3);
  a.missedLines.push({ line: 1, text: 'x' }, { line: 2, text: 'y' });
  const b = emptyStats(2);
  b.lines = 2;
  b.missed = 1;
  b.regexHits = [1, 1];
  b.templateHits.set('T', 1).set('U', 1);
  b.timedOut.push(5);
  b.missedLines.push({ line: 5, text: 'z' });
  const limits = { matched: 0, missed: 2, ignored: 0, suspicious: 0 };
  mergeStats(total, a, limits);
  mergeStats(total, b, limits);
  assert.deepEqual([total.lines, total.missed, total.regexHits, total.timedOut], [5, 3, [2, 1], [5]]);
  assert.deepEqual(total.templateHits, new Map([['T', 4], ['U', 1]]));
  assert.deepEqual(total.missedLines.map((l) => l.line), [1, 2]);
});
