/**
 * Test fixtures for the store tests: records with sensible defaults and a temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BanRecord, FailureRecord } from '../core/records.js';

export const T0 = 1_700_000_000;

export function failure(id: string, time: number, jail = 'sshd', matches: readonly string[] = [`fail from ${id}`]): FailureRecord {
  return { jail, id, time, matches };
}

export function ban(ip: string, over: Partial<BanRecord> = {}): BanRecord {
  return { jail: 'sshd', ip, timeOfBan: T0, bantime: 600, banCount: 1, failures: 5, matches: [`ban ${ip}`], ...over };
}

/** A fresh temporary directory and a function that removes it. */
export function tempDir(): { dir: string; db: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'warden-store-'));
  return { dir, db: join(dir, 'warden.sqlite3'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
