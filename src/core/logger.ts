/**
 * The log interface every stage writes to (the server's implementation is src/daemon/logger.ts).
 * Components are short names (`jail`, `actions`, `filter`, `sources`, `server`) as in fail2ban.
 */
import type { LogLevel } from '../config/server-settings.js';

export interface Logger {
  log(level: LogLevel, component: string, message: string): void;
  error(component: string, message: string): void;
  warn(component: string, message: string): void;
  notice(component: string, message: string): void;
  info(component: string, message: string): void;
  debug(component: string, message: string): void;
  setLevel(level: LogLevel): void;
  close(): Promise<void>;
}

/** The level shortcuts of a Logger, built from its one `log` function. */
export function levelMethods(log: Logger['log']): Pick<Logger, 'error' | 'warn' | 'notice' | 'info' | 'debug'> {
  return {
    error: (c, m) => log('ERROR', c, m),
    warn: (c, m) => log('WARNING', c, m),
    notice: (c, m) => log('NOTICE', c, m),
    info: (c, m) => log('INFO', c, m),
    debug: (c, m) => log('DEBUG', c, m),
  };
}
