/**
 * Options shared by the client verbs (--socket, --conf, --timeout, --json) and how the socket path
 * is found: --socket, else the `socket` setting of warden.conf in the config dir `warden start` uses.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findVerb, formatArgs } from '../../control/protocol.js';
import type { OptionSpec, OptionValue } from '../command.js';
import { stringOption } from '../option-values.js';
import { SHIPPED_CONFIG_DIR } from '../package-info.js';
import { usageError } from '../usage-error.js';

export const CLIENT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  socket: { type: 'string', short: 's', valueName: 'PATH', help: 'Control socket of the server (default: socket in warden.conf).' },
  conf: { type: 'string', short: 'c', valueName: 'DIR', help: 'Config directory whose warden.conf names the socket (default /etc/warden).' },
  timeout: { type: 'string', valueName: 'SECONDS', help: 'Give up when the server has not replied within this long (default 30).' },
};

/** Options of the verbs that only read: the above plus --json. */
export const READ_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ...CLIENT_OPTIONS,
  json: { type: 'boolean', help: 'Print the result as JSON (one line) instead of text.' },
};

/** The options of the command for a protocol verb: --json when the verb only reads. */
export function optionsFor(verb: string): Readonly<Record<string, OptionSpec>> {
  return findVerb(verb)?.readOnly ? READ_OPTIONS : CLIENT_OPTIONS;
}

/** `[options] JAIL KEY`: the usage line of the command for a protocol verb. */
export function usageFor(verb: string): string {
  return `[options] ${formatArgs(findVerb(verb)?.args ?? [])}`.trimEnd();
}

type Values = Readonly<Record<string, OptionValue>>;

export function timeoutMs(values: Values): number {
  const text = stringOption(values, 'timeout');
  if (text === undefined) return 30_000;
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) throw usageError(`--timeout must be a positive number of seconds, got '${text}'`);
  return seconds * 1000;
}

/** The socket the client talks to; without --socket, the same path `warden start` would choose. */
export async function resolveSocketPath(values: Values): Promise<string> {
  const given = stringOption(values, 'socket');
  if (given !== undefined) {
    if (given === '') throw usageError('--socket must not be empty');
    return given;
  }
  const { DEFAULT_CONF_DIR, loadServerSettings } = await import('../../config/server-settings.js');
  const conf = stringOption(values, 'conf');
  if (conf !== undefined && !existsSync(conf)) throw usageError(`config directory ${conf} does not exist`);
  const confDir = conf ?? (existsSync(DEFAULT_CONF_DIR) ? DEFAULT_CONF_DIR : SHIPPED_CONFIG_DIR);
  const socket = loadServerSettings(confDir).settings.socket;
  return existsSync(socket) ? socket : await userFallback(socket);
}

/** A server started without root moves an unwritable default socket to the user's folder. */
async function userFallback(socket: string): Promise<string> {
  const { canWriteBeside, userStateDir } = await import('../../daemon/server-paths.js');
  if (canWriteBeside(socket)) return socket;
  const moved = join(userStateDir(), 'warden.sock');
  return existsSync(moved) ? moved : socket;
}
