/**
 * `warden help [COMMAND]`: prints the global help or one command's help from the command table.
 */
import type { CommandSpec } from '../command.js';
import { formatCommandHelp, formatGlobalHelp } from '../help-text.js';
import { EXIT_OK, usageError } from '../usage-error.js';

/** The table is passed lazily: it contains this command. */
export function createHelpCommand(table: () => readonly CommandSpec[]): CommandSpec {
  return {
    name: 'help',
    summary: 'Show help for warden or for one command.',
    usage: '[COMMAND]',
    options: {},
    async run({ positionals }) {
      if (positionals.length > 1) throw usageError('help: expected at most one command name');
      const name = positionals[0];
      if (name === undefined) {
        process.stdout.write(formatGlobalHelp(table()));
        return EXIT_OK;
      }
      const cmd = table().find((c) => c.name === name);
      if (!cmd) throw usageError(`help: unknown command '${name}'`);
      process.stdout.write(formatCommandHelp(cmd));
      return EXIT_OK;
    },
  };
}
