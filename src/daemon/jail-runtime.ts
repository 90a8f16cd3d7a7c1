/**
 * One running jail: its compiled filter, its pure state machine (src/jail) and its actions. Lines come
 * in from the sources; what the jail decides is drained by the server's commit loop.
 */
import type { JailSpec } from '../config/jail-spec.js';
import { WardenError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Action } from '../actions/action.js';
import { compileFilter } from '../filter/compile-filter.js';
import type { Filter } from '../filter/filter.js';
import { createJail, type Jail, type JailDeps, type JailSettings } from '../jail/jail.js';
import { formatEventTime } from './logger.js';

/** fail2ban's rule: a banned address seen again more than 3 s after its ban triggers a check. */
const SEEN_AGAIN_SECONDS = 3;

export interface JailRuntime {
  readonly name: string;
  spec: JailSpec;
  filter: Filter;
  readonly jail: Jail;
  actions: Action[];
  /** Paths (as followed) that currently feed this jail. */
  readonly files: Set<string>;
  /** Process a batch of lines at `now`; returns how many failures were counted. */
  processLines(lines: readonly string[], now: number, times?: readonly number[]): number;
}

export function jailSettings(spec: JailSpec): JailSettings {
  return {
    name: spec.name,
    maxretry: spec.maxretry,
    findtime: spec.findtime,
    bantime: spec.bantime,
    maxmatches: spec.maxmatches,
    bantimeIncrement: spec.bantimeIncrement,
    ignoreip: spec.ignoreip,
  };
}

/** Compile a jail's filter; a filter that cannot be compiled is an error naming the jail. */
export function compileJailFilter(spec: JailSpec): Filter {
  if (spec.filterDefinition === null) throw new WardenError('ERR_CONFIG_MISSING', `jail ${spec.name}: its filter could not be loaded`);
  return compileFilter(spec.filterDefinition, { usedns: spec.usedns, timezone: spec.logtimezone, checkAllRegex: false });
}

export interface RuntimeDeps {
  readonly logger: Logger;
  readonly jailDeps: JailDeps;
  /** An extra ignore check outside ignoreip (ignoreself addresses, ignorecommand). */
  readonly isIgnored: (jail: string, ip: string) => boolean;
  /** DNS lookup for usedns = yes|warn (addresses, or [] when the name does not resolve). */
  readonly resolve: (host: string) => Promise<string[]>;
  /** A banned address showed up again in the log (fail2ban then checks the actions). */
  readonly onBannedSeen: (rt: JailRuntime) => void;
  /** A failure was counted outside processLines (after a lookup): the caller flushes. */
  readonly onAsyncFailure: () => void;
  readonly now: () => number;
}

export function createJailRuntime(spec: JailSpec, filter: Filter, actions: Action[], deps: RuntimeDeps): JailRuntime {
  const jail = createJail(jailSettings(spec), deps.jailDeps);
  const count = (id: string, ip: string, time: number, matches: readonly string[], now: number): boolean => {
    const name = runtime.spec.name;
    if (deps.isIgnored(name, ip)) {
      deps.logger.info('filter', `[${name}] Ignore ${ip} by ignoreself/ignorecommand`);
      return false;
    }
    const outcome = jail.addFailure({ id, ip, time, matches }, now);
    if (outcome.kind === 'counted' || outcome.kind === 'ban') {
      deps.logger.info('filter', `[${name}] Found ${ip} - ${formatEventTime(time)}`);
      return true;
    }
    if (outcome.kind === 'ignored') deps.logger.info('filter', `[${name}] Ignore ${ip} (${outcome.reason})`);
    if (outcome.kind === 'already-banned') {
      // A banned address still active in the log after a while: its firewall rule may be gone.
      const ban = jail.banOf(id);
      if (ban !== null && now - ban.timeOfBan > SEEN_AGAIN_SECONDS) deps.onBannedSeen(runtime);
    }
    return false;
  };
  // usedns = yes|warn: a host name in the log is resolved and each of its addresses is charged.
  const resolveAndCount = (host: string, time: number, matches: readonly string[]): void => {
    if (runtime.spec.usedns === 'warn') deps.logger.warn('filter', `[${runtime.spec.name}] Determined IP using DNS lookup: ${host}`);
    deps.resolve(host).then((ips) => {
      if (ips.length === 0) deps.logger.warn('filter', `[${runtime.spec.name}] Unable to find a corresponding IP address for ${host}`);
      for (const ip of ips) count(ip, ip, time, matches, deps.now());
      if (ips.length > 0) deps.onAsyncFailure();
    }, () => undefined);
  };
  const runtime: JailRuntime = {
    name: spec.name,
    spec,
    filter,
    jail,
    actions,
    files: new Set(),
    processLines(lines, now, times) {
      let counted = 0;
      const f = runtime.filter;
      const literals = f.requiredLiterals;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (literals !== null && times === undefined && f.suspectOpen !== true && !literals.some((l) => line.includes(l))) {
          f.skipLine(line.length);
          continue;
        }
        const result = f.processLine(line, now, times === undefined ? undefined : { time: times[i] });
        if (result.kind === 'suspicious') {
          deps.logger.warn('filter', `[${spec.name}] suspicious line not counted (${result.reason ?? 'follows an incomplete line'}): ${line.slice(0, 300)}`);
          continue;
        }
        for (const failure of result.failures) {
          if (failure.nofail || failure.id === null) continue;
          if (failure.ip === null && failure.fields.dns !== undefined && (runtime.spec.usedns === 'yes' || runtime.spec.usedns === 'warn')) {
            resolveAndCount(failure.fields.dns, failure.time, failure.matches);
            continue;
          }
          if (count(failure.id, failure.ip ?? failure.id, failure.time, failure.matches, now)) counted++;
        }
      }
      return counted;
    },
  };
  return runtime;
}
