/**
 * The `log` action: records each ban and unban in the server's log and touches no firewall. The
 * default until native firewall actions exist, and the dry-run action afterwards.
 */
import type { Logger } from '../core/logger.js';
import { banExpiry, type BanRecord } from '../core/records.js';
import type { Action } from './action.js';

function until(ban: BanRecord): string {
  const end = banExpiry(ban);
  return end === null ? 'permanently' : `for ${ban.bantime} s (until ${new Date(end * 1000).toISOString()})`;
}

export function createLogAction(jail: string, name: string, logger: Logger, standsFor: string | null = null): Action {
  const tag = standsFor === null ? '' : ` (standing in for ${standsFor})`;
  return {
    name,
    start: async () => logger.info('actions', `[${jail}] action ${name} started${tag}`),
    stop: async () => logger.info('actions', `[${jail}] action ${name} stopped`),
    async ban(bans, opts) {
      for (const ban of bans) {
        const what = opts.restored ? 'restored ban of' : 'banned';
        logger.info('actions', `[${jail}] ${name}: ${what} ${ban.ip} ${until(ban)}, ban #${ban.banCount}, ${ban.failures} failures${tag}`);
      }
    },
    async unban(bans) {
      for (const ban of bans) logger.info('actions', `[${jail}] ${name}: unbanned ${ban.ip}${tag}`);
    },
  };
}
