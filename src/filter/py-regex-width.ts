/**
 * Minimum and maximum match length of a pattern, computed like Python's `getwidth()`; used for
 * Python's rule that a look-behind must have a fixed width.
 */
import { INF, type Alternation, type Node } from './py-regex-ast.js';

export type Width = readonly [number, number];

export function patternWidth(alt: Alternation, groupBodies: ReadonlyMap<number, Alternation>): Width {
  let lo = INF;
  let hi = 0;
  for (const seq of alt) {
    const [l, h] = sequenceWidth(seq, groupBodies);
    lo = Math.min(lo, l);
    hi = Math.max(hi, h);
  }
  return [lo === INF ? 0 : lo, hi];
}

function sequenceWidth(seq: readonly Node[], groupBodies: ReadonlyMap<number, Alternation>): Width {
  let lo = 0;
  let hi = 0;
  for (const node of seq) {
    const [l, h] = nodeWidth(node, groupBodies);
    lo += l;
    hi += h;
  }
  return [lo, hi];
}

function nodeWidth(node: Node, groupBodies: ReadonlyMap<number, Alternation>): Width {
  switch (node.kind) {
    case 'char':
    case 'set':
    case 'any':
    case 'cat':
      return [1, 1];
    case 'assert':
    case 'look':
    case 'fail':
      return [0, 0];
    case 'group':
    case 'atomic':
      return patternWidth(node.body, groupBodies);
    case 'repeat': {
      const [l, h] = nodeWidth(node.body, groupBodies);
      return [l * node.min, h === 0 ? 0 : h * node.max];
    }
    case 'backref': {
      const body = groupBodies.get(node.group);
      return body === undefined ? [0, INF] : patternWidth(body, groupBodies);
    }
    case 'cond': {
      const yes = sequenceWidth(node.yes, groupBodies);
      const no = node.no === null ? ([0, 0] as const) : sequenceWidth(node.no, groupBodies);
      return [Math.min(yes[0], no[0]), Math.max(yes[1], no[1])];
    }
  }
}
