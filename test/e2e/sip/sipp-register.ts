/**
 * Test helper: one bounded SIP registration by sipp (Debian's sip-tester) from a lab namespace,
 * with digest credentials, classified as registered / rejected / no answer.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIP_DIR, SIP_PORT } from './kamailio-server.js';
import { ADDRESSES, type Lab, type Role } from './netns-lab.js';

/** The account in kamailio.cfg. */
export const ACCOUNT = { user: '100', password: 'warden-e2e-right-password' } as const;
export const WRONG_PASSWORD = 'guess-1234';

/**
 * registered: 401 then 200 · rejected: 401 then 403 (one failure Kamailio logs) ·
 * no-answer: the first REGISTER got nothing back before the receive timeout · other: anything else.
 */
export type Outcome = 'registered' | 'rejected' | 'no-answer' | 'other';

export interface Attempt { outcome: Outcome; code: number | null; ms: number; stderr: string }

export type Family = 'v4' | 'v6';

/** Receive timeout of each expected answer; a banned client takes this long to give up. */
export const RECV_TIMEOUT_MS = 1500;

function scenario(dir: string, final: '200' | '403'): string {
  const path = join(dir, `register-${final}.xml`);
  writeFileSync(path, readFileSync(join(SIP_DIR, 'register.xml'), 'utf8').replace('@FINAL@', final));
  return path;
}

function classify(code: number | null, stderr: string, final: '200' | '403'): Outcome {
  if (code === 0) return final === '200' ? 'registered' : 'rejected';
  // sipp numbers the scenario's messages from 0: message 1 is the recv of the 401.
  if (/receive timeout on message [^\n]*:1 /.test(stderr)) return 'no-answer';
  return 'other';
}

/**
 * REGISTER from `role` over IPv4 or IPv6 with the right or a wrong password. Expecting 200 for the
 * right one and 403 for a wrong one, so exit code 0 means Kamailio answered as it should.
 */
export async function register(lab: Lab, dir: string, role: Role, family: Family, password: string): Promise<Attempt> {
  const final = password === ACCOUNT.password ? '200' : '403';
  const server = family === 'v4' ? `${ADDRESSES.server.v4}:${SIP_PORT}` : `[${ADDRESSES.server.v6}]:${SIP_PORT}`;
  const started = Date.now();
  const res = await lab.runAsync(role, ['sipp', '-sf', scenario(dir, final), '-s', ACCOUNT.user,
    '-au', ACCOUNT.user, '-ap', password, '-i', ADDRESSES[role][family], '-t', 'u1', '-m', '1', '-nostdin',
    '-recv_timeout', String(RECV_TIMEOUT_MS), '-timeout', '6s', '-timeout_error', server], { cwd: dir, timeoutMs: 10_000 });
  return { outcome: classify(res.code, res.stderr, final), code: res.code, ms: Date.now() - started, stderr: res.stderr.slice(-1500) };
}
