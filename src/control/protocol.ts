/**
 * THE command table of the control protocol: every verb with its arguments, help text, whether it
 * changes state, and the ControlApi call it makes. Server dispatch, argument checks and the CLI's
 * help all read this table (pure: no IO).
 */
import type { ErrorCode } from '../core/errors.js';
import { parseIpLiteral } from '../core/ip.js';
import type { ControlApi } from './control-api.js';

/** What an argument holds: a jail name, an IP literal, a `get` key, or an ignoreip entry. */
export type ArgKind = 'jail' | 'ip' | 'key' | 'entry';

/** one: exactly one; optional: zero or one; some: one or more; any: zero or more. */
export type Arity = 'one' | 'optional' | 'some' | 'any';

export interface ArgSpec {
  readonly name: string;
  readonly kind: ArgKind;
  readonly arity: Arity;
}

export interface VerbSpec {
  readonly verb: string;
  /** Only the last argument may be optional or variadic. */
  readonly args: readonly ArgSpec[];
  readonly help: string;
  readonly readOnly: boolean;
  /** The ControlApi call; args are already checked and normalised by checkVerbArgs. */
  call(api: ControlApi, args: readonly string[]): unknown;
}

export interface GetKeySpec {
  readonly key: string;
  readonly help: string;
}

/** Keys of `get JAIL KEY` (the daemon's ControlApi.get answers each of them). */
export const GET_KEYS: readonly GetKeySpec[] = [
  { key: 'maxretry', help: 'failures within findtime that lead to a ban' },
  { key: 'findtime', help: 'the window failures are counted in (seconds)' },
  { key: 'bantime', help: 'ban length in seconds (-1: permanent)' },
  { key: 'bantime.increment', help: 'whether repeat offenders get longer bans' },
  { key: 'bantime.factor', help: 'bantime.increment factor' },
  { key: 'bantime.maxtime', help: 'longest incremented ban (seconds)' },
  { key: 'ignoreip', help: 'IPs, networks and names never banned' },
  { key: 'ignoreself', help: "whether the host's own addresses are ignored" },
  { key: 'ignorecommand', help: 'command deciding whether to ignore an IP' },
  { key: 'logpath', help: 'the log files the jail reads' },
  { key: 'logencoding', help: 'encoding of the log files' },
  { key: 'logtimezone', help: 'time zone of log times without one' },
  { key: 'journalmatch', help: 'systemd journal matches (backend systemd)' },
  { key: 'failregex', help: "the filter's failregex lines" },
  { key: 'ignoreregex', help: "the filter's ignoreregex lines" },
  { key: 'prefregex', help: "the filter's prefregex" },
  { key: 'datepattern', help: "the filter's datepattern" },
  { key: 'maxlines', help: 'lines in the multi-line buffer' },
  { key: 'maxmatches', help: 'matched lines kept per ticket' },
  { key: 'usedns', help: 'how <HOST> names are treated' },
  { key: 'banip', help: 'the currently banned IPs' },
  { key: 'actions', help: 'the actions of the jail' },
];

const JAIL: ArgSpec = { name: 'JAIL', kind: 'jail', arity: 'one' };
const IPS: ArgSpec = { name: 'IP', kind: 'ip', arity: 'some' };
const ENTRIES: ArgSpec = { name: 'IP|CIDR|NAME', kind: 'entry', arity: 'some' };
const rest = (args: readonly string[], from: number): string[] => args.slice(from);

export const VERBS: readonly VerbSpec[] = [
  { verb: 'ping', args: [], help: 'Check that the server answers.', readOnly: true, call: (api) => api.ping() },
  {
    verb: 'status',
    args: [{ ...JAIL, arity: 'optional' }],
    help: 'Show the jails, or the counters and banned IPs of one jail.',
    readOnly: true,
    call: (api, [jail]) => (jail === undefined ? api.status() : api.jailStatus(jail)),
  },
  { verb: 'banip', args: [JAIL, IPS], help: 'Ban IPs in a jail.', readOnly: false, call: (api, a) => api.banIp(a[0], rest(a, 1)) },
  { verb: 'unbanip', args: [JAIL, IPS], help: 'Unban IPs in a jail.', readOnly: false, call: (api, a) => api.unbanIp(a[0], rest(a, 1)) },
  {
    verb: 'addignoreip',
    args: [JAIL, ENTRIES],
    help: "Add entries to a jail's ignoreip.",
    readOnly: false,
    call: (api, a) => {
      api.addIgnoreIp(a[0], rest(a, 1));
      return api.get(a[0], 'ignoreip');
    },
  },
  {
    verb: 'delignoreip',
    args: [JAIL, ENTRIES],
    help: "Remove entries from a jail's ignoreip.",
    readOnly: false,
    call: (api, a) => {
      api.delIgnoreIp(a[0], rest(a, 1));
      return api.get(a[0], 'ignoreip');
    },
  },
  { verb: 'unban', args: [IPS], help: 'Unban IPs in every jail.', readOnly: false, call: (api, a) => api.unban([...a]) },
  { verb: 'unbanall', args: [], help: 'Unban every IP in every jail.', readOnly: false, call: (api) => api.unbanAll() },
  {
    verb: 'banned',
    args: [{ ...IPS, arity: 'any' }],
    help: 'List banned IPs by jail, or the jails banning the IPs given.',
    readOnly: true,
    call: (api, a) => api.banned([...a]),
  },
  {
    verb: 'get',
    args: [JAIL, { name: 'KEY', kind: 'key', arity: 'one' }],
    help: 'Show one setting of a running jail.',
    readOnly: true,
    call: (api, [jail, key]) => api.get(jail, key),
  },
  {
    verb: 'reload',
    args: [{ ...JAIL, arity: 'optional' }],
    help: 'Reload the configuration of the server, or of one jail.',
    readOnly: false,
    call: (api, [jail]) => api.reload(jail ?? null),
  },
  { verb: 'stop', args: [], help: 'Stop the server.', readOnly: false, call: (api) => api.stop() },
];

const BY_VERB = new Map(VERBS.map((v) => [v.verb, v]));

export function findVerb(verb: string): VerbSpec | undefined {
  return BY_VERB.get(verb);
}

/** The help line of a verb (the CLI's summary for the command of the same name). */
export function verbHelp(verb: string): string {
  return findVerb(verb)?.help ?? '';
}

export function findGetKey(key: string): GetKeySpec | undefined {
  return GET_KEYS.find((k) => k.key === key);
}

/** `JAIL IP…`, `[JAIL]`: the arguments as help shows them. */
export function formatArgs(args: readonly ArgSpec[]): string {
  return args
    .map((a) => ({ one: a.name, optional: `[${a.name}]`, some: `${a.name}…`, any: `[${a.name}…]` })[a.arity])
    .join(' ');
}

export type ArgCheck =
  | { readonly ok: true; readonly args: string[] }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

function countProblem(spec: VerbSpec, n: number): string | null {
  const required = spec.args.filter((a) => a.arity === 'one' || a.arity === 'some').length;
  const last = spec.args[spec.args.length - 1];
  const unbounded = last !== undefined && (last.arity === 'some' || last.arity === 'any');
  if (n >= required && (unbounded || n <= spec.args.length)) return null;
  const usage = formatArgs(spec.args);
  return `${spec.verb}: expected ${usage === '' ? 'no arguments' : usage}, got ${n} argument${n === 1 ? '' : 's'}`;
}

/** The spec of the i-th argument (a variadic last argument covers the rest). */
function argAt(spec: VerbSpec, i: number): ArgSpec {
  return spec.args[Math.min(i, spec.args.length - 1)];
}

/** Checks one argument; returns it normalised (IPs as parseIpLiteral prints them) or a problem. */
function checkArg(verb: string, arg: ArgSpec, value: string): ArgCheck | string {
  if (value === '') return { ok: false, code: 'ERR_BAD_REQUEST', message: `${verb}: ${arg.name} is empty` };
  if (arg.kind === 'ip') {
    const ip = parseIpLiteral(value);
    return ip ? ip.ip : { ok: false, code: 'ERR_BAD_IP', message: `${verb}: '${value}' is not an IP address` };
  }
  if (arg.kind === 'key') {
    const key = value.toLowerCase();
    if (findGetKey(key)) return key;
    const keys = GET_KEYS.map((k) => k.key).join(', ');
    return { ok: false, code: 'ERR_BAD_REQUEST', message: `${verb}: unknown key '${value}' (known: ${keys})` };
  }
  return value;
}

/** Checks a request's arguments against the verb's spec: count, IP syntax, `get` keys. */
export function checkVerbArgs(spec: VerbSpec, args: readonly string[]): ArgCheck {
  const problem = countProblem(spec, args.length);
  if (problem !== null) return { ok: false, code: 'ERR_BAD_REQUEST', message: problem };
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const checked = checkArg(spec.verb, argAt(spec, i), args[i]);
    if (typeof checked !== 'string') return checked;
    out.push(checked);
  }
  return { ok: true, args: out };
}
