/**
 * Test helper: a small LAN of network namespaces for the SIP end-to-end tests. `server`, `attacker`
 * and `legit` each have one `eth0`, plugged into a bridge in a fourth namespace (`lan`), with IPv4
 * (10.77.0.0/24) and IPv6 (fd77::/64, nodad) addresses. Names are unique per lab; every namespace
 * and every process started in it is removed in t.after, also when the test fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export type Role = 'server' | 'attacker' | 'legit';
export const ROLES: readonly Role[] = ['server', 'attacker', 'legit'];

export const ADDRESSES: Readonly<Record<Role, { v4: string; v6: string }>> = {
  server: { v4: '10.77.0.1', v6: 'fd77::1' },
  attacker: { v4: '10.77.0.2', v6: 'fd77::2' },
  legit: { v4: '10.77.0.3', v6: 'fd77::3' },
};

export interface RunResult { code: number | null; stdout: string; stderr: string }

export interface Lab {
  /** Namespace name of each role (and of the bridge's `lan`). */
  readonly ns: Readonly<Record<Role | 'lan', string>>;
  /** Run argv inside a role's namespace and wait (bounded by timeoutMs). */
  run(role: Role, argv: readonly string[], opts?: { timeoutMs?: number; input?: string; cwd?: string }): RunResult;
  /** Same, without blocking the event loop (for clients that run while a server answers). */
  runAsync(role: Role, argv: readonly string[], opts?: { timeoutMs?: number; cwd?: string }): Promise<RunResult>;
  /** Start a long-running process in a role's namespace; it is killed (SIGKILL) in t.after. */
  spawn(role: Role, argv: readonly string[], opts?: { cwd?: string }): ChildProcess;
}

interface AfterHook { after(fn: () => Promise<void> | void): void }

/** Run a host command; throws with its stderr when it fails. */
export function must(argv: readonly string[], input?: string): string {
  const res = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 10_000, input });
  if (res.status !== 0) throw new Error(`${argv.join(' ')} failed (${res.status}): ${res.stderr}${res.error?.message ?? ''}`);
  return res.stdout;
}

/** Whether a program is on PATH (for t.skip). */
export function hasProgram(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Why this machine cannot run the lab, or null when it can. */
export function labUnavailable(programs: readonly string[]): string | null {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces)';
  for (const p of ['ip', ...programs]) if (!hasProgram(p)) return `${p} is not installed`;
  return null;
}

function plug(lab: Lab['ns'], role: Role, port: string): void {
  must(['ip', '-n', lab.lan, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', lab[role]]);
  must(['ip', '-n', lab.lan, 'link', 'set', port, 'master', 'br0', 'up']);
  must(['ip', '-n', lab[role], 'link', 'set', 'lo', 'up']);
  must(['ip', '-n', lab[role], 'link', 'set', 'eth0', 'up']);
  must(['ip', '-n', lab[role], 'addr', 'add', `${ADDRESSES[role].v4}/24`, 'dev', 'eth0']);
  must(['ip', '-n', lab[role], 'addr', 'add', `${ADDRESSES[role].v6}/64`, 'dev', 'eth0', 'nodad']);
}

function exitOf(c: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    const timer = setTimeout(resolve, timeoutMs);
    c.once('exit', () => { clearTimeout(timer); resolve(); });
  });
}

/**
 * SIGTERM our processes (Kamailio's main process then reaps its own children), then SIGKILL whatever
 * still lives in the namespaces, and close the pipes so nothing keeps the test process alive.
 */
async function killAll(namespaces: readonly string[], children: readonly ChildProcess[]): Promise<void> {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => exitOf(c, 2000)));
  for (const n of namespaces) {
    const pids = spawnSync('ip', ['netns', 'pids', n], { encoding: 'utf8' }).stdout ?? '';
    for (const pid of pids.split(/\s+/).filter(Boolean)) {
      try { process.kill(Number(pid), 'SIGKILL'); } catch { /* already gone */ }
    }
  }
  await Promise.all(children.map((c) => exitOf(c, 2000)));
  for (const c of children) {
    c.stdout?.destroy();
    c.stderr?.destroy();
  }
}

export function createLab(t: AfterHook): Lab {
  const id = randomBytes(3).toString('hex');
  const name = (role: string): string => `warden-t-sip-${id}-${role}`;
  const ns = { server: name('server'), attacker: name('attacker'), legit: name('legit'), lan: name('lan') };
  const children: ChildProcess[] = [];
  const created: string[] = [];
  t.after(async () => {
    await killAll(created, children);
    for (const n of created.reverse()) spawnSync('ip', ['netns', 'del', n]);
  });
  for (const n of Object.values(ns)) {
    must(['ip', 'netns', 'add', n]);
    created.push(n);
  }
  must(['ip', '-n', ns.lan, 'link', 'add', 'br0', 'type', 'bridge', 'forward_delay', '0', 'stp_state', '0']);
  must(['ip', '-n', ns.lan, 'link', 'set', 'br0', 'up']);
  plug(ns, 'server', 'p-server');
  plug(ns, 'attacker', 'p-attacker');
  plug(ns, 'legit', 'p-legit');
  const wrap = (role: Role, argv: readonly string[]): string[] => ['ip', 'netns', 'exec', ns[role], ...argv];
  return {
    ns,
    run(role, argv, opts = {}) {
      const full = wrap(role, argv);
      const res = spawnSync(full[0], full.slice(1), { encoding: 'utf8', timeout: opts.timeoutMs ?? 10_000, input: opts.input, cwd: opts.cwd, killSignal: 'SIGKILL' });
      return { code: res.status, stdout: res.stdout ?? '', stderr: `${res.stderr ?? ''}${res.error ? `\n${res.error.message}` : ''}` };
    },
    runAsync(role, argv, opts = {}) {
      const full = wrap(role, argv);
      const child = spawn(full[0], full.slice(1), { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 10_000);
      return new Promise((resolve) => child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      }));
    },
    spawn(role, argv, opts = {}) {
      const full = wrap(role, argv);
      const child = spawn(full[0], full.slice(1), { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      return child;
    },
  };
}

/** Poll fn until it returns a truthy value, or throw after timeoutMs naming what was awaited. */
export async function waitUntil<T>(what: string, fn: () => T | null | undefined | false, timeoutMs: number, detail: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
