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
}

export function createJailRuntime(spec: JailSpec, filter: Filter, actions: Action[], deps: RuntimeDeps): JailRuntime {
  const jail = createJail(jailSettings(spec), deps.jailDeps);
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
          const ip = failure.ip ?? failure.id;
          if (deps.isIgnored(spec.name, ip)) {
            deps.logger.info('filter', `[${spec.name}] Ignore ${ip} by ignoreself/ignorecommand`);
            continue;
          }
          const outcome = jail.addFailure({ id: failure.id, ip, time: failure.time, matches: failure.matches }, now);
          if (outcome.kind === 'counted' || outcome.kind === 'ban') {
            counted++;
            deps.logger.info('filter', `[${spec.name}] Found ${ip} - ${new Date(failure.time * 1000).toISOString()}`);
          } else if (outcome.kind === 'ignored') {
            deps.logger.info('filter', `[${spec.name}] Ignore ${ip} (${outcome.reason})`);
          }
        }
      }
      return counted;
    },
  };
  return runtime;
}
