/**
 * `warden regex`: test a filter or a failregex against a log file or a single line, in the spirit of
 * fail2ban-regex. This file is the command's table entry; the work is in ../regex/.
 */
import type { CommandSpec } from '../command.js';
import { parseRegexOptions } from '../regex/regex-options.js';
import { prestartWorkers } from '../regex/worker-pool.js';

const DESCRIPTION = `Arguments:
  LOG          a log file, '-' for standard input, or else one log line (several with \\n)
  FILTER       a filter name from the config dir (sshd, sshd[mode=aggressive]), a filter file
               (path ending in .conf/.local or containing '/', options allowed:
               /etc/fail2ban/filter.d/sshd.conf[mode=aggressive]), or else a failregex
  IGNOREREGEX  an ignoreregex added to the filter's

Filter names are looked up in --config, else in warden's shipped config, then /etc/fail2ban.
Exit status: 0 when the run worked (whether lines matched or not), 1 when the filter cannot be
loaded or compiled, 2 on a usage error.`;

export const regexCommand: CommandSpec = {
  name: 'regex',
  summary: 'Test a filter or failregex against a log file or line (like fail2ban-regex).',
  usage: '[options] LOG|LINE FILTER|REGEX [IGNOREREGEX]',
  description: DESCRIPTION,
  options: {
    config: { type: 'string', short: 'c', valueName: 'DIR', help: 'Config directory for filter names.' },
    datepattern: { type: 'string', short: 'd', valueName: 'PATTERN', help: "Date pattern, replacing the filter's." },
    timezone: { type: 'string', valueName: 'TZ', help: 'Time zone of log times without one (default: the system zone).' },
    TZ: { type: 'string', valueName: 'TZ', help: 'Same as --timezone.' },
    now: { type: 'string', valueName: 'ISO-8601', help: 'Reference "now" for inferring missing years (replaying old logs).' },
    json: { type: 'boolean', help: 'One JSON object per input line on stdout: line, match, host, time, regex, ignored.' },
    verbose: { type: 'boolean', short: 'v', multiple: true, help: 'More detail: every hit with line, host and time.' },
    'print-all-matched': { type: 'boolean', help: 'List every matched line.' },
    'print-all-missed': { type: 'boolean', help: 'List every missed line, however many.' },
    'print-all-ignored': { type: 'boolean', help: 'List every ignored line, however many.' },
    'print-no-missed': { type: 'boolean', help: 'Do not list missed lines.' },
    'print-no-ignored': { type: 'boolean', help: 'Do not list ignored lines.' },
    maxlines: { type: 'string', short: 'L', valueName: 'N', help: "Lines in the multi-line buffer, replacing the filter's maxlines." },
    usedns: { type: 'string', valueName: 'MODE', help: 'How <HOST> treats names: yes, warn, no, raw.' },
    encoding: { type: 'string', short: 'e', valueName: 'NAME', help: 'Log file encoding (default utf-8; bad bytes become U+FFFD).' },
    'no-check-all': { type: 'boolean', help: 'Stop at the first matching failregex (hit counts then show only the first).' },
    'line-timeout': { type: 'string', valueName: 'SECONDS', help: 'Give up on a line after this long (default 2; 0 = no limit, single thread).' },
  },
  async run(args) {
    const opts = parseRegexOptions(args, Date.now() / 1000);
    // Workers boot and load the filter engine while this thread loads the config.
    const pool = prestartWorkers(opts.log, opts.lineTimeout);
    // Loaded on use: help and usage errors stay fast and do not depend on the filter engine.
    const { runRegex } = await import('../regex/run-regex.js');
    return runRegex(opts, pool);
  },
};
