/**
 * Test helper: the common start of every SIP end-to-end test: skip when the machine cannot run it,
 * else a temp folder, the namespace lab and Kamailio in the server namespace (all removed in t.after).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kamailioModuleDir, startKamailio, type KamailioServer } from './kamailio-server.js';
import { createLab, labUnavailable, type Lab } from './netns-lab.js';

export interface SipLab { dir: string; lab: Lab; kamailio: KamailioServer }

interface TestContext { skip(message?: string): void; after(fn: () => Promise<void> | void): void }

/** A temp folder removed in t.after. */
export function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-sip-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Lab + Kamailio, or null after t.skip(reason) when root, kamailio, sipp or `extra` tools are missing. */
export async function startSipLab(t: TestContext, extra: readonly string[] = []): Promise<SipLab | null> {
  const reason = labUnavailable(['kamailio', 'sipp', 'ss', ...extra])
    ?? (kamailioModuleDir() === null ? 'kamailio modules folder not found' : null);
  if (reason !== null) {
    t.skip(reason);
    return null;
  }
  const lab = createLab(t); // first, so its cleanup (killing Kamailio) runs before the folder goes
  const dir = tempDir(t);
  const kamailio = await startKamailio(lab, dir);
  return { dir, lab, kamailio };
}
