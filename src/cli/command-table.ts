/**
 * Every `warden` command, in help order. Dispatch and help text both read this list: adding a
 * command is one entry here plus its file under commands/.
 */
import type { CommandSpec } from './command.js';
import { createHelpCommand } from './commands/help.js';
import { regexCommand } from './commands/regex.js';

export const COMMANDS: readonly CommandSpec[] = [
  createHelpCommand(() => COMMANDS),
  regexCommand,
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
