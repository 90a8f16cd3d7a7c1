/**
 * The LOG argument of `warden regex`: a file (read in large chunks), `-` (standard input), or else
 * a log line given on the command line. Yields raw byte chunks; splitting happens later.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { WardenError } from '../../core/errors.js';
import { usageError } from '../usage-error.js';

export type LogInput =
  | { readonly kind: 'file'; readonly path: string; readonly size: number }
  | { readonly kind: 'stdin' }
  | { readonly kind: 'line'; readonly text: string };

export const CHUNK_BYTES = 4 * 1024 * 1024;

export function classifyLogArg(arg: string): LogInput {
  if (arg === '-') return { kind: 'stdin' };
  let st;
  try {
    st = statSync(arg, { throwIfNoEntry: false });
  } catch {
    st = undefined; // e.g. ENAMETOOLONG: a long log line, not a path
  }
  if (st === undefined) return { kind: 'line', text: arg };
  if (st.isDirectory()) throw usageError(`regex: LOG ${arg} is a directory`);
  return { kind: 'file', path: arg, size: st.isFile() ? st.size : 0 };
}

export function describeLogInput(input: LogInput): string {
  if (input.kind === 'file') return input.path;
  if (input.kind === 'stdin') return 'standard input';
  const text = input.text.replace(/\n/g, '\\n');
  return `line from the command line: ${text.length > 60 ? text.slice(0, 57) + '...' : text}`;
}

/** Chunk buffers; `shared` puts them in SharedArrayBuffers (posted to a worker without a copy). */
function allocChunk(shared: boolean): Buffer {
  return shared ? Buffer.from(new SharedArrayBuffer(CHUNK_BYTES)) : Buffer.allocUnsafeSlow(CHUNK_BYTES);
}

async function* fileChunks(path: string, shared: boolean): AsyncGenerator<Buffer> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw new WardenError('ERR_IO', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    for (;;) {
      const buf = allocChunk(shared);
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

async function* stdinChunks(): AsyncGenerator<Buffer> {
  for await (const chunk of process.stdin) yield chunk as Buffer;
}

/** Byte chunks of the input, in order. */
export function readLogChunks(input: LogInput, shared: boolean): AsyncGenerator<Buffer> {
  if (input.kind === 'file') return fileChunks(input.path, shared);
  if (input.kind === 'stdin') return stdinChunks();
  const text = input.text;
  return (async function* () {
    yield Buffer.from(text, 'utf8');
  })();
}
