/**
 * Usage errors of the `warden` CLI: a WardenError with code ERR_CLI_USAGE, which main turns into a
 * one-line message and exit code 2 (never a stack trace).
 */
import { WardenError } from '../core/errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function usageError(message: string): WardenError {
  return new WardenError('ERR_CLI_USAGE', message);
}

export function isUsageError(err: unknown): err is WardenError {
  return err instanceof WardenError && err.code === 'ERR_CLI_USAGE';
}
