/**
 * Options of the native nftables action (fail2ban's vocabulary: name, port, protocol, blocktype,
 * allports) resolved into an NftPlan: table, set names, rule comment and the rule bodies.
 */
import { WardenError } from '../../core/errors.js';

export interface NftOptions {
  readonly jail: string;
  /** Base of the set names (`<name>4`, `<name>6`); default the jail name. Sanitised to nft identifiers. */
  readonly name?: string;
  /** Match every port (`meta l4proto` only, or nothing for protocol all). */
  readonly allports?: boolean;
  /** fail2ban port syntax: `5060,5061`, `ssh,http`, `0:65535`. Ignored when allports. */
  readonly port?: string;
  /** tcp | udp | sctp | all, or a comma list (`tcp,udp`). Default tcp. */
  readonly protocol?: string;
  /**
   * drop (default) or reject (ICMP/ICMPv6 port-unreachable, as fail2ban's REJECT). drop is the
   * default because a SIP flood is UDP: answering each packet with ICMP only feeds the attacker
   * (and, with spoofed sources, third parties).
   */
  readonly blocktype?: string;
  /** Table (family inet) shared by all jails; default `warden`. */
  readonly table?: string;
  /** Base chain priority on the input hook: a number or `filter - 10`; default -150 (mangle). */
  readonly priority?: number | string;
  /** Run `conntrack -D -s IP` for each new ban (when conntrack is installed). */
  readonly conntrackFlush?: boolean;
}

export interface NftPlan {
  readonly jail: string;
  readonly table: string;
  readonly chain: string;
  readonly priority: string;
  readonly set4: string;
  readonly set6: string;
  /** Comment on this jail's rules: how start/stop/check find them among other jails' rules. */
  readonly comment: string;
  /** Rule bodies (after `add rule inet <table> <chain> `): the IPv4 one, then the IPv6 one. */
  readonly rules: readonly string[];
  readonly conntrackFlush: boolean;
}

const ALL_PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;
/** Names that become nft keywords once 4/6 is appended (`ip6`, `icmpv6`). */
const KEYWORD_BASES = new Set(['ip', 'icmpv']);

function bad(opts: NftOptions, key: string, value: unknown, why: string): WardenError {
  return new WardenError('ERR_CONFIG_VALUE', `nftables action of jail ${opts.jail}: ${key} = ${JSON.stringify(value)}: ${why}`);
}

/** A jail or option name as an nft identifier: letters, digits, `_` and `-`, starting with a letter. */
export function nftIdentifier(text: string): string {
  let id = text.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!/^[A-Za-z]/.test(id)) id = `j${id}`;
  if (KEYWORD_BASES.has(id.toLowerCase())) id = `${id}_`;
  return id.slice(0, 200);
}

function parseProtocols(opts: NftOptions): readonly string[] | 'all' {
  const raw = (opts.protocol ?? 'tcp').trim().toLowerCase();
  if (raw === 'all') return 'all';
  const list = [...new Set(raw.split(/[\s,]+/).filter((p) => p !== ''))];
  if (list.length === 0) throw bad(opts, 'protocol', opts.protocol, 'empty');
  for (const p of list) {
    if (!(ALL_PROTOCOLS as readonly string[]).includes(p)) throw bad(opts, 'protocol', opts.protocol, 'expected tcp, udp, sctp or all');
  }
  return list;
}

const SERVICE = /^[a-z][a-z0-9_-]*$/;

function portValue(opts: NftOptions, text: string): string {
  if (/^\d+$/.test(text)) {
    if (Number(text) > 65535) throw bad(opts, 'port', opts.port, `${text} is not a port`);
    return String(Number(text));
  }
  if (SERVICE.test(text)) return text; // nft resolves service names through /etc/services
  throw bad(opts, 'port', opts.port, `${JSON.stringify(text)} is neither a port number nor a service name`);
}

/** fail2ban port list -> nft set elements: `5060:5070` -> `5060-5070`, names kept. */
export function parsePorts(opts: NftOptions): readonly string[] {
  const items = (opts.port ?? '').split(/[\s,]+/).filter((p) => p !== '');
  if (items.length === 0) throw bad(opts, 'port', opts.port, 'no port given (set allports or port)');
  return items.map((item) => {
    const range = item.split(':');
    if (range.length === 1) return portValue(opts, item.toLowerCase());
    if (range.length !== 2) throw bad(opts, 'port', opts.port, `bad range ${item}`);
    return `${portValue(opts, range[0].toLowerCase())}-${portValue(opts, range[1].toLowerCase())}`;
  });
}

function braces(items: readonly string[]): string {
  return items.length === 1 ? items[0] : `{ ${items.join(', ')} }`;
}

/** The layer-4 part of a rule ('' = every packet of the address). */
export function l4Match(opts: NftOptions): string {
  const protocols = parseProtocols(opts);
  if (opts.allports === true) return protocols === 'all' ? '' : `meta l4proto ${braces(protocols)}`;
  const ports = `{ ${parsePorts(opts).join(', ')} }`;
  if (protocols !== 'all' && protocols.length === 1) return `${protocols[0]} dport ${ports}`;
  // Several protocols (or all: tcp, udp, sctp) share the transport header's port field.
  return `meta l4proto ${braces(protocols === 'all' ? ALL_PROTOCOLS : protocols)} th dport ${ports}`;
}

export function verdict(opts: NftOptions): 'drop' | 'reject' {
  const raw = (opts.blocktype ?? 'drop').trim().toLowerCase();
  if (raw === 'drop') return 'drop';
  // `REJECT --reject-with icmp-port-unreachable` (iptables wording) means the same as nft's reject.
  if (raw === 'reject' || raw.startsWith('reject ')) return 'reject';
  throw bad(opts, 'blocktype', opts.blocktype, 'expected reject or drop');
}

const PRIORITY = /^(-?\d+|(raw|mangle|filter|security)( *[-+] *\d+)?)$/;

function priority(opts: NftOptions): string {
  const raw = String(opts.priority ?? -150).trim();
  if (!PRIORITY.test(raw)) throw bad(opts, 'priority', opts.priority, 'expected a number or e.g. "filter - 10"');
  return raw;
}

export function resolveNftOptions(opts: NftOptions): NftPlan {
  const base = nftIdentifier(opts.name ?? opts.jail);
  const table = opts.table ?? 'warden';
  if (nftIdentifier(table) !== table) throw bad(opts, 'table', table, 'not an nft identifier');
  const set4 = `${base}4`;
  const set6 = `${base}6`;
  const comment = `warden:${base}`;
  const tail = [l4Match(opts), verdict(opts), `comment "${comment}"`].filter((s) => s !== '').join(' ');
  return {
    jail: opts.jail,
    table,
    chain: 'input',
    priority: priority(opts),
    set4,
    set6,
    comment,
    rules: [`ip saddr @${set4} ${tail}`, `ip6 saddr @${set6} ${tail}`],
    conntrackFlush: opts.conntrackFlush === true,
  };
}
