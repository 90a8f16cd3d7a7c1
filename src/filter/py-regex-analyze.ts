/**
 * Static facts about parsed Python patterns that decide whether a construct behaves the same in
 * JS: can a node match empty, is a group always set by a node, can a node match in only one way.
 */
import type { Alternation, Node } from './py-regex-ast.js';

/** Calls `visit` on every node of the tree (children after parents). */
export function walk(alt: Alternation, visit: (node: Node) => void): void {
  for (const seq of alt) for (const node of seq) walkNode(node, visit);
}

function walkNode(node: Node, visit: (node: Node) => void): void {
  visit(node);
  switch (node.kind) {
    case 'group':
    case 'look':
    case 'atomic':
      walk(node.body, visit);
      return;
    case 'repeat':
      walkNode(node.body, visit);
      return;
    case 'cond':
      walk(node.no === null ? [node.yes] : [node.yes, node.no], visit);
      return;
    default:
      return;
  }
}

/** Can the node match the empty string (back-references count as possibly empty)? */
export function nullable(node: Node): boolean {
  switch (node.kind) {
    case 'char':
    case 'set':
    case 'any':
    case 'cat':
      return false;
    case 'group':
    case 'atomic':
      return node.body.some(seqNullable);
    case 'repeat':
      return node.min === 0 || nullable(node.body);
    case 'cond':
      return seqNullable(node.yes) || node.no === null || seqNullable(node.no);
    default:
      return true;
  }
}

export function seqNullable(seq: readonly Node[]): boolean {
  return seq.every(nullable);
}

/** Does every successful match of the node set capture group `group`? */
export function alwaysSets(node: Node, group: number): boolean {
  switch (node.kind) {
    case 'group':
      return node.group === group || node.body.every((seq) => seqAlwaysSets(seq, group));
    case 'atomic':
      return node.body.every((seq) => seqAlwaysSets(seq, group));
    case 'look':
      return !node.negate && node.body.every((seq) => seqAlwaysSets(seq, group));
    case 'repeat':
      return node.min > 0 && alwaysSets(node.body, group);
    case 'cond':
      return seqAlwaysSets(node.yes, group) && node.no !== null && seqAlwaysSets(node.no, group);
    default:
      return false;
  }
}

export function seqAlwaysSets(seq: readonly Node[], group: number): boolean {
  return seq.some((node) => alwaysSets(node, group));
}

/** Capture group numbers defined inside the node (including the node itself). */
export function groupsIn(node: Node): number[] {
  const out: number[] = [];
  walkNode(node, (n) => {
    if (n.kind === 'group' && n.group !== null) out.push(n.group);
  });
  return out;
}

/**
 * True when the node can match in at most one way from a given position (no choice to backtrack
 * into), so the pattern before it may be copied into several alternatives without changing which
 * match is found first.
 */
export function deterministic(node: Node): boolean {
  switch (node.kind) {
    case 'group':
      return node.body.length === 1 && node.body[0].every(deterministic);
    case 'repeat':
      return node.mode === 'possessive' || (node.min === node.max && deterministic(node.body));
    case 'cond':
      return false;
    default:
      return true;
  }
}

/**
 * True when a repeated body could choose an empty iteration while a non-empty one is possible:
 * Python and JS treat such empty iterations differently, so the match found could differ.
 */
export function mayPreferEmpty(node: Node): boolean {
  let found = false;
  walkNode(node, (n) => {
    if (n.kind === 'repeat' && n.mode === 'lazy' && n.min === 0) found = true;
    if ((n.kind === 'group' || n.kind === 'atomic') && n.body.slice(0, -1).some(seqNullable)) found = true;
    if (n.kind === 'cond') found = true;
  });
  return found;
}
