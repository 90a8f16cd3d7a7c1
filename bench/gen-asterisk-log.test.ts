import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FAILURE_MIX } from './asterisk-failure-lines.js';
import { NOISE_MIX } from './asterisk-noise-lines.js';
import { generateAsteriskLines, writeAsteriskLog, type GeneratedLine } from './gen-asterisk-log.js';
import { parseFail2banRow } from './match-sets.js';
import { findOnPath } from './run-timed.js';

const ASTERISK_FILTER = '/etc/fail2ban/filter.d/asterisk.conf';
const sample = (lines: number, seed = 1): GeneratedLine[] => [...generateAsteriskLines({ lines, seed })];

test('the same seed gives the same log, another seed a different one', () => {
  const a = sample(2000).map((l) => l.text);
  assert.deepEqual(sample(2000).map((l) => l.text), a);
  assert.notDeepEqual(sample(2000, 2).map((l) => l.text), a);
});

test('about 30% of the lines are failures, and every shape of the mix occurs', () => {
  const lines = sample(20000);
  const share = lines.filter((l) => l.ip !== null).length / lines.length;
  assert.ok(share > 0.28 && share < 0.32, `failure share ${share}`);
  const shapes = new Set(lines.map((l) => l.shape));
  for (const [shape] of [...FAILURE_MIX, ...NOISE_MIX]) assert.ok(shapes.has(shape.name), `shape ${shape.name} missing`);
});

test('every line starts with a [YYYY-MM-DD HH:MM:SS] stamp and stamps never go back', () => {
  let last = '';
  for (const { text } of sample(20000)) {
    assert.match(text, /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\] \S/);
    const stamp = text.slice(0, 21);
    assert.ok(stamp >= last, `${stamp} after ${last}`);
    last = stamp;
  }
  assert.ok(last > '[2024-05-06 02', 'time advances over the log');
});

test('failures come from thousands of IPv4 and IPv6 sources', () => {
  const ips = new Set(sample(50000).flatMap((l) => (l.ip === null ? [] : [l.ip])));
  const v6 = [...ips].filter((ip) => ip.includes(':')).length;
  assert.ok(ips.size > 2000, `${ips.size} distinct sources`);
  assert.ok(v6 > 300 && ips.size - v6 > 1500, `${v6} IPv6 of ${ips.size}`);
});

test('the written file holds exactly the generated lines and the stats count them', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-gen-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'a.log');
  const stats = writeAsteriskLog(path, { lines: 3000, seed: 5 });
  const lines = sample(3000, 5);
  assert.equal(readFileSync(path, 'utf8'), lines.map((l) => `${l.text}\n`).join(''));
  assert.equal(stats.bytes, statSync(path).size);
  assert.equal(stats.failures, lines.filter((l) => l.ip !== null).length);
  assert.equal(Object.values(stats.ipCounts).reduce((s, n) => s + n, 0), stats.failures);
});

test('fail2ban-regex with the stock asterisk filter matches exactly the failure lines, with their addresses', (t) => {
  const fail2ban = findOnPath('fail2ban-regex');
  if (fail2ban === null || !existsSync(ASTERISK_FILTER)) return t.skip('fail2ban-regex or its asterisk filter is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'warden-gen-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'a.log');
  writeAsteriskLog(path, { lines: 6000, seed: 11 });
  const run = spawnSync(fail2ban, ['-o', 'row', path, ASTERISK_FILTER], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  const got = run.stdout.split('\n').flatMap((row) => parseFail2banRow(row)?.ip ?? []);
  const expected = sample(6000, 11).flatMap((l) => l.ip ?? []);
  assert.deepEqual(got, expected);
});
