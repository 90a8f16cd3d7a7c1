/**
 * Render an action hook: static tags (config values, `<br>`, `<sp>`, host names) are inlined; dynamic
 * tags (`<ip>`, `<matches>`, `<F-USER>` ...) never are: each becomes a shell variable set from a positional argument.
 */
import { hostname } from 'node:os';
import { ESCAPED_TAGS, type ActionCommand, type ActionDefinition } from '../config/action-definition.js';
import { MAX_TAG_REPLACE_COUNT } from '../config/substitute-tags.js';
import { parseCidr, parseIpLiteral } from '../core/ip.js';
import type { BanRecord } from '../core/records.js';

export type Family = 'inet4' | 'inet6';

export interface Hostnames {
  readonly fq: string;
  readonly short: string;
}

/** Per-ban values the caller may know better than the ban record (from the store / the filter). */
export interface BanLookup {
  readonly ipmatches?: readonly string[];
  readonly ipjailmatches?: readonly string[];
  readonly ipfailures?: number;
  readonly ipjailfailures?: number;
  /** Captured filter fields by name without `F-` (`USER` for `<F-USER>`). */
  readonly fields?: Readonly<Record<string, string>>;
}

/** Dynamic values of one command: tag name -> value, and the `<F-*>` fields (empty when absent). */
export interface DynamicValues {
  readonly values: Readonly<Record<string, string>>;
  readonly fields?: Readonly<Record<string, string>>;
}

export interface RenderedCommand {
  /** The script for `sh -c`: variable assignments from "$1"..., then the hook. */
  readonly script: string;
  /** The raw dynamic values, in positional order. */
  readonly args: readonly string[];
}

const TAG = /<([^ <>]+)>/g;
const TAG_AT = /<([^ <>]+)>/y;
const FIELD_TAG = /^F-([A-Z0-9_-]+)$/;

export function localHostnames(): Hostnames {
  const fq = hostname();
  return { fq, short: fq.split('.')[0] };
}

/** The hook with every static tag of `family` inlined (dynamic tags and unknown ones stay). '' when absent. */
export function staticHook(def: ActionDefinition, hook: ActionCommand, family: Family, hosts: Hostnames = localHostnames()): string {
  const properties = new Map<string, string>(Object.entries(family === 'inet6' ? def.init6 : def.init));
  for (const [key, value] of Object.entries(def.hooks)) if (value !== undefined) properties.set(key, value);
  const extra: Record<string, string> = { br: '\n', sp: ' ', 'fq-hostname': hosts.fq, 'sh-hostname': hosts.short };
  let text = properties.get(hook) ?? '';
  for (let round = 0; round <= MAX_TAG_REPLACE_COUNT; round++) {
    const next = text.replace(TAG, (whole, tag: string) => {
      const value = properties.get(tag);
      if (value === undefined) return extra[tag] ?? whole;
      return ESCAPED_TAGS.has(tag) ? backslashEscape(value) : value;
    });
    if (next === text) break;
    text = next;
  }
  return text;
}

/** fail2ban escapes `<matches>` & co. when a config value (not a ban) provides them. */
function backslashEscape(value: string): string {
  return value.replace(/[\\#&;`|*?~<>^()[\]{}$'"\n\r]/g, (c) => `\\${c === '\n' ? 'n' : c === '\r' ? 'r' : c}`);
}

/** Values of the dynamic tags for one ban. */
export function banValues(ban: BanRecord, opts: { restored: boolean; lookup?: BanLookup }): DynamicValues {
  const family = familyOf(ban.ip);
  const lookup = opts.lookup ?? {};
  const matches = ban.matches.join('\n');
  return {
    values: {
      ip: ban.ip,
      fid: ban.ip,
      family,
      'ip-rev': reversePointer(ban.ip),
      failures: String(ban.failures),
      time: String(ban.timeOfBan),
      bantime: String(Math.trunc(ban.bantime)),
      bancount: String(ban.banCount),
      matches,
      restored: opts.restored ? '1' : '0',
      ipmatches: lookup.ipmatches?.join('\n') ?? matches,
      ipjailmatches: lookup.ipjailmatches?.join('\n') ?? matches,
      ipfailures: String(lookup.ipfailures ?? ban.failures),
      ipjailfailures: String(lookup.ipjailfailures ?? ban.failures),
    },
    fields: lookup.fields ?? {},
  };
}

export function familyOf(ip: string): Family {
  return parseIpLiteral(ip)?.family === 6 ? 'inet6' : 'inet4';
}

/** `1.2.3.4` -> `4.3.2.1.`; IPv6 as reversed nibbles with a trailing dot (fail2ban's `<ip-rev>`). */
export function reversePointer(ip: string): string {
  const parsed = parseIpLiteral(ip);
  if (parsed === null) return '';
  if (parsed.family === 4) return `${parsed.ip.split('.').reverse().join('.')}.`;
  const words = parseCidr(`${parsed.ip}/128`)?.words ?? [];
  const nibbles = words.flatMap((word) => word.toString(16).padStart(4, '0').split(''));
  return `${nibbles.reverse().join('.')}.`;
}

/** Static pass, then dynamic binding: what `runShell(script, { args })` runs. */
export function renderHook(
  def: ActionDefinition,
  hook: ActionCommand,
  family: Family,
  dynamic: DynamicValues,
  hosts?: Hostnames,
): RenderedCommand {
  return bindDynamicTags(staticHook(def, hook, family, hosts), dynamic);
}

/**
 * Replace each dynamic tag by a reference to a shell variable, quoted for where it stands (plain word,
 * double quotes, single quotes, `$(...)`, here-document), and assign the variables from "$1"... first.
 */
export function bindDynamicTags(script: string, dynamic: DynamicValues): RenderedCommand {
  const names = new Map<string, { variable: string; value: string }>();
  const resolve = (tag: string): { variable: string; value: string } | null => {
    const field = FIELD_TAG.exec(tag);
    const value = field !== null ? dynamic.fields?.[field[1]] ?? '' : Object.hasOwn(dynamic.values, tag) ? dynamic.values[tag] : undefined;
    if (value === undefined) return null;
    let entry = names.get(tag);
    if (entry === undefined) {
      entry = { variable: `f2bV_${tag.replace(/\W/g, '_')}`, value };
      names.set(tag, entry);
    }
    return entry;
  };
  const body = rewriteTags(script, resolve);
  if (names.size === 0) return { script: body, args: [] };
  const entries = [...names.values()];
  const assign = entries.map((entry, i) => `${entry.variable}="\${${i + 1}}"`).join(' ');
  return { script: `${assign}\n${body}`, args: entries.map((entry) => entry.value) };
}

type Mode = 'plain' | 'dq' | 'sq' | 'bt' | 'cmd' | 'paren' | 'arith' | 'param';
type Resolve = (tag: string) => { variable: string; value: string } | null;

interface Heredoc {
  readonly delimiter: string;
  readonly stripTabs: boolean;
  readonly quoted: boolean;
}

interface Scan {
  readonly src: string;
  readonly out: string[];
  readonly stack: { mode: Mode; depth: number }[];
  readonly pending: Heredoc[];
  readonly resolve: Resolve;
  i: number;
}

const WORDISH: ReadonlySet<Mode> = new Set(['plain', 'cmd', 'paren', 'bt', 'param']);

function rewriteTags(src: string, resolve: Resolve): string {
  const scan: Scan = { src, out: [], stack: [{ mode: 'plain', depth: 0 }], pending: [], resolve, i: 0 };
  while (scan.i < src.length) step(scan);
  return scan.out.join('');
}

function top(scan: Scan): { mode: Mode; depth: number } {
  return scan.stack[scan.stack.length - 1];
}

function copy(scan: Scan, n: number): void {
  scan.out.push(scan.src.slice(scan.i, scan.i + n));
  scan.i += n;
}

function push(scan: Scan, mode: Mode, n: number): void {
  copy(scan, n);
  scan.stack.push({ mode, depth: 0 });
}

function pop(scan: Scan, n: number): void {
  copy(scan, n);
  if (scan.stack.length > 1) scan.stack.pop();
}

/** How a variable is referenced where the tag stands. */
function reference(variable: string, mode: Mode): string {
  if (mode === 'sq') return `'"\${${variable}}"'`;
  if (mode === 'dq' || mode === 'arith' || mode === 'param') return `\${${variable}}`;
  return `"\${${variable}}"`;
}

function step(scan: Scan): void {
  const { src, i } = scan;
  const frame = top(scan);
  const c = src[i];
  if (c === '<' && !(WORDISH.has(frame.mode) && src.startsWith('<<', i)) && tryTag(scan, frame.mode)) return;
  if (frame.mode === 'sq') return c === "'" ? pop(scan, 1) : copy(scan, 1);
  if (c === '\\') return copy(scan, 2);
  if (c === '$' && src[i + 1] === '(') return src[i + 2] === '(' ? push(scan, 'arith', 3) : push(scan, 'cmd', 2);
  if (c === '$' && src[i + 1] === '{') return push(scan, 'param', 2);
  if (c === '`') return frame.mode === 'bt' ? pop(scan, 1) : push(scan, 'bt', 1);
  if (frame.mode === 'dq') return c === '"' ? pop(scan, 1) : copy(scan, 1);
  if (frame.mode === 'arith') return arithStep(scan, frame);
  if (c === '"') return push(scan, 'dq', 1);
  if (c === "'") return push(scan, 'sq', 1);
  if (c === '(') return push(scan, 'paren', 1);
  if (c === ')' && (frame.mode === 'cmd' || frame.mode === 'paren')) return pop(scan, 1);
  if (c === '}' && frame.mode === 'param') return pop(scan, 1);
  if (c === '#' && wordStart(src, i)) return copy(scan, lineEnd(src, i) - i);
  if (c === '<' && src.startsWith('<<', i) && src[i + 2] !== '<') return heredocOperator(scan);
  if (c === '\n' && scan.pending.length > 0) return heredocBodies(scan);
  return copy(scan, 1);
}

function tryTag(scan: Scan, mode: Mode): boolean {
  TAG_AT.lastIndex = scan.i;
  const match = TAG_AT.exec(scan.src);
  if (match === null) return false;
  const entry = scan.resolve(match[1]);
  if (entry === null) return false;
  scan.out.push(reference(entry.variable, mode));
  scan.i += match[0].length;
  return true;
}

function arithStep(scan: Scan, frame: { depth: number }): void {
  const c = scan.src[scan.i];
  if (c === '(') frame.depth++;
  if (c !== ')') return copy(scan, 1);
  if (frame.depth > 0) {
    frame.depth--;
    return copy(scan, 1);
  }
  return pop(scan, scan.src[scan.i + 1] === ')' ? 2 : 1);
}

function wordStart(src: string, i: number): boolean {
  return i === 0 || /[\s;&|()]/.test(src[i - 1]);
}

function lineEnd(src: string, from: number): number {
  const end = src.indexOf('\n', from);
  return end < 0 ? src.length : end;
}

/** `<<WORD`, `<<-WORD`, `<<'WORD'`: copied through; the body starts after the next newline. */
function heredocOperator(scan: Scan): void {
  const match = /^<<(-?)[ \t]*((?:[^\s;&|<>()]|\\.)+)/.exec(scan.src.slice(scan.i));
  if (match === null) return copy(scan, 2);
  const word = match[2];
  const quoted = /['"\\]/.test(word);
  scan.pending.push({ delimiter: word.replace(/['"\\]/g, ''), stripTabs: match[1] === '-', quoted });
  copy(scan, match[0].length);
}

/** Copy each pending here-document body; tags inside expand as plain `${var}` (or inline where quoted). */
function heredocBodies(scan: Scan): void {
  copy(scan, 1);
  for (const doc of scan.pending.splice(0)) {
    while (scan.i < scan.src.length) {
      const end = lineEnd(scan.src, scan.i);
      const line = scan.src.slice(scan.i, end);
      scan.i = Math.min(end + 1, scan.src.length);
      const done = (doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter;
      scan.out.push(done ? line : heredocLine(line, doc, scan.resolve));
      if (end < scan.src.length) scan.out.push('\n');
      if (done) break;
    }
  }
}

/** In a quoted here-document nothing expands: the value goes in as text, its line breaks as spaces. */
function heredocLine(line: string, doc: Heredoc, resolve: Resolve): string {
  const out = line.replace(TAG, (whole, tag: string) => {
    const entry = resolve(tag);
    if (entry === null) return whole;
    return doc.quoted ? entry.value.replace(/[\r\n]/g, ' ') : `\${${entry.variable}}`;
  });
  // a value must never end the document early
  return out !== line && (doc.stripTabs ? out.replace(/^\t+/, '') : out) === doc.delimiter ? `${out} ` : out;
}
