/**
 * The server side of the client verbs: ControlApi (src/control) implemented over the running jails.
 * Each method is short; what changes state goes through the commit loop like a ban from a log line.
 */
import type { ControlApi, JailStatus } from '../control/control-api.js';
import { WardenError } from '../core/errors.js';
import { parseIpLiteral } from '../core/ip.js';
import { banExpiry } from '../core/records.js';
import type { CommitLoop } from './commit-loop.js';
import type { JailRuntime } from './jail-runtime.js';

export interface ServerControl {
  readonly runtimes: ReadonlyMap<string, JailRuntime>;
  readonly loop: CommitLoop;
  readonly now: () => number;
  reload(jail: string | null): Promise<string>;
  stop(): Promise<void>;
}

function runtimeOf(server: ServerControl, jail: string): JailRuntime {
  const rt = server.runtimes.get(jail);
  if (rt === undefined) throw new WardenError('ERR_UNKNOWN_JAIL', `no jail named '${jail}' (running: ${[...server.runtimes.keys()].join(', ') || 'none'})`);
  return rt;
}

/** The protocol checks IPs before they get here; this keeps the handlers safe when called directly. */
function checkIps(ips: readonly string[]): string[] {
  return ips.map((text) => {
    const ip = parseIpLiteral(text);
    if (ip === null) throw new WardenError('ERR_BAD_IP', `'${text}' is not an IP address`);
    return ip.ip;
  });
}

/** Values `get JAIL KEY` can read, by key. */
const GETTERS: Record<string, (rt: JailRuntime) => unknown> = {
  maxretry: (rt) => rt.spec.maxretry,
  findtime: (rt) => rt.spec.findtime,
  bantime: (rt) => rt.spec.bantime,
  maxmatches: (rt) => rt.spec.maxmatches,
  maxlines: (rt) => rt.filter.maxlines,
  usedns: (rt) => rt.spec.usedns,
  logencoding: (rt) => rt.spec.logencoding,
  logtimezone: (rt) => rt.spec.logtimezone,
  ignoreself: (rt) => rt.spec.ignoreself,
  ignoreip: (rt) => rt.jail.ignore.entries(),
  ignorecommand: (rt) => rt.spec.ignorecommand ?? '',
  logpath: (rt) => [...rt.files],
  journalmatch: (rt) => rt.spec.options.journalmatch ?? '',
  failregex: (rt) => rt.filter.failregex,
  ignoreregex: (rt) => rt.filter.ignoreregex,
  prefregex: (rt) => rt.filter.prefregex ?? '',
  datepattern: (rt) => rt.spec.options.datepattern ?? '',
  actions: (rt) => rt.actions.map((a) => a.name),
  banip: (rt) => rt.jail.status().bans.map((b) => b.ip),
  'bantime.increment': (rt) => rt.spec.bantimeIncrement.enabled,
  'bantime.maxtime': (rt) => rt.spec.bantimeIncrement.maxTime,
  'bantime.factor': (rt) => rt.spec.bantimeIncrement.factor,
};

/** The keys a getter exists for (a test checks they equal the protocol's GET_KEYS). */
export const GETTER_KEYS: readonly string[] = Object.keys(GETTERS);

export function createControlHandlers(server: ServerControl): ControlApi {
  const unbanIn = (rt: JailRuntime, ips: readonly string[]): number => {
    let n = 0;
    for (const ip of ips) if (rt.jail.unban(ip) !== null) n++;
    return n;
  };
  return {
    ping: () => 'pong',
    status: () => ({ jails: [...server.runtimes.keys()] }),
    jailStatus(jail): JailStatus {
      const rt = runtimeOf(server, jail);
      const st = rt.jail.status();
      return {
        name: rt.name,
        currentlyFailed: st.currentlyFailed,
        totalFailed: st.totalFailed,
        fileList: [...rt.files],
        currentlyBanned: st.currentlyBanned,
        totalBanned: st.totalBanned,
        banned: st.bans.map((b) => ({ ip: b.ip, timeOfBan: b.timeOfBan, expiresAt: banExpiry(b), banCount: b.banCount })),
      };
    },
    banIp(jail, ips) {
      const rt = runtimeOf(server, jail);
      const now = server.now();
      let n = 0;
      for (const ip of checkIps(ips)) if (rt.jail.ban(ip, now) !== null) n++;
      server.loop.flush();
      return n;
    },
    unbanIp(jail, ips) {
      const n = unbanIn(runtimeOf(server, jail), checkIps(ips));
      server.loop.flush();
      return n;
    },
    unban(ips) {
      const valid = checkIps(ips);
      let n = 0;
      for (const rt of server.runtimes.values()) n += unbanIn(rt, valid);
      server.loop.flush();
      return n;
    },
    unbanAll() {
      let n = 0;
      for (const rt of server.runtimes.values()) n += unbanIn(rt, rt.jail.status().bans.map((b) => b.ip));
      server.loop.flush();
      return n;
    },
    banned(ips) {
      if (ips.length === 0) {
        return [...server.runtimes.values()].map((rt) => ({ [rt.name]: rt.jail.status().bans.map((b) => b.ip) }));
      }
      const valid = checkIps(ips);
      return valid.map((ip) => [...server.runtimes.values()].filter((rt) => rt.jail.banOf(ip) !== null).map((rt) => rt.name));
    },
    get(jail, key) {
      const rt = runtimeOf(server, jail);
      const getter = GETTERS[key.toLowerCase()];
      if (getter === undefined) throw new WardenError('ERR_BAD_REQUEST', `cannot get '${key}' (one of: ${GETTER_KEYS.join(', ')})`);
      return getter(rt);
    },
    addIgnoreIp(jail, entries) {
      const rt = runtimeOf(server, jail);
      for (const entry of entries) {
        const problem = rt.jail.ignore.add(entry);
        if (problem !== null) throw new WardenError('ERR_BAD_IP', problem.message);
      }
    },
    delIgnoreIp(jail, entries) {
      const rt = runtimeOf(server, jail);
      for (const entry of entries) rt.jail.ignore.remove(entry);
    },
    reload: (jail) => server.reload(jail),
    stop: () => server.stop(),
  };
}
