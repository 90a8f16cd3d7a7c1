/**
 * What every action (log, nftables, iptables, shell actions, mail) offers the daemon. Bans and unbans
 * come in batches: everything one tick decided, so a firewall action can apply it in one transaction.
 */
import type { BanRecord } from '../core/records.js';

export interface Action {
  /** The action's name in its jail (`iptables-allports`, or the `actname` option). */
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** `restored`: bans read back from the store at start (an action may skip mail for those). */
  ban(bans: readonly BanRecord[], opts: { restored: boolean }): Promise<void>;
  unban(bans: readonly BanRecord[]): Promise<void>;
  /** Verify the firewall state and repair it (recreate table/chain/set and re-add `active`). */
  check?(active: readonly BanRecord[]): Promise<void>;
}
