/**
 * `warden unban IP…` / `warden unban --all`: lift bans in every jail; prints how many were lifted.
 */
import type { CommandSpec } from '../command.js';
import { callServer, printResult } from '../client/call-server.js';
import { CLIENT_OPTIONS } from '../client/client-options.js';
import { formatCount } from '../client/format-results.js';
import { flagOption } from '../option-values.js';
import { EXIT_OK, usageError } from '../usage-error.js';

export const unbanCommand: CommandSpec = {
  name: 'unban',
  summary: 'Unban IPs in every jail (--all: every banned IP); prints how many bans were lifted.',
  usage: '[options] IP… | --all',
  options: { ...CLIENT_OPTIONS, all: { type: 'boolean', help: 'Unban every IP in every jail.' } },
  async run({ values, positionals }) {
    const all = flagOption(values, 'all');
    if (all && positionals.length > 0) throw usageError('unban: give IPs or --all, not both');
    const result = all ? await callServer(values, 'unbanall', []) : await callServer(values, 'unban', positionals);
    printResult(values, result, (r) => formatCount(r, 'unban'));
    return EXIT_OK;
  },
};
