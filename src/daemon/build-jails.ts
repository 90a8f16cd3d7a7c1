/**
 * Config tree -> the jails to run: loads every enabled jail with its filter, compiles the filter and
 * makes its actions. One broken jail is reported and left out; the others run.
 */
import type { Action } from '../actions/action.js';
import { createLogAction } from '../actions/log-action.js';
import type { JailSpec } from '../config/jail-spec.js';
import { loadJails } from '../config/load-jails.js';
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

/** Actions warden runs natively today; every other name stands in as `log` until it exists. */
const NATIVE_ACTIONS = new Set(['log', 'dummy']);

export function makeActions(spec: JailSpec, logger: Logger): Action[] {
  const seen = new Set<string>();
  const actions: Action[] = [];
  for (const ref of spec.actions) {
    const name = ref.options.actname ?? ref.name;
    if (seen.has(name)) continue;
    seen.add(name);
    if (!NATIVE_ACTIONS.has(ref.name)) {
      logger.warn('actions', `[${spec.name}] action '${ref.name}' is not available in this warden yet: bans are only logged (log action)`);
    }
    actions.push(createLogAction(spec.name, name, logger, NATIVE_ACTIONS.has(ref.name) ? null : ref.name));
  }
  if (actions.length === 0) actions.push(createLogAction(spec.name, 'log', logger));
  return actions;
}

function belongsTo(error: ConfigError, spec: JailSpec): boolean {
  return error.place.section === spec.name && error.place.file === spec.place.file;
}

export function buildJails(confDir: string, logger: Logger, only: string | null = null): BuildResult {
  const loaded = loadJails(confDir, { filters: 'enabled' });
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
      plans.push({ spec, filter, actions: makeActions(spec, logger) });
    } catch (err) {
      broken.push({ name: spec.name, reason: (err as Error).message });
    }
  }
  const warnings = loaded.errors.filter((e) => !claimed.has(e));
  return { plans, broken, warnings };
}
