/**
 * What the control socket can ask of the daemon: the interface the daemon implements and the
 * control server calls. Methods throw WardenError (ERR_UNKNOWN_JAIL, ERR_BAD_IP, ...) for requests
 * that cannot be done; anything else they throw is reported to the client as ERR_INTERNAL.
 */

/** One currently banned IP of a jail, as `status JAIL --json` shows it. */
export interface BannedIp {
  readonly ip: string;
  readonly timeOfBan: number;
  /** null when the ban is permanent (bantime -1). */
  readonly expiresAt: number | null;
  readonly banCount: number;
}

export interface JailStatus {
  readonly name: string;
  readonly currentlyFailed: number;
  readonly totalFailed: number;
  readonly fileList: readonly string[];
  readonly currentlyBanned: number;
  readonly totalBanned: number;
  readonly banned: readonly BannedIp[];
}

export interface ControlApi {
  /** 'pong'. */
  ping(): string;
  status(): { jails: string[] };
  /** Throws WardenError ERR_UNKNOWN_JAIL. */
  jailStatus(jail: string): JailStatus;
  /** How many of ips were newly banned; ERR_BAD_IP names a bad ip. */
  banIp(jail: string, ips: string[]): number;
  /** How many of ips were banned in the jail (and are now unbanned). */
  unbanIp(jail: string, ips: string[]): number;
  /** Unbans ips in every jail; how many bans were lifted. */
  unban(ips: string[]): number;
  unbanAll(): number;
  /** ips [] -> one `{jail: bannedIps}` object per jail; else, per ip in order, the jails banning it. */
  banned(ips: string[]): unknown;
  /** A jail setting by key (the keys are GET_KEYS in protocol.ts). */
  get(jail: string, key: string): unknown;
  addIgnoreIp(jail: string, entries: string[]): void;
  delIgnoreIp(jail: string, entries: string[]): void;
  /** Reloads one jail or (null) the whole config; resolves to a message for the client. */
  reload(jail: string | null): Promise<string>;
  /**
   * Stops the daemon. The control server awaits it, then writes the reply and ends the connection:
   * do not exit the process inside stop(); let the event loop drain (or exit after a short delay).
   */
  stop(): Promise<void>;
}
