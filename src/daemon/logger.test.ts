import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLogger, formatEventTime, formatLogTime } from './logger.js';

test('log lines carry fail2ban-like time, component, pid and level; levels below the limit are dropped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-logger-'));
  try {
    const file = join(dir, 'sub', 'warden.log');
    const at = new Date(2026, 0, 2, 3, 4, 5, 678).getTime();
    const logger = createLogger(file, 'INFO', () => at);
    logger.info('filter', '[asterisk] Found 192.0.2.1 - x');
    logger.debug('filter', 'not written');
    logger.notice('actions', '[asterisk] Ban 192.0.2.1');
    logger.info('filter', 'second');
    await logger.close();
    assert.deepEqual(readFileSync(file, 'utf8').split('\n'), [
      `2026-01-02 03:04:05,678 warden.filter   [${process.pid}]: INFO    [asterisk] Found 192.0.2.1 - x`,
      `2026-01-02 03:04:05,678 warden.actions  [${process.pid}]: NOTICE  [asterisk] Ban 192.0.2.1`,
      `2026-01-02 03:04:05,678 warden.filter   [${process.pid}]: INFO    second`,
      '',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('times: milliseconds after the cached second, event times in local time without a fraction', () => {
  const a = new Date(2026, 10, 26, 23, 59, 59, 5).getTime();
  assert.equal(formatLogTime(a), '2026-11-26 23:59:59,005');
  assert.equal(formatLogTime(a + 996), '2026-11-27 00:00:00,001');
  assert.equal(formatEventTime(a / 1000), '2026-11-26 23:59:59');
  assert.equal(formatEventTime(a / 1000 + 0.5), '2026-11-26 23:59:59');
  assert.equal(formatEventTime(a / 1000 + 1), '2026-11-27 00:00:00');
});
