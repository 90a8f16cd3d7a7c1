import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { flushConntrack, resetConntrackCheck } from './conntrack.js';
import { freshNetns, memoryLogger } from './iptables/netns-kit.js';

test('without the conntrack tool nothing runs and the warning is logged once', async () => {
  resetConntrackCheck();
  const logger = memoryLogger();
  const deps = { logger, exec: ['env', 'PATH=/nonexistent'] };
  assert.deepEqual(await flushConntrack(['192.0.2.1'], deps), { deleted: 0, failed: 0, available: false });
  assert.deepEqual(await flushConntrack(['192.0.2.2'], deps), { deleted: 0, failed: 0, available: false });
  assert.equal(logger.lines.filter((l) => l.includes('conntrack is not installed')).length, 1);
  resetConntrackCheck();
});

test('an address without flows ("0 flow entries", exit 1) is not an error, for IPv4 and IPv6', async (t) => {
  const ns = await freshNetns(t, ['conntrack']);
  if (ns === null) return;
  resetConntrackCheck();
  const logger = memoryLogger();
  const result = await flushConntrack(['192.0.2.1', '2001:db8::1', 'not-an-ip'], { logger, exec: ns.exec });
  assert.deepEqual(result, { deleted: 0, failed: 0, available: true });
  assert.deepEqual(logger.lines, []);
});

test('deleted flows are counted; a failing conntrack is logged per address and counted, never thrown', async (t) => {
  // A stand-in conntrack: knows 192.0.2.5 (3 flows), fails for 192.0.2.6, has nothing for the rest.
  const dir = mkdtempSync(join(tmpdir(), 'warden-ct-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'conntrack'), [
    '#!/bin/sh',
    'case "$*" in',
    '  --version) echo "conntrack v1.4.7 (conntrack-tools)"; exit 0 ;;',
    '  *192.0.2.5*) echo "conntrack v1.4.7 (conntrack-tools): 3 flow entries have been deleted." >&2; exit 0 ;;',
    '  *192.0.2.6*) echo "conntrack v1.4.7 (conntrack-tools): Operation failed: Permission denied" >&2; exit 1 ;;',
    '  *) echo "conntrack v1.4.7 (conntrack-tools): 0 flow entries have been deleted." >&2; exit 1 ;;',
    'esac',
  ].join('\n'), { mode: 0o755 });
  resetConntrackCheck();
  const logger = memoryLogger();
  const result = await flushConntrack(['192.0.2.5', '192.0.2.6', '192.0.2.7'], { logger, exec: ['env', `PATH=${dir}:/usr/bin:/bin`] });
  assert.deepEqual(result, { deleted: 3, failed: 1, available: true });
  assert.equal(logger.lines.length, 1);
  assert.match(logger.lines[0], /192\.0\.2\.6.*Permission denied/);
  resetConntrackCheck();
});
