/**
 * The client side of the control socket: one request, one reply. Connection problems become
 * WardenErrors that say what is wrong (server not running, permission, no answer in time).
 */
import { createConnection } from 'node:net';
import { WardenError, type ErrorCode } from '../core/errors.js';
import { createLineReader } from './line-reader.js';
import { decodeReply, encodeRequest, type ControlReply } from './wire.js';

export interface RequestOptions {
  /** Give up when no reply came within this long (default 30 s). */
  readonly timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Replies can be large (status of a jail with a million bans); still bounded. */
const MAX_REPLY_BYTES = 512 * 1024 * 1024;

function connectError(err: NodeJS.ErrnoException, path: string): WardenError {
  switch (err.code) {
    case 'ENOENT':
      return new WardenError('ERR_SERVER_DOWN', `warden server is not running (no socket at ${path})`, { cause: err });
    case 'ECONNREFUSED':
      return new WardenError('ERR_SERVER_DOWN', `warden server is not running (connection refused at ${path})`, { cause: err });
    case 'EACCES':
    case 'EPERM':
      return new WardenError('ERR_IO', `permission denied on control socket ${path} (run as the server's user, e.g. root)`, { cause: err });
    case 'ENOTSOCK':
      return new WardenError('ERR_SERVER_DOWN', `${path} is not a socket`, { cause: err });
    default:
      return new WardenError('ERR_SERVER_DOWN', `cannot connect to control socket ${path}: ${err.code ?? err.message}`, { cause: err });
  }
}

const isCode = (code: string): boolean => /^ERR_[A-Z_]+$/.test(code);

function replyResult(reply: ControlReply): unknown {
  if (reply.ok) return reply.result;
  const code = (isCode(reply.error.code) ? reply.error.code : 'ERR_INTERNAL') as ErrorCode;
  throw new WardenError(code, reply.error.message);
}

/** Sends one request and resolves to its result; an error reply is thrown as WardenError with its code. */
export function request(socketPath: string, verb: string, args: readonly string[], options: RequestOptions = {}): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let settled = false;
    const socket = createConnection(socketPath);
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      fn();
    };
    const fail = (err: WardenError): void => finish(() => reject(err));
    const timer = setTimeout(() => {
      fail(new WardenError('ERR_IO', `no reply from the warden server at ${socketPath} within ${timeoutMs / 1000} s (request '${verb}')`));
    }, timeoutMs);
    const reader = createLineReader(MAX_REPLY_BYTES, (item) => {
      if (!('line' in item)) return fail(new WardenError('ERR_IO', `reply from ${socketPath} is too long`));
      const reply = decodeReply(item.line);
      if (reply === null) return fail(new WardenError('ERR_BAD_REQUEST', `malformed reply from ${socketPath}`));
      if (reply.id !== 1) return;
      finish(() => {
        try {
          resolve(replyResult(reply));
        } catch (err) {
          reject(err);
        }
      });
    });
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      socket.write(encodeRequest({ id: 1, verb, args }));
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => fail(connected ? lostError(err, socketPath) : connectError(err, socketPath)));
    socket.on('close', () => fail(new WardenError('ERR_SERVER_DOWN', `warden server at ${socketPath} closed the connection without replying`)));
  });
}

function lostError(err: NodeJS.ErrnoException, path: string): WardenError {
  return new WardenError('ERR_SERVER_DOWN', `warden server at ${path} closed the connection without replying (${err.code ?? err.message})`, { cause: err });
}
