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
