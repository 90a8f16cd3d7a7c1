/**
 * One client connection of the control server: reads request lines, answers them one at a time in
 * order, and turns every failure into an error reply. A client that sends garbage, huge lines or
 * disconnects mid-request only ever affects its own connection.
 */
import type { Socket } from 'node:net';
import { WardenError } from '../core/errors.js';
import type { ControlApi } from './control-api.js';
import { createLineReader, type LineItem } from './line-reader.js';
import { decodeRequest, encodeReply, errorReply, MAX_REQUEST_BYTES, type ControlReply } from './wire.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type ControlLog = (level: LogLevel, message: string) => void;

export interface ConnectionContext {
  readonly api: ControlApi;
  readonly log: ControlLog;
  readonly maxRequestBytes?: number;
}

export interface ConnectionHandle {
  /** Ends the connection now if idle (-> true), else right after the reply being worked on (-> false). */
  endWhenIdle(): boolean;
  destroy(): void;
  readonly closed: Promise<void>;
}

/** Requests queued before the socket is paused (a client that writes without reading). */
const HIGH_WATER = 64;

function failureReply(id: ControlReply['id'], verb: string, err: unknown, log: ControlLog): ControlReply {
  if (err instanceof WardenError) return errorReply(id, err.code, err.message);
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  log('error', `Control request '${verb}' failed: ${detail}`);
  const message = err instanceof Error ? err.message : String(err);
  return errorReply(id, 'ERR_INTERNAL', `internal error in '${verb}': ${message}`);
}

async function answer(item: LineItem, ctx: ConnectionContext): Promise<ControlReply> {
  if ('tooLong' in item) {
    const max = ctx.maxRequestBytes ?? MAX_REQUEST_BYTES;
    return errorReply(null, 'ERR_BAD_REQUEST', `request line longer than ${max} bytes`);
  }
  const req = decodeRequest(item.line);
  if (!req.ok) return req.reply;
  try {
    return { id: req.id, ok: true, result: await req.spec.call(ctx.api, req.args) };
  } catch (err) {
    return failureReply(req.id, req.spec.verb, err, ctx.log);
  }
}

function encodeSafely(reply: ControlReply, log: ControlLog): string {
  try {
    return encodeReply(reply);
  } catch (err) {
    log('error', `Control reply could not be encoded: ${err instanceof Error ? err.message : String(err)}`);
    return encodeReply(errorReply(reply.id, 'ERR_INTERNAL', 'internal error: the result could not be encoded'));
  }
}

export function serveConnection(socket: Socket, ctx: ConnectionContext): ConnectionHandle {
  const queue: LineItem[] = [];
  let busy = false;
  let ending = false;
  let clientDone = false;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const alive = (): boolean => !socket.destroyed && socket.writable;

  async function pump(): Promise<void> {
    busy = true;
    while (queue.length > 0 && !ending && alive()) {
      const reply = await answer(queue.shift()!, ctx);
      if (!alive()) break;
      if (!socket.write(encodeSafely(reply, ctx.log))) await waitDrain(socket);
      if (queue.length < HIGH_WATER / 4) socket.resume();
    }
    busy = false;
    if ((ending || clientDone) && !socket.destroyed) socket.end();
  }

  const reader = createLineReader(ctx.maxRequestBytes ?? MAX_REQUEST_BYTES, (item) => {
    if ('line' in item && item.line.trim() === '') return;
    queue.push(item);
    if (queue.length >= HIGH_WATER) socket.pause();
    if (!busy) void pump();
  });

  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  socket.on('error', (err: NodeJS.ErrnoException) => ctx.log('debug', `Control client connection error: ${err.code ?? err.message}.`));
  socket.on('end', () => {
    // The client finished sending (half-close): answer what is queued, then close our side.
    clientDone = true;
    if (!busy && !socket.destroyed) socket.end();
  });

  return {
    endWhenIdle() {
      ending = true;
      queue.length = 0;
      if (busy) return false;
      if (!socket.destroyed) socket.end();
      return true;
    },
    destroy: () => socket.destroy(),
    closed,
  };
}

function waitDrain(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
