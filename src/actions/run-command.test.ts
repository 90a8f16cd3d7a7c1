import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCommand, runShell } from './run-command.js';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-run-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Running (a killed child may linger as a zombie until something reaps it). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

test('runCommand passes argv without a shell and collects output and exit code', async (t) => {
  const dir = tempDir(t);
  const marker = join(dir, 'x');
  const result = await runCommand(['/bin/echo', `$(touch ${marker})`, '; `id`']);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, `$(touch ${marker}) ; \`id\`\n`);
  assert.equal(existsSync(marker), false);
  assert.equal((await runCommand(['/bin/sh', '-c', 'echo oops >&2; exit 3'])).code, 3);
  assert.equal((await runCommand(['/bin/sh', '-c', 'echo oops >&2; exit 3'])).stderr, 'oops\n');
});

test('runCommand feeds input on stdin and adds env variables', async () => {
  const result = await runCommand(['/bin/sh', '-c', 'cat; printf %s "$WARDEN_T"'], { input: 'add element x\n', env: { WARDEN_T: 'yes' } });
  assert.equal(result.stdout, 'add element x\nyes');
});

test('a program that cannot start is code 127 with the reason, not a throw', async () => {
  const result = await runCommand(['/nonexistent/warden-tool']);
  assert.equal(result.code, 127);
  assert.match(result.stderr, /ENOENT/);
});

test('a timeout kills the whole process tree', async (t) => {
  const dir = tempDir(t);
  const pidFile = join(dir, 'pid');
  const started = Date.now();
  const result = await runShell(`sleep 100 & echo $! > ${pidFile}; wait`, { timeoutMs: 300 });
  assert.ok(Date.now() - started < 5000, 'returned soon after the timeout');
  assert.equal(result.timedOut, true);
  assert.equal(result.signal, 'SIGKILL');
  assert.equal(result.code, 137);
  const grandchild = Number(readFileSync(pidFile, 'utf8'));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(alive(grandchild), false, 'the background sleep was killed too');
});

test('runShell gives its args as $1, $2 ... untouched', async () => {
  const result = await runShell('printf "[%s]" "$1" "$2" "$#"', { args: ['a b', '$(id)'] });
  assert.equal(result.stdout, '[a b][$(id)][2]');
});
