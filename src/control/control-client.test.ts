import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WardenError } from '../core/errors.js';
import { request } from './control-client.js';
import { startControlServer } from './control-server.js';
import { createFakeControlApi } from './fake-control-api.js';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const withCode = (code: string, message: RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof WardenError, String(err));
  assert.equal(err.code, code);
  assert.match(err.message, message);
  return true;
};

test('request resolves to the result of the verb', async (t) => {
  const path = join(tempDir(t), 'w.sock');
  const server = await startControlServer(path, createFakeControlApi(['asterisk']));
  t.after(() => server.close());
  assert.equal(await request(path, 'ping', []), 'pong');
  assert.deepEqual(await request(path, 'status', []), { jails: ['asterisk'] });
  assert.equal(await request(path, 'banip', ['asterisk', '192.0.2.1']), 1);
});

test('an error reply is thrown as a WardenError with the reply code', async (t) => {
  const path = join(tempDir(t), 'w.sock');
  const server = await startControlServer(path, createFakeControlApi(['asterisk']));
  t.after(() => server.close());
  await assert.rejects(request(path, 'status', ['nope']), withCode('ERR_UNKNOWN_JAIL', /nope/));
  await assert.rejects(request(path, 'frob', []), withCode('ERR_BAD_REQUEST', /unknown verb 'frob'/));
});

test('no socket file: ERR_SERVER_DOWN naming the path', async (t) => {
  const path = join(tempDir(t), 'missing.sock');
  await assert.rejects(request(path, 'ping', []), withCode('ERR_SERVER_DOWN', new RegExp(`not running \\(no socket at ${path}\\)`)));
});

test('a socket nobody listens on: ERR_SERVER_DOWN, connection refused', async (t) => {
  const path = join(tempDir(t), 'stale.sock');
  const script = `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script]);
  await assert.rejects(request(path, 'ping', []), withCode('ERR_SERVER_DOWN', /not running \(connection refused at /));
});

test('a server that never answers: the timeout is named', async (t) => {
  const path = join(tempDir(t), 'mute.sock');
  const mute = createServer(() => {});
  await new Promise<void>((r) => mute.listen(path, r));
  t.after(() => mute.close());
  const started = Date.now();
  await assert.rejects(request(path, 'ping', [], { timeoutMs: 150 }), withCode('ERR_IO', /no reply .* within 0\.15 s \(request 'ping'\)/));
  assert.ok(Date.now() - started < 2000);
});

test('a server that closes without replying: ERR_SERVER_DOWN', async (t) => {
  const path = join(tempDir(t), 'rude.sock');
  const rude = createServer((s) => s.destroy());
  await new Promise<void>((r) => rude.listen(path, r));
  t.after(() => rude.close());
  await assert.rejects(request(path, 'ping', []), withCode('ERR_SERVER_DOWN', /closed the connection without replying/));
});

test('another user cannot use the 0600 socket, and is told it is a permission problem', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to run a client as another user');
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  const path = join(dir, 'w.sock');
  const server = await startControlServer(path, createFakeControlApi([]));
  t.after(() => server.close());
  const client = new URL('./control-client.js', import.meta.url).href;
  const script = `import(${JSON.stringify(client)}).then((m) => m.request(${JSON.stringify(path)}, 'ping', []))
    .then((r) => console.log('answered', r), (e) => console.log(e.code, e.message))`;
  const child = spawn(process.execPath, ['-e', script], { uid: 65534, gid: 65534 });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise((r) => child.on('close', r));
  assert.match(out, /^ERR_IO permission denied on control socket .*w\.sock/);
});
