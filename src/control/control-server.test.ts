import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WardenError } from '../core/errors.js';
import { startControlServer } from './control-server.js';
import { createFakeControlApi } from './fake-control-api.js';
import type { ControlApi } from './control-api.js';
import type { LogLevel } from './control-connection.js';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-ctl-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function serve(t: TestContext, api: ControlApi = createFakeControlApi(['asterisk', 'sshd'])) {
  const path = join(tempDir(t), 'run', 'warden.sock');
  const logs: [LogLevel, string][] = [];
  const server = await startControlServer(path, api, { log: (level, msg) => logs.push([level, msg]) });
  t.after(() => server.close());
  return { path, server, logs };
}

/** A raw client: write bytes, read reply lines. */
function connect(path: string): Promise<{ socket: Socket; next(): Promise<Record<string, unknown>> }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    const lines: string[] = [];
    const waiters: ((line: string) => void)[] = [];
    let buf = '';
    socket.on('data', (chunk) => {
      buf += chunk.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const w = waiters.shift();
        if (w) w(line);
        else lines.push(line);
      }
    });
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        socket,
        next: () => new Promise((res) => {
          const line = lines.shift();
          if (line !== undefined) res(JSON.parse(line));
          else waiters.push((l) => res(JSON.parse(l)));
        }),
      }),
    );
  });
}

test('the socket is created with mode 0600 in a parent dir created with 0755', async (t) => {
  const { path } = await serve(t);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.ok(statSync(path).isSocket());
  assert.equal(statSync(join(path, '..')).mode & 0o777, 0o755);
});

test('requests are answered with their id; a WardenError becomes an error reply with its code', async (t) => {
  const { path } = await serve(t);
  const c = await connect(path);
  c.socket.write('{"id":1,"verb":"ping","args":[]}\n{"id":"two","verb":"status","args":["nope"]}\n');
  assert.deepEqual(await c.next(), { id: 1, ok: true, result: 'pong' });
  const err = await c.next();
  assert.equal(err.id, 'two');
  assert.equal(err.ok, false);
  assert.equal((err.error as { code: string }).code, 'ERR_UNKNOWN_JAIL');
  c.socket.destroy();
});

test('garbage, unknown verbs and bad arguments get error replies and the connection stays usable', async (t) => {
  const { path } = await serve(t);
  const c = await connect(path);
  c.socket.write('this is not json\n\n{"id":2,"verb":"rm -rf"}\n{"id":3,"verb":"banip","args":["asterisk","999.1.1.1"]}\n');
  assert.equal(((await c.next()).error as { code: string }).code, 'ERR_BAD_REQUEST');
  assert.match(((await c.next()).error as { message: string }).message, /unknown verb 'rm -rf'/);
  assert.equal(((await c.next()).error as { code: string }).code, 'ERR_BAD_IP');
  c.socket.write('{"id":4,"verb":"ping"}\n');
  assert.deepEqual(await c.next(), { id: 4, ok: true, result: 'pong' });
  c.socket.destroy();
});

test('a request line over 1 MiB gets an error reply, is skipped, and the next request is answered', async (t) => {
  const { path } = await serve(t);
  const c = await connect(path);
  const huge = '{"id":1,"verb":"unban","args":["' + 'x'.repeat(1024 * 1024 + 10) + '"]}\n';
  c.socket.write(huge);
  const reply = await c.next();
  assert.equal(reply.id, null);
  assert.match((reply.error as { message: string }).message, /longer than 1048576 bytes/);
  c.socket.write('{"id":2,"verb":"ping"}\n');
  assert.deepEqual(await c.next(), { id: 2, ok: true, result: 'pong' });
  c.socket.destroy();
});

test('any other exception becomes ERR_INTERNAL and is logged; the server keeps serving', async (t) => {
  const api = { ...createFakeControlApi(['asterisk']), jailStatus: () => { throw new TypeError('boom'); } };
  const { path, logs } = await serve(t, api);
  const c = await connect(path);
  c.socket.write('{"id":1,"verb":"status","args":["asterisk"]}\n{"id":2,"verb":"ping"}\n');
  const err = await c.next();
  assert.equal((err.error as { code: string }).code, 'ERR_INTERNAL');
  assert.match((err.error as { message: string }).message, /boom/);
  assert.deepEqual(await c.next(), { id: 2, ok: true, result: 'pong' });
  assert.ok(logs.some(([level, msg]) => level === 'error' && /TypeError: boom/.test(msg)), JSON.stringify(logs));
  c.socket.destroy();
});

test('a result that cannot be encoded as JSON becomes ERR_INTERNAL, not a crash', async (t) => {
  const api = { ...createFakeControlApi(['asterisk']), ping: () => 10n as unknown as string };
  const { path } = await serve(t, api);
  const c = await connect(path);
  c.socket.write('{"id":1,"verb":"ping"}\n');
  assert.equal(((await c.next()).error as { code: string }).code, 'ERR_INTERNAL');
  c.socket.destroy();
});

test('a client that disconnects mid-request does not disturb the server', async (t) => {
  let release!: () => void;
  const slow = new Promise<void>((r) => (release = r));
  const api = { ...createFakeControlApi(['asterisk']), reload: async () => (await slow, 'OK') };
  const { path } = await serve(t, api);
  const a = await connect(path);
  a.socket.write('{"id":1,"verb":"reload"}\n{"id":2,"verb":"ping"}\n');
  await new Promise((r) => setTimeout(r, 20));
  a.socket.destroy();
  release();
  await new Promise((r) => setTimeout(r, 20));
  const b = await connect(path);
  b.socket.write('{"id":3,"verb":"ping"}\n');
  assert.deepEqual(await b.next(), { id: 3, ok: true, result: 'pong' });
  b.socket.destroy();
});

test('a client that half-closes after its request still gets the reply', async (t) => {
  const { path } = await serve(t);
  const c = await connect(path);
  c.socket.end('{"id":1,"verb":"ping"}\n');
  assert.deepEqual(await c.next(), { id: 1, ok: true, result: 'pong' });
});

test('many concurrent clients are all answered', async (t) => {
  const { path } = await serve(t);
  const clients = await Promise.all(Array.from({ length: 50 }, () => connect(path)));
  clients.forEach((c, i) => c.socket.write(JSON.stringify({ id: i, verb: 'banip', args: ['asterisk', `10.0.0.${i}`] }) + '\n'));
  const replies = await Promise.all(clients.map((c) => c.next()));
  replies.forEach((r, i) => assert.deepEqual(r, { id: i, ok: true, result: 1 }));
  for (const c of clients) c.socket.destroy();
});

test('pipelined requests on one connection are answered in order', async (t) => {
  const { path } = await serve(t);
  const c = await connect(path);
  c.socket.write(Array.from({ length: 200 }, (_, i) => JSON.stringify({ id: i, verb: 'ping' })).join('\n') + '\n');
  for (let i = 0; i < 200; i++) assert.equal((await c.next()).id, i);
  c.socket.destroy();
});

test('a second server on the same socket is refused with ERR_SERVER_RUNNING', async (t) => {
  const { path } = await serve(t);
  await assert.rejects(startControlServer(path, createFakeControlApi([])), (err: unknown) => err instanceof WardenError && err.code === 'ERR_SERVER_RUNNING');
  const c = await connect(path);
  c.socket.write('{"id":1,"verb":"ping"}\n');
  assert.equal((await c.next()).result, 'pong', 'the first server still answers');
  c.socket.destroy();
});

test('a stale socket file left by a dead server is removed and replaced', async (t) => {
  const path = join(tempDir(t), 'warden.sock');
  // A server killed with SIGKILL leaves its socket file behind.
  const script = `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script]);
  assert.ok(existsSync(path), 'stale socket file present');
  const server = await startControlServer(path, createFakeControlApi([]));
  t.after(() => server.close());
  const c = await connect(path);
  c.socket.write('{"id":1,"verb":"ping"}\n');
  assert.equal((await c.next()).result, 'pong');
  c.socket.destroy();
});

test('a regular file at the socket path is not deleted', async (t) => {
  const path = join(tempDir(t), 'warden.sock');
  writeFileSync(path, 'precious');
  await assert.rejects(startControlServer(path, createFakeControlApi([])), /exists and is not a socket/);
  assert.ok(statSync(path).isFile());
});

test('close() removes the socket file, and answers the request being worked on (stop) first', async (t) => {
  const fake = createFakeControlApi(['asterisk']);
  const holder: { close?: () => Promise<void> } = {};
  const api = { ...fake, stop: async () => { await holder.close!(); } };
  const { path, server } = await serve(t, api);
  holder.close = () => server.close();
  const idle = await connect(path);
  const idleClosed = new Promise((r) => idle.socket.once('close', r));
  idle.socket.on('end', () => idle.socket.end());
  const c = await connect(path);
  c.socket.write('{"id":1,"verb":"stop"}\n');
  assert.deepEqual(await c.next(), { id: 1, ok: true, result: null });
  await idleClosed;
  assert.equal(existsSync(path), false);
  c.socket.destroy();
});
