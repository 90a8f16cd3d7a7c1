/**
 * Options of the iptables and ipset actions (fail2ban's [Init] keys, already resolved) turned into
 * a validated plan: chain names, the match parts of the jump rules, and the block target per family.
 */
import { WardenError } from '../../core/errors.js';

export type Family = 4 | 6;

export interface IptablesOptions {
  readonly jail: string;
  /** fail2ban's `name`: the chain is `f2b-<name>`, the ipset sets `f2b-<name>` / `f2b-<name>6`. */
  readonly name: string;
  /** `5060,5061`, `ssh`, `10000:20000` (ignored with allports). */
  readonly port?: string;
  /** tcp | udp | sctp | all, or a comma list (`tcp,udp`). */
  readonly protocol?: string;
  /** `REJECT`, `DROP`, or `REJECT --reject-with <type>` (IPv6 gets the matching icmp6 type). */
  readonly blocktype?: string;
  /** The built-in chain that jumps to ours (fail2ban's `chain`, default INPUT). */
  readonly chain?: string;
  readonly allports?: boolean;
  readonly conntrackFlush?: boolean;
  /** The action's name in its jail (for messages); defaults to fail2ban's stock action name. */
  readonly actname?: string;
  /** Per-command timeout (fail2ban's `timeout`, default 60 s). */
  readonly timeoutMs?: number;
}

export interface XtPlan {
  readonly jail: string;
  readonly actname: string;
  /** `f2b-<name>`. */
  readonly chain: string;
  /** Chain holding the jump (INPUT by default). */
  readonly parent: string;
  /** Match arguments of each jump rule (one rule per protocol and per 15 ports). */
  readonly matches: readonly string[];
  readonly target: Readonly<Record<Family, string>>;
  readonly conntrackFlush: boolean;
  readonly timeoutMs: number;
}

const PROTOCOLS = new Set(['tcp', 'udp', 'udplite', 'dccp', 'sctp', 'all']);
/** `protocol=all` with ports: multiport needs a real protocol, so one jump per protocol with ports. */
export const PORT_PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;
const NAME = /^[A-Za-z0-9_.-]+$/;
const PORT = /^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)?$/;
const MULTIPORT_SLOTS = 15;

const V6_REJECT: Readonly<Record<string, string>> = {
  'icmp-net-unreachable': 'icmp6-no-route',
  'icmp-host-unreachable': 'icmp6-addr-unreachable',
  'icmp-port-unreachable': 'icmp6-port-unreachable',
  'icmp-proto-unreachable': 'icmp6-port-unreachable',
  'icmp-net-prohibited': 'icmp6-adm-prohibited',
  'icmp-host-prohibited': 'icmp6-adm-prohibited',
  'icmp-admin-prohibited': 'icmp6-adm-prohibited',
  'tcp-reset': 'tcp-reset',
};
const V4_REJECT: Readonly<Record<string, string>> = {
  'icmp6-no-route': 'icmp-net-unreachable',
  'icmp6-addr-unreachable': 'icmp-host-unreachable',
  'icmp6-port-unreachable': 'icmp-port-unreachable',
  'icmp6-adm-prohibited': 'icmp-admin-prohibited',
  'no-route': 'icmp-net-unreachable',
  'addr-unreach': 'icmp-host-unreachable',
  'port-unreach': 'icmp-port-unreachable',
  'adm-prohibited': 'icmp-admin-prohibited',
};

function bad(opts: IptablesOptions, kind: string, key: string, value: string, why: string): WardenError {
  return new WardenError('ERR_CONFIG_VALUE', `action ${kind} of jail ${opts.jail}: ${key} = ${JSON.stringify(value)}: ${why}`);
}

/** Validates the options; `maxName` is the longest `name` the chain/set names allow. */
export function planXtables(opts: IptablesOptions, kind: string, maxName = 24): XtPlan {
  if (!NAME.test(opts.name) || opts.name.length > maxName) {
    throw bad(opts, kind, 'name', opts.name, `letters, digits, '_', '.', '-' only, at most ${maxName} characters`);
  }
  const parent = opts.chain ?? 'INPUT';
  if (!NAME.test(parent) || parent.length > 28) throw bad(opts, kind, 'chain', parent, 'not a chain name');
  return {
    jail: opts.jail,
    actname: opts.actname ?? kind,
    chain: `f2b-${opts.name}`,
    parent,
    matches: jumpMatches(opts, kind),
    target: blockTargets(opts, kind),
    conntrackFlush: opts.conntrackFlush ?? false,
    timeoutMs: opts.timeoutMs ?? 60_000,
  };
}

export function parseProtocols(opts: IptablesOptions, kind: string): string[] {
  const text = opts.protocol ?? 'tcp';
  const list = text.split(/[\s,]+/).filter((p) => p !== '').map((p) => p.toLowerCase());
  if (list.length === 0) throw bad(opts, kind, 'protocol', text, 'empty');
  for (const p of list) if (!PROTOCOLS.has(p)) throw bad(opts, kind, 'protocol', text, `unknown protocol '${p}' (tcp, udp, sctp, udplite, dccp, all)`);
  return [...new Set(list)];
}

/** Port list split in groups that fit multiport's 15 slots (a range takes two). */
export function parsePorts(opts: IptablesOptions, kind: string): string[] {
  const text = opts.port ?? 'ssh';
  const ports = text.split(/[\s,]+/).filter((p) => p !== '').map((p) => p.replace(/^(\d+)-(\d+)$/, '$1:$2'));
  if (ports.length === 0) throw bad(opts, kind, 'port', text, 'empty');
  for (const p of ports) if (!PORT.test(p)) throw bad(opts, kind, 'port', text, `bad port '${p}'`);
  const groups: string[] = [];
  let group: string[] = [];
  let slots = 0;
  for (const p of ports) {
    const need = p.includes(':') ? 2 : 1;
    if (slots + need > MULTIPORT_SLOTS) {
      groups.push(group.join(','));
      group = [];
      slots = 0;
    }
    group.push(p);
    slots += need;
  }
  groups.push(group.join(','));
  return groups;
}

/** The match part of each jump rule (empty string = every packet). */
function jumpMatches(opts: IptablesOptions, kind: string): string[] {
  const protocols = parseProtocols(opts, kind);
  if (opts.allports === true) {
    return protocols.includes('all') ? [''] : protocols.map((p) => `-p ${p}`);
  }
  const expanded = [...new Set(protocols.flatMap((p) => (p === 'all' ? [...PORT_PROTOCOLS] : [p])))];
  const groups = parsePorts(opts, kind);
  return expanded.flatMap((p) => groups.map((g) => `-p ${p} -m multiport --dports ${g}`));
}

function blockTargets(opts: IptablesOptions, kind: string): Record<Family, string> {
  const text = (opts.blocktype ?? 'REJECT --reject-with icmp-port-unreachable').trim();
  const words = text.split(/\s+/);
  const verb = words[0].toUpperCase();
  if (verb === 'DROP' && words.length === 1) return { 4: 'DROP', 6: 'DROP' };
  if (verb !== 'REJECT') throw bad(opts, kind, 'blocktype', text, 'use REJECT, DROP or REJECT --reject-with <type>');
  if (words.length === 1) return { 4: 'REJECT --reject-with icmp-port-unreachable', 6: 'REJECT --reject-with icmp6-port-unreachable' };
  const type = words[2]?.toLowerCase() ?? '';
  if (words.length !== 3 || words[1] !== '--reject-with' || (V6_REJECT[type] === undefined && V4_REJECT[type] === undefined)) {
    throw bad(opts, kind, 'blocktype', text, 'use REJECT, DROP or REJECT --reject-with <icmp type>');
  }
  const v4 = V6_REJECT[type] !== undefined ? type : V4_REJECT[type];
  return { 4: `REJECT --reject-with ${v4}`, 6: `REJECT --reject-with ${V6_REJECT[v4]}` };
}
