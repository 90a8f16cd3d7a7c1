/**
 * `warden start`: run the server, in the foreground (-f) or detached with a pid file (the default:
 * the command returns once the server answers on its socket, or reports why it did not start).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONF_DIR, loadServerSettings, parseLogLevel, type ServerSettings } from '../../config/server-settings.js';
import { WardenError } from '../../core/errors.js';
import type { CommandArgs, CommandSpec } from '../command.js';
import { flagOption, stringOption } from '../option-values.js';
import { SHIPPED_CONFIG_DIR } from '../package-info.js';
import { usageError } from '../usage-error.js';

const DESCRIPTION = `Reads warden's config tree (default ${DEFAULT_CONF_DIR}, else the tree shipped with warden) or a
fail2ban tree unchanged (--conf /etc/fail2ban). Socket, pid file, database and log come from
warden.conf in that tree, and the flags below override them. Without root, default paths that
cannot be written move to a private folder ($XDG_RUNTIME_DIR/warden or /tmp/warden-UID).
Signals: SIGTERM/SIGINT stop cleanly, SIGHUP reloads the configuration.`;

/** The script this process runs (tsc's main.js or a bundle): the detached server runs the same. */
const mainScript = (): string => process.argv[1] ?? fileURLToPath(new URL('../main.js', import.meta.url));
const READY_TIMEOUT_MS = 30_000;

export interface StartPlan {
  readonly confDir: string;
  readonly settings: ServerSettings;
  readonly notices: string[];
}

/** Config dir + warden.conf + flags -> the server's settings; all config problems at once. */
export async function planStart(args: CommandArgs): Promise<StartPlan> {
  const given = stringOption(args.values, 'conf');
  const confDir = given ?? (existsSync(DEFAULT_CONF_DIR) ? DEFAULT_CONF_DIR : SHIPPED_CONFIG_DIR);
  if (!existsSync(confDir)) throw usageError(`config directory ${confDir} does not exist`);
  const loaded = loadServerSettings(confDir);
  if (loaded.errors.length > 0) {
    throw new WardenError('ERR_CONFIG_VALUE', `bad server settings:\n  ${loaded.errors.map((e) => e.message).join('\n  ')}`);
  }
  const settings = { ...loaded.settings } as { -readonly [K in keyof ServerSettings]: ServerSettings[K] };
  const explicit = new Set<'socket' | 'pidfile' | 'dbfile' | 'logtarget'>();
  for (const [flag, key] of [['socket', 'socket'], ['pidfile', 'pidfile'], ['db', 'dbfile'], ['logtarget', 'logtarget']] as const) {
    const value = stringOption(args.values, flag);
    if (value !== undefined) {
      settings[key] = value;
      explicit.add(key);
    }
  }
  const level = stringOption(args.values, 'loglevel');
  if (level !== undefined) {
    const parsed = parseLogLevel(level);
    if (parsed === null) throw usageError(`unknown --loglevel '${level}'`);
    settings.loglevel = parsed;
  }
  const { withWritablePaths } = await import('../../daemon/server-paths.js');
  const moved = withWritablePaths(settings, explicit);
  const notices = confDir === given ? moved.notices : [`using config ${confDir}`, ...moved.notices];
  return { confDir, settings: moved.settings, notices };
}

async function startDetached(plan: StartPlan, argv: readonly string[]): Promise<number> {
  const { request } = await import('../../control/control-client.js');
  const child = spawn(process.execPath, [...process.execArgv, mainScript(), 'start', '--foreground', ...argv], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? 1));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== null) {
      process.stderr.write(stderr);
      throw new WardenError('ERR_SERVER_DOWN', `the server exited during start (code ${exited})`);
    }
    try {
      await request(plan.settings.socket, 'ping', [], { timeoutMs: 1000 });
      child.stderr?.destroy();
      child.unref();
      process.stdout.write(`warden started (pid ${child.pid}, socket ${plan.settings.socket})\n`);
      return 0;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new WardenError('ERR_SERVER_DOWN', `the server did not answer on ${plan.settings.socket} within ${READY_TIMEOUT_MS / 1000} s`);
}

export const startCommand: CommandSpec = {
  name: 'start',
  summary: 'Start the warden server (detached, or in the foreground with -f).',
  usage: '[options]',
  description: DESCRIPTION,
  options: {
    foreground: { type: 'boolean', short: 'f', help: 'Stay in the foreground (for systemd and containers).' },
    conf: { type: 'string', short: 'c', valueName: 'DIR', help: 'Config directory (warden or fail2ban layout).' },
    socket: { type: 'string', short: 's', valueName: 'PATH', help: 'Control socket path.' },
    db: { type: 'string', valueName: 'PATH', help: "Database file (':memory:' keeps nothing across restarts)." },
    pidfile: { type: 'string', short: 'p', valueName: 'PATH', help: 'Pid file path.' },
    logtarget: { type: 'string', valueName: 'PATH|STDERR|STDOUT|SYSLOG', help: 'Where the server logs.' },
    loglevel: { type: 'string', valueName: 'LEVEL', help: 'CRITICAL, ERROR, WARNING, NOTICE, INFO, DEBUG.' },
  },
  async run(args) {
    if (args.positionals.length > 0) throw usageError(`unexpected argument '${args.positionals[0]}'`);
    const plan = await planStart(args);
    if (!flagOption(args.values, 'foreground')) {
      const argv = process.argv.slice(process.argv.indexOf('start') + 1);
      return startDetached(plan, argv);
    }
    const { runServer } = await import('../../daemon/run-server.js');
    return runServer(plan);
  },
};
