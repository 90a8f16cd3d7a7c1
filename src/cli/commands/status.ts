/**
 * `warden status [JAIL]`: the jail list, or one jail's failure and ban counters (fail2ban-client's
 * tree; with --json the result as is, including each banned IP's expiry).
 */
import { verbHelp } from '../../control/protocol.js';
import type { CommandSpec } from '../command.js';
import { callServer, printResult } from '../client/call-server.js';
import { optionsFor, usageFor } from '../client/client-options.js';
import { formatJailList, formatJailStatus } from '../client/format-results.js';
import { EXIT_OK } from '../usage-error.js';

export const statusCommand: CommandSpec = {
  name: 'status',
  summary: verbHelp('status'),
  usage: usageFor('status'),
  description: `With --json, 'status JAIL' lists each banned IP with timeOfBan, expiresAt (unix seconds,
null when permanent) and banCount.`,
  options: optionsFor('status'),
  async run({ values, positionals }) {
    const result = await callServer(values, 'status', positionals);
    printResult(values, result, positionals.length === 0 ? formatJailList : formatJailStatus);
    return EXIT_OK;
  },
};
