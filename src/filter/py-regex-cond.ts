/**
 * Removes what JS cannot test, "is group N set?": conditionals `(?(N)yes|no)` and back-references
 * to a group that may not have matched (Python fails them, JS matches empty). The pattern is split
 * at each choice that decides such a group into alternatives in which the answer is known, keeping
 * Python's order of trying alternatives; shapes where that order cannot be kept are refused.
 */
import { UnsupportedRegexError, type Alternation, type Node, type ParsedPattern } from './py-regex-ast.js';
import { deterministic, groupsIn, walk } from './py-regex-analyze.js';

/** A specialised form of a piece of pattern and the relevant groups set after it (bit mask). */
interface Variant {
  readonly nodes: Node[];
  readonly out: number;
}

interface Spec {
  readonly bits: ReadonlyMap<number, number>;
  readonly refs: WeakMap<Node, number>;
  readonly sets: WeakMap<Node, number>;
  budget: number;
}

const MAX_VARIANTS = 256;

/** Returns the pattern body with every conditional resolved (or the body itself when there is none). */
export function resolveConditionals(pattern: ParsedPattern): Alternation {
  const relevant = relevantGroups(pattern.body);
  if (relevant.length === 0) return pattern.body;
  if (relevant.length > 30) throw new UnsupportedRegexError('(?(...)...)', 0, 'too many conditional groups');
  const spec: Spec = { bits: new Map(relevant.map((g, k) => [g, 1 << k])), refs: new WeakMap(), sets: new WeakMap(), budget: MAX_VARIANTS };
  const [only] = specAlt(spec, pattern.body, 0, 0);
  const top = only.nodes.length === 1 ? only.nodes[0] : null;
  const body = top !== null && top.kind === 'group' && top.group === null ? top.body : [only.nodes];
  return pruneFailures(body);
}

/** Groups tested by a conditional, or back-referenced where they may be unset. */
function relevantGroups(body: Alternation): number[] {
  const out = new Set<number>();
  walk(body, (node) => {
    if (node.kind === 'cond') out.add(node.group);
  });
  altSet(body, new Set(), (group, isSet) => {
    if (!isSet) out.add(group);
  });
  return [...out].sort((a, b) => a - b);
}

type OnRef = (group: number, isSet: boolean) => void;

function altSet(alt: Alternation, before: ReadonlySet<number>, onRef: OnRef): Set<number> {
  const outs = alt.map((seq) => seqSet(seq, before, onRef));
  return new Set([...outs[0]].filter((g) => outs.every((s) => s.has(g))));
}

function seqSet(seq: readonly Node[], before: ReadonlySet<number>, onRef: OnRef): Set<number> {
  let set = new Set(before);
  for (const node of seq) set = nodeSet(node, set, onRef);
  return set;
}

/** Groups certainly set after `node`, reporting each back-reference with whether its group is. */
function nodeSet(node: Node, before: Set<number>, onRef: OnRef): Set<number> {
  switch (node.kind) {
    case 'group': {
      const after = altSet(node.body, before, onRef);
      if (node.group !== null) after.add(node.group);
      return after;
    }
    case 'atomic':
      return altSet(node.body, before, onRef);
    case 'look': {
      const after = altSet(node.body, before, onRef);
      return node.negate ? before : after;
    }
    case 'repeat': {
      const after = nodeSet(node.body, before, onRef);
      return node.min > 0 ? after : before;
    }
    case 'cond':
      return altSet(node.no === null ? [node.yes, []] : [node.yes, node.no], before, onRef);
    case 'backref':
      onRef(node.group, before.has(node.group));
      return before;
    default:
      return before;
  }
}

function bitOf(spec: Spec, group: number | null): number {
  return group === null ? 0 : (spec.bits.get(group) ?? 0);
}

/** Relevant groups a node tests (conditionals, back-references). */
function refsOf(spec: Spec, node: Node): number {
  let mask = spec.refs.get(node);
  if (mask === undefined) {
    mask = 0;
    walk([[node]], (n) => {
      if (n.kind === 'cond' || n.kind === 'backref') mask = (mask as number) | bitOf(spec, n.group);
    });
    spec.refs.set(node, mask);
  }
  return mask;
}

/** Relevant groups a node may set. */
function setsOf(spec: Spec, node: Node): number {
  let mask = spec.sets.get(node);
  if (mask === undefined) {
    mask = groupsIn(node).reduce((m, g) => m | bitOf(spec, g), 0);
    spec.sets.set(node, mask);
  }
  return mask;
}

function specAlt(spec: Spec, alt: Alternation, state: number, need: number): Variant[] {
  return mergeAdjacent(alt.flatMap((seq) => specSeq(spec, seq, 0, state, need)));
}

function specSeq(spec: Spec, seq: readonly Node[], j: number, state: number, need: number): Variant[] {
  if (j === seq.length) return [{ nodes: [], out: state & need }];
  let needHere = need;
  for (let k = j + 1; k < seq.length; k++) needHere |= refsOf(spec, seq[k]);
  const result: Variant[] = [];
  for (const head of specNode(spec, seq[j], state, needHere)) {
    const rest = specSeq(spec, seq, j + 1, head.out, need);
    if (rest.length > 1 && !head.nodes.every(deterministic)) {
      throw new UnsupportedRegexError('(?(...)...)', seq[j].pos, 'a group tested later is decided inside a group, after a part that can match in several ways');
    }
    for (const tail of rest) result.push({ nodes: [...head.nodes, ...tail.nodes], out: tail.out });
  }
  spec.budget -= result.length;
  if (spec.budget < 0) throw new UnsupportedRegexError('(?(...)...)', seq[j].pos, 'too many alternatives after resolving conditionals');
  return mergeAdjacent(result);
}

function specNode(spec: Spec, node: Node, state: number, need: number): Variant[] {
  const unchanged = (): Variant[] => [{ nodes: [node], out: state & need }];
  if (refsOf(spec, node) === 0 && (setsOf(spec, node) & need) === 0) return unchanged();
  switch (node.kind) {
    case 'backref':
      return [{ nodes: [state & bitOf(spec, node.group) ? node : { kind: 'fail', pos: node.pos }], out: state & need }];
    case 'cond': {
      const branch = state & bitOf(spec, node.group) ? node.yes : (node.no ?? []);
      return specSeq(spec, branch, 0, state, need);
    }
    case 'group':
      return specAlt(spec, node.body, state, need).map((v) => ({
        nodes: node.group === null ? v.nodes : [{ ...node, body: [v.nodes] }],
        out: (v.out | bitOf(spec, node.group)) & need,
      }));
    case 'look':
    case 'atomic':
      return specAtomic(spec, node, state, need);
    case 'repeat':
      return node.max <= 1 ? specOptional(spec, node, state, need) : specLoop(spec, node, state, need);
    default:
      return unchanged();
  }
}

/** Look-arounds and atomic groups never backtrack, so a choice inside them cannot be split. */
function specAtomic(spec: Spec, node: Node & { kind: 'look' | 'atomic' }, state: number, need: number): Variant[] {
  const negative = node.kind === 'look' && node.negate;
  const inner = specAlt(spec, node.body, state, negative ? 0 : need);
  if (inner.length > 1) throw new UnsupportedRegexError('(?(...)...)', node.pos, 'a group tested later is decided inside a look-around or atomic group');
  const rebuilt: Node = { ...node, body: [inner[0].nodes] };
  return [{ nodes: [rebuilt], out: negative ? state & need : inner[0].out }];
}

/** `X?` is `(?:X|)` and `X??` is `(?:|X)` in Python: split into the taken and the skipped case. */
function specOptional(spec: Spec, node: Node & { kind: 'repeat' }, state: number, need: number): Variant[] {
  const skipped: Variant = { nodes: [], out: state & need };
  if (node.max === 0) return [skipped];
  const taken = specNode(spec, node.body, state, need);
  if (node.min === 1) return taken;
  if (node.mode === 'possessive') {
    if (taken.length > 1 || (setsOf(spec, node.body) & need) !== 0) {
      throw new UnsupportedRegexError('(?(...)...)', node.pos, 'a group tested later is decided inside a possessive quantifier');
    }
    return [{ nodes: [{ ...node, body: wrap(node.body.pos, taken[0].nodes) }], out: state & need }];
  }
  return node.mode === 'lazy' ? [skipped, ...taken] : [...taken, skipped];
}

/** Loops: the tested groups must be set outside, or set on every iteration. */
function specLoop(spec: Spec, node: Node & { kind: 'repeat' }, state: number, need: number): Variant[] {
  const refs = refsOf(spec, node.body);
  const sets = setsOf(spec, node.body);
  if ((refs & sets) !== 0) throw new UnsupportedRegexError('(?(...)...)', node.pos, 'a repeated part tests a group it sets itself');
  const inner = specNode(spec, node.body, state, need | refs);
  if (inner.length > 1) throw new UnsupportedRegexError('(?(...)...)', node.pos, 'a group tested later is set on some repetitions only');
  const loop = { ...node, body: wrap(node.body.pos, inner[0].nodes) };
  if ((sets & need) === 0 || node.min > 0) return [{ nodes: [loop], out: (node.min > 0 ? inner[0].out : state) & need }];
  if (node.mode === 'possessive') throw new UnsupportedRegexError('(?(...)...)', node.pos, 'a group tested later is set inside a possessive quantifier');
  const once: Variant = { nodes: [{ ...loop, min: 1 }], out: inner[0].out & need };
  const none: Variant = { nodes: [], out: state & need };
  return node.mode === 'lazy' ? [none, once] : [once, none];
}

function wrap(pos: number, nodes: Node[]): Node {
  return nodes.length === 1 ? nodes[0] : { kind: 'group', pos, group: null, body: [nodes] };
}

/** Joins neighbouring variants that end in the same state into one alternation. */
function mergeAdjacent(variants: Variant[]): Variant[] {
  const out: { branches: Node[][]; out: number }[] = [];
  for (const v of variants) {
    const last = out[out.length - 1];
    if (last !== undefined && last.out === v.out) last.branches.push(v.nodes);
    else out.push({ branches: [v.nodes], out: v.out });
  }
  return out.map(({ branches, out: state }) => ({
    nodes: branches.length === 1 ? branches[0] : [{ kind: 'group', pos: branches[0][0]?.pos ?? 0, group: null, body: branches }],
    out: state,
  }));
}

/** Drops alternatives that contain a never-matching node directly (not inside a look-around). */
function pruneFailures(alt: Alternation): Alternation {
  const kept = alt.map((seq) => seq.map(pruneNode)).filter((seq) => !seq.some((n) => n.kind === 'fail'));
  return kept.length > 0 ? kept : [[{ kind: 'fail', pos: 0 }]];
}

function isFail(alt: Alternation): boolean {
  return alt.length === 1 && alt[0].length === 1 && alt[0][0].kind === 'fail';
}

function pruneNode(node: Node): Node {
  if (node.kind === 'group' || node.kind === 'atomic' || node.kind === 'look') {
    const body = pruneFailures(node.body);
    if (isFail(body) && !(node.kind === 'look' && node.negate)) return { kind: 'fail', pos: node.pos };
    return { ...node, body };
  }
  if (node.kind === 'repeat') {
    const body = pruneNode(node.body);
    if (body.kind !== 'fail') return { ...node, body };
    return node.min === 0 ? { kind: 'group', pos: node.pos, group: null, body: [[]] } : body;
  }
  return node;
}
