/**
 * `warden set JAIL ACTION VALUE…`: change a running jail (ban, unban, ignoreip). The sub-verbs are
 * a table, each naming its protocol verb and how its answer prints.
 */
import { findVerb } from '../../control/protocol.js';
import type { CommandSpec } from '../command.js';
import { callServer, printResult } from '../client/call-server.js';
import { CLIENT_OPTIONS } from '../client/client-options.js';
import { formatCount, formatGet } from '../client/format-results.js';
import { EXIT_OK, usageError } from '../usage-error.js';

interface SetAction {
  readonly name: string;
  readonly values: string;
  /** What the answer means, for help. */
  readonly prints: string;
  format(result: unknown): string;
}

/** Each sub-verb is also the name of its protocol verb (args: JAIL, then the values). */
const SET_ACTIONS: readonly SetAction[] = [
  { name: 'banip', values: 'IP…', prints: 'how many were newly banned', format: (r) => formatCount(r, 'set banip') },
  { name: 'unbanip', values: 'IP…', prints: 'how many were unbanned', format: (r) => formatCount(r, 'set unbanip') },
  { name: 'addignoreip', values: 'IP|CIDR|NAME…', prints: 'the new ignoreip list', format: (r) => formatGet('ignoreip', r) },
  { name: 'delignoreip', values: 'IP|CIDR|NAME…', prints: 'the new ignoreip list', format: (r) => formatGet('ignoreip', r) },
];

const actionHelp = (a: SetAction): string => `  ${`${a.name} ${a.values}`.padEnd(28)}${findVerb(a.name)?.help ?? ''} Prints ${a.prints}.`;

export const setCommand: CommandSpec = {
  name: 'set',
  summary: 'Change a running jail: ban or unban IPs, add or remove ignoreip entries.',
  usage: '[options] JAIL ACTION VALUE…',
  description: `Actions:\n${SET_ACTIONS.map(actionHelp).join('\n')}`,
  options: CLIENT_OPTIONS,
  async run({ values, positionals }) {
    const [jail, name, ...rest] = positionals;
    if (jail === undefined || name === undefined) throw usageError('set: expected JAIL ACTION VALUE…');
    const action = SET_ACTIONS.find((a) => a.name === name);
    if (!action) throw usageError(`set: unknown action '${name}' (one of ${SET_ACTIONS.map((a) => a.name).join(', ')})`);
    const result = await callServer(values, action.name, [jail, ...rest]);
    printResult(values, result, action.format);
    return EXIT_OK;
  },
};
