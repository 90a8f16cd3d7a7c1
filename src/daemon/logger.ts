/**
 * The server's log: fail2ban-like lines (`2026-01-02 03:04:05,678 warden.jail [pid]: NOTICE [jail] Ban
 * 192.0.2.1`) to a file, standard output/error, or syslog (through the system `logger` tool, since
 * Node cannot write datagrams to /dev/log). A log target that fails never stops the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { LOG_LEVELS, type LogLevel } from '../config/server-settings.js';
import { levelMethods, type Logger } from '../core/logger.js';

export type { Logger };


const SYSLOG_PRIORITY: Record<LogLevel, number> = {
  CRITICAL: 2, ERROR: 3, WARNING: 4, NOTICE: 5, INFO: 6, DEBUG: 7, TRACEDEBUG: 7, HEAVYDEBUG: 7,
};

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function localSecond(second: number): string {
  const d = new Date(second * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A formatter of whole seconds that remembers its last answer (log lines come many per second). */
function memoSecond(): (second: number) => string {
  let last = NaN;
  let text = '';
  return (second) => {
    if (second !== last) {
      last = second;
      text = localSecond(second);
    }
    return text;
  };
}

const logSecond = memoSecond();
const eventSecond = memoSecond();

/** Local time as fail2ban writes it: `YYYY-MM-DD HH:MM:SS,mmm`. */
export function formatLogTime(ms: number): string {
  return `${logSecond(Math.floor(ms / 1000))},${pad(Math.floor(ms) % 1000, 3)}`;
}

/** A log event's time as fail2ban's `Found <ip> - <time>` line writes it: local `YYYY-MM-DD HH:MM:SS`. */
export function formatEventTime(seconds: number): string {
  return eventSecond(Math.floor(seconds));
}

interface Sink {
  write(level: LogLevel, line: string): void;
  close(): Promise<void>;
}

/** Lines of one event-loop turn go out in one write (a flood logs thousands of `Found` lines). */
function streamSink(stream: NodeJS.WritableStream, owned: boolean): Sink {
  stream.on('error', () => undefined);
  let pending: string[] = [];
  const drain = (): void => {
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    stream.write(text);
  };
  return {
    write(_level, line) {
      if (pending.length === 0) setImmediate(drain);
      pending.push(line);
    },
    close: () => {
      drain();
      return new Promise((resolve) => (owned ? (stream as WriteStream).end(resolve) : resolve()));
    },
  };
}

function syslogSink(): Sink {
  let child: ChildProcess | null = spawn('logger', ['--prio-prefix', '-t', 'warden', '--id', String(process.pid)], { stdio: ['pipe', 'ignore', 'ignore'] });
  child.on('error', () => (child = null));
  child.stdin?.on('error', () => (child = null));
  return {
    write(level, line) {
      if (child === null) {
        process.stderr.write(`${line}\n`);
        return;
      }
      // logger adds its own time and tag: send the message part only, with its priority.
      child.stdin?.write(`<${24 + SYSLOG_PRIORITY[level]}>${line.replace(/^\S+ \S+ /, '')}\n`);
    },
    close: () => new Promise((resolve) => {
      if (child === null || child.stdin === null) return resolve();
      child.once('exit', () => resolve());
      child.stdin.end();
    }),
  };
}

function openSink(target: string): Sink {
  const upper = target.toUpperCase();
  if (upper === 'STDOUT') return streamSink(process.stdout, false);
  if (upper === 'STDERR') return streamSink(process.stderr, false);
  if (upper === 'SYSLOG' || upper === 'SYSTEMD-JOURNAL') return syslogSink();
  mkdirSync(dirname(target), { recursive: true });
  return streamSink(createWriteStream(target, { flags: 'a', mode: 0o640 }), true);
}

export function createLogger(target: string, level: LogLevel, now: () => number = Date.now): Logger {
  const sink = openSink(target);
  let limit = LOG_LEVELS.indexOf(level);
  // `warden.<component> [pid]: LEVEL  ` made once per component and level, not once per line.
  const heads = new Map<string, string[]>();
  const log = (lvl: LogLevel, component: string, message: string): void => {
    const rank = LOG_LEVELS.indexOf(lvl);
    if (rank > limit) return;
    let row = heads.get(component);
    if (row === undefined) heads.set(component, (row = []));
    const head = (row[rank] ??= ` warden.${component.padEnd(8)} [${process.pid}]: ${lvl.padEnd(7)} `);
    sink.write(lvl, `${formatLogTime(now())}${head}${message}`);
  };
  return {
    log,
    ...levelMethods(log),
    setLevel: (lvl) => (limit = LOG_LEVELS.indexOf(lvl)),
    close: () => sink.close(),
  };
}
