/**
 * Help text for `warden --help`, `warden help CMD` and `warden CMD --help`, built from the command
 * table so that help can never disagree with dispatch.
 */
import type { CommandSpec, OptionSpec } from './command.js';
import { HELP_OPTION } from './parse-command-args.js';

const INDENT = '  ';

function optionLabel(name: string, opt: OptionSpec): string {
  const long = `--${name}${opt.type === 'string' ? ` ${opt.valueName ?? 'VALUE'}` : ''}`;
  return opt.short ? `-${opt.short}, ${long}` : `    ${long}`;
}

/** Two aligned columns: label, text. */
function columns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, text]) => `${INDENT}${label.padEnd(width)}${text}`);
}

export function formatGlobalHelp(commands: readonly CommandSpec[]): string {
  const lines = [
    'Usage: warden <command> [options]',
    '',
    'warden: intrusion prevention for log files, compatible with fail2ban configuration.',
    '',
    'Commands:',
    ...columns(commands.map((c) => [c.name, c.summary])),
    '',
    'Global options:',
    ...columns([
      ['-h, --help', 'Show this help.'],
      ['-V, --version', 'Print the version and exit.'],
    ]),
    '',
    "Run 'warden help <command>' for the options of a command.",
  ];
  return lines.join('\n') + '\n';
}

export function formatCommandHelp(cmd: CommandSpec): string {
  const options: [string, OptionSpec][] = [...Object.entries(cmd.options), ['help', HELP_OPTION]];
  const lines = [`Usage: warden ${cmd.name} ${cmd.usage}`.trimEnd(), '', cmd.summary];
  if (cmd.description) lines.push('', cmd.description.trimEnd());
  lines.push('', 'Options:', ...columns(options.map(([name, opt]) => [optionLabel(name, opt), opt.help])));
  return lines.join('\n') + '\n';
}
