/**
 * Untrusted text (log lines, whois output) made fit for a mail body: decoded, line ends unified,
 * control characters dropped. The result is only ever data in a MIME body, never a command.
 */

// C0 controls except tab and newline, DEL, and the C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text with `\n` line ends and no control characters other than tab and newline. */
export function asPlainText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/** Bytes from a program: UTF-8 when valid, else Latin-1 (what most whois servers send otherwise). */
export function decodeBytes(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}
