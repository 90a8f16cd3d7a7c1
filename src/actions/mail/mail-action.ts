/**
 * The native `sendmail` / `sendmail-whois` action: a mail when the jail starts, when it stops and
 * for each new ban (with the whois of the address when asked), none for bans restored at start
 * (fail2ban's `norestored`). Mails are sent by a bounded background queue: ban() returns at once,
 * and a dead mail server or a slow whois never delays or fails a ban; problems are logged.
 */
import { hostname } from 'node:os';
import type { Logger } from '../../core/logger.js';
import type { BanRecord } from '../../core/records.js';
import type { Action } from '../action.js';
import { createMailSender, type MailTransportSpec } from './mail-sender.js';
import { banMail, startMail, stopMail, type MailContext, type MailText } from './mail-text.js';
import { whoisOf } from './whois.js';
import { createWorkQueue } from './work-queue.js';

export type { MailTransportSpec };

export interface MailActionOptions {
  readonly jail: string;
  /** fail2ban's `name` option, used in subjects (default: the jail's name). */
  readonly name?: string;
  /** The action's name in its jail (default `sendmail-whois`, or `sendmail` without whois). */
  readonly actname?: string;
  readonly dest: string;
  readonly sender: string;
  readonly sendername?: string;
  readonly transport: MailTransportSpec;
  readonly whois: boolean;
  readonly hostname?: string;
  /** Mails waiting at most (default 1000); more are dropped with a log line. */
  readonly queueLimit?: number;
  readonly whoisTimeoutMs?: number;
  /** How long stop() waits for queued mails (the stop mail included) before returning. */
  readonly stopWaitMs?: number;
}

export interface MailActionDeps {
  readonly logger: Logger;
  /** Unix seconds. */
  readonly now?: () => number;
}

/** The action, plus a way for tests and shutdown to wait until queued mails went out. */
export interface MailAction extends Action {
  idle(timeoutMs?: number): Promise<boolean>;
}

export function createMailAction(opts: MailActionOptions, deps: MailActionDeps): MailAction {
  const { logger } = deps;
  const now = deps.now ?? (() => Date.now() / 1000);
  const ctx: MailContext = { jail: opts.jail, name: opts.name ?? opts.jail, host: opts.hostname ?? hostname() };
  const sender = createMailSender(opts.transport, {
    dest: opts.dest, sender: opts.sender, sendername: opts.sendername ?? 'warden',
  });
  const actname = opts.actname ?? (opts.whois ? 'sendmail-whois' : 'sendmail');
  const tag = `[${opts.jail}] action ${actname}`;
  const queue = createWorkQueue(opts.queueLimit ?? 1000, (err) => {
    logger.error('actions', `${tag}: ${(err as Error).message}`);
  });

  const mail = (what: string, compose: () => Promise<MailText> | MailText): boolean =>
    queue.push(async () => {
      const text = await compose();
      try {
        await sender.send(text, new Date(now() * 1000));
        logger.debug('actions', `${tag}: mailed ${what} to ${opts.dest}`);
      } catch (err) {
        throw new Error(`could not mail ${what} to ${opts.dest}: ${(err as Error).message}`, { cause: err });
      }
    });

  const banJob = (ban: BanRecord) => async (): Promise<MailText> => {
    const whois = opts.whois ? await whoisOf(ban.ip, { timeoutMs: opts.whoisTimeoutMs, logger }) : null;
    return banMail(ctx, ban, whois);
  };

  const dropped = (what: string, count: number): void => {
    logger.warn('actions', `${tag}: mail queue full (${opts.queueLimit ?? 1000}), dropped ${count} ${what}`);
  };

  return {
    name: actname,
    async start() {
      const at = now();
      if (!mail('the start notice', () => startMail(ctx, at))) dropped('start notice', 1);
    },
    async stop() {
      const at = now();
      if (!mail('the stop notice', () => stopMail(ctx, at))) dropped('stop notice', 1);
      const done = await queue.idle(opts.stopWaitMs ?? 10_000);
      if (!done) logger.warn('actions', `${tag}: ${queue.size()} mails still queued at stop`);
    },
    async ban(bans, { restored }) {
      if (restored) return; // fail2ban's norestored: no mail for bans read back at start
      let lost = 0;
      for (const ban of bans) if (!mail(`the ban of ${ban.ip}`, banJob(ban))) lost += 1;
      if (lost > 0) dropped('ban mails', lost);
    },
    async unban() {
      // No unban mail (as fail2ban's sendmail actions).
    },
    idle: (timeoutMs) => queue.idle(timeoutMs),
  };
}
