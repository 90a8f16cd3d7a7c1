import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Filter } from '../../filter/filter.js';
import type { LineResult } from '../../filter/filter-types.js';
import { createLineDecoder } from './line-decoder.js';
import { LineSplitter } from './line-splitter.js';
import { MatchSession, type SessionConfig } from './match-session.js';

/** A stand-in filter: a line "fail <ip>" matches failregex 0 (and 1 if it ends in "!"), "skip" is ignored. */
function fakeFilter(literals: string[] | null) {
  const seen: string[] = [];
  let skipped = 0;
  const filter: Filter = {
    name: 'fake',
    failregex: ['fail <HOST>', 'fail <HOST>!'],
    ignoreregex: ['skip'],
    prefregex: null,
    maxlines: 1,
    requiredLiterals: literals,
    skipLine: () => void skipped++,
    suspectOpen: false,
    processLine(line: string, now: number): LineResult {
      seen.push(line);
      const base = { time: now, dateTemplate: 'T', failures: [], regex: null, allRegex: [] };
      if (line.includes('skip')) return { ...base, kind: 'ignored' };
      const m = /fail (\S+?)(!?)$/.exec(line);
      if (!m) return { ...base, kind: 'missed' };
      const failure = { regex: 0, id: m[1], ip: m[1], time: now, fields: {}, users: [], matches: [line], nofail: false };
      return { ...base, kind: 'match', failures: [failure], regex: 0, allRegex: m[2] ? [0, 1] : [0] };
    },
  };
  return { filter, seen, skipped: () => skipped };
}

function config(over: Partial<SessionConfig> = {}): SessionConfig {
  return { json: false, now: 1000, prefilter: true, verbose: false, limits: { matched: 0, missed: 20, ignored: 20, suspicious: 20 }, linesBefore: 0, timedOut: [], ...over };
}

function run(filter: Filter, text: string, cfg: SessionConfig) {
  const session = new MatchSession(filter, createLineDecoder('utf-8'), cfg, new Float64Array(3));
  const splitter = new LineSplitter();
  splitter.push(Buffer.from(text), session);
  splitter.end(session);
  return { session, stats: session.takeStats(), out: session.takeOutput()?.toString() ?? '' };
}

const LOG = 'fail 1.2.3.4\nnoise\n# comment\n\nfail 5.6.7.8!\nskip fail 9.9.9.9\nnoise again';

test('counts matched, missed and ignored lines; empty and # lines are not counted', () => {
  const { filter } = fakeFilter(null);
  const { stats } = run(filter, LOG, config());
  assert.deepEqual([stats.lines, stats.matched, stats.missed, stats.ignored], [5, 2, 2, 1]);
  assert.deepEqual(stats.missedLines.map((l) => [l.line, l.text]), [[2, 'noise'], [7, 'noise again']]);
  assert.deepEqual(stats.templateHits, new Map([['T', 5]]));
});

test('counts a hit for every failregex that matched a line', () => {
  const { filter } = fakeFilter(null);
  assert.deepEqual(run(filter, LOG, config()).stats.regexHits, [2, 1]);
});

test('pre-filter: lines without a literal skip the filter via skipLine and count as missed', () => {
  const fake = fakeFilter(['fail']);
  const { stats } = run(fake.filter, LOG, config());
  assert.deepEqual(fake.seen, ['fail 1.2.3.4', 'fail 5.6.7.8!', 'skip fail 9.9.9.9']);
  assert.equal(fake.skipped(), 2);
  assert.deepEqual([stats.lines, stats.matched, stats.missed, stats.prefiltered], [5, 2, 2, 2]);
  assert.deepEqual(stats.missedLines.map((l) => l.text), ['noise', 'noise again']);
});

test('--json gives one object per input line, in order, with exactly the documented keys', () => {
  const fake = fakeFilter(['fail']);
  const { out } = run(fake.filter, LOG, config({ json: true, prefilter: false }));
  const rows = out.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows.length, 7);
  assert.deepEqual(rows.map((r) => r.line), [1, 2, 3, 4, 5, 6, 7]);
  for (const r of rows) assert.deepEqual(Object.keys(r), ['line', 'match', 'host', 'time', 'regex', 'ignored']);
  assert.deepEqual(rows[0], { line: 1, match: true, host: '1.2.3.4', time: 1000, regex: 0, ignored: false });
  assert.deepEqual(rows[1], { line: 2, match: false, host: null, time: 1000, regex: null, ignored: false });
  assert.deepEqual(rows[2], { line: 3, match: false, host: null, time: null, regex: null, ignored: false });
  assert.deepEqual(rows[5], { line: 6, match: false, host: null, time: 1000, regex: null, ignored: true });
  assert.equal(fake.seen.length, 5, 'every non-comment line reaches the filter in --json mode');
});

test('timed-out lines are skipped, listed as missed and recorded', () => {
  const fake = fakeFilter(null);
  const { stats } = run(fake.filter, 'fail 1.1.1.1\nfail 2.2.2.2\nfail 3.3.3.3', config({ timedOut: [2] }));
  assert.deepEqual(fake.seen, ['fail 1.1.1.1', 'fail 3.3.3.3']);
  assert.deepEqual([stats.matched, stats.missed, stats.timedOut], [2, 1, [2]]);
  assert.equal(stats.missedLines[0].note, 'timed out');
});

test('line numbers continue from linesBefore (a restarted worker)', () => {
  const { filter } = fakeFilter(null);
  const { out } = run(filter, 'noise\nfail 1.1.1.1', config({ json: true, linesBefore: 41 }));
  assert.deepEqual(out.trimEnd().split('\n').map((l) => JSON.parse(l).line), [42, 43]);
});

test('keeps at most the list limit of missed lines but counts them all', () => {
  const { filter } = fakeFilter(null);
  const { stats } = run(filter, 'a\nb\nc\nd', config({ limits: { matched: 0, missed: 2, ignored: 0, suspicious: 0 } }));
  assert.equal(stats.missed, 4);
  assert.deepEqual(stats.missedLines.map((l) => l.text), ['a', 'b']);
});

test('-v records host, line and time of every failure', () => {
  const { filter } = fakeFilter(null);
  const { stats } = run(filter, 'noise\nfail 1.1.1.1', config({ verbose: true }));
  assert.deepEqual(stats.hits, [{ regex: 0, line: 2, host: '1.1.1.1', time: 1000 }]);
});
