/**
 * Parser for Python 3.11 `re` syntax (str patterns) into a flag-resolved tree. It follows
 * `re._parser` rule by rule, including its errors, plus fail2ban's `((?i)x)` -> `(?i:x)` rewrite.
 */
import {
  INF,
  PyRegexSyntaxError,
  type Alternation,
  type GroupInfo,
  type Node,
  type ParsedPattern,
} from './py-regex-ast.js';
import { readEscape, type Cursor } from './py-regex-escape.js';
import { applyGlobalFlags, applyScopedFlags, FLAG_LETTERS, foldOf, parseFlagLetters, type Flags } from './py-regex-flags.js';
import { readSet } from './py-regex-parse-set.js';
import { patternWidth } from './py-regex-width.js';

interface Ctx extends Cursor {
  flags: Flags;
  readonly groups: GroupInfo[];
  readonly names: Map<string, number>;
  readonly open: Set<number>;
  readonly groupBodies: Map<number, Alternation>;
  readonly forwardConds: { group: number; pos: number }[];
}

/** Python's `re.MAXREPEAT`; counts at or above it overflow. */
const MAXREPEAT = 4294967295;
/** fail2ban (failregex.py) turns `((?i)x)` and `(?:(?i)x)` into `(?i:x)` before compiling. */
const F2B_LOCAL_FLAGS = /\((?:\?:)?\(\?([a-z]+)\)/y;

/** Parses `src` as Python would compile it with `re.MULTILINE` when `multiline` is set. */
export function parsePyRegex(src: string, multiline: boolean): ParsedPattern {
  const ctx: Ctx = {
    src,
    pos: 0,
    flags: { i: false, m: multiline, s: false, a: false, u: false },
    groups: [],
    names: new Map(),
    open: new Set(),
    groupBodies: new Map(),
    forwardConds: [],
  };
  const body = parseAlternation(ctx, null, 0);
  if (ctx.pos < src.length) throw new PyRegexSyntaxError('unbalanced parenthesis', ctx.pos);
  if (ctx.flags.a && ctx.flags.u) throw new PyRegexSyntaxError('ASCII and UNICODE flags are incompatible', 0);
  for (const ref of ctx.forwardConds) {
    if (ref.group > ctx.groups.length) throw new PyRegexSyntaxError(`invalid group reference ${ref.group}`, ref.pos);
  }
  return { body, groups: ctx.groups };
}

/** `a|b|c`. `flags` null means the top level, whose flags may still be set by a leading `(?i)`. */
function parseAlternation(ctx: Ctx, flags: Flags | null, nested: number): Alternation {
  const branches: Node[][] = [];
  for (;;) {
    branches.push(parseSequence(ctx, flags ?? ctx.flags, nested === 0 && branches.length === 0));
    if (ctx.src[ctx.pos] !== '|') return branches;
    ctx.pos++;
  }
}

function parseSequence(ctx: Ctx, startFlags: Flags, first: boolean): Node[] {
  const items: Node[] = [];
  let flags = startFlags;
  for (;;) {
    const ch = ctx.src[ctx.pos];
    if (ch === undefined || ch === '|' || ch === ')') return items;
    const pos = ctx.pos;
    if (ch === '*' || ch === '+' || ch === '?' || ch === '{') {
      parseRepeat(ctx, items);
    } else if (ch === '(') {
      const result = parseParen(ctx, flags, first && items.length === 0);
      if (result === 'global') flags = ctx.flags;
      else if (result !== null) items.push(result);
    } else if (ch === '\\') {
      items.push(escapeNode(ctx, flags));
    } else if (ch === '[') {
      items.push(readSet(ctx, flags.a, foldOf(flags)));
    } else {
      ctx.pos++;
      items.push(simpleNode(ctx, ch, pos, flags));
    }
  }
}

function simpleNode(ctx: Ctx, ch: string, pos: number, flags: Flags): Node {
  if (ch === '.') return { kind: 'any', pos, dotall: flags.s };
  if (ch === '^') return { kind: 'assert', pos, at: flags.m ? 'bol-m' : 'bol', ascii: flags.a };
  if (ch === '$') return { kind: 'assert', pos, at: flags.m ? 'eol-m' : 'eol', ascii: flags.a };
  const cp = ctx.src.codePointAt(pos) as number;
  if (cp > 0xffff) ctx.pos++;
  return { kind: 'char', pos, cp, fold: foldOf(flags) };
}

function escapeNode(ctx: Ctx, flags: Flags): Node {
  const pos = ctx.pos;
  const esc = readEscape(ctx);
  switch (esc.kind) {
    case 'char':
      return { kind: 'char', pos, cp: esc.cp, fold: foldOf(flags) };
    case 'cat':
      return { kind: 'cat', pos, cat: esc.cat, ascii: flags.a };
    case 'assert':
      return { kind: 'assert', pos, at: esc.at, ascii: flags.a };
    case 'groupref':
      checkGroupRef(ctx, esc.group, pos);
      return { kind: 'backref', pos, group: esc.group, fold: foldOf(flags) };
  }
}

function checkGroupRef(ctx: Ctx, group: number, pos: number): void {
  if (group > ctx.groups.length) throw new PyRegexSyntaxError(`invalid group reference ${group}`, pos + 1);
  if (ctx.open.has(group)) throw new PyRegexSyntaxError('cannot refer to an open group', pos);
}

/** `*`, `+`, `?`, `{m,n}` (with Python's "literal `{`" fallback), then `?` (lazy) or `+` (possessive). */
function parseRepeat(ctx: Ctx, items: Node[]): void {
  const pos = ctx.pos;
  const ch = ctx.src[ctx.pos++];
  let min = 0;
  let max = INF;
  if (ch === '+') min = 1;
  else if (ch === '?') max = 1;
  else if (ch === '{') {
    const bounds = /^(\d*)(?:(,)(\d*))?\}/.exec(ctx.src.slice(ctx.pos));
    if (ctx.src[ctx.pos] === '}' || bounds === null) {
      items.push({ kind: 'char', pos, cp: 0x7b, fold: 'none' });
      return;
    }
    ctx.pos += bounds[0].length;
    min = bounds[1] === '' ? 0 : count(bounds[1], pos);
    max = bounds[2] === undefined ? min : bounds[3] === '' ? INF : count(bounds[3], pos);
    if (max < min) throw new PyRegexSyntaxError('min repeat greater than max repeat', pos + 1);
  }
  const last = items[items.length - 1];
  if (last === undefined || last.kind === 'assert') throw new PyRegexSyntaxError('nothing to repeat', pos);
  if (last.kind === 'repeat') throw new PyRegexSyntaxError('multiple repeat', pos);
  let mode: 'greedy' | 'lazy' | 'possessive' = 'greedy';
  if (ctx.src[ctx.pos] === '?') mode = 'lazy';
  else if (ctx.src[ctx.pos] === '+') mode = 'possessive';
  if (mode !== 'greedy') ctx.pos++;
  items[items.length - 1] = { kind: 'repeat', pos: last.pos, min, max, mode, body: last };
}

function count(digits: string, pos: number): number {
  const n = Number(digits);
  if (n >= MAXREPEAT) throw new PyRegexSyntaxError('the repetition number is too large', pos);
  return n;
}

/** Everything that starts with `(`. Returns null for comments, 'global' after leading global flags. */
function parseParen(ctx: Ctx, flags: Flags, atStart: boolean): Node | null | 'global' {
  const pos = ctx.pos;
  F2B_LOCAL_FLAGS.lastIndex = pos;
  const f2b = F2B_LOCAL_FLAGS.exec(ctx.src);
  if (f2b !== null) {
    ctx.pos = pos + f2b[0].length;
    const scoped = applyScopedFlags(flags, parseFlagLetters(f2b[1], null, pos));
    return { kind: 'group', pos, group: null, body: groupBody(ctx, scoped, pos) };
  }
  ctx.pos++;
  if (ctx.src[ctx.pos] !== '?') return captureGroup(ctx, flags, pos, null);
  ctx.pos++;
  const c = ctx.src[ctx.pos++];
  if (c === undefined) throw new PyRegexSyntaxError('unexpected end of pattern', ctx.pos);
  if (c === 'P') return pythonExtension(ctx, flags, pos);
  if (c === ':') return { kind: 'group', pos, group: null, body: groupBody(ctx, flags, pos) };
  if (c === '#') return skipComment(ctx, pos);
  if (c === '=' || c === '!') return lookaround(ctx, flags, pos, false, c === '!');
  if (c === '<') {
    const d = ctx.src[ctx.pos++];
    if (d !== '=' && d !== '!') throw new PyRegexSyntaxError(`unknown extension ?<${d ?? ''}`, pos + 1);
    return lookaround(ctx, flags, pos, true, d === '!');
  }
  if (c === '(') return conditional(ctx, flags, pos);
  if (c === '>') return { kind: 'atomic', pos, body: groupBody(ctx, flags, pos) };
  if (FLAG_LETTERS.includes(c) || c === '-') return inlineFlags(ctx, flags, pos, atStart);
  throw new PyRegexSyntaxError(`unknown extension ?${c}`, pos + 1);
}

function groupBody(ctx: Ctx, flags: Flags, start: number): Alternation {
  const body = parseAlternation(ctx, flags, 1);
  if (ctx.src[ctx.pos] !== ')') throw new PyRegexSyntaxError('missing ), unterminated subpattern', start);
  ctx.pos++;
  return body;
}

function captureGroup(ctx: Ctx, flags: Flags, pos: number, name: string | null): Node {
  const index = ctx.groups.length + 1;
  if (name !== null) {
    const was = ctx.names.get(name);
    if (was !== undefined) throw new PyRegexSyntaxError(`redefinition of group name '${name}' as group ${index}; was group ${was}`, pos);
    ctx.names.set(name, index);
  }
  ctx.groups.push({ index, name, pos });
  ctx.open.add(index);
  const body = groupBody(ctx, flags, pos);
  ctx.open.delete(index);
  ctx.groupBodies.set(index, body);
  return { kind: 'group', pos, group: index, body };
}

/** `(?P<name>...)` and `(?P=name)`. */
function pythonExtension(ctx: Ctx, flags: Flags, pos: number): Node {
  const c = ctx.src[ctx.pos++];
  if (c === '<') return captureGroup(ctx, flags, pos, readGroupName(ctx, '>'));
  if (c === '=') {
    const name = readGroupName(ctx, ')');
    const group = ctx.names.get(name);
    if (group === undefined) throw new PyRegexSyntaxError(`unknown group name '${name}'`, pos);
    if (ctx.open.has(group)) throw new PyRegexSyntaxError('cannot refer to an open group', pos);
    return { kind: 'backref', pos, group, fold: foldOf(flags) };
  }
  throw new PyRegexSyntaxError(`unknown extension ?P${c ?? ''}`, pos + 1);
}

function readGroupName(ctx: Ctx, terminator: string): string {
  const end = ctx.src.indexOf(terminator, ctx.pos);
  if (end < 0) throw new PyRegexSyntaxError(`missing ${terminator}, unterminated name`, ctx.pos);
  const name = ctx.src.slice(ctx.pos, end);
  if (name === '') throw new PyRegexSyntaxError('missing group name', ctx.pos);
  if (!isIdentifier(name)) throw new PyRegexSyntaxError(`bad character in group name '${name}'`, ctx.pos);
  ctx.pos = end + 1;
  return name;
}

/** Python's str.isidentifier(). */
export function isIdentifier(name: string): boolean {
  return /^[\p{XID_Start}_][\p{XID_Continue}]*$/u.test(name);
}

function skipComment(ctx: Ctx, pos: number): null {
  const end = ctx.src.indexOf(')', ctx.pos);
  if (end < 0) throw new PyRegexSyntaxError('missing ), unterminated comment', pos);
  ctx.pos = end + 1;
  return null;
}

function lookaround(ctx: Ctx, flags: Flags, pos: number, behind: boolean, negate: boolean): Node {
  const body = groupBody(ctx, flags, pos);
  if (behind) {
    const [lo, hi] = patternWidth(body, ctx.groupBodies);
    if (lo !== hi) throw new PyRegexSyntaxError('look-behind requires fixed-width pattern', pos);
  }
  return { kind: 'look', pos, behind, negate, body };
}

/** `(?(name)yes|no)` / `(?(1)yes|no)`: each branch is a single sequence, as in Python. */
function conditional(ctx: Ctx, flags: Flags, pos: number): Node {
  const end = ctx.src.indexOf(')', ctx.pos);
  if (end < 0) throw new PyRegexSyntaxError('missing ), unterminated name', ctx.pos);
  const ref = ctx.src.slice(ctx.pos, end);
  if (ref === '') throw new PyRegexSyntaxError('missing group name', ctx.pos);
  let group: number;
  if (isIdentifier(ref)) {
    const known = ctx.names.get(ref);
    if (known === undefined) throw new PyRegexSyntaxError(`unknown group name '${ref}'`, ctx.pos);
    group = known;
  } else {
    if (!/^[0-9]+$/.test(ref)) throw new PyRegexSyntaxError(`bad character in group name '${ref}'`, ctx.pos);
    group = Number(ref);
    if (group === 0) throw new PyRegexSyntaxError('bad group number', ctx.pos);
    ctx.forwardConds.push({ group, pos: ctx.pos });
  }
  ctx.pos = end + 1;
  const yes = parseSequence(ctx, flags, false);
  let no: Node[] | null = null;
  if (ctx.src[ctx.pos] === '|') {
    ctx.pos++;
    no = parseSequence(ctx, flags, false);
    if (ctx.src[ctx.pos] === '|') throw new PyRegexSyntaxError('conditional backref with more than two branches', ctx.pos);
  }
  if (ctx.src[ctx.pos] !== ')') throw new PyRegexSyntaxError('missing ), unterminated subpattern', pos);
  ctx.pos++;
  return { kind: 'cond', pos, group, yes, no };
}

/** `(?aiLmsux)` (global, only at the very start) or `(?aiLmsux-imsx:...)` (scoped). */
function inlineFlags(ctx: Ctx, flags: Flags, pos: number, atStart: boolean): Node | 'global' {
  const m = /^([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])?/.exec(ctx.src.slice(ctx.pos - 1)) as RegExpExecArray;
  if (m[3] === undefined) throw new PyRegexSyntaxError('missing -, : or )', pos);
  ctx.pos += m[0].length - 1;
  const change = parseFlagLetters(m[1], m[2] ?? null, pos);
  if (m[3] === ')') {
    if (m[2] !== undefined) throw new PyRegexSyntaxError('missing :', pos);
    if (!atStart) throw new PyRegexSyntaxError('global flags not at the start of the expression', pos);
    ctx.flags = applyGlobalFlags(ctx.flags, change.add, pos);
    return 'global';
  }
  return { kind: 'group', pos, group: null, body: groupBody(ctx, applyScopedFlags(flags, change), pos) };
}
