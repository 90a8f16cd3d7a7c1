/**
 * The control socket's place in the file system: creates the parent dir, refuses a path where a
 * live server answers, removes a stale socket left by a crash, and never deletes a non-socket file.
 */
import { lstatSync, mkdirSync, unlinkSync, type Stats } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname } from 'node:path';
import { WardenError } from '../core/errors.js';

/** sun_path is 108 bytes on Linux, NUL included. */
const MAX_SOCKET_PATH_BYTES = 107;

type Probe = 'live' | 'stale' | { readonly error: string };

/** Connects to the socket once: does a server answer there? */
function probe(path: string, timeoutMs: number): Promise<Probe> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    const finish = (result: Probe): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    // A server that accepts but is stuck is still a server: do not steal its socket.
    const timer = setTimeout(() => finish('live'), timeoutMs);
    socket.once('connect', () => finish('live'));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      finish(err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? 'stale' : { error: err.code ?? err.message });
    });
  });
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new WardenError('ERR_IO', `cannot inspect control socket ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Makes path ready for listen(); throws ERR_SERVER_RUNNING or ERR_IO. */
export async function prepareSocketPath(path: string, probeTimeoutMs = 1000): Promise<void> {
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    throw new WardenError('ERR_IO', `control socket path is too long (${Buffer.byteLength(path)} bytes, at most ${MAX_SOCKET_PATH_BYTES}): ${path}`);
  }
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  } catch (err) {
    throw new WardenError('ERR_IO', `cannot create the directory of control socket ${path}: ${(err as Error).message}`, { cause: err });
  }
  const st = lstatOrNull(path);
  if (st === null) return;
  if (!st.isSocket()) throw new WardenError('ERR_IO', `${path} exists and is not a socket; not replacing it`);
  const state = await probe(path, probeTimeoutMs);
  if (state === 'live') throw new WardenError('ERR_SERVER_RUNNING', `a warden server is already running on ${path}`);
  if (state !== 'stale') throw new WardenError('ERR_IO', `cannot check control socket ${path}: ${state.error}`);
  removeSocketFile(path);
}

/** Removes the socket file if it is still there (and still a socket). */
export function removeSocketFile(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
