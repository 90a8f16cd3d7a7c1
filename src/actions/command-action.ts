/**
 * A fail2ban shell action (action.d/*.conf) as a warden Action: hooks run through `/bin/sh -c` with
 * their own timeout, inet6 started at its first ban, and one check/repair + retry after a failed command.
 */
import { isTrue, type ActionCommand, type ActionDefinition } from '../config/action-definition.js';
import { parseDuration } from '../core/duration.js';
import { WardenError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { BanRecord } from '../core/records.js';
import type { Action } from './action.js';
import { banValues, familyOf, renderHook, type BanLookup, type DynamicValues, type Family, type Hostnames } from './action-tags.js';
import { DEFAULT_TIMEOUT_MS, runShell } from './run-command.js';

export interface CommandActionDeps {
  readonly logger: Logger;
  readonly jailName: string;
  /** Unix seconds, for `<time>` of start/stop/check commands. */
  readonly now: () => number;
  /** `<ipmatches>`, `<ipfailures>`, `<F-*>` ... of a ban; defaults to the ban's own values. */
  readonly lookup?: (ban: BanRecord) => BanLookup | undefined;
  readonly hosts?: Hostnames;
}

const STARTED = 1;
const HAS_BANS = 2;

type Outcome = { ok: true; repaired: boolean } | { ok: false; message: string };

export function createCommandAction(def: ActionDefinition, deps: CommandActionDeps): Action {
  const hooks = def.hooks;
  const timeoutMs = timeoutOf(hooks.timeout);
  const onDemand = hooks.actionstart_on_demand === undefined ? null : isTrue(hooks.actionstart_on_demand);
  /** Per family (a single 'inet4' slot when the action has no per-family values): STARTED | HAS_BANS. */
  const state = new Map<Family, number>();
  const active = new Map<string, BanRecord>();
  /** Last start/stop/flush command run per family: the same command is not run twice for two families. */
  const executed = new Map<ActionCommand, Map<Family, string>>();
  const where = `[${deps.jailName}] action ${def.name}`;

  const slot = (ip: string): Family => (def.perFamily ? familyOf(ip) : 'inet4');
  const has = (family: Family, bit: number): boolean => ((state.get(family) ?? 0) & bit) !== 0;
  const opValues = (family: Family): DynamicValues => ({ values: { time: String(deps.now()), family: def.perFamily ? family : '' } });

  async function run(hook: ActionCommand, family: Family, dynamic: DynamicValues, what: string): Promise<Outcome> {
    const rendered = renderHook(def, hook, family, dynamic, deps.hosts);
    if (rendered.script.trim() === '') return { ok: true, repaired: false };
    deps.logger.debug('actions', `${where}: ${hook}${what}`);
    const result = await runShell(rendered.script, { args: rendered.args, timeoutMs });
    if (result.code === 0) return { ok: true, repaired: false };
    const how = result.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exited with ${result.signal ?? result.code}`;
    const stderr = result.stderr.trim();
    return { ok: false, message: `${where}: ${hook}${what} ${how}${stderr === '' ? '' : `: ${stderr.slice(0, 2000)}`}` };
  }

  /** Start/stop/flush for one family, skipped when the same command already ran for another family. */
  async function operation(hook: ActionCommand, family: Family): Promise<Outcome> {
    const dynamic = opValues(family);
    const command = renderHook(def, hook, family, dynamic, deps.hosts).script;
    const others = [...(executed.get(hook) ?? new Map<Family, string>())].filter(([f]) => f !== family).map(([, c]) => c);
    const outcome = others.includes(command) ? { ok: true as const, repaired: false } : await run(hook, family, dynamic, ` (${family})`);
    if (outcome.ok) remember(hook, family, command);
    return outcome;
  }

  function remember(hook: ActionCommand, family: Family, command: string): void {
    const opposite: ActionCommand | null = hook === 'actionstart' ? 'actionstop' : hook === 'actionstop' ? 'actionstart' : null;
    if (opposite !== null) executed.get(opposite)?.delete(family);
    if (!executed.has(hook)) executed.set(hook, new Map());
    executed.get(hook)?.set(family, command);
  }

  async function startFamily(family: Family): Promise<Outcome> {
    const outcome = await operation('actionstart', family);
    if (outcome.ok) state.set(family, STARTED);
    return outcome;
  }

  async function stopFamily(family: Family): Promise<Outcome> {
    state.delete(family);
    return operation('actionstop', family);
  }

  /** actioncheck; when it fails: actionrepair, or stop + start; then check again. */
  async function checkAndRepair(family: Family, mayRepair: boolean): Promise<Outcome> {
    if ((hooks.actioncheck ?? '').trim() === '') return { ok: true, repaired: false };
    const check = await run('actioncheck', family, opValues(family), ` (${family})`);
    if (check.ok) return check;
    if (!mayRepair) return { ok: false, message: `${check.message}; not repaired during an unban` };
    deps.logger.error('actions', `${where}: invariant check failed (${family}), trying to restore a sane environment`);
    if ((hooks.actionrepair ?? '').trim() !== '') {
      const repair = await run('actionrepair', family, opValues(family), ` (${family})`);
      if (!repair.ok) {
        state.delete(family);
        return repair;
      }
      state.set(family, STARTED);
    } else {
      await stopFamily(family);
      const started = await startFamily(family);
      if (!started.ok) return started;
    }
    const again = await run('actioncheck', family, opValues(family), ` (${family})`);
    return again.ok ? { ok: true, repaired: true } : { ok: false, message: `unable to restore the environment: ${again.message}` };
  }

  /** Run a ban/unban command; after a failure check (and repair) once, then retry once. */
  async function banCommand(hook: ActionCommand, ban: BanRecord, restored: boolean): Promise<Outcome> {
    const family = familyOf(ban.ip);
    const dynamic = banValues(ban, { restored, lookup: deps.lookup?.(ban) });
    const first = await run(hook, slot(ban.ip), dynamic, ` ${ban.ip}`);
    if (first.ok) return first;
    deps.logger.warn('actions', `${first.message}; retrying`);
    const mayRepair = hook !== 'actionunban' || isTrue(hooks.actionrepair_on_unban);
    const checked = await checkAndRepair(slot(ban.ip), mayRepair);
    if (!checked.ok) return { ok: false, message: `${first.message}; ${checked.message}` };
    const second = await run(hook, slot(ban.ip), dynamic, ` ${ban.ip} (retry, ${family})`);
    return second.ok ? { ok: true, repaired: checked.repaired } : second;
  }

  /** After a repair the family's firewall state is new: apply its other active bans again. */
  async function reban(family: Family, bans: Iterable<BanRecord>, except: string | null, failures: string[]): Promise<void> {
    const hook: ActionCommand = (hooks.actionreban ?? '').trim() !== '' ? 'actionreban' : 'actionban';
    for (const ban of bans) {
      if (ban.ip === except || slot(ban.ip) !== family) continue;
      const outcome = await run(hook, family, banValues(ban, { restored: false, lookup: deps.lookup?.(ban) }), ` ${ban.ip}`);
      if (!outcome.ok) {
        failures.push(outcome.message);
        continue;
      }
      state.set(family, (state.get(family) ?? 0) | STARTED | HAS_BANS);
      active.set(ban.ip, ban);
    }
  }

  const fail = (failures: readonly string[]): void => {
    if (failures.length > 0) throw new WardenError('ERR_ACTION', failures.join('\n'));
  };

  return {
    name: def.name,
    async start() {
      if (onDemand === true) return;
      const families: Family[] = def.perFamily && onDemand === false ? ['inet4', 'inet6'] : ['inet4'];
      const failures: string[] = [];
      for (const family of families) {
        const outcome = await startFamily(family);
        if (!outcome.ok) failures.push(outcome.message);
      }
      fail(failures);
    },
    async ban(bans, opts) {
      if (opts.restored && isTrue(hooks.norestored)) return;
      const failures: string[] = [];
      for (const ban of bans) {
        const family = slot(ban.ip);
        if (!has(family, STARTED)) {
          const started = await startFamily(family);
          if (!started.ok) {
            failures.push(started.message);
            continue;
          }
        }
        const outcome = await banCommand('actionban', ban, opts.restored);
        if (!outcome.ok) {
          failures.push(outcome.message);
          continue;
        }
        state.set(family, (state.get(family) ?? 0) | STARTED | HAS_BANS);
        active.set(ban.ip, ban);
        if (outcome.repaired) await reban(family, active.values(), ban.ip, failures);
      }
      fail(failures);
    },
    async unban(bans) {
      const failures: string[] = [];
      for (const ban of bans) {
        const known = active.delete(ban.ip);
        // never banned here: a family without bans, or a restored ban this action skipped
        if (!known && (!has(slot(ban.ip), HAS_BANS) || isTrue(hooks.norestored))) continue;
        const outcome = await banCommand('actionunban', ban, false);
        if (!outcome.ok) failures.push(outcome.message);
      }
      fail(failures);
    },
    async stop() {
      const failures: string[] = [];
      const families = [...state.keys()];
      if ((hooks.actionflush ?? '').trim() !== '') {
        for (const family of families.filter((f) => has(f, HAS_BANS))) {
          const outcome = await operation('actionflush', family);
          if (!outcome.ok) failures.push(outcome.message);
        }
      } else {
        for (const ban of active.values()) {
          const outcome = await banCommand('actionunban', ban, false);
          if (!outcome.ok) failures.push(outcome.message);
        }
      }
      active.clear();
      for (const family of families) {
        const outcome = await stopFamily(family);
        if (!outcome.ok) failures.push(outcome.message);
      }
      fail(failures);
    },
    async check(current) {
      const failures: string[] = [];
      for (const family of [...state.keys()].filter((f) => has(f, STARTED))) {
        const outcome = await checkAndRepair(family, true);
        if (!outcome.ok) failures.push(outcome.message);
        else if (outcome.repaired) await reban(family, current, null, failures);
      }
      fail(failures);
    },
  };
}

function timeoutOf(value: string | undefined): number {
  const seconds = value === undefined ? null : parseDuration(value);
  return seconds === null || seconds <= 0 ? DEFAULT_TIMEOUT_MS : seconds * 1000;
}
