/**
 * `warden` dispatch: global flags, command lookup in the command table, argument parsing, and the
 * boundary that turns errors into messages and exit codes (2 usage, 1 failure; no stack traces).
 */
import { WardenError } from '../core/errors.js';
import { COMMANDS, findCommand } from './command-table.js';
import { formatCommandHelp, formatGlobalHelp } from './help-text.js';
import { flagOption } from './option-values.js';
import { packageVersion } from './package-info.js';
import { parseCommandArgs } from './parse-command-args.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, isUsageError, usageError } from './usage-error.js';

async function dispatch(argv: readonly string[], onCommand: (name: string) => void): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(formatGlobalHelp(COMMANDS));
    return EXIT_USAGE;
  }
  if (first === '-h' || first === '--help') {
    process.stdout.write(formatGlobalHelp(COMMANDS));
    return EXIT_OK;
  }
  if (first === '-V' || first === '--version') {
    process.stdout.write(`warden ${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (first.startsWith('-')) throw usageError(`unknown option '${first}' (options go after the command)`);
  const cmd = findCommand(first);
  if (!cmd) throw usageError(`unknown command '${first}'`);
  onCommand(cmd.name);
  const args = parseCommandArgs(cmd, rest);
  if (flagOption(args.values, 'help')) {
    process.stdout.write(formatCommandHelp(cmd));
    return EXIT_OK;
  }
  return cmd.run(args);
}

function report(err: unknown, command: string | null): number {
  if (isUsageError(err)) {
    const hint = command === null ? "'warden --help'" : `'warden help ${command}'`;
    process.stderr.write(`warden: ${err.message}\nRun ${hint} for usage.\n`);
    return EXIT_USAGE;
  }
  if (err instanceof WardenError) {
    process.stderr.write(`warden: ${err.message}\n`);
    return EXIT_FAILURE;
  }
  // A bug: show where, so it can be reported.
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`warden: internal error: ${detail}\n`);
  return EXIT_FAILURE;
}

/** Run the CLI with argv (without node and script); resolves to the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let command: string | null = null;
  try {
    return await dispatch(argv, (name) => (command = name));
  } catch (err) {
    return report(err, command);
  }
}
