/**
 * What the sources hand to the daemon: batches of complete lines with the file position after them,
 * and events about the files (missing, appeared, rotated, errors).
 */
import type { WardenError } from '../core/errors.js';
import type { FilePosition } from '../core/records.js';

export interface LineBatch {
  /** The logpath as followed (not the rotated name). */
  readonly path: string;
  /** Complete lines, without '\n' (and without a final '\r'). */
  readonly lines: readonly string[];
  /** The position just after the last of these lines: commit it with what the lines produced. */
  readonly position: FilePosition;
}

export type RotationKind = 'rename' | 'truncate' | 'replaced';

export type SourceEvent =
  | { readonly kind: 'missing'; readonly path: string }
  | { readonly kind: 'appeared'; readonly path: string }
  | { readonly kind: 'rotated'; readonly path: string; readonly how: RotationKind }
  | { readonly kind: 'error'; readonly path: string; readonly error: WardenError };

export interface FileFollower {
  readonly path: string;
  /** Position after the last complete line handed out of the file now at `path`; null before one is open. */
  position(): FilePosition | null;
  /** Read what is new now (one chunk synchronously; the rest follows between event-loop turns). */
  poll(): void;
  stop(): Promise<void>;
}
