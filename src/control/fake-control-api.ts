/**
 * An in-memory ControlApi for tests of the control server and the `warden` client verbs: jails
 * with settings, bans and counters, no daemon behind them. Records every call.
 */
import { WardenError } from '../core/errors.js';
import type { BannedIp, ControlApi, JailStatus } from './control-api.js';

export interface FakeJail {
  readonly name: string;
  readonly settings: Record<string, unknown>;
  readonly ignoreip: string[];
  readonly banned: Map<string, BannedIp>;
  currentlyFailed: number;
  totalFailed: number;
  totalBanned: number;
}

export interface FakeControlApi extends ControlApi {
  readonly jails: Map<string, FakeJail>;
  /** `method(args as JSON)` per call, in order. */
  readonly calls: string[];
  stopped: boolean;
}

const NOW = 1_700_000_000;

export function createFakeJail(name: string): FakeJail {
  return {
    name,
    settings: { maxretry: 5, findtime: 600, bantime: 600, logpath: [`/var/log/${name}.log`], maxmatches: 5, usedns: 'warn', actions: ['log'] },
    ignoreip: ['127.0.0.1/8'],
    banned: new Map(),
    currentlyFailed: 0,
    totalFailed: 0,
    totalBanned: 0,
  };
}

export function createFakeControlApi(jailNames: readonly string[]): FakeControlApi {
  const jails = new Map(jailNames.map((n) => [n, createFakeJail(n)]));
  const calls: string[] = [];
  const jail = (name: string): FakeJail => {
    const j = jails.get(name);
    if (!j) throw new WardenError('ERR_UNKNOWN_JAIL', `jail '${name}' does not exist`);
    return j;
  };
  const record = (method: string, ...args: unknown[]): void => {
    calls.push(`${method}(${args.map((a) => JSON.stringify(a)).join(',')})`);
  };
  const ban = (j: FakeJail, ip: string): boolean => {
    if (j.banned.has(ip)) return false;
    const bantime = j.settings.bantime as number;
    j.banned.set(ip, { ip, timeOfBan: NOW, expiresAt: bantime < 0 ? null : NOW + bantime, banCount: 1 });
    j.totalBanned++;
    return true;
  };
  const api: FakeControlApi = {
    jails,
    calls,
    stopped: false,
    ping: () => (record('ping'), 'pong'),
    status: () => (record('status'), { jails: [...jails.keys()] }),
    jailStatus(name): JailStatus {
      record('jailStatus', name);
      const j = jail(name);
      return {
        name,
        currentlyFailed: j.currentlyFailed,
        totalFailed: j.totalFailed,
        fileList: j.settings.logpath as string[],
        currentlyBanned: j.banned.size,
        totalBanned: j.totalBanned,
        banned: [...j.banned.values()],
      };
    },
    banIp(name, ips) {
      record('banIp', name, ips);
      const j = jail(name);
      return ips.filter((ip) => ban(j, ip)).length;
    },
    unbanIp(name, ips) {
      record('unbanIp', name, ips);
      const j = jail(name);
      return ips.filter((ip) => j.banned.delete(ip)).length;
    },
    unban(ips) {
      record('unban', ips);
      let n = 0;
      for (const j of jails.values()) for (const ip of ips) if (j.banned.delete(ip)) n++;
      return n;
    },
    unbanAll() {
      record('unbanAll');
      let n = 0;
      for (const j of jails.values()) {
        n += j.banned.size;
        j.banned.clear();
      }
      return n;
    },
    banned(ips) {
      record('banned', ips);
      if (ips.length === 0) return [...jails.values()].map((j) => ({ [j.name]: [...j.banned.keys()] }));
      return ips.map((ip) => [...jails.values()].filter((j) => j.banned.has(ip)).map((j) => j.name));
    },
    get(name, key) {
      record('get', name, key);
      const j = jail(name);
      if (key === 'ignoreip') return [...j.ignoreip];
      if (key === 'banip') return [...j.banned.keys()];
      return j.settings[key] ?? null;
    },
    addIgnoreIp(name, entries) {
      record('addIgnoreIp', name, entries);
      const j = jail(name);
      for (const e of entries) if (!j.ignoreip.includes(e)) j.ignoreip.push(e);
    },
    delIgnoreIp(name, entries) {
      record('delIgnoreIp', name, entries);
      const j = jail(name);
      for (const e of entries) if (j.ignoreip.includes(e)) j.ignoreip.splice(j.ignoreip.indexOf(e), 1);
    },
    async reload(name) {
      record('reload', name);
      if (name !== null) jail(name);
      return 'OK';
    },
    async stop() {
      record('stop');
      api.stopped = true;
    },
  };
  return api;
}
