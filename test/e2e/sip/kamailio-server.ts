/**
 * Test helper: Kamailio (Debian's package) in the lab's server namespace with test/e2e/sip/kamailio.cfg,
 * in the foreground logging to stderr (-DD -E). The harness plays the syslog daemon: each stderr
 * message becomes one line `Mon DD HH:MM:SS server kamailio[PID]: LEVEL: text` in the log file,
 * the shape rsyslog writes and warden's kamailio filter reads.
 */
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADDRESSES, waitUntil, type Lab } from './netns-lab.js';

/** The source folder of these tests (kamailio.cfg, register.xml are read from there). */
export const SIP_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../../test/e2e/sip');
export const SIP_PORT = 5060;

export interface KamailioServer {
  readonly logFile: string;
  /** Everything Kamailio wrote, as received (for failure messages). */
  output(): string;
}

/** Debian puts modules under /usr/lib/<triplet>/kamailio/modules; find it instead of assuming x86_64. */
export function kamailioModuleDir(): string | null {
  for (const base of ['/usr/lib', '/usr/lib64', '/usr/local/lib']) {
    if (existsSync(join(base, 'kamailio/modules/auth.so'))) return join(base, 'kamailio/modules');
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base)) {
      const dir = join(base, entry, 'kamailio/modules');
      if (existsSync(join(dir, 'auth.so'))) return dir;
    }
  }
  return null;
}

/** Syslog's RFC 3164 time stamp (local time, day padded with a space). */
export function syslogStamp(date: Date): string {
  const month = date.toLocaleString('en-US', { month: 'short' });
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${month} ${String(date.getDate()).padStart(2, ' ')} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

const STDERR_LINE = /^\s*\d+\((\d+)\) ([A-Z]+): (.*)$/;

/** One Kamailio stderr line as a syslog file line, or null for text that is not a log message. */
export function toSyslogLine(stderrLine: string, date: Date, host = 'server'): string | null {
  const m = STDERR_LINE.exec(stderrLine);
  return m === null ? null : `${syslogStamp(date)} ${host} kamailio[${m[1]}]: ${m[2]}: ${m[3]}`;
}

function relay(child: ChildProcess, logFile: string, sink: (text: string) => void): void {
  let pending = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString();
    sink(text);
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    const out = lines.map((l) => toSyslogLine(l, new Date())).filter((l): l is string => l !== null);
    if (out.length === 0) return;
    try {
      appendFileSync(logFile, out.map((l) => `${l}\n`).join(''));
    } catch {
      // Kamailio's shutdown messages after the test removed its folder.
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
}

/** Start Kamailio on udp 5060 of the server's IPv4 and IPv6 address; resolves once both listen. */
export async function startKamailio(lab: Lab, dir: string): Promise<KamailioServer> {
  const modules = kamailioModuleDir();
  if (modules === null) throw new Error('kamailio modules folder not found');
  const logFile = join(dir, 'kamailio.log');
  writeFileSync(logFile, '');
  const { v4, v6 } = ADDRESSES.server;
  const child = lab.spawn('server', ['kamailio', '-f', join(SIP_DIR, 'kamailio.cfg'), '-L', modules,
    '-l', `udp:${v4}:${SIP_PORT}`, '-l', `udp:[${v6}]:${SIP_PORT}`, '-DD', '-E', '-m', '32', '-M', '4',
    '-w', dir, '-Y', dir, '-P', join(dir, 'kamailio.pid')], { cwd: dir });
  let output = '';
  let exited = false;
  child.on('exit', () => (exited = true));
  relay(child, logFile, (text) => (output += text));
  await waitUntil('Kamailio to listen on udp 5060 (IPv4 and IPv6)', () => {
    if (exited) throw new Error(`kamailio exited at start:\n${output}`);
    const ss = lab.run('server', ['ss', '-Hunl', `sport = :${SIP_PORT}`]).stdout;
    return ss.includes(`${v4}:${SIP_PORT}`) && ss.includes(`[${v6}]:${SIP_PORT}`);
  }, 10_000, () => output);
  return { logFile, output: () => output };
}
