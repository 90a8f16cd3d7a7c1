/**
 * The control server: a Unix stream socket (mode 0600 from the moment it exists) speaking JSON
 * lines, answering each request through the command table and the daemon's ControlApi.
 */
import { chmodSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { WardenError } from '../core/errors.js';
import type { ControlApi } from './control-api.js';
import { serveConnection, type ConnectionHandle, type ControlLog } from './control-connection.js';
import { prepareSocketPath, removeSocketFile } from './socket-file.js';

export type { ControlLog, LogLevel } from './control-connection.js';

export interface ControlServerOptions {
  /** Where per-connection problems and handler bugs are reported (default: dropped). */
  readonly log?: ControlLog;
  /** Longest request line in bytes (default 1 MiB). */
  readonly maxRequestBytes?: number;
}

export interface ControlServer {
  /**
   * Stops accepting, removes the socket file, ends idle connections and lets a request being
   * answered (e.g. `stop` itself) finish its reply. Resolves once idle connections are closed.
   */
  close(): Promise<void>;
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new WardenError('ERR_IO', `cannot listen on control socket ${path}: ${err.code ?? err.message}`, { cause: err }));
    };
    server.once('error', onError);
    // No window with a wider mode: the socket file is created by bind() inside listen(), synchronously.
    const previous = process.umask(0o177);
    try {
      server.listen(path, () => {
        server.off('error', onError);
        resolve();
      });
    } finally {
      process.umask(previous);
    }
  });
}

export async function startControlServer(socketPath: string, api: ControlApi, options: ControlServerOptions = {}): Promise<ControlServer> {
  const log: ControlLog = options.log ?? (() => {});
  await prepareSocketPath(socketPath);
  const connections = new Set<ConnectionHandle>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const handle = serveConnection(socket, { api, log, maxRequestBytes: options.maxRequestBytes });
    connections.add(handle);
    void handle.closed.then(() => connections.delete(handle));
  });
  await listen(server, socketPath);
  chmodSync(socketPath, 0o600);
  const inode = statSync(socketPath).ino;
  server.on('error', (err) => log('error', `Control socket error: ${err.message}`));
  let closing: Promise<void> | null = null;

  return {
    close() {
      closing ??= (async () => {
        server.close();
        // Only remove the file if it is still ours (not a newer server's).
        if (statInode(socketPath) === inode) removeSocketFile(socketPath);
        const idle = [...connections].filter((h) => h.endWhenIdle());
        const allClosed = Promise.all(idle.map((h) => h.closed));
        if ((await Promise.race([allClosed.then(() => true), delay(500).then(() => false)])) === false) {
          for (const h of idle) h.destroy();
        }
      })();
      return closing;
    },
  };
}

function statInode(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch {
    return null;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
