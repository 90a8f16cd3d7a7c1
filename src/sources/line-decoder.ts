/**
 * Turns one line's bytes into text in a jail's `logencoding`. Invalid bytes become U+FFFD, never an
 * error. Only encodings where '\n' is the byte 0x0A are allowed, since lines are cut on bytes.
 */
import { TextDecoder } from 'node:util';

export type LineDecoder = (bytes: Buffer) => string;

const UTF8 = new Set(['utf-8', 'utf8', 'auto', '']);
const LATIN1 = new Set(['latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'l1']);

function normalize(label: string): string {
  return label.trim().toLowerCase().replace(/_/g, '-');
}

/** Why an encoding cannot be used for a log file, or null when it can (`auto` means UTF-8). */
export function encodingProblem(label: string): string | null {
  const norm = normalize(label);
  if (UTF8.has(norm) || LATIN1.has(norm)) return null;
  let encoding: string;
  try {
    encoding = new TextDecoder(norm).encoding;
  } catch {
    return `unknown encoding ${JSON.stringify(label)}`;
  }
  if (encoding.startsWith('utf-16')) return `encoding ${JSON.stringify(label)} is not supported for log files (UTF-16)`;
  return null;
}

/** A decoder for `label` (default UTF-8); throws a TypeError for one `encodingProblem` rejects. */
export function createLineDecoder(label = 'utf-8'): LineDecoder {
  const problem = encodingProblem(label);
  if (problem !== null) throw new TypeError(problem);
  const norm = normalize(label);
  if (UTF8.has(norm)) return (bytes) => bytes.toString('utf8');
  if (LATIN1.has(norm)) return (bytes) => bytes.toString('latin1');
  const decoder = new TextDecoder(norm, { fatal: false });
  return (bytes) => decoder.decode(bytes);
}
