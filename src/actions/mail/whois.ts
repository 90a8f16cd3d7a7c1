/**
 * The whois of a banned address for the ban mail: the system `whois` run without a shell, with a
 * timeout and an output cap. Its output is data for a mail body and is never interpreted (the
 * CVE-2021-32749 class: fail2ban's `mail` action ran `~!` escapes found in whois output).
 */
import type { Logger } from '../../core/logger.js';
import { parseIpLiteral } from '../../core/ip.js';
import { asPlainText, decodeBytes } from './plain-text.js';
import { spawnCapture } from './spawn-capture.js';

export interface WhoisOptions {
  readonly timeoutMs?: number;
  /** Output kept, in bytes (default 64 KiB). */
  readonly maxBytes?: number;
  /** Gets one warning when `whois` is not installed (once per logger). */
  readonly logger?: Logger;
  /** The program (default `whois`, looked up in PATH). */
  readonly command?: string;
}

export const WHOIS_MISSING = '(whois not available)';

const warnedMissing = new WeakSet<Logger>();

function noteMissing(logger: Logger | undefined, command: string): void {
  if (logger === undefined || warnedMissing.has(logger)) return;
  warnedMissing.add(logger);
  logger.warn('actions', `${command} is not installed: ban mails go out without whois information`);
}

/** Whois text for `ip`; every failure is described in the text, never thrown. */
export async function whoisOf(ip: string, opts: WhoisOptions = {}): Promise<string> {
  const command = opts.command ?? 'whois';
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxBytes = opts.maxBytes ?? 64 * 1024;
  // Only a real address goes on the command line (nothing that could read as an option).
  if (parseIpLiteral(ip) === null) return `(no whois: ${JSON.stringify(ip)} is not an IP address)`;
  const result = await spawnCapture([command, ip], { timeoutMs, maxBytes });
  if (result.spawnError === 'ENOENT') {
    noteMissing(opts.logger, command);
    return WHOIS_MISSING;
  }
  if (result.spawnError !== null) return `(whois could not run: ${result.spawnError})`;
  let text = asPlainText(decodeBytes(result.stdout)).trimEnd();
  if (result.timedOut) {
    opts.logger?.debug('actions', `whois ${ip} timed out after ${timeoutMs} ms`);
    text += `${text === '' ? '' : '\n'}(whois timed out after ${timeoutMs / 1000} s)`;
  } else if (result.truncated) {
    text += `\n(whois output cut at ${Math.round(maxBytes / 1024)} KiB)`;
  } else if (text === '') {
    const why = asPlainText(result.stderr).trim();
    text = `(whois returned nothing, exit code ${result.code}${why === '' ? '' : `: ${why}`})`;
  }
  return text;
}
