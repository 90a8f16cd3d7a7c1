/**
 * `warden get JAIL KEY`: one setting of a running jail; the keys come from the protocol's table.
 */
import { GET_KEYS, verbHelp } from '../../control/protocol.js';
import type { CommandSpec } from '../command.js';
import { callServer, printResult } from '../client/call-server.js';
import { optionsFor, usageFor } from '../client/client-options.js';
import { formatGet } from '../client/format-results.js';
import { EXIT_OK } from '../usage-error.js';

const width = Math.max(...GET_KEYS.map((k) => k.key.length)) + 2;

export const getCommand: CommandSpec = {
  name: 'get',
  summary: verbHelp('get'),
  usage: usageFor('get'),
  description: `Keys:\n${GET_KEYS.map((k) => `  ${k.key.padEnd(width)}${k.help}`).join('\n')}`,
  options: optionsFor('get'),
  async run({ values, positionals }) {
    const result = await callServer(values, 'get', positionals);
    printResult(values, result, (r) => formatGet(positionals[1].toLowerCase(), r));
    return EXIT_OK;
  },
};
