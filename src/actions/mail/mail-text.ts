/**
 * Subjects and bodies of the notification mails (jail started, jail stopped, address banned).
 * Pure: log lines and whois output arrive as text and go into the body as text.
 */
import { banExpiry, type BanRecord } from '../../core/records.js';
import { asPlainText } from './plain-text.js';

export interface MailText {
  readonly subject: string;
  readonly text: string;
}

export interface MailContext {
  readonly jail: string;
  /** fail2ban's `name` option: the label in subjects (defaults to the jail's name). */
  readonly name: string;
  /** This host's name, as in fail2ban's `<fq-hostname>`. */
  readonly host: string;
}

const SIGNATURE = '-- \nwarden\n';

function stamp(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function jailLabel(ctx: MailContext): string {
  return ctx.name === ctx.jail ? `jail ${ctx.jail}` : `jail ${ctx.jail} (${ctx.name})`;
}

export function startMail(ctx: MailContext, at: number): MailText {
  return {
    subject: `[warden] jail ${ctx.name} started on ${ctx.host}`,
    text: `Hello,\n\nwarden started ${jailLabel(ctx)} on ${ctx.host} at ${stamp(at)}.\n\n${SIGNATURE}`,
  };
}

export function stopMail(ctx: MailContext, at: number): MailText {
  return {
    subject: `[warden] jail ${ctx.name} stopped on ${ctx.host}`,
    text: `Hello,\n\nwarden stopped ${jailLabel(ctx)} on ${ctx.host} at ${stamp(at)}.\n\n${SIGNATURE}`,
  };
}

function banLength(ban: BanRecord): string {
  const end = banExpiry(ban);
  return end === null ? 'permanent' : `${ban.bantime} s, until ${stamp(end)}`;
}

function matchedLines(ban: BanRecord): string {
  if (ban.matches.length === 0) return '  (none kept)\n';
  // One log line per body line: a line break inside a match cannot fake the rest of the mail.
  return ban.matches.map((line) => `  ${asPlainText(line).replace(/\n/g, ' ')}\n`).join('');
}

/** The ban mail; `whois` is the whois text, or null when the action has whois turned off. */
export function banMail(ctx: MailContext, ban: BanRecord, whois: string | null): MailText {
  const lines = [
    'Hello,',
    '',
    `warden on ${ctx.host} banned ${ban.ip} in ${jailLabel(ctx)} after ${ban.failures} failures.`,
    '',
    `Address:   ${ban.ip}`,
    `Failures:  ${ban.failures}`,
    `Banned at: ${stamp(ban.timeOfBan)}`,
    `Ban time:  ${banLength(ban)}`,
    `Ban count: ${ban.banCount}`,
    '',
    'Matched log lines:',
  ];
  let text = `${lines.join('\n')}\n${matchedLines(ban)}`;
  if (whois !== null) text += `\nwhois ${ban.ip}:\n${asPlainText(whois)}\n`;
  return { subject: `[warden] ${ctx.name}: banned ${ban.ip} on ${ctx.host}`, text: `${text}\n${SIGNATURE}` };
}
