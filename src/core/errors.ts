/**
 * Error family with stable codes. Callers and docs use `code`, never the message.
 * Expected outcomes (a line that does not match, a config with problems) are values, not throws.
 */

export type ErrorCode =
  | 'ERR_CONFIG_SYNTAX'
  | 'ERR_CONFIG_INCLUDE'
  | 'ERR_CONFIG_INTERPOLATION'
  | 'ERR_CONFIG_VALUE'
  | 'ERR_CONFIG_MISSING'
  | 'ERR_FILTER_REGEX'
  | 'ERR_FILTER_UNSUPPORTED'
  | 'ERR_FILTER_NO_FAILURE_ID'
  | 'ERR_DATE_PATTERN'
  | 'ERR_TIMEZONE'
  | 'ERR_CLI_USAGE'
  | 'ERR_IO'
  | 'ERR_STORE'
  | 'ERR_STORE_SCHEMA'
  | 'ERR_SOURCE'
  | 'ERR_UNKNOWN_JAIL'
  | 'ERR_BAD_IP'
  | 'ERR_BAD_REQUEST'
  | 'ERR_SERVER_DOWN'
  | 'ERR_SERVER_RUNNING'
  | 'ERR_ACTION'
  | 'ERR_INTERNAL';

/** Where in a config tree something was found. Every config error carries one. */
export interface ConfigPlace {
  readonly file: string;
  readonly line?: number;
  readonly section?: string;
  readonly key?: string;
}

export class WardenError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'WardenError';
  }
}

export function formatPlace(place: ConfigPlace): string {
  const parts = [place.line === undefined ? place.file : `${place.file}:${place.line}`];
  if (place.section !== undefined) parts.push(`[${place.section}]`);
  if (place.key !== undefined) parts.push(`${place.key}`);
  return parts.join(' ');
}

/** A problem in a config file: names the file, line and key. */
export class ConfigError extends WardenError {
  readonly place: ConfigPlace;
  constructor(code: ErrorCode, place: ConfigPlace, message: string, options?: { cause?: unknown }) {
    super(code, `${formatPlace(place)}: ${message}`, options);
    this.place = place;
    this.name = 'ConfigError';
  }
}

/** A regex or filter that cannot be compiled faithfully. Names the filter, the regex and the construct. */
export class FilterError extends WardenError {
  readonly filter: string;
  readonly regex: string;
  readonly place: ConfigPlace | undefined;
  constructor(code: ErrorCode, filter: string, regex: string, message: string, place?: ConfigPlace) {
    const where = place === undefined ? '' : `${formatPlace(place)}: `;
    super(code, `${where}filter ${filter}: ${message} in regex ${JSON.stringify(regex)}`);
    this.filter = filter;
    this.regex = regex;
    this.place = place;
    this.name = 'FilterError';
  }
}
