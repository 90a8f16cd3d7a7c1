/**
 * What an action.d file resolves to for one jail: its hook commands (static tags that depend on the
 * address family still in place), its [Init] values per family, and the `native` marker of warden's tree.
 */

/** Hooks holding shell commands, in fail2ban's vocabulary. */
export const ACTION_COMMANDS = [
  'actionstart',
  'actionstop',
  'actioncheck',
  'actionban',
  'actionunban',
  'actionflush',
  'actionreban',
  'actionrepair',
  'actionprolong',
  'actionreload',
] as const;

/** Flags read with the hooks ([Definition], or `timeout` from [Init] / the jail's `name[timeout=..]`). */
export const ACTION_FLAGS = ['norestored', 'timeout', 'actionstart_on_demand', 'actionrepair_on_unban'] as const;

export type ActionCommand = (typeof ACTION_COMMANDS)[number];
export type ActionHook = ActionCommand | (typeof ACTION_FLAGS)[number];

/** Dynamic tags never substituted while loading: they carry text from log lines or the ban. */
export const ESCAPED_TAGS: ReadonlySet<string> = new Set(['matches', 'ipmatches', 'ipjailmatches']);

export interface ActionDefinition {
  /** The action's name in its jail: the `actname` option, else the file name (+ a suffix when `name` differs from the jail). */
  readonly name: string;
  /** The action's main file (`.../action.d/iptables.conf`). */
  readonly file: string;
  /**
   * Hook values as fail2ban's client hands them to its server: `%(x)s` and every static tag resolved,
   * except tags with a per-family value (`<blocktype>`, `<iptables>`) and the dynamic ones (`<ip>` ...).
   */
  readonly hooks: Readonly<Partial<Record<ActionHook, string>>>;
  /** [Init] values merged with the reference's options (`name[k=v]` wins), tags resolved for inet4. */
  readonly init: Readonly<Record<string, string>>;
  /** The same for inet6 (`[Init?family=inet6]` values win); equal to `init` when there is no such section. */
  readonly init6: Readonly<Record<string, string>>;
  /** True when the file has `[Init?family=...]` values: inet6 is then started on demand at its first ban. */
  readonly perFamily: boolean;
  /** `native = nftables|iptables|...` of warden's own tree; null for a fail2ban shell action. */
  readonly native: string | null;
  /** Every [Init] and [Definition] option with all tags resolved (inet4), for native factories. */
  readonly options: Readonly<Record<string, string>>;
}

/** fail2ban's boolean words (`true`, `yes`, `on`, `1`, ...). */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value);
}
