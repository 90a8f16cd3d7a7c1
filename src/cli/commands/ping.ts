/**
 * `warden ping`: check that the server answers on its control socket.
 */
import { verbHelp } from '../../control/protocol.js';
import type { CommandSpec } from '../command.js';
import { callServer, printResult } from '../client/call-server.js';
import { optionsFor, usageFor } from '../client/client-options.js';
import { EXIT_OK } from '../usage-error.js';

export const pingCommand: CommandSpec = {
  name: 'ping',
  summary: verbHelp('ping'),
  usage: usageFor('ping'),
  options: optionsFor('ping'),
  async run({ values, positionals }) {
    const result = await callServer(values, 'ping', positionals);
    printResult(values, result, (r) => `Server replied: ${String(r)}`);
    return EXIT_OK;
  },
};
