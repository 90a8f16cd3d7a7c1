/**
 * Decodes one line's bytes to a string in the `--encoding` of `warden regex`. Invalid bytes become
 * U+FFFD (never an error). Only encodings where `\n` is the byte 0x0A and ASCII is ASCII are allowed,
 * so lines can be split and pre-filtered on raw bytes.
 */
import { TextDecoder } from 'node:util';
import { usageError } from '../usage-error.js';

export interface LineDecoder {
  /** Canonical name, for display (`utf-8`, `latin1`, `windows-1252`...). */
  readonly name: string;
  decode(buf: Buffer, start: number, end: number): string;
  /** Bytes of a pre-filter literal in this encoding, or null when they cannot be known. */
  literalBytes(literal: string): Buffer | null;
}

/** Highest code unit of a string (0 for ''). */
function maxCodeUnit(s: string): number {
  let max = 0;
  for (let i = 0; i < s.length; i++) max = Math.max(max, s.charCodeAt(i));
  return max;
}

const isAscii = (s: string): boolean => maxCodeUnit(s) < 0x80;

function nodeDecoder(name: string, enc: 'utf8' | 'latin1'): LineDecoder {
  return {
    name,
    decode: (buf, start, end) => buf.toString(enc, start, end),
    literalBytes: (lit) => {
      if (lit.includes('\ufffd')) return null;
      if (enc === 'latin1' && maxCodeUnit(lit) > 0xff) return null;
      return Buffer.from(lit, enc);
    },
  };
}

function webDecoder(label: string): LineDecoder {
  let td: TextDecoder;
  try {
    td = new TextDecoder(label, { fatal: false });
  } catch {
    throw usageError(`regex: unknown encoding '${label}'`);
  }
  if (td.encoding.startsWith('utf-16')) throw usageError(`regex: encoding '${label}' is not ASCII-compatible (UTF-16 is not supported)`);
  if (td.encoding === 'utf-8') return nodeDecoder('utf-8', 'utf8');
  return {
    name: td.encoding,
    decode: (buf, start, end) => td.decode(buf.subarray(start, end)),
    literalBytes: (lit) => (isAscii(lit) ? Buffer.from(lit, 'latin1') : null),
  };
}

/** Throws ERR_CLI_USAGE for an unknown or unsupported encoding. */
export function createLineDecoder(label: string): LineDecoder {
  const norm = label.trim().toLowerCase().replace(/_/g, '-');
  if (norm === 'utf-8' || norm === 'utf8') return nodeDecoder('utf-8', 'utf8');
  if (norm === 'latin1' || norm === 'latin-1' || norm === 'iso-8859-1' || norm === 'iso8859-1') return nodeDecoder('latin1', 'latin1');
  return webDecoder(norm);
}
