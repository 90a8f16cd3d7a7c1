/**
 * warden's shipped filters (config/filter.d) against their annotated samples (test/samples/<filter>):
 * 100% agreement, `"suspicious": true` lines included, every failregex covered.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../conformance/engine.js';
import { formatReport } from '../conformance/report-format.js';
import { filterNames, sampleReader, TEST_NOW, TEST_TZ } from '../conformance/run-conformance.js';
import { parsePosixZone } from '../conformance/local-time.js';
import { runSamples, type ConformanceResult } from '../conformance/run-samples.js';

/** dist/test/samples -> repository root (samples and config are read from the sources). */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SAMPLES = join(ROOT, 'test', 'samples');
const CONF = join(ROOT, 'config');

/** Sample logs: files without an extension (README.md and the like are not samples). */
function sampleFiles(): string[] {
  if (!existsSync(SAMPLES)) return [];
  return readdirSync(SAMPLES).filter((f) => !f.includes('.') && statSync(join(SAMPLES, f)).isFile()).sort();
}

let cached: Promise<ConformanceResult | string> | null = null;

/** One run shared by the tests below; a string says why it cannot run. */
function run(): Promise<ConformanceResult | string> {
  cached ??= (async () => {
    const filters = filterNames(CONF);
    if (filters.length === 0) return `no filters in ${join(CONF, 'filter.d')}`;
    const loaded = await loadEngine();
    if (!loaded.ok) return `filter engine not available yet: ${loaded.error}`;
    const zone = parsePosixZone(TEST_TZ);
    if (zone === null) return `cannot parse ${TEST_TZ}`;
    return runSamples({ engine: loaded.engine, confDir: CONF, filters, readSample: sampleReader(SAMPLES), now: TEST_NOW, zone, defaultTimezone: TEST_TZ });
  })();
  return cached;
}

async function resultOrSkip(t: TestContext): Promise<ConformanceResult | null> {
  const result = await run();
  if (typeof result === 'string') {
    t.skip(result);
    return null;
  }
  return result;
}

test('every shipped filter has a sample, and every sample is read by a filter', async (t) => {
  const result = await resultOrSkip(t);
  if (result === null) return;
  const missing = result.problems.filter((p) => p.message.startsWith('no sample log')).map((p) => p.filter);
  assert.deepEqual(missing, [], 'filters without test/samples/<filter>');
  const orphans = sampleFiles().filter((f) => !result.filesRead.includes(f));
  assert.deepEqual(orphans, [], 'samples no filter reads (name them after a filter or addFILE them)');
});

test('shipped filters agree with every annotated sample line, suspicious lines included', async (t) => {
  const result = await resultOrSkip(t);
  if (result === null) return;
  const report = formatReport('samples', result);
  t.diagnostic(report[0]);
  if (result.disagree > 0 || result.problems.length > 0) console.log(report.join('\n'));
  assert.deepEqual(result.problems, [], 'sample or filter problems');
  assert.deepEqual(result.unsupported, {}, 'constraints not mapped in test/conformance/constraints.ts');
  assert.ok(result.lines > 0, 'no annotated lines found');
  assert.equal(result.disagree, 0, `${report[0]}`);
});

test('every failregex of every option set is hit by at least one sample line', async (t) => {
  const result = await resultOrSkip(t);
  if (result === null) return;
  assert.deepEqual(result.uncoveredRegex, []);
});
