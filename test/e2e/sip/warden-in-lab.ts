/**
 * Test helper: the real warden server (dist/src/cli/main.js start -f) inside the lab's server
 * namespace, so its firewall actions act there and nowhere else. Config is a temp copy of the
 * shipped tree plus the test's jail.local; the client talks to it over the unix socket from the host.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN, SHIPPED_CONFIG } from '../daemon-harness.js';
import { waitUntil, type Lab } from './netns-lab.js';

export interface Banned { ip: string; timeOfBan: number; expiresAt: number | null; banCount: number }
export interface JailStatus { currentlyFailed: number; totalFailed: number; currentlyBanned: number; banned: Banned[] }

export interface WardenInLab {
  readonly conf: string;
  /** The jail's status through `warden status JAIL --json`. */
  status(jail: string): JailStatus;
  serverLog(): string;
  /** Wait until `ip` is in the jail's banned list (bounded); returns the ban. */
  waitBanned(jail: string, ip: string, timeoutMs?: number): Promise<Banned>;
}

/** Start warden in the server namespace with `jailLocal` (@DIR@ = dir); resolves when it answers ping. */
export async function startWarden(lab: Lab, dir: string, jailLocal: string): Promise<WardenInLab> {
  const conf = join(dir, 'conf');
  cpSync(SHIPPED_CONFIG, conf, { recursive: true });
  rmSync(join(conf, 'jail.d/defaults.conf'), { force: true }); // only the test's jails run
  writeFileSync(join(conf, 'jail.local'), jailLocal.replaceAll('@DIR@', dir));
  const socket = join(dir, 'warden.sock');
  const logFile = join(dir, 'warden.log');
  const child = lab.spawn('server', [process.execPath, MAIN, 'start', '-f', '--conf', conf, '--socket', socket,
    '--db', join(dir, 'warden.sqlite3'), '--pidfile', join(dir, 'warden.pid'), '--logtarget', logFile, '--loglevel', 'DEBUG']);
  let stderr = '';
  let exited = false;
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  child.on('exit', () => (exited = true));
  const serverLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const client = (args: readonly string[]): { code: number | null; stdout: string; stderr: string } => {
    const res = spawnSync(process.execPath, [MAIN, ...args, '--socket', socket], { encoding: 'utf8', timeout: 10_000 });
    return { code: res.status, stdout: res.stdout ?? '', stderr: res.stderr ?? '' };
  };
  const detail = (): string => `--- warden stderr ---\n${stderr}\n--- warden log ---\n${serverLog().slice(-4000)}`;
  await waitUntil('warden to answer ping', () => {
    if (exited) throw new Error(`warden exited at start\n${detail()}`);
    return client(['ping']).code === 0;
  }, 20_000, detail);
  const status = (jail: string): JailStatus => {
    const res = client(['status', jail, '--json']);
    if (res.code !== 0) throw new Error(`warden status ${jail} failed (${res.code}): ${res.stderr}\n${detail()}`);
    return JSON.parse(res.stdout) as JailStatus;
  };
  return {
    conf,
    status,
    serverLog,
    waitBanned: (jail, ip, timeoutMs = 10_000) =>
      waitUntil(`warden to ban ${ip} in ${jail}`, () => status(jail).banned.find((b) => b.ip === ip), timeoutMs, detail),
  };
}
