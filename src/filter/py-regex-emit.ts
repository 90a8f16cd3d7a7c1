/**
 * Writes a resolved Python pattern tree as JS RegExp source for the `u` flag (no `i`/`m`/`s`: every
 * flag effect is explicit), refusing loop shapes where JS and Python captures or matches differ.
 */
import { INF, UnsupportedRegexError, type Alternation, type AssertKind, type GroupInfo, type Node } from './py-regex-ast.js';
import { alwaysSets, groupsIn, mayPreferEmpty, nullable, walk } from './py-regex-analyze.js';
import { emitCategory, emitChar, emitSet, UNICODE_WORD, type Piece } from './py-regex-charset.js';
import { firstOfSeq, rangesIntersect } from './py-regex-first.js';

export interface Emitted {
  readonly source: string;
  /** Python group number -> JS group names holding its value (several when the group was copied). */
  readonly aliases: ReadonlyMap<number, readonly string[]>;
  /** Hidden groups holding repetitions beyond the unrolled ones; non-empty means "re-run deeper". */
  readonly loopTails: readonly string[];
}

interface Ctx {
  readonly groups: readonly GroupInfo[];
  /** Groups whose value matters: named ones and numbered ones used by back-references. */
  readonly exposed: ReadonlySet<number>;
  readonly aliases: Map<number, string[]>;
  readonly baseNames: Map<number, string>;
  /** How many repetitions of a loop with optional groups are written out one by one. */
  readonly unrollDepth: number;
  readonly loopTails: string[];
  atomics: number;
}

const MAX_COUNT = 0x7fffffff;
const NON_EMPTY = '(?:(?=[^])|(?<=[^]))';

export function emitPattern(body: Alternation, groups: readonly GroupInfo[], unrollDepth: number): Emitted {
  const exposed = new Set(groups.filter((g) => g.name !== null).map((g) => g.index));
  walk(body, (node) => {
    if (node.kind === 'backref') exposed.add(node.group);
  });
  const ctx: Ctx = { groups, exposed, aliases: new Map(), baseNames: new Map(), unrollDepth, loopTails: [], atomics: 0 };
  return { source: emitAlt(ctx, body), aliases: ctx.aliases, loopTails: ctx.loopTails };
}

function emitAlt(ctx: Ctx, alt: Alternation): string {
  return alt.map((seq) => emitSeq(ctx, seq)).join('|');
}

function emitSeq(ctx: Ctx, seq: readonly Node[]): string {
  let out = '';
  seq.forEach((node, k) => {
    if (node.kind === 'group' && node.group === null && node.body.length === 1) out += emitSeq(ctx, node.body[0]);
    else if (node.kind === 'assert') out += emitAssert(node.at, node.ascii, seq[k - 1], seq[k + 1]);
    else out += emitNode(ctx, node, seq.slice(k + 1)).src;
  });
  return out;
}

/** `follow`: what comes right after the node in its sequence, when known (for loop checks). */
function emitNode(ctx: Ctx, node: Node, follow: readonly Node[] = []): Piece {
  switch (node.kind) {
    case 'char':
      return emitChar(node.cp, node.fold);
    case 'set':
      return emitSet(node.items, node.negate, node.fold, node.ascii);
    case 'cat':
      return emitCategory(node.cat, node.ascii);
    case 'any':
      return { src: node.dotall ? '[^]' : '[^\\n]', atom: true };
    case 'assert':
      return { src: emitAssert(node.at, node.ascii, undefined, undefined), atom: false };
    case 'group':
      return emitGroup(ctx, node.group, node.body);
    case 'look':
      return { src: `(?${node.behind ? '<' : ''}${node.negate ? '!' : '='}${emitAlt(ctx, node.body)})`, atom: false };
    case 'atomic':
      return atomic(ctx, emitAlt(ctx, node.body));
    case 'repeat':
      return emitRepeat(ctx, node, follow);
    case 'backref':
      return emitBackref(ctx, node.group, node.fold !== 'none', node.pos);
    case 'fail':
      return { src: '(?!)', atom: false };
    case 'cond':
      throw new Error('conditional left in pattern after resolution');
  }
}

function emitGroup(ctx: Ctx, group: number | null, body: Alternation): Piece {
  if (group === null || !ctx.exposed.has(group)) return { src: `(?:${emitAlt(ctx, body)})`, atom: true };
  const name = nextAlias(ctx, group);
  return { src: `(?<${name}>${emitAlt(ctx, body)})`, atom: true };
}

/** JS name of the next copy of a Python group: `name`, then `name$2`, ... (`$` is not valid in Python names). */
function nextAlias(ctx: Ctx, group: number): string {
  const list = ctx.aliases.get(group) ?? [];
  const base = baseName(ctx, group);
  const name = list.length === 0 ? base : `${base}$${list.length + 1}`;
  ctx.aliases.set(group, [...list, name]);
  return name;
}

function baseName(ctx: Ctx, group: number): string {
  let base = ctx.baseNames.get(group);
  if (base === undefined) {
    const pyName = ctx.groups[group - 1].name;
    base = pyName !== null && isJsGroupName(pyName) ? pyName : `$${group}`;
    ctx.baseNames.set(group, base);
  }
  return base;
}

function isJsGroupName(name: string): boolean {
  try {
    new RegExp(`(?<${name}>)`, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Atomic group `(?>X)` as `(?=(X))\k`: the look-ahead keeps its first match and never backtracks. */
function atomic(ctx: Ctx, inner: string): Piece {
  const name = `$a${++ctx.atomics}`;
  return { src: `(?=(?<${name}>${inner}))\\k<${name}>`, atom: false };
}

/** Python fails a reference to an unset group; the resolver has made every remaining one set. */
function emitBackref(ctx: Ctx, group: number, fold: boolean, pos: number): Piece {
  if (fold) throw new UnsupportedRegexError(`\\${group}`, pos, 'case-insensitive back-reference');
  const names = ctx.aliases.get(group) ?? [];
  if (names.length === 0) return { src: '(?!)', atom: false };
  const src = names.map((n) => `\\k<${n}>`).join('');
  return { src, atom: names.length === 1 };
}

function emitRepeat(ctx: Ctx, node: Node & { kind: 'repeat' }, follow: readonly Node[]): Piece {
  const { min, max, mode, body } = node;
  if (min > MAX_COUNT || (max !== INF && max > MAX_COUNT)) throw new UnsupportedRegexError('{m,n}', node.pos, 'repeat count too large');
  if (max === 1 && min === 0 && nullable(body)) return optionalNullable(ctx, node);
  if (max > 1 && loopNeedsUnrolling(ctx, node, follow)) return unrollLoop(ctx, node);
  const quantified = atomOf(emitNode(ctx, body)) + quantifier(min, max) + (mode === 'lazy' ? '?' : '');
  return mode === 'possessive' ? atomic(ctx, quantified) : { src: quantified, atom: false };
}

function atomOf(piece: Piece): string {
  return piece.atom ? piece.src : `(?:${piece.src})`;
}

/** JS skips an empty iteration of `X?` (so groups in X stay unset); Python takes it: use `(?:X|)`. */
function optionalNullable(ctx: Ctx, node: Node & { kind: 'repeat' }): Piece {
  const inner = emitNode(ctx, node.body).src;
  const alternation = node.mode === 'lazy' ? `|${inner}` : `${inner}|`;
  return node.mode === 'possessive' ? atomic(ctx, alternation) : { src: `(?:${alternation})`, atom: true };
}

/**
 * JS refuses empty iterations (Python takes one, then stops) and clears a loop's groups at each
 * iteration (Python keeps the last value). The first cannot be mirrored when it could change the
 * result; the second is mirrored by unrolling the loop (true when that is needed).
 */
function loopNeedsUnrolling(ctx: Ctx, node: Node & { kind: 'repeat' }, follow: readonly Node[]): boolean {
  const groups = groupsIn(node.body).filter((g) => ctx.exposed.has(g));
  if (nullable(node.body) && (groups.length > 0 || (mayPreferEmpty(node.body) && !exitIsClear(node, follow)))) {
    const shown = groups.length > 0 ? ` (group ${groupLabel(ctx, groups[0])})` : '';
    throw new UnsupportedRegexError(`repeat of a part that can match empty${shown}`, node.pos, 'Python and JS treat empty repetitions differently');
  }
  return groups.some((g) => !alwaysSets(node.body, g));
}

/**
 * Python ends a loop at an empty iteration of its body and tries what follows, where JS first tries
 * the body's other, non-empty ways. Harmless when what follows must start with a character the body
 * cannot start with: then at most one of the two can go on.
 */
function exitIsClear(node: Node & { kind: 'repeat' }, follow: readonly Node[]): boolean {
  const body = firstOfSeq([node.body]);
  const next = firstOfSeq(follow);
  return body !== null && next !== null && !next.nullable && !rangesIntersect(body.ranges, next.ranges);
}

/**
 * `X{m,n}` with groups set on some iterations only, written as nested copies `X(?:X(?:X...|)|)`:
 * same order of attempts, and each copy keeps its own groups, so the last one set is Python's value.
 * Repetitions beyond the unrolled copies go to a hidden tail group; when it is not empty the caller
 * re-runs a deeper translation (see pyGroupDict).
 */
function unrollLoop(ctx: Ctx, node: Node & { kind: 'repeat' }): Piece {
  const copies = Math.min(Math.max(node.min, ctx.unrollDepth), node.max);
  const build = (k: number): string => {
    if (k > copies) return node.max > copies ? tail(ctx, node, copies) : '';
    const body = atomOf(emitNode(ctx, node.body));
    const rest = build(k + 1);
    if (k <= node.min) return body + rest;
    return node.mode === 'lazy' ? `(?:|${body}${rest})` : `(?:${body}${rest}|)`;
  };
  const src = build(1);
  return node.mode === 'possessive' ? atomic(ctx, src) : { src: `(?:${src})`, atom: true };
}

function tail(ctx: Ctx, node: Node & { kind: 'repeat' }, done: number): string {
  const name = `$t${ctx.loopTails.length + 1}`;
  ctx.loopTails.push(name);
  const more = quantifier(0, node.max === INF ? INF : node.max - done) + (node.mode === 'lazy' ? '?' : '');
  return `(?<${name}>${atomOf(emitNode(ctx, node.body))}${more})`;
}

function groupLabel(ctx: Ctx, group: number): string {
  return ctx.groups[group - 1].name ?? String(group);
}

function quantifier(min: number, max: number): string {
  if (min === 0 && max === INF) return '*';
  if (min === 1 && max === INF) return '+';
  if (min === 0 && max === 1) return '?';
  if (max === INF) return `{${min},}`;
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

/**
 * `$` is "end, or before a final newline" in Python; MULTILINE `^`/`$` only know `\n`. Unicode `\b`
 * uses Python's `\w`, simplified to one look-around when a neighbouring literal decides one side.
 */
function emitAssert(at: AssertKind, ascii: boolean, prev: Node | undefined, next: Node | undefined): string {
  switch (at) {
    case 'bol':
    case 'start':
      return '^';
    case 'end':
      return '$';
    case 'eol':
      return '(?=\\n?$)';
    case 'bol-m':
      return '(?<![^\\n])';
    case 'eol-m':
      return '(?![^\\n])';
    case 'boundary':
      return ascii ? '\\b' : unicodeBoundary(prev, next);
    case 'non-boundary':
      return ascii ? `\\B${NON_EMPTY}` : `(?:(?<=${UNICODE_WORD})(?=${UNICODE_WORD})|(?<!${UNICODE_WORD})(?!${UNICODE_WORD})${NON_EMPTY})`;
  }
}

function unicodeBoundary(prev: Node | undefined, next: Node | undefined): string {
  const after = wordness(next);
  if (after !== null) return after ? `(?<!${UNICODE_WORD})` : `(?<=${UNICODE_WORD})`;
  const before = wordness(prev);
  if (before !== null) return before ? `(?!${UNICODE_WORD})` : `(?=${UNICODE_WORD})`;
  return `(?:(?<=${UNICODE_WORD})(?!${UNICODE_WORD})|(?<!${UNICODE_WORD})(?=${UNICODE_WORD}))`;
}

/** Whether a neighbouring node is certainly a word char (true), certainly not (false), or unknown. */
function wordness(node: Node | undefined): boolean | null {
  if (node === undefined || node.kind !== 'char' || (node.fold !== 'none' && node.cp > 0x7f)) return null;
  return /[\p{L}\p{N}_]/u.test(String.fromCodePoint(node.cp));
}
