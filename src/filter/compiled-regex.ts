/**
 * One filter regex (prefregex, failregex, ignoreregex or a line-shape part) compiled to a JS RegExp:
 * fail2ban tags expanded, Python syntax translated, group roles (failure id, alt_/tuple_, skiplines) known.
 */
import { FilterError, type ConfigPlace } from '../core/errors.js';
import { firstOfSeq } from './py-regex-first.js';
import { parsePyRegex } from './py-regex-parse.js';
import { pyGroupDict, translatePyRegex, type TranslatedRegex } from './py-regex.js';
import { expandRegexTags } from './regex-tags.js';
import { anchoredPrefix, requiredLiteralSet, unnameGroups } from './required-literals.js';

/** Groups that can identify a failure (fail2ban's FAILURE_ID_PRESENTS). */
const FAILURE_ID_GROUPS = ['fid', 'ip4', 'ip6', 'dns', 'mlfid'];
const COMPLEX_NAME = /^(alt_|tuple_)(.*?)(?:_\d+)?$/;
const TAG_MAP: Record<string, string> = { id: 'fid', port: 'fport' };

export type UseDns = 'yes' | 'no' | 'warn' | 'raw';

export interface RegexContext {
  readonly filter: string;
  readonly usedns: UseDns;
  readonly multiline: boolean;
}

export interface CompiledRegex {
  /** As written in the config, for display. */
  readonly original: string;
  readonly re: RegExp;
  readonly translated: TranslatedRegex;
  readonly groupNames: readonly string[];
  readonly hasFailureId: boolean;
  /**
   * Literals one of which every match contains: cheap indexOf before the regex. Null if unknown, and
   * for regexes anchored on a literal first character (`^Registration`): those fail faster alone.
   */
  readonly literals: readonly string[] | null;
  /** `skiplinesN` groups, in order. */
  readonly skipGroups: readonly string[];
  /** [groupName, targetName] for alt_ groups, sorted by group name. */
  readonly altGroups: readonly (readonly [string, string])[];
  readonly tupleGroups: readonly (readonly [string, string])[];
  /** True when every Python group is the JS group of the same name (no aliases, no unrolled loops). */
  readonly plainGroups: boolean;
  /** Text every match starts with (`^Registration from`): checked before the regex runs; '' if none. */
  readonly prefix: string;
  /** What execRegex runs: `re`, or for plain groups `re` with unnamed groups (no groups object per match). */
  readonly run: RegExp;
  /** For plain groups: each Python group's number in `run`, read as m[number]; else null (read m.groups). */
  readonly groupNumbers: Readonly<Record<string, number>> | null;
  /** groupNumbers in the order of groupNames (null with it). */
  readonly groupSlots: readonly number[] | null;
  /** Which first characters a match of a `^` regex can start with; learnt on first use. */
  readonly starts: StartChars;
}

/**
 * `pattern` (the expanded Python source) until the first run learns `table`: by char code (< 128),
 * index 128 for any other, 1 where a match may start. Null table: no such check (not `^`, nullable,
 * unknown, or a `prefix` already checks the first character).
 */
export interface StartChars {
  pattern: string | null;
  readonly multiline: boolean;
  table: Uint8Array | null;
}

export type Groups = Record<string, string | undefined>;

/** Compile one regex; errors name the filter, the regex, the construct and (when given) the config place. */
export function compileRegex(original: string, ctx: RegexContext, place?: ConfigPlace): CompiledRegex {
  if (original.trim() === '') throw new FilterError('ERR_FILTER_REGEX', ctx.filter, original, 'empty regex', place);
  let translated: TranslatedRegex;
  let expanded: string;
  try {
    expanded = expandRegexTags(original, { usedns: ctx.usedns, multiline: ctx.multiline });
    translated = translatePyRegex(expanded, { multiline: ctx.multiline });
  } catch (err) {
    const code = (err as { code?: string }).code === 'ERR_FILTER_UNSUPPORTED' ? 'ERR_FILTER_UNSUPPORTED' : 'ERR_FILTER_REGEX';
    throw new FilterError(code, ctx.filter, original, (err as Error).message, place);
  }
  let re: RegExp;
  try {
    re = new RegExp(translated.source, translated.flags);
  } catch (err) {
    throw new FilterError('ERR_FILTER_REGEX', ctx.filter, original, `cannot compile: ${(err as Error).message}`, place);
  }
  const groupNames = translated.groupNames;
  const plainGroups = translated.loopTails.length === 0 && groupNames.every((g) => {
    const aliases = translated.groupAliases[g];
    return aliases !== undefined && aliases.length === 1 && aliases[0] === g;
  });
  const unnamed = plainGroups ? unnameGroups(translated.source) : null;
  const prefix = anchoredPrefix(re);
  return {
    original,
    re,
    translated,
    groupNames,
    hasFailureId: groupNames.some((g) => FAILURE_ID_GROUPS.includes(g)),
    literals: failsAtFirstChar(re) ? null : requiredLiteralSet(re),
    skipGroups: groupNames.filter((g) => /^skiplines\d+$/.test(g)).sort(),
    altGroups: complexGroups(groupNames, 'alt_'),
    tupleGroups: complexGroups(groupNames, 'tuple_'),
    plainGroups,
    prefix,
    run: unnamed === null ? re : new RegExp(unnamed.source, translated.flags),
    groupNumbers: unnamed === null ? null : unnamed.numbers,
    groupSlots: unnamed === null ? null : groupNames.map((g) => unnamed.numbers[g]),
    starts: { pattern: prefix === '' && re.source[0] === '^' ? expanded : null, multiline: ctx.multiline, table: null },
  };
}

/** Learns `starts.table` from the Python pattern: `^` (not MULTILINE) then a sequence of known first characters. */
function learnStarts(starts: StartChars): void {
  const pattern = starts.pattern as string;
  starts.pattern = null;
  let body;
  try {
    body = parsePyRegex(pattern, starts.multiline).body;
  } catch {
    return; // cannot happen: the pattern was translated before
  }
  const seq = body.length === 1 ? body[0] : [];
  const head = seq[0];
  if (head === undefined || head.kind !== 'assert' || (head.at !== 'bol' && head.at !== 'start')) return;
  const first = firstOfSeq(seq.slice(1));
  if (first === null || first.nullable) return;
  const table = new Uint8Array(129);
  for (const { lo, hi } of first.ranges) {
    for (let c = lo; c <= hi && c < 128; c++) table[c] = 1;
    if (hi >= 128) table[128] = 1;
  }
  starts.table = table;
}

/** `^` then a plain, unquantified character: a non-matching text fails on its first character. */
function failsAtFirstChar(re: RegExp): boolean {
  const src = re.source;
  return !re.multiline && src[0] === '^' && src.length > 2 && !'([\\.^$|)?*+{'.includes(src[1]) && !'?*+{'.includes(src[2]);
}

function complexGroups(names: readonly string[], prefix: string): (readonly [string, string])[] {
  const out: [string, string][] = [];
  for (const name of names) {
    const m = COMPLEX_NAME.exec(name);
    if (m && m[1] === prefix) out.push([name, TAG_MAP[m[2].toLowerCase()] ?? m[2].toLowerCase()]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** False when `text` cannot match: wrong first characters or none of the required literals. */
function mayMatch(cr: CompiledRegex, text: string): boolean {
  const prefix = cr.prefix;
  if (prefix !== '') {
    const last = prefix.length - 1; // first and last character before the whole prefix
    if (text.charCodeAt(0) !== prefix.charCodeAt(0) || text.charCodeAt(last) !== prefix.charCodeAt(last)) return false;
    if (!text.startsWith(prefix)) return false;
  }
  const starts = cr.starts;
  if (starts.pattern !== null) learnStarts(starts);
  const table = starts.table;
  if (table !== null) {
    const c = text.charCodeAt(0);
    if (table[c < 128 ? c : 128] === 0) return false;
  }
  const lits = cr.literals;
  if (lits !== null) {
    let i = 0;
    while (i < lits.length && text.indexOf(lits[i]) < 0) i++;
    if (i === lits.length) return false;
  }
  return true;
}

/** Run the regex on `text`, skipping the run when its required literal is absent. */
export function execRegex(cr: CompiledRegex, text: string): RegExpExecArray | null {
  return mayMatch(cr, text) ? cr.run.exec(text) : null;
}

const LINE_TAIL = '([^\\n]+)(?=\\n?$)';

/**
 * The number (in `run`) of a final `([^\n]+)(?=\n?$)` group, or -1. On a text ending in '\n' that
 * group, when set, ends right before that last '\n': its value plus '\n' is the text's tail.
 */
export function lineTailGroup(cr: CompiledRegex): number {
  const source = cr.run.source;
  if (cr.run.multiline || !source.endsWith(LINE_TAIL)) return -1;
  const starts = captureStarts(source);
  return starts[starts.length - 1] === source.length - LINE_TAIL.length ? starts.length : -1;
}

/** Where the capturing groups of a valid `u` regex source open, in group-number order (no compiling). */
export function captureStarts(source: string): number[] {
  const out: number[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(' && (source[i + 1] !== '?' || (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!'))) {
      out.push(i);
    }
  }
  return out;
}

/**
 * For a regex whose only group is its line tail (lineTailGroup 1): the regex with that group replaced
 * by `(?=[^\n])`, global so that lastIndex tells where the group starts. Null otherwise.
 */
export function lineTailHead(cr: CompiledRegex): RegExp | null {
  if (lineTailGroup(cr) !== 1) return null;
  try {
    return new RegExp(`${cr.run.source.slice(0, -LINE_TAIL.length)}(?=[^\\n])`, `${cr.run.flags}g`);
  } catch {
    return null; // e.g. a back-reference to the group
  }
}

/**
 * Where the line-tail group of a match of `cr` on `text` starts, or -1 for no match; `head` is
 * lineTailHead(cr). `text` must hold one '\n', at its end: then, after any way the rest matches, the
 * group matches (up to that '\n') exactly when a character other than '\n' follows, as `head` asks.
 */
export function lineTailStart(cr: CompiledRegex, head: RegExp, text: string): number {
  if (!mayMatch(cr, text)) return -1;
  head.lastIndex = 0;
  return head.test(text) ? head.lastIndex : -1;
}

/** The value of Python group `name` in a match of execRegex (plain groups only, see groupNumbers). */
export function groupValue(cr: CompiledRegex, m: RegExpExecArray, name: string): string | undefined {
  const numbers = cr.groupNumbers;
  if (numbers === null) return (m.groups ?? {})[name];
  const n = numbers[name];
  return n === undefined ? undefined : m[n];
}

/**
 * Add the named groups a match captured (Python's groupdict() without the None values) to `into`,
 * with alt_ values merged and tuple_ values combined as fail2ban does.
 */
export function collectGroups(cr: CompiledRegex, m: RegExpExecArray, into: Record<string, string>): void {
  const slots = cr.groupSlots;
  const names = cr.groupNames;
  if (slots !== null) {
    for (let i = 0; i < slots.length; i++) {
      const v = m[slots[i]];
      if (v !== undefined) into[names[i]] = v;
    }
  } else {
    const groups: Groups = cr.plainGroups ? (m.groups ?? {}) : pyGroupDict(m, cr.translated);
    for (const name of cr.groupNames) {
      const v = groups[name];
      if (v !== undefined) into[name] = v;
    }
  }
  if (cr.altGroups.length === 0 && cr.tupleGroups.length === 0) return;
  for (const [name, target] of cr.altGroups) {
    const v = into[name];
    if (v && !into[target]) into[target] = v;
  }
  for (const [name, target] of cr.tupleGroups) {
    const parts = [into[target], into[name]].filter((x): x is string => x !== undefined);
    into[target] = parts.join(' ');
  }
}

/** Lines captured by `<SKIPLINES>` groups (not part of the matched lines). */
export function skippedLines(cr: CompiledRegex, m: RegExpExecArray): string[] {
  if (cr.skipGroups.length === 0) return [];
  let text = '';
  const groups = cr.groupNumbers === null ? pyGroupDict(m, cr.translated) : null;
  for (const g of cr.skipGroups) text += (groups === null ? groupValue(cr, m, g) : groups[g]) ?? '';
  return text.split(/\r\n|\n|\r/).filter((_, i, arr) => i < arr.length - 1 || arr[i] !== '');
}
