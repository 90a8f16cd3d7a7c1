/**
 * Runs one program without a shell (argv array, stdin closed), caps what it prints and kills its
 * process group on timeout or once it printed too much, and keeps stdout as bytes (whois output may
 * be Latin-1). Used for whois; other programs go through src/actions/run-command.ts.
 */
import { spawn } from 'node:child_process';

export interface CaptureOptions {
  readonly timeoutMs: number;
  /** Bytes of stdout kept; the program is killed once it prints more. Default 1 MiB. */
  readonly maxBytes?: number;
}

export interface CaptureResult {
  /** Exit code; null when killed or never started. */
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** stdout went over maxBytes: it was cut and the program killed. */
  readonly truncated: boolean;
  /** errno code when the program could not be started (`ENOENT`: not installed). */
  readonly spawnError: string | null;
}

const STDERR_CAP = 8 * 1024;
/** After a kill, wait at most this long for the pipes to close (a grandchild may have left the group). */
const CLOSE_GRACE_MS = 1000;

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

export function spawnCapture(argv: readonly string[], opts: CaptureOptions): Promise<CaptureResult> {
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let timedOut = false;
    let truncated = false;
    let spawnError: string | null = null;
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const child = spawn(argv[0], argv.slice(1), {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout kills the program's children too
    });
    const finish = (code: number | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      resolve({ code: spawnError === null ? code : null, stdout: Buffer.concat(out), stderr, timedOut, truncated, spawnError });
    };
    const kill = (): void => {
      killGroup(child.pid);
      grace ??= setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(null);
      }, CLOSE_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = maxBytes - outBytes;
      if (chunk.length > room) {
        out.push(chunk.subarray(0, room));
        outBytes = maxBytes;
        truncated = true;
        kill();
        return;
      }
      out.push(chunk);
      outBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_CAP) stderr += chunk.toString('utf8').slice(0, STDERR_CAP - stderr.length);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err.code ?? err.message;
    });
    child.on('close', (code) => finish(code));
  });
}
