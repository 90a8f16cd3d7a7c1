/**
 * The shape of one `warden` command: its help text, its options (node:util parseArgs config plus help)
 * and its run function. The command table is a list of these; dispatch and help both read it.
 */

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Repeatable (`-vv`): the value is then an array. */
  readonly multiple?: boolean;
  /** Placeholder shown in help for a string option (`DIR`, `SECONDS`). */
  readonly valueName?: string;
  readonly help: string;
}

export type OptionValue = string | boolean | (string | boolean)[] | undefined;

/** What parseArgs produced for a command: option values by long name, and positionals. */
export interface CommandArgs {
  readonly values: Readonly<Record<string, OptionValue>>;
  readonly positionals: readonly string[];
}

export interface CommandSpec {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Arguments after the command name, e.g. `[options] LOG FILTER`. */
  readonly usage: string;
  /** Longer help text (paragraphs), printed after the usage line. */
  readonly description?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Runs the command; resolves to the process exit code. Usage problems throw ERR_CLI_USAGE. */
  run(args: CommandArgs): Promise<number>;
}
