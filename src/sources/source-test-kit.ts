/**
 * Test helpers for the sources (used by the colocated tests only): temp dirs, a recorder of batches
 * and events, and a bounded wait.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FilePosition } from '../core/records.js';
import type { LineBatch, SourceEvent } from './source-event.js';

export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-sources-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Recorder {
  readonly lines: string[];
  readonly batches: LineBatch[];
  readonly events: SourceEvent[];
  onLines(batch: LineBatch): void;
  onEvent(e: SourceEvent): void;
  lastPosition(): FilePosition | null;
  eventKinds(): string[];
}

export function recorder(): Recorder {
  const lines: string[] = [];
  const batches: LineBatch[] = [];
  const events: SourceEvent[] = [];
  return {
    lines, batches, events,
    onLines: (batch) => {
      batches.push(batch);
      lines.push(...batch.lines);
    },
    onEvent: (e) => events.push(e),
    lastPosition: () => batches.at(-1)?.position ?? null,
    eventKinds: () => events.map((e) => (e.kind === 'rotated' ? `rotated:${e.how}` : e.kind)),
  };
}

/** Resolves once `cond()` holds; rejects after `ms` with `what` in the message. */
export async function waitFor(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
