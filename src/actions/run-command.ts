/**
 * Run an external program for an action: argv without a shell (`nft -f -` with stdin input), or an
 * action hook through `/bin/sh -c` with its values as positional arguments. A timeout kills the whole tree.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface RunOptions {
  /** Written to the program's stdin (which is /dev/null otherwise). */
  readonly input?: string;
  /** Kill the process group after this long (default 60 s, fail2ban's action timeout). */
  readonly timeoutMs?: number;
  /** Added to the inherited environment. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface RunResult {
  /** Exit code as a shell reports it: 127 when the program could not start, 128+N when killed by signal N. */
  readonly code: number;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
/** Output kept per stream; the rest is dropped (an action's output is only for error messages). */
const MAX_OUTPUT = 1 << 20;
/** After a kill, wait at most this long for the pipes to close (a grandchild may have escaped the group). */
const CLOSE_GRACE_MS = 1_000;

/** Run argv[0] with argv[1..] (no shell). Never rejects: failures are in the result. */
export function runCommand(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      detached: true,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: opts.env === undefined ? process.env : { ...process.env, ...opts.env },
    });
    const out = collector();
    const err = collector();
    let timedOut = false;
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (code: number | null, signal: NodeJS.Signals | null, extra = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      const status = code ?? (signal === null ? 127 : 128 + (constants.signals[signal] ?? 0));
      resolve({ code: status, signal, stdout: out.text(), stderr: err.text() + extra, timedOut });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
      grace = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(child.exitCode, child.signalCode ?? 'SIGKILL');
      }, CLOSE_GRACE_MS);
    }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.stdout?.on('data', out.add);
    child.stderr?.on('data', err.add);
    child.on('error', (e) => finish(null, null, `${err.text() === '' ? '' : '\n'}${e.message}`));
    child.on('close', (code, signal) => finish(code, signal));
    if (opts.input !== undefined && child.stdin !== null) {
      child.stdin.on('error', () => undefined); // EPIPE when the program exits without reading
      child.stdin.end(opts.input);
    }
  });
}

/** Run an action hook: `/bin/sh -c script warden args...` ($1... are `args`). */
export function runShell(script: string, opts: { args?: readonly string[]; timeoutMs?: number } = {}): Promise<RunResult> {
  return runCommand(['/bin/sh', '-c', script, 'warden', ...(opts.args ?? [])], { timeoutMs: opts.timeoutMs });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function collector(): { add: (chunk: Buffer) => void; text: () => string } {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add(chunk) {
      if (size >= MAX_OUTPUT) return;
      chunks.push(chunk.subarray(0, MAX_OUTPUT - size));
      size += chunk.length;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}
