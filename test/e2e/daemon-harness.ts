/**
 * Test helper: a real warden server as a child process on a temp dir (config copied from the shipped
 * tree plus the test's jail.local), a log writer, the client, and the database read directly.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN = join(DIST, 'src/cli/main.js');
export const SHIPPED_CONFIG = join(DIST, '../config');

export interface Harness {
  readonly dir: string;
  /** The network namespace the server runs in (null when not root). */
  readonly netns: string | null;
  readonly conf: string;
  readonly socket: string;
  readonly db: string;
  readonly logFile: string;
  /** Start the server in the foreground; resolves when it answers ping. */
  start(extra?: readonly string[]): Promise<void>;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait. */
  kill9(): Promise<void>;
  /** Run a client verb; returns exit code and output. */
  client(args: readonly string[]): { code: number | null; stdout: string; stderr: string };
  /** The client's JSON output of a read verb. */
  json<T>(args: readonly string[]): T;
  /** Query the server's database (read-only). */
  query<T>(sql: string, ...params: unknown[]): T[];
  serverLog(): string;
  append(path: string, lines: readonly string[]): void;
  /** Wait until fn returns a truthy value (polling), or fail after timeoutMs. */
  waitFor<T>(what: string, fn: () => T | null | undefined | false, timeoutMs?: number): Promise<T>;
}

export function createHarness(t: { after(fn: () => Promise<void> | void): void }, jailLocal: string): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'warden-e2e-'));
  const conf = join(dir, 'conf');
  cpSync(SHIPPED_CONFIG, conf, { recursive: true });
  // Only the test's own jails run (the shipped tree enables asterisk and sshd by default).
  rmSync(join(conf, 'jail.d/defaults.conf'), { force: true });
  writeFileSync(join(conf, 'jail.local'), jailLocal.replaceAll('@DIR@', dir));
  const socket = join(dir, 'warden.sock');
  const db = join(dir, 'warden.sqlite3');
  const logFile = join(dir, 'warden.log');
  // As root, every server runs in a network namespace of its own: its firewall actions never touch
  // the host's ruleset.
  const netns = process.getuid?.() === 0 ? `warden-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}` : null;
  if (netns !== null) spawnSync('ip', ['netns', 'add', netns]);
  let child: ChildProcess | null = null;
  let exited: Promise<number | null> = Promise.resolve(null);

  const client = (args: readonly string[]): { code: number | null; stdout: string; stderr: string } => {
    const res = spawnSync(process.execPath, [MAIN, ...args, '--socket', socket], { encoding: 'utf8', timeout: 30_000 });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  };
  const waitFor = async <T>(what: string, fn: () => T | null | undefined | false, timeoutMs = 15_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = fn();
      if (value !== null && value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- server log ---\n${h.serverLog().slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const h: Harness = {
    dir, netns, conf, socket, db, logFile,
    async start(extra = []) {
      const command = netns === null ? [process.execPath] : ['ip', 'netns', 'exec', netns, process.execPath];
      child = spawn(command[0], [...command.slice(1), MAIN, 'start', '-f', '--conf', conf, '--socket', socket, '--db', db,
        '--pidfile', join(dir, 'warden.pid'), '--logtarget', logFile, '--loglevel', 'DEBUG', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
      const proc = child;
      exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
      let gone = false;
      void exited.then(() => (gone = true));
      await waitFor('the server to answer ping', () => {
        if (gone) throw new Error(`server exited during start: ${stderr}\n${h.serverLog()}`);
        return client(['ping']).code === 0;
      }, 30_000);
    },
    async stop() {
      child?.kill('SIGTERM');
      const code = await exited;
      child = null;
      return code;
    },
    async kill9() {
      child?.kill('SIGKILL');
      await exited;
      child = null;
    },
    client,
    json: <T>(args: readonly string[]): T => {
      const res = client([...args, '--json']);
      if (res.code !== 0) throw new Error(`warden ${args.join(' ')} failed (${res.code}): ${res.stderr}`);
      return JSON.parse(res.stdout) as T;
    },
    query<T>(sql: string, ...params: unknown[]): T[] {
      const conn = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return conn.prepare(sql).all(...params) as T[];
      } finally {
        conn.close();
      }
    },
    serverLog: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    append: (path, lines) => appendFileSync(path, lines.map((l) => `${l}\n`).join('')),
    waitFor,
  };
  t.after(async () => {
    if (child !== null) await h.kill9();
    if (netns !== null) spawnSync('ip', ['netns', 'del', netns]);
    rmSync(dir, { recursive: true, force: true });
  });
  return h;
}

/** The seed's jail exactly as written there (shared/seed/SUMMARY.md), only logpath on the test's file. */
export const SEED_JAIL = `[asterisk-iptables]
enabled  = true
filter   = asterisk
action   = iptables-allports[name=ASTERISK, protocol=all]
           sendmail-whois[name=ASTERISK, dest=root, sender=fail2ban@example.net]
logpath  = @DIR@/messages
maxretry = 5
findtime = 600
bantime  = 259200
`;

/** Local time stamp in Asterisk's `dateformat=%F %T` shape for unix seconds. */
export function asteriskStamp(seconds: number): string {
  const d = new Date(seconds * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `[${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}]`;
}

/** The seed's chan_sip failure line. */
export function chanSipFailure(seconds: number, ip: string, user = '100'): string {
  return `${asteriskStamp(seconds)} NOTICE[2711] chan_sip.c: Registration from '"${user}" <sip:${user}@pbx.example.com>' failed for '${ip}:5060' - Wrong password`;
}

/** A PJSIP failure line (Asterisk 16+ shape). */
export function pjsipFailure(seconds: number, ip: string, user = '100'): string {
  const addr = ip.includes(':') ? `[${ip}]:5060` : `${ip}:5060`;
  return `${asteriskStamp(seconds)} NOTICE[3021] res_pjsip/pjsip_distributor.c: Request 'REGISTER' from '"${user}" <sip:${user}@pbx.example.com>' failed for '${addr}' (callid: a84b4c76e66710) - Failed to authenticate`;
}
