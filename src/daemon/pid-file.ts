/**
 * The server's pid file: written at start (refusing when a live server owns it), removed at stop.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { WardenError } from '../core/errors.js';

/** The pid in the file if that process is alive, else null (no file, garbage, or a dead pid). */
export function livePid(path: string): number | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
  if (!/^\d+$/.test(text)) return null;
  const pid = Number.parseInt(text, 10);
  if (pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

export function writePidFile(path: string): void {
  const other = livePid(path);
  if (other !== null) throw new WardenError('ERR_SERVER_RUNNING', `a warden server is already running (pid ${other}, pid file ${path})`);
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    writeFileSync(path, `${process.pid}\n`, { mode: 0o644 });
  } catch (err) {
    throw new WardenError('ERR_IO', `cannot write the pid file ${path}: ${(err as Error).message}`, { cause: err });
  }
}

export function removePidFile(path: string): void {
  try {
    if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path);
  } catch {
    // Already gone.
  }
}
