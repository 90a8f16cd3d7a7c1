import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResults, groupThousands, type RunInfo } from './format-summary.js';
import { emptyStats } from './run-stats.js';

test('groupThousands writes integers as toLocaleString("en-US") does', () => {
  for (const n of [0, 7, 999, 1000, 65536, 1234567, 2 ** 53 - 1, -1234, 1e21, 12.5, Infinity, NaN]) {
    assert.equal(groupThousands(n), n.toLocaleString('en-US'), String(n));
  }
});

test('a -v summary with hundreds of thousands of hits is formatted (no spread of the hit list)', () => {
  const stats = emptyStats(1);
  for (let i = 1; i <= 300_000; i++) stats.hits.push({ regex: 0, line: i, host: '192.0.2.1', time: 0 });
  stats.regexHits[0] = stats.matched = stats.lines = 300_000;
  const info: RunInfo = {
    filterName: 'x', filterSource: '<command line>', datepattern: null, maxlines: 1, log: 'l', encoding: 'utf-8',
    timezone: 'UTC', now: null, prefregex: null, failregex: ['<HOST>'], ignoreregex: [],
  };
  const opts = { verbose: true, printAllMatched: false, printAllMissed: false, printAllIgnored: false, printNoMissed: false, printNoIgnored: false, listLimit: 20 };
  const text = formatResults(info, stats, 1, opts);
  assert.match(text, /^ {9}line 300000: 192\.0\.2\.1 at 1970-01-01T00:00:00Z$/m);
  assert.match(text, /^Processed in 1\.00 s \(300,000 lines\/s\)$/m);
});
