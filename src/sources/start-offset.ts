/**
 * Where to start reading a log file when a follower opens it: resume a stored position when it was
 * taken in this file (same inode, or a copy with the same first line), else read it from the start;
 * without a stored position, `head` reads from 0 and `tail` from the end (fail2ban's meaning).
 */
import type { FilePosition } from '../core/records.js';

export interface OpenedFile {
  readonly inode: string;
  readonly size: number;
  readonly firstLineHash: string;
}

export type StartReason = 'resume' | 'copied' | 'changed' | 'head' | 'tail';

export interface StartDecision {
  readonly offset: number;
  readonly reason: StartReason;
}

export function startOffset(stored: FilePosition | null, from: 'head' | 'tail', file: OpenedFile): StartDecision {
  if (stored === null) return from === 'tail' ? { offset: file.size, reason: 'tail' } : { offset: 0, reason: 'head' };
  if (stored.offset > file.size) return { offset: 0, reason: 'changed' };
  const sameHash = stored.firstLineHash === file.firstLineHash;
  if (stored.inode === file.inode && (sameHash || stored.firstLineHash === '')) return { offset: stored.offset, reason: 'resume' };
  if (sameHash && stored.firstLineHash !== '') return { offset: stored.offset, reason: 'copied' };
  return { offset: 0, reason: 'changed' };
}
