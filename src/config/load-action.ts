/**
 * Load one action of a jail (`iptables[port=5060, protocol=udp]`) from action.d/<name>.conf + .local
 * (+ includes) into the ActionDefinition that shell and native actions are built from.
 */
import { ConfigError, type ConfigPlace } from '../core/errors.js';
import { type ActionDefinition, type ActionHook } from './action-definition.js';
import { resolveAction } from './action-resolve.js';
import type { ConfigSet } from './config-set.js';
import type { OptionRef } from './option-list.js';
import { createConfigReader, type ConfigFs, type ConfigReader } from './read-config.js';

export interface LoadActionOptions {
  readonly fs?: ConfigFs;
  /** Share one reader (and its parse cache) across many loads. */
  readonly reader?: ConfigReader;
  /** Where the reference was written (a jail's `action =` line), for errors. */
  readonly refPlace?: ConfigPlace;
}

export interface LoadActionResult {
  readonly action: ActionDefinition | null;
  readonly errors: readonly ConfigError[];
}

export interface ActionJail {
  readonly name: string;
  /** The jail's option values (interpolated); the ones a fail2ban jail reads are visible to `%(x)s`. */
  readonly options: Readonly<Record<string, string>>;
}

export function loadAction(confDir: string, ref: OptionRef, jail: ActionJail, opts: LoadActionOptions = {}): LoadActionResult {
  const refPlace = opts.refPlace ?? { file: `${confDir}/action.d`, key: 'action' };
  if (ref.name.endsWith('.py') || ref.name.includes('/')) {
    const why = ref.name.endsWith('.py') ? 'python actions are not supported' : 'an action is named by its action.d file, not a path';
    return { action: null, errors: [new ConfigError('ERR_CONFIG_VALUE', refPlace, `action ${JSON.stringify(ref.name)}: ${why}`)] };
  }
  const reader = opts.reader ?? createConfigReader(opts.fs);
  const set = reader.readSet(confDir, `action.d/${ref.name}`);
  const file = mainFile(set, `action.d/${ref.name}`) ?? `${confDir}/action.d/${ref.name}.conf`;
  if (set.files.length === 0) {
    const errors = set.errors.map((e) => new ConfigError(e.code, refPlace, `jail ${jail.name}: action ${ref.name}: ${e.message}`, { cause: e }));
    return { action: null, errors };
  }
  const resolved = resolveAction({
    set,
    fileName: ref.name,
    file,
    refOptions: ref.options,
    refPlace,
    jailName: jail.name,
    jailOptions: jail.options,
  });
  const errors = [...set.errors, ...resolved.errors];
  if (errors.length > 0) return { action: null, errors };
  const inet4 = resolved.forFamily('inet4');
  const inet6 = resolved.perFamily ? resolved.forFamily('inet6') : inet4;
  const initKeys = [...resolved.initOpts.keys()].filter((key) => !key.startsWith('known/') && !key.includes('?'));
  const pick = (values: ReadonlyMap<string, string>): Record<string, string> =>
    Object.fromEntries(initKeys.map((key) => [key, values.get(key) ?? resolved.initOpts.get(key) ?? '']));
  const hooks: Partial<Record<ActionHook, string>> = Object.fromEntries(resolved.hooks);
  const timeout = inet4.get('timeout');
  if (timeout !== undefined) hooks.timeout = timeout;
  const native = inet4.get('native')?.trim();
  const action: ActionDefinition = {
    name: resolved.name,
    file,
    hooks,
    init: pick(inet4),
    init6: pick(inet6),
    perFamily: resolved.perFamily,
    native: native === undefined || native === '' ? null : native,
    options: Object.fromEntries(inet4),
  };
  return { action, errors: [] };
}

function mainFile(set: ConfigSet, base: string): string | undefined {
  return set.files.find((file) => file.endsWith(`${base}.conf`)) ?? set.files.find((file) => file.endsWith(`${base}.local`));
}
