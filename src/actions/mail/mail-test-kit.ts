/**
 * Test helpers for the notification actions: a logger that keeps its lines, fake programs in a
 * temporary folder, and a real SMTP receiver on loopback (smtp-server) that keeps what arrives.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { LogLevel } from '../../config/server-settings.js';
import { levelMethods, type Logger } from '../../core/logger.js';
import type { BanRecord } from '../../core/records.js';

export interface LogLine {
  readonly level: LogLevel;
  readonly component: string;
  readonly message: string;
}

export interface MemoryLogger extends Logger {
  readonly lines: LogLine[];
  /** Resolves with the first line matching `re` (waits up to `ms`). */
  waitFor(re: RegExp, ms?: number): Promise<LogLine>;
}

export async function waitUntil<T>(probe: () => T | undefined, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function memoryLogger(): MemoryLogger {
  const lines: LogLine[] = [];
  const log = (level: LogLevel, component: string, message: string): void => void lines.push({ level, component, message });
  return {
    lines,
    log,
    ...levelMethods(log),
    setLevel: () => undefined,
    close: async () => undefined,
    waitFor: (re, ms = 5000) => waitUntil(() => lines.find((l) => re.test(l.message)), ms, `a log line like ${re}`),
  };
}

/** A temporary folder for fake programs; `remove()` deletes it. */
export function fakeBinDir(): { dir: string; write(name: string, script: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'warden-mail-'));
  return {
    dir,
    write(name, script) {
      const path = join(dir, name);
      writeFileSync(path, script);
      chmodSync(path, 0o755);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function sampleBan(ip: string, extra: Partial<BanRecord> = {}): BanRecord {
  return {
    jail: 'asterisk', ip, timeOfBan: 1_700_000_000, bantime: 600, banCount: 1, failures: 5,
    matches: [`NOTICE[1]: chan_sip.c: Registration from '<sip:100@x>' failed for '${ip}:5060' - Wrong password`],
    ...extra,
  };
}

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
}

/** An SMTP server on 127.0.0.1 (random port) that accepts everything and keeps the mails. */
export async function startSmtpReceiver(opts: { starttls?: boolean } = {}): Promise<{ port: number; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // With STARTTLS on, the server offers it with smtp-server's built-in self-signed certificate.
    disabledCommands: opts.starttls === true ? [] : ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Headers (unfolded, lower-case names) and the decoded text body of a raw single-part mail. */
export function parseMail(raw: string): { headers: Map<string, string>; body: string } {
  const text = raw.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const head = text.slice(0, split).replace(/\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = text.slice(split + 2);
  if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? '')) {
    const bytes = Buffer.from(body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    body = bytes.toString('utf8');
  } else if (/base64/i.test(headers.get('content-transfer-encoding') ?? '')) {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  return { headers, body };
}
