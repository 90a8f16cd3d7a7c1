/**
 * Every `warden` command, in help order. Dispatch and help text both read this list: adding a
 * command is one entry here plus its file under commands/.
 */
import type { CommandSpec } from './command.js';
import { bannedCommand } from './commands/banned.js';
import { getCommand } from './commands/get.js';
import { createHelpCommand } from './commands/help.js';
import { pingCommand } from './commands/ping.js';
import { regexCommand } from './commands/regex.js';
import { reloadCommand } from './commands/reload.js';
import { setCommand } from './commands/set.js';
import { startCommand } from './commands/start.js';
import { statusCommand } from './commands/status.js';
import { stopCommand } from './commands/stop.js';
import { unbanCommand } from './commands/unban.js';

export const COMMANDS: readonly CommandSpec[] = [
  createHelpCommand(() => COMMANDS),
  // The server and its client verbs (fail2ban-client's meanings).
  startCommand,
  pingCommand,
  statusCommand,
  bannedCommand,
  getCommand,
  setCommand,
  unbanCommand,
  reloadCommand,
  stopCommand,
  // Offline tools.
  regexCommand,
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
