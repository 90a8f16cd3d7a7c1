/**
 * The action registry: an ActionDefinition (an action.d file resolved for one jail) -> a running
 * Action. Files of warden's own tree that say `native = …` get warden's native action with the
 * file's options; any other file is a fail2ban shell action. A firewall action that cannot start
 * (no root, no nft/iptables) says so plainly and its jail's bans are only logged.
 */
import { isTrue, type ActionDefinition } from '../config/action-definition.js';
import { WardenError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { BanRecord } from '../core/records.js';
import type { Action } from './action.js';
import { createCommandAction } from './command-action.js';
import { createIpsetAction } from './iptables/ipset-action.js';
import { createIptablesAction } from './iptables/iptables-action.js';
import { createLogAction } from './log-action.js';
import { createMailAction } from './mail/mail-action.js';
import type { MailTransportSpec } from './mail/mail-sender.js';
import { createNftAction } from './nft/nft-action.js';
import { createWebhookAction } from './webhook-action.js';

export interface ActionDeps {
  readonly logger: Logger;
  /** Prefix for firewall commands (tests: `['ip', 'netns', 'exec', ns]`). */
  readonly exec?: readonly string[];
  readonly now: () => number;
}

export const NATIVE_KINDS = ['log', 'nftables', 'iptables', 'ipset', 'mail', 'webhook'] as const;

function opt(def: ActionDefinition, key: string): string | undefined {
  const value = def.options[key];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function firewallOptions(def: ActionDefinition, jail: string): { jail: string; name: string; port?: string; protocol?: string; blocktype?: string; allports: boolean; conntrackFlush: boolean; actname: string } {
  return {
    jail,
    name: opt(def, 'name') ?? jail,
    port: opt(def, 'port'),
    protocol: opt(def, 'protocol'),
    blocktype: opt(def, 'blocktype'),
    allports: opt(def, 'type') === 'allports',
    conntrackFlush: isTrue(opt(def, 'conntrackflush')),
    actname: def.name,
  };
}

function mailTransport(def: ActionDefinition): MailTransportSpec {
  if (opt(def, 'mailer') === 'smtp') {
    return { kind: 'smtp', host: opt(def, 'smtphost') ?? 'localhost', port: Number(opt(def, 'smtpport') ?? 25) };
  }
  return { kind: 'sendmail', path: opt(def, 'sendmailpath') };
}

function headers(def: ActionDefinition): Record<string, string> {
  const line = opt(def, 'header');
  if (line === undefined) return {};
  const colon = line.indexOf(':');
  if (colon <= 0) throw new WardenError('ERR_CONFIG_VALUE', `${def.file}: header must be "Name: value", got ${JSON.stringify(line)}`);
  return { [line.slice(0, colon).trim()]: line.slice(colon + 1).trim() };
}

function createNative(kind: string, def: ActionDefinition, jail: string, deps: ActionDeps): Action {
  const fw = { logger: deps.logger, exec: deps.exec, now: deps.now };
  switch (kind) {
    case 'log': return createLogAction(jail, def.name, deps.logger);
    case 'nftables': return createNftAction({ ...firewallOptions(def, jail), table: opt(def, 'table') }, fw);
    case 'iptables': return createIptablesAction({ ...firewallOptions(def, jail), chain: opt(def, 'chain') }, fw);
    case 'ipset': return createIpsetAction({ ...firewallOptions(def, jail), chain: opt(def, 'chain') }, fw);
    case 'mail':
      return createMailAction({
        jail, name: opt(def, 'name') ?? jail, actname: def.name, dest: opt(def, 'dest') ?? 'root',
        sender: opt(def, 'sender') ?? 'warden@localhost', sendername: opt(def, 'sendername'),
        transport: mailTransport(def), whois: isTrue(opt(def, 'whois')),
      }, { logger: deps.logger, now: deps.now });
    case 'webhook': {
      const url = opt(def, 'url');
      if (url === undefined) throw new WardenError('ERR_CONFIG_VALUE', `${def.file}: action ${def.name} needs url = https://…`);
      return createWebhookAction({ jail, name: def.name, url, headers: headers(def) }, { logger: deps.logger, now: deps.now });
    }
    default:
      throw new WardenError('ERR_CONFIG_VALUE', `${def.file}: native = ${kind} is not a warden action (one of ${NATIVE_KINDS.join(', ')})`);
  }
}

/**
 * A firewall action whose start fails (no root, tool missing) is replaced by the log action, with
 * one plain warning; later bans go to the log only, and the reason is repeated at each check.
 */
function withLogFallback(primary: Action, jail: string, kind: string, deps: ActionDeps): Action {
  let active: Action = primary;
  return {
    name: primary.name,
    async start() {
      try {
        await primary.start();
      } catch (err) {
        deps.logger.warn('actions', `[${jail}] ${kind} is not usable here (${(err as Error).message.split('\n')[0]}): bans of this jail are only logged`);
        active = createLogAction(jail, primary.name, deps.logger, kind);
        await active.start();
      }
    },
    stop: () => active.stop(),
    ban: (bans: readonly BanRecord[], opts: { restored: boolean }) => active.ban(bans, opts),
    unban: (bans: readonly BanRecord[]) => active.unban(bans),
    check: async (bans: readonly BanRecord[]) => {
      if (active === primary) await primary.check?.(bans);
    },
  };
}

export function createAction(def: ActionDefinition, jail: string, deps: ActionDeps): Action {
  if (def.native === null) return createCommandAction(def, { logger: deps.logger, jailName: jail, now: deps.now });
  const action = createNative(def.native, def, jail, deps);
  return ['nftables', 'iptables', 'ipset'].includes(def.native) ? withLogFallback(action, jail, def.native, deps) : action;
}
