/**
 * Where the server puts its files: warden.conf, then the command-line flags. Without root, default
 * paths under /run, /var/lib and /var/log cannot be written; those (and only those not chosen
 * explicitly) move to a private folder of the user's, and the server says so.
 */
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ServerSettings } from '../config/server-settings.js';

export type PathKey = 'socket' | 'pidfile' | 'dbfile' | 'logtarget';

/** Can this process create files in the folder that would hold `path` (creating it if needed)? */
export function canWriteBeside(path: string): boolean {
  let dir = dirname(path);
  while (!existsSync(dir)) {
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function isPathTarget(key: PathKey, value: string): boolean {
  if (key === 'dbfile') return value !== ':memory:';
  if (key === 'logtarget') return value.startsWith('/');
  return true;
}

/** The user's fallback folder: $XDG_RUNTIME_DIR/warden, else <tmp>/warden-<uid>. */
export function userStateDir(): string {
  const base = process.env.XDG_RUNTIME_DIR;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return base !== undefined && base !== '' ? join(base, 'warden') : join(tmpdir(), `warden-${uid}`);
}

const FALLBACK_NAMES: Record<PathKey, string> = {
  socket: 'warden.sock', pidfile: 'warden.pid', dbfile: 'warden.sqlite3', logtarget: 'warden.log',
};

/**
 * Apply fallbacks for the keys not in `explicit`; returns the settings and one notice per moved path.
 */
export function withWritablePaths(settings: ServerSettings, explicit: ReadonlySet<PathKey>): { settings: ServerSettings; notices: string[] } {
  const out: { -readonly [K in keyof ServerSettings]: ServerSettings[K] } = { ...settings };
  const notices: string[] = [];
  for (const key of Object.keys(FALLBACK_NAMES) as PathKey[]) {
    const value = settings[key];
    if (explicit.has(key) || !isPathTarget(key, value) || canWriteBeside(value)) continue;
    const dir = userStateDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    out[key] = join(dir, FALLBACK_NAMES[key]);
    notices.push(`${key} ${value} is not writable by this user; using ${out[key]}`);
  }
  return { settings: out, notices };
}
