/**
 * The two servers the daemon benchmark drives, each on its own temp dir with one `asterisk` jail on
 * a temp log: warden (`warden start -f`, the shipped config tree plus a jail.local) and fail2ban
 * (`fail2ban-server -f` with a written config, the Debian asterisk filter and a no-op action, or
 * with `firewall` its stock nftables-allports action inside a network namespace).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyActionWithIncludes, F2B_ACTIONS, F2B_NFT_ACTION, F2B_NFT_TABLE, fail2banNftSets, nftElementsIn } from './fail2ban-nft.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(DIST, 'src/cli/main.js');
const ROOT = join(DIST, '..');
const F2B_FILTERS = '/etc/fail2ban/filter.d';
export const JAIL = 'asterisk';

export type Tool = 'warden' | 'fail2ban';

export interface JailOptions {
  readonly maxretry: number;
  readonly findtime: number;
  readonly bantime: number;
  /** fail2ban: ban with the stock nftables-allports action in a namespace instead of a no-op action (root only). */
  readonly firewall?: boolean;
}

export interface ServerCounts {
  readonly totalFailed: number;
  readonly currentlyBanned: number;
}

export interface BenchServer {
  readonly tool: Tool;
  /** The attacked log the jail follows. */
  readonly messages: string;
  /** The server's own log (ban lines with ms time stamps). */
  readonly logFile: string;
  readonly pid: number;
  /** Date.now() just before the spawn, and when the jail first answered `status`. */
  readonly spawnMs: number;
  readonly readyMs: number;
  /** The jail's counters through the server's own client, or null if it did not answer. */
  counts(): ServerCounts | null;
  /** warden as root, or fail2ban with `firewall`: the network namespace it runs in (its nftables bans stay there), else null. */
  readonly netns: string | null;
  /** Elements in the server's nftables sets of the jail (null: no namespace or no set). */
  nftElements(): number | null;
  /** VmRSS and VmHWM of the server process in KiB, or null once it is gone. */
  memory(): { rssKb: number; hwmKb: number } | null;
  /** SIGTERM (SIGKILL after 15 s), then the temp dir is removed. */
  stop(): Promise<void>;
}

const live = new Map<ChildProcess, { dir: string; netns: string | null }>();

/** Kill every server still running, delete its namespace and its temp dir (synchronous: for exit handlers). */
export function cleanupAll(): void {
  for (const [child, { dir, netns }] of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (netns !== null) spawnSync('ip', ['netns', 'del', netns]);
    rmSync(dir, { recursive: true, force: true });
  }
  live.clear();
}

export function toolVersion(tool: Tool): string {
  if (tool === 'fail2ban') {
    const res = spawnSync('fail2ban-server', ['--version'], { encoding: 'utf8' });
    return (res.stdout || res.stderr || 'fail2ban').trim().split('\n')[0].replace(/^Fail2Ban v/, 'fail2ban ');
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version?: string };
  return `warden ${pkg.version ?? ''}`.trim();
}

export function fail2banInstalled(): boolean {
  return spawnSync('fail2ban-server', ['--version']).status === 0;
}

function readMemory(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return rss === null || hwm === null ? null : { rssKb: Number(rss[1]), hwmKb: Number(hwm[1]) };
  } catch {
    return null;
  }
}

function wardenCounts(socket: string): ServerCounts | null {
  const res = spawnSync(process.execPath, [MAIN, 'status', JAIL, '--json', '--socket', socket], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  if (res.status !== 0) return null;
  const s = JSON.parse(res.stdout) as ServerCounts;
  return { totalFailed: s.totalFailed, currentlyBanned: s.currentlyBanned };
}

function fail2banCounts(socket: string): ServerCounts | null {
  const res = spawnSync('fail2ban-client', ['-s', socket, 'status', JAIL], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  const failed = /Total failed:\s+(\d+)/.exec(res.stdout);
  const banned = /Currently banned:\s+(\d+)/.exec(res.stdout);
  if (res.status !== 0 || failed === null || banned === null) return null;
  return { totalFailed: Number(failed[1]), currentlyBanned: Number(banned[1]) };
}

function writeWardenConf(dir: string, messages: string, jail: JailOptions): string {
  const conf = join(dir, 'conf');
  cpSync(join(ROOT, 'config'), conf, { recursive: true });
  writeFileSync(join(conf, 'jail.local'), `[${JAIL}]\nenabled = true\nlogpath = ${messages}\nmaxretry = ${jail.maxretry}\nfindtime = ${jail.findtime}\nbantime = ${jail.bantime}\n`);
  return conf;
}

/** fail2ban.conf, the asterisk filter (+ common.conf), a no-op action (or the stock nftables-allports) and one jail. */
function writeFail2banConf(dir: string, messages: string, jail: JailOptions): string {
  const conf = join(dir, 'conf');
  mkdirSync(join(conf, 'filter.d'), { recursive: true });
  mkdirSync(join(conf, 'action.d'));
  for (const f of ['asterisk.conf', 'common.conf']) copyFileSync(join(F2B_FILTERS, f), join(conf, 'filter.d', f));
  writeFileSync(join(conf, 'fail2ban.conf'), [
    '[Definition]', 'loglevel = INFO', `logtarget = ${join(dir, 'server.log')}`, 'syslogsocket = auto',
    `socket = ${join(dir, 'server.sock')}`, `pidfile = ${join(dir, 'server.pid')}`, 'allowipv6 = auto',
    `dbfile = ${join(dir, 'server.sqlite3')}`, 'dbpurgeage = 1d', 'dbmaxmatches = 10', '',
  ].join('\n'));
  writeFileSync(join(conf, 'action.d', 'noop.conf'), '[Definition]\nactionstart =\nactionstop =\nactioncheck =\nactionban =\nactionunban =\n');
  // The stock action as installed (read, not shipped): its sets are named after the jail.
  if (jail.firewall === true) copyActionWithIncludes(F2B_NFT_ACTION, F2B_ACTIONS, join(conf, 'action.d'));
  writeFileSync(join(conf, 'jail.conf'), [
    `[${JAIL}]`, 'enabled = true', 'filter = asterisk', `action = ${jail.firewall === true ? F2B_NFT_ACTION : 'noop'}`, `logpath = ${messages}`, 'backend = auto',
    `maxretry = ${jail.maxretry}`, `findtime = ${jail.findtime}`, `bantime = ${jail.bantime}`, '',
  ].join('\n'));
  return conf;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startServer(tool: Tool, jail: JailOptions): Promise<BenchServer> {
  if (jail.firewall === true && (tool !== 'fail2ban' || process.getuid?.() !== 0)) throw new Error('a firewall action is for fail2ban as root (network namespaces)');
  const dir = mkdtempSync(join(tmpdir(), `warden-bench-${tool}-`));
  const messages = join(dir, 'messages');
  const logFile = join(dir, 'server.log');
  const socket = join(dir, 'server.sock');
  const pidfile = join(dir, 'server.pid');
  writeFileSync(messages, '');
  const [cmd, args, counts] = tool === 'warden'
    ? [process.execPath, [...nodeFlags(), MAIN, 'start', '-f', '--conf', writeWardenConf(dir, messages, jail), '--socket', socket, '--db', join(dir, 'server.sqlite3'),
      '--pidfile', pidfile, '--logtarget', logFile, '--loglevel', 'INFO'], () => wardenCounts(socket)] as const
    : ['fail2ban-server', ['-f', '-x', '-c', writeFail2banConf(dir, messages, jail), '-s', socket, '-p', pidfile], () => fail2banCounts(socket)] as const;
  // warden bans with its native nftables action, fail2ban with `firewall` with its stock one: as root
  // each runs in a namespace of its own, so the bans land in a real kernel set without touching this
  // machine's ruleset.
  const inNetns = process.getuid?.() === 0 && (tool === 'warden' || jail.firewall === true);
  const netns = inNetns ? `${tool === 'warden' ? 'warden-bench' : 'warden-bench-f2b'}-${process.pid}-${Date.now() % 100000}` : null;
  if (netns !== null && spawnSync('ip', ['netns', 'add', netns]).status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`ip netns add ${netns} failed`);
  }
  const spawnMs = Date.now();
  const child = netns === null
    ? spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn('ip', ['netns', 'exec', netns, cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  live.set(child, { dir, netns });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    live.delete(child);
    if (netns !== null) spawnSync('ip', ['netns', 'del', netns]);
    rmSync(dir, { recursive: true, force: true });
  };
  for (const deadline = Date.now() + 60_000; counts() === null;) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '';
      await stop();
      throw new Error(`${tool} server did not start: ${stderr.slice(-2000)}\n${log}`);
    }
    await sleep(100);
  }
  const readyMs = Date.now();
  const pid = child.pid ?? -1;
  const nftElements = (): number | null => (netns === null ? null : tool === 'warden'
    ? nftElementsIn(netns, ['inet', 'warden'], [`${JAIL}4`, `${JAIL}6`], true)
    : nftElementsIn(netns, F2B_NFT_TABLE, fail2banNftSets(JAIL), false));
  return { tool, messages, logFile, pid, spawnMs, readyMs, counts, netns, nftElements, memory: () => readMemory(pid), stop };
}

/** Extra node flags for the warden server, e.g. BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof'. */
function nodeFlags(): string[] {
  return (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter((f) => f !== '');
}

/** The backend fail2ban says it chose (`Jail 'asterisk' uses pyinotify`), or null. */
export function backendInLog(logFile: string): string | null {
  try {
    return /Jail '[^']+' uses (\S+)/.exec(readFileSync(logFile, 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}
