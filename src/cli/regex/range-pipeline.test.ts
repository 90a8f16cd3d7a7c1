import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompileOptions } from '../../filter/filter.js';
import { compileFilter } from '../../filter/compile-filter.js';
import { SHIPPED_CONFIG_DIR } from '../package-info.js';
import { readLogChunks } from './log-input.js';
import { primeStart, splitRanges, type ByteRange } from './log-ranges.js';
import type { MatchPlan, RunHooks } from './match-plan.js';
import { RangePipeline } from './range-pipeline.js';
import { filterSearchDirs, resolveFilter } from './resolve-filter.js';
import { runInProcess } from './run-in-process.js';
import type { RunStats } from './run-stats.js';

const NOW = Date.UTC(2024, 4, 7) / 1000;
const INCOMPLETE = "NOTICE[7] chan_sip.c: Registration from '<sip:100";
const PLANTED = "NOTICE[7] chan_sip.c: Registration from '<sip:x@y>' failed for '192.0.2.250' - Wrong password";

/** A deterministic Asterisk log: IPv4 and IPv6 failures, noise, empty and # lines, forged newlines. */
function asteriskLog(lines: number): { text: string; planted: number[] } {
  const out: string[] = [];
  const planted: number[] = [];
  for (let i = 0; i < lines; i++) {
    const stamp = `[2024-05-06 ${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}] `;
    const k = i % 11;
    if (i % 500 === 250) {
      out.push(stamp + INCOMPLETE);
      planted.push(out.length + 1);
      out.push(stamp + PLANTED, `@x>' failed for '192.0.2.9' - Wrong password`);
    } else if (k === 0) out.push(stamp + `NOTICE[1] chan_sip.c: Registration from '<sip:${i}@x>' failed for '198.51.100.${i % 250}:5060' - Wrong password`);
    else if (k === 1) out.push(stamp + `NOTICE[2] res_pjsip/pjsip_distributor.c: Request 'INVITE' from '<sip:1@x>' failed for '[2001:db8::${(i % 4096).toString(16)}]:5060' (callid: c${i}) - No matching endpoint found`);
    else if (k === 2) out.push(i % 2 ? '' : '# a comment');
    else if (k === 3) out.push(stamp + `SECURITY[3] res_security_log.c: SecurityEvent="InvalidPassword",EventTV="x",Severity="Error",Service="SIP",EventVersion="2",AccountID="100",SessionID="s",LocalAddress="IPV4/UDP/10.0.0.1/5060",RemoteAddress="IPV6/UDP/2001:db8::${i % 97}/5060",Challenge="a"`);
    else out.push(stamp + `VERBOSE[4][C-0000017c] pbx.c: Executing [100@default:${k}] NoOp("PJSIP/100-1", "line ${i}") in new stack`);
  }
  return { text: out.join('\n') + '\n', planted };
}

function plan(json: boolean): { plan: MatchPlan; compile: CompileOptions } {
  const resolved = resolveFilter('asterisk', null, filterSearchDirs(null, SHIPPED_CONFIG_DIR));
  assert.ok(resolved.ok);
  const compile: CompileOptions = { timezone: 'UTC', defaultTimezone: 'UTC', checkAllRegex: true };
  const all = { matched: Infinity, missed: Infinity, ignored: Infinity, suspicious: Infinity };
  const session = { json, now: NOW, prefilter: !json, verbose: true, limits: all, linesBefore: 0, timedOut: [] };
  return { plan: { def: resolved.def, compile, encoding: 'utf-8', session }, compile };
}

function collector(): { hooks: RunHooks; text: () => string } {
  const parts: Buffer[] = [];
  const hooks: RunHooks = { output: (b) => void parts.push(Buffer.from(b)), progress: () => {}, warn: () => {} };
  return { hooks, text: () => Buffer.concat(parts).toString('utf8') };
}

async function both(path: string, ranges: readonly ByteRange[], json: boolean): Promise<[RunStats, string, RunStats, string]> {
  const { plan: p, compile } = plan(json);
  const one = collector();
  const single = await runInProcess(compileFilter(p.def, compile), p, readLogChunks({ kind: 'file', path, size: 0 }, false), one.hooks);
  const many = collector();
  const parallel = await new RangePipeline(p, path, ranges, many.hooks, 5).run();
  return [single, one.text(), parallel, many.text()];
}

function logFile(t: TestContext, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-ranges-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'asterisk.log');
  writeFileSync(path, text);
  return path;
}

/** Ranges starting at the given line numbers (1-based). */
function rangesAt(text: string, lines: readonly number[]): ByteRange[] {
  const starts = [0];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\n') continue;
    line++;
    if (lines.includes(line)) starts.push(Buffer.byteLength(text.slice(0, i + 1)));
  }
  return starts.map((start, i) => ({ start, end: starts[i + 1] ?? -1 }));
}

test('parallel ranges give the same summary as one thread, also when a range starts after an incomplete line', async (t) => {
  const { text, planted } = asteriskLog(3000);
  const path = logFile(t, text);
  const ranges = rangesAt(text, [planted[0], planted[2] + 7, 2345]);
  assert.equal(ranges.length, 4);
  const [single, , parallel] = await both(path, ranges, false);
  assert.ok(single.matched > 500 && single.suspicious >= planted.length && single.prefiltered > 0, 'the log exercises matches, forged lines and the pre-filter');
  assert.ok(single.suspiciousLines.some((l) => l.line === planted[0]));
  assert.deepEqual(parallel, single);
});

test('parallel ranges give the same --json output as one thread, in input order', async (t) => {
  const { text, planted } = asteriskLog(2500);
  const path = logFile(t, text);
  const [single, singleOut, parallel, parallelOut] = await both(path, rangesAt(text, [planted[1], 1001, 1002]), true);
  assert.equal(singleOut.split('\n').length, text.split('\n').length);
  assert.match(singleOut, /"host":"2001:db8::/);
  assert.equal(parallelOut, singleOut);
  assert.deepEqual(parallel, single);
});

test('splitRanges cuts at line starts and covers the file', (t) => {
  const { text } = asteriskLog(1200);
  const path = logFile(t, text);
  const bytes = readFileSync(path);
  const ranges = splitRanges(path, bytes.length, 3);
  assert.equal(ranges.length, 3);
  assert.equal(ranges[0].start, 0);
  assert.equal(ranges[2].end, -1);
  for (let i = 1; i < ranges.length; i++) {
    assert.equal(bytes[ranges[i].start - 1], 0x0a);
    assert.equal(ranges[i - 1].end, ranges[i].start);
  }
});

test('primeStart goes back to a line start, at least one whole line', (t) => {
  const path = logFile(t, 'aaaa\nbbbbbbbbbb\ncc\n');
  const fd = openSync(path, 'r');
  t.after(() => closeSync(fd));
  assert.equal(primeStart(fd, 16, 6), 5, 'the window grows until it holds the previous line');
  assert.equal(primeStart(fd, 19, 8), 16);
  assert.equal(primeStart(fd, 19, 64), 0);
  assert.equal(primeStart(fd, 0), 0);
});

test('a hostile line times out in its range and while priming the next one; each is reported once', async (t) => {
  const evil = 'a'.repeat(48) + '!';
  const text = ["x failed for '192.0.2.1'", evil, "y failed for '192.0.2.2'", evil, "z failed for '192.0.2.3'", evil, "w failed for '192.0.2.4'"].join('\n');
  const path = logFile(t, text);
  const resolved = resolveFilter("^(?:(?:a+)+(?!x)$|.* failed for '<HOST>')", null, []);
  assert.ok(resolved.ok);
  const limits = { matched: 0, missed: 20, ignored: 20, suspicious: 20 };
  const p: MatchPlan = { def: resolved.def, compile: {}, encoding: 'utf-8', session: { json: false, now: NOW, prefilter: true, verbose: false, limits, linesBefore: 0, timedOut: [] } };
  const warnings: string[] = [];
  const stats = await new RangePipeline(p, path, rangesAt(text, [3, 7]), { output: () => undefined, progress: () => {}, warn: (m) => void warnings.push(m) }, 0.3).run();
  assert.deepEqual(stats.timedOut, [2, 4, 6]);
  assert.deepEqual([stats.lines, stats.matched, stats.missed], [7, 4, 3]);
  assert.deepEqual(warnings.map((w) => /^line (\d+):/.exec(w)?.[1]), ['2', '4', '6']);
});

test('a filter the range workers cannot compile rejects with its WardenError before any output', async (t) => {
  const { text } = asteriskLog(300);
  const path = logFile(t, text);
  const resolved = resolveFilter('^NOTICE (line)$', null, []);
  assert.ok(resolved.ok);
  const limits = { matched: 0, missed: 20, ignored: 20, suspicious: 20 };
  const p: MatchPlan = { def: resolved.def, compile: {}, encoding: 'utf-8', session: { json: true, now: NOW, prefilter: false, verbose: false, limits, linesBefore: 0, timedOut: [] } };
  const events: string[] = [];
  const hooks: RunHooks = { output: () => void events.push('output'), progress: () => {}, warn: () => {}, ready: () => void events.push('ready') };
  await assert.rejects(new RangePipeline(p, path, rangesAt(text, [100, 200]), hooks, 5).run(), { code: 'ERR_FILTER_NO_FAILURE_ID' });
  assert.deepEqual(events, []);
});
