/**
 * `warden stop`: stop the server (its actions are stopped and its state flushed first).
 */
import { verbHelp } from '../../control/protocol.js';
import type { CommandSpec } from '../command.js';
import { callServer, printResult } from '../client/call-server.js';
import { optionsFor, usageFor } from '../client/client-options.js';
import { EXIT_OK } from '../usage-error.js';

export const stopCommand: CommandSpec = {
  name: 'stop',
  summary: verbHelp('stop'),
  usage: usageFor('stop'),
  options: optionsFor('stop'),
  async run({ values, positionals }) {
    const result = await callServer(values, 'stop', positionals);
    printResult(values, result, () => 'Shutdown successful');
    return EXIT_OK;
  },
};
