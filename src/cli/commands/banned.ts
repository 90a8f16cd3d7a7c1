/**
 * `warden banned [IP…]`: the banned IPs of every jail, or for each IP given the jails banning it.
 */
import { verbHelp } from '../../control/protocol.js';
import type { CommandSpec } from '../command.js';
import { callServer, printResult } from '../client/call-server.js';
import { optionsFor, usageFor } from '../client/client-options.js';
import { formatBanned } from '../client/format-results.js';
import { EXIT_OK } from '../usage-error.js';

export const bannedCommand: CommandSpec = {
  name: 'banned',
  summary: verbHelp('banned'),
  usage: usageFor('banned'),
  description: `With --json: without IPs, one {"JAIL": [IP…]} object per jail; with IPs, one list of
jails per IP, in the order given.`,
  options: optionsFor('banned'),
  async run({ values, positionals }) {
    const result = await callServer(values, 'banned', positionals);
    printResult(values, result, (r) => formatBanned(r, positionals));
    return EXIT_OK;
  },
};
