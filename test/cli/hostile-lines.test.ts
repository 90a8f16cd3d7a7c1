/**
 * Hostile input through `warden regex`: a 1 MB line, invalid UTF-8, NUL bytes and a line built to make
 * a stock fail2ban filter backtrack catastrophically must each take bounded time, and the honest line
 * after them must still be found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN, runWarden, tempFiles } from './run-warden.js';

const SHIPPED = join(MAIN, '../../../../config/filter.d/asterisk.conf');
const DOMINO = '/etc/fail2ban/filter.d/domino-smtp.conf';

function hostileLog(honest: string, catastrophic: string): Buffer {
  const stamp = '[2024-01-05 03:12:44] NOTICE[1638] chan_sip.c: ';
  return Buffer.concat([
    Buffer.from(`${stamp}Registration from '${'<'.repeat(1 << 20)}' failed for '192.0.2.1' - Wrong password\n`),
    Buffer.from(`${stamp}Registration from '`), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x00, 0x00]),
    Buffer.from(`' failed for '192.0.2.2' - Wrong password\n`),
    Buffer.from(`${catastrophic}\n`),
    Buffer.from(`${honest}\n`),
  ]);
}

test('hostile lines take bounded time with the shipped asterisk filter and the honest line still counts', (t) => {
  const file = tempFiles(t);
  const honest = `[2024-01-05 03:12:45] NOTICE[1638] chan_sip.c: Registration from '<sip:1@x>' failed for '198.51.100.7:5060' - Wrong password`;
  const catastrophic = `[2024-01-05 03:12:44] NOTICE[1638] chan_sip.c: Registration from '${"' failed for '".repeat(1000)}' - Wrong password`;
  const log = file('hostile.log', hostileLog(honest, catastrophic));
  const started = Date.now();
  const run = runWarden(['regex', '--json', '--line-timeout', '2', log, SHIPPED]);
  assert.equal(run.code, 0, run.stderr);
  const rows = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; match: boolean; host: string | null });
  assert.equal(rows.length, 4);
  assert.deepEqual(rows[3], { ...rows[3], line: 4, match: true, host: '198.51.100.7' });
  assert.equal(rows[0].match, false, 'the 1 MB line is cut before the regexes see its tail');
  assert.ok(Date.now() - started < 30_000);
});

test('a line that makes a stock filter backtrack catastrophically is stopped by the line timeout', (t) => {
  if (!existsSync(DOMINO)) return t.skip('fail2ban is not installed');
  const file = tempFiles(t);
  const honest = '2024-01-05 03:12:45 smtp: mail.example [198.51.100.8] authentication failure using internet password';
  const catastrophic = `2024-01-05 03:12:44 smtp: ${'a '.repeat(40)}! authentication failure using internet password`;
  const log = file('domino.log', hostileLog(honest, catastrophic));
  const started = Date.now();
  const run = runWarden(['regex', '--json', '--line-timeout', '1', log, DOMINO]);
  assert.equal(run.code, 0, run.stderr);
  const rows = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; match: boolean; host: string | null });
  assert.equal(rows.length, 4);
  assert.equal(rows[2].match, false);
  assert.match(run.stderr, /line 3/i);
  assert.equal(rows[3].host, '198.51.100.8');
  assert.ok(Date.now() - started < 30_000);
});
