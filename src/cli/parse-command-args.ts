/**
 * Turns argv (after the command name) into CommandArgs with node:util parseArgs, driven by the
 * command's option table. Every parse problem becomes an ERR_CLI_USAGE error naming the command.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandArgs, CommandSpec, OptionValue } from './command.js';
import { usageError } from './usage-error.js';

/** Options every command accepts. */
export const HELP_OPTION = { type: 'boolean', short: 'h', help: 'Show help for this command.' } as const;

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

function parseOptions(spec: CommandSpec): ParseOptions {
  const out: ParseOptions = { help: { type: 'boolean', short: 'h' } };
  for (const [name, opt] of Object.entries(spec.options)) {
    out[name] = { type: opt.type, ...(opt.short ? { short: opt.short } : {}), ...(opt.multiple ? { multiple: true } : {}) };
  }
  return out;
}

/** Parse a command's arguments; throws ERR_CLI_USAGE on an unknown option or a missing value. */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): CommandArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: parseOptions(spec),
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, OptionValue>, positionals };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0].replace(/\. To specify .*$/, '') : String(err);
    throw usageError(`${spec.name}: ${message}`);
  }
}
