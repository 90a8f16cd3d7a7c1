/**
 * One client verb's round trip: check the arguments against the protocol's command table (a bad
 * one is a usage error, exit 2), find the socket, send the request, print the result.
 */
import { checkVerbArgs, findVerb } from '../../control/protocol.js';
import type { OptionValue } from '../command.js';
import { flagOption } from '../option-values.js';
import { usageError } from '../usage-error.js';
import { resolveSocketPath, timeoutMs } from './client-options.js';

type Values = Readonly<Record<string, OptionValue>>;

/** Sends `verb args` to the server; resolves to its result, throws WardenError on failure. */
export async function callServer(values: Values, verb: string, args: readonly string[]): Promise<unknown> {
  const spec = findVerb(verb);
  if (!spec) throw new Error(`no protocol verb '${verb}'`);
  const checked = checkVerbArgs(spec, args);
  if (!checked.ok) throw usageError(checked.message);
  const timeout = timeoutMs(values);
  const socket = await resolveSocketPath(values);
  const { request } = await import('../../control/control-client.js');
  return request(socket, verb, checked.args, { timeoutMs: timeout });
}

/** Prints the result: as one JSON line with --json, else as `plain` formats it. */
export function printResult(values: Values, result: unknown, plain: (result: unknown) => string): void {
  const text = flagOption(values, 'json') ? JSON.stringify(result ?? null) : plain(result);
  process.stdout.write(text.endsWith('\n') || text === '' ? text : text + '\n');
}
