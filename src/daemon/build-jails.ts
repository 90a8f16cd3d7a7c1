/**
 * Config tree -> the jails to run: loads every enabled jail with its filter, compiles the filter and
 * makes its actions. One broken jail is reported and left out; the others run.
 */
import type { Action } from '../actions/action.js';
import { createLogAction } from '../actions/log-action.js';
import type { JailSpec } from '../config/jail-spec.js';
import { loadAction } from '../config/load-action.js';
import { loadJails } from '../config/load-jails.js';
import { createConfigReader, type ConfigReader } from '../config/read-config.js';
import { createAction } from '../actions/create-action.js';
import type { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Filter } from '../filter/filter.js';
import { encodingProblem } from '../sources/line-decoder.js';
import { compileJailFilter } from './jail-runtime.js';

export interface JailPlan {
  readonly spec: JailSpec;
  readonly filter: Filter;
  readonly actions: Action[];
}

export interface BuildResult {
  readonly plans: JailPlan[];
  /** Enabled jails that cannot run, with why. */
  readonly broken: { name: string; reason: string }[];
  /** Problems that are not tied to one enabled jail (logged as warnings). */
  readonly warnings: ConfigError[];
}

/** Each `action =` line of the jail, loaded from action.d and made into a running Action. */
export function makeActions(spec: JailSpec, confDir: string, logger: Logger, reader: ConfigReader): { actions: Action[]; errors: string[] } {
  const actions: Action[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const ref of spec.actions) {
    const loaded = loadAction(confDir, ref, { name: spec.name, options: spec.options }, { reader, refPlace: { file: spec.place.file, section: spec.name, key: 'action' } });
    errors.push(...loaded.errors.map((e) => e.message));
    if (loaded.action === null) continue;
    if (seen.has(loaded.action.name)) {
      errors.push(`${spec.place.file}: [${spec.name}] action ${loaded.action.name} is listed twice (give one an actname)`);
      continue;
    }
    seen.add(loaded.action.name);
    try {
      actions.push(createAction(loaded.action, spec.name, { logger, now: () => Date.now() / 1000 }));
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  if (spec.actions.length === 0) actions.push(createLogAction(spec.name, 'log', logger));
  return { actions, errors };
}

function belongsTo(error: ConfigError, spec: JailSpec): boolean {
  return error.place.section === spec.name && error.place.file === spec.place.file;
}

export function buildJails(confDir: string, logger: Logger, only: string | null = null): BuildResult {
  const reader = createConfigReader();
  const loaded = loadJails(confDir, { filters: 'enabled', reader });
  const plans: JailPlan[] = [];
  const broken: { name: string; reason: string }[] = [];
  const claimed = new Set<ConfigError>();
  for (const spec of loaded.jails) {
    if (!spec.enabled || (only !== null && spec.name !== only)) continue;
    const own = loaded.errors.filter((e) => belongsTo(e, spec) || (spec.filterDefinition === null && e.place.file.includes('filter.d')));
    own.forEach((e) => claimed.add(e));
    if (own.some((e) => belongsTo(e, spec)) || spec.filterDefinition === null) {
      broken.push({ name: spec.name, reason: own.map((e) => e.message).join('; ') || 'its filter could not be loaded' });
      continue;
    }
    if (spec.logpath.length === 0 && spec.backend.name !== 'systemd') {
      broken.push({ name: spec.name, reason: `${spec.place.file}: [${spec.name}] has no logpath` });
      continue;
    }
    const encoding = spec.logencoding === 'auto' ? null : encodingProblem(spec.logencoding);
    if (encoding !== null) {
      broken.push({ name: spec.name, reason: `${spec.place.file}: [${spec.name}] logencoding: ${encoding}` });
      continue;
    }
    try {
      const filter = compileJailFilter(spec);
      const made = makeActions(spec, confDir, logger, reader);
      if (made.errors.length > 0) {
        broken.push({ name: spec.name, reason: made.errors.join('; ') });
        continue;
      }
      plans.push({ spec, filter, actions: made.actions });
    } catch (err) {
      broken.push({ name: spec.name, reason: (err as Error).message });
    }
  }
  const warnings = loaded.errors.filter((e) => !claimed.has(e));
  return { plans, broken, warnings };
}
