/**
 * Sends one composed mail through nodemailer: to an SMTP server, or piped into a local sendmail
 * binary (`sendmail -i -f SENDER DEST…`, no shell). Every send has a time limit, so a dead or hung
 * mail server only ever costs one background job.
 */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { WardenError } from '../../core/errors.js';
import type { MailText } from './mail-text.js';
import { runCommand } from '../run-command.js';

export type MailTransportSpec =
  | {
      readonly kind: 'smtp';
      readonly host: string;
      readonly port: number;
      /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
      readonly secure?: boolean;
      readonly auth?: { readonly user: string; readonly pass: string };
      /** Check the server's certificate (default true; false for a local MTA with a snake-oil cert). */
      readonly tlsVerify?: boolean;
    }
  | { readonly kind: 'sendmail'; readonly path?: string };

export interface MailAddresses {
  /** Recipient(s), comma-separated as in fail2ban's `dest`. */
  readonly dest: string;
  readonly sender: string;
  readonly sendername: string;
}

export interface MailSender {
  send(mail: MailText, date: Date): Promise<void>;
}

export const DEFAULT_SENDMAIL = '/usr/sbin/sendmail';
const SENDMAIL_TIMEOUT_MS = 60_000;

interface Mailbox {
  readonly name: string;
  readonly address: string;
}

/** The recipients in `dest`: comma-separated, `Name <addr>` or bare (`root` is a local address). */
function mailboxesOf(dest: string): Mailbox[] {
  return dest.split(',').map((part) => {
    const angle = /^(.*)<([^>]*)>\s*$/.exec(part);
    return angle === null ? { name: '', address: part.trim() } : { name: angle[1].trim().replace(/^"|"$/g, ''), address: angle[2].trim() };
  }).filter((box) => box.address !== '');
}

function recipientsOf(dest: string): string[] {
  return mailboxesOf(dest).map((box) => box.address);
}

function message(addr: MailAddresses, mail: MailText, date: Date): SendMailOptions {
  return {
    from: { name: addr.sendername, address: addr.sender },
    // Address objects, not the string: nodemailer's parser would drop a bare local name like `root`.
    to: mailboxesOf(addr.dest),
    subject: mail.subject,
    text: mail.text,
    date,
  };
}

function smtpSender(spec: Extract<MailTransportSpec, { kind: 'smtp' }>, addr: MailAddresses): MailSender {
  const transport = nodemailer.createTransport({
    host: spec.host,
    port: spec.port,
    secure: spec.secure ?? false,
    auth: spec.auth === undefined ? undefined : { user: spec.auth.user, pass: spec.auth.pass },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    tls: { rejectUnauthorized: spec.tlsVerify ?? true },
  });
  return {
    async send(mail, date) {
      const info = await transport.sendMail(message(addr, mail, date));
      if (info.rejected.length > 0) {
        throw new WardenError('ERR_ACTION', `${spec.host}:${spec.port} refused ${info.rejected.join(', ')}: ${info.response}`);
      }
    },
  };
}

function sendmailSender(path: string, addr: MailAddresses): MailSender {
  // nodemailer composes the message (MIME, encodings, Date, Message-ID); we hand it to sendmail.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail, date) {
      const info = await composer.sendMail(message(addr, mail, date));
      const from = addr.sender;
      const to = recipientsOf(addr.dest);
      // An address starting with '-' would read as an option of sendmail.
      if ([from, ...to].some((a) => a.startsWith('-'))) {
        throw new WardenError('ERR_ACTION', `refusing an address that starts with '-': ${[from, ...to].join(', ')}`);
      }
      const argv = [path, '-i', '-f', from, ...to];
      // nodemailer encodes the body (7-bit or UTF-8 text), so the string round-trips exactly.
      const result = await runCommand(argv, { input: (info.message as Buffer).toString('utf8'), timeoutMs: SENDMAIL_TIMEOUT_MS });
      if (result.timedOut) throw new WardenError('ERR_ACTION', `${path} timed out after ${SENDMAIL_TIMEOUT_MS / 1000} s`);
      if (result.code !== 0) {
        const how = result.code === null ? 'could not run' : `exited with ${result.code}`;
        throw new WardenError('ERR_ACTION', `${path} ${how}: ${result.stderr.trim()}`);
      }
    },
  };
}

export function createMailSender(spec: MailTransportSpec, addr: MailAddresses): MailSender {
  return spec.kind === 'smtp' ? smtpSender(spec, addr) : sendmailSender(spec.path ?? DEFAULT_SENDMAIL, addr);
}
