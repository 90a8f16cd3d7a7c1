/**
 * `warden reload [JAIL]`: the server rereads its configuration (or one jail's).
 */
import { verbHelp } from '../../control/protocol.js';
import type { CommandSpec } from '../command.js';
import { callServer, printResult } from '../client/call-server.js';
import { optionsFor, usageFor } from '../client/client-options.js';
import { EXIT_OK } from '../usage-error.js';

export const reloadCommand: CommandSpec = {
  name: 'reload',
  summary: verbHelp('reload'),
  usage: usageFor('reload'),
  options: optionsFor('reload'),
  async run({ values, positionals }) {
    const result = await callServer(values, 'reload', positionals);
    printResult(values, result, (r) => String(r ?? ''));
    return EXIT_OK;
  },
};
