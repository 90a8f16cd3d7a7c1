/**
 * warden.conf (fail2ban.conf's counterpart): where the server keeps its socket, pid file, database and
 * log, read as a config set (warden.conf, warden.d/, warden.local). Pure apart from the injected reader.
 * A fail2ban tree has no warden.conf: warden's defaults apply, never fail2ban's own socket or database.
 */
import { parseDuration } from '../core/duration.js';
import { ConfigError } from '../core/errors.js';
import { getOption, placeOf, type Scope } from './interpolate.js';
import { createConfigReader, type ConfigFs } from './read-config.js';

export const DEFAULT_CONF_DIR = '/etc/warden';

export type LogLevel = 'CRITICAL' | 'ERROR' | 'WARNING' | 'NOTICE' | 'INFO' | 'DEBUG' | 'TRACEDEBUG' | 'HEAVYDEBUG';
export const LOG_LEVELS: readonly LogLevel[] = ['CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG', 'TRACEDEBUG', 'HEAVYDEBUG'];

export interface ServerSettings {
  readonly socket: string;
  readonly pidfile: string;
  /** A path, or ':memory:' (nothing kept across restarts). */
  readonly dbfile: string;
  /** Seconds after which ban history and stale failures are purged. */
  readonly dbpurgeage: number;
  readonly dbmaxmatches: number;
  /** A file path, or STDOUT, STDERR, SYSLOG. */
  readonly logtarget: string;
  readonly loglevel: LogLevel;
}

export const SERVER_DEFAULTS: ServerSettings = {
  socket: '/run/warden/warden.sock',
  pidfile: '/run/warden/warden.pid',
  dbfile: '/var/lib/warden/warden.sqlite3',
  dbpurgeage: 86_400,
  dbmaxmatches: 10,
  logtarget: '/var/log/warden.log',
  loglevel: 'INFO',
};

/** fail2ban's numeric levels (50 CRITICAL ... 5 HEAVYDEBUG) and names, case-insensitive. */
export function parseLogLevel(text: string): LogLevel | null {
  const upper = text.trim().toUpperCase();
  if (upper === 'WARN') return 'WARNING';
  if ((LOG_LEVELS as readonly string[]).includes(upper)) return upper as LogLevel;
  const byNumber: Record<string, LogLevel> = { '50': 'CRITICAL', '40': 'ERROR', '30': 'WARNING', '25': 'NOTICE', '20': 'INFO', '10': 'DEBUG', '7': 'TRACEDEBUG', '5': 'HEAVYDEBUG' };
  return byNumber[upper] ?? null;
}

/** Read `<confDir>/warden.conf` (+ .d, .local); a missing file means the defaults. Problems are returned. */
export function loadServerSettings(confDir: string, opts: { fs?: ConfigFs } = {}): { settings: ServerSettings; errors: ConfigError[] } {
  const reader = createConfigReader(opts.fs);
  const present = ['warden.conf', 'warden.local'].some((name) => reader.fs.readFile(`${confDir}/${name}`) !== null);
  if (!present) return { settings: SERVER_DEFAULTS, errors: [] };
  const set = reader.readSet(confDir, 'warden');
  const errors: ConfigError[] = [...set.errors];
  const scope: Scope = { set, section: 'Definition' };
  const text = (key: keyof ServerSettings): string | null => {
    const got = getOption(scope, key);
    if (got === undefined) return null;
    if (!got.ok) {
      errors.push(got.error);
      return null;
    }
    const value = got.value.trim();
    return value === '' ? null : value;
  };
  const problem = (key: string, message: string): void => {
    errors.push(new ConfigError('ERR_CONFIG_VALUE', placeOf(scope, key, { file: `${confDir}/warden.conf` }), message));
  };
  const settings = { ...SERVER_DEFAULTS } as { -readonly [K in keyof ServerSettings]: ServerSettings[K] };
  for (const key of ['socket', 'pidfile', 'dbfile', 'logtarget'] as const) {
    const value = text(key);
    if (value !== null) settings[key] = value;
  }
  const level = text('loglevel');
  if (level !== null) {
    const parsed = parseLogLevel(level);
    if (parsed === null) problem('loglevel', `unknown log level ${JSON.stringify(level)} (one of ${LOG_LEVELS.join(', ')})`);
    else settings.loglevel = parsed;
  }
  const age = text('dbpurgeage');
  if (age !== null) {
    const seconds = parseDuration(age);
    if (seconds === null || seconds < 0) problem('dbpurgeage', `expected a duration such as 1d or 86400, got ${JSON.stringify(age)}`);
    else settings.dbpurgeage = seconds;
  }
  const max = text('dbmaxmatches');
  if (max !== null) {
    if (/^\d+$/.test(max)) settings.dbmaxmatches = Number.parseInt(max, 10);
    else problem('dbmaxmatches', `expected a whole number, got ${JSON.stringify(max)}`);
  }
  for (const key of ['socket', 'pidfile'] as const) {
    if (!settings[key].startsWith('/')) problem(key, `must be an absolute path, got ${JSON.stringify(settings[key])}`);
  }
  if (settings.dbfile.toLowerCase() === 'none') settings.dbfile = ':memory:';
  return { settings, errors };
}
