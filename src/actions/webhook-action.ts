/**
 * The native `webhook` action: one JSON POST per event (jail start, stop, and each tick's batch of
 * bans or unbans) for chat and incident tools. Posts run in a bounded background queue with retries
 * and back-off, so a slow or dead endpoint never delays a ban; failures are logged.
 */
import { hostname } from 'node:os';
import { WardenError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { BanRecord } from '../core/records.js';
import type { Action } from './action.js';
import { createWorkQueue } from './mail/work-queue.js';

export interface WebhookActionOptions {
  readonly jail: string;
  /** The action's name in its jail (default `webhook`). */
  readonly name?: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Per attempt (default 10 s). */
  readonly timeoutMs?: number;
  readonly hostname?: string;
  /** Retries after a failed attempt (default 3), waiting retryDelayMs, then twice, four times as long. */
  readonly retries?: number;
  readonly retryDelayMs?: number;
  /** Batches waiting at most (default 1000). */
  readonly queueLimit?: number;
  /** Post bans restored from the database at start too (default false, like fail2ban's norestored). */
  readonly postRestored?: boolean;
  readonly stopWaitMs?: number;
}

export interface WebhookActionDeps {
  readonly logger: Logger;
  /** Unix seconds. */
  readonly now?: () => number;
}

export type WebhookEvent = 'ban' | 'unban' | 'start' | 'stop';

export interface WebhookBan {
  readonly ip: string;
  readonly time: number;
  readonly bantime: number;
  readonly failures: number;
  readonly matches: readonly string[];
}

export interface WebhookPayload {
  readonly event: WebhookEvent;
  readonly jail: string;
  readonly host: string;
  readonly time: number;
  readonly restored?: boolean;
  readonly bans: readonly WebhookBan[];
}

export interface WebhookAction extends Action {
  idle(timeoutMs?: number): Promise<boolean>;
}

const toWire = (ban: BanRecord): WebhookBan => ({
  ip: ban.ip, time: ban.timeOfBan, bantime: ban.bantime, failures: ban.failures, matches: ban.matches,
});

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WardenError('ERR_CONFIG_VALUE', `webhook url ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new WardenError('ERR_CONFIG_VALUE', `webhook url ${JSON.stringify(url)} is not http or https`);
  }
}

/** A non-2xx answer; 4xx other than 408/429 is not worth retrying. */
class HttpStatusError extends Error {
  readonly retry: boolean;
  constructor(status: number, body: string) {
    super(`HTTP ${status}${body === '' ? '' : `: ${body}`}`);
    this.retry = status >= 500 || status === 408 || status === 429;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createWebhookAction(opts: WebhookActionOptions, deps: WebhookActionDeps): WebhookAction {
  checkUrl(opts.url);
  const { logger } = deps;
  const now = deps.now ?? (() => Date.now() / 1000);
  const name = opts.name ?? 'webhook';
  const host = opts.hostname ?? hostname();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const retries = opts.retries ?? 3;
  const retryDelayMs = opts.retryDelayMs ?? 1000;
  const tag = `[${opts.jail}] action ${name}`;
  const queue = createWorkQueue(opts.queueLimit ?? 1000, (err) => logger.error('actions', `${tag}: ${(err as Error).message}`));

  const attempt = async (body: string): Promise<void> => {
    const res = await fetch(opts.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'warden', ...opts.headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await res.text()).slice(0, 200);
    if (!res.ok) throw new HttpStatusError(res.status, text);
  };

  const post = async (payload: WebhookPayload): Promise<void> => {
    const body = JSON.stringify(payload);
    for (let n = 0; ; n++) {
      try {
        await attempt(body);
        logger.debug('actions', `${tag}: posted ${payload.event} (${payload.bans.length} bans)`);
        return;
      } catch (err) {
        const message = (err as Error).message;
        const retry = !(err instanceof HttpStatusError) || err.retry;
        if (!retry || n >= retries) {
          throw new Error(`could not post ${payload.event} to ${opts.url} after ${n + 1} attempts: ${message}`);
        }
        logger.warn('actions', `${tag}: post of ${payload.event} to ${opts.url} failed (${message}), retry ${n + 1} of ${retries}`);
        await sleep(retryDelayMs * 2 ** n);
      }
    }
  };

  const send = (event: WebhookEvent, bans: readonly BanRecord[], restored?: boolean): void => {
    const payload: WebhookPayload = {
      event, jail: opts.jail, host, time: now(), ...(restored ? { restored } : {}), bans: bans.map(toWire),
    };
    if (!queue.push(() => post(payload))) {
      logger.warn('actions', `${tag}: queue full (${opts.queueLimit ?? 1000}), dropped a ${event} post of ${bans.length} bans`);
    }
  };

  return {
    name,
    start: async () => send('start', []),
    async stop() {
      send('stop', []);
      if (!(await queue.idle(opts.stopWaitMs ?? 10_000))) logger.warn('actions', `${tag}: ${queue.size()} posts still queued at stop`);
    },
    async ban(bans, { restored }) {
      if (bans.length === 0 || (restored && opts.postRestored !== true)) return;
      send('ban', bans, restored);
    },
    async unban(bans) {
      if (bans.length > 0) send('unban', bans);
    },
    idle: (ms) => queue.idle(ms),
  };
}
