/**
 * First characters a pattern piece can start with, as code point ranges (null when not known).
 * Used to prove that Python's and JS's different handling of empty loop iterations cannot matter.
 */
import type { Node } from './py-regex-ast.js';
import { closeRanges, mergeRanges, type Range } from './py-regex-case.js';
import { complement } from './py-regex-charset.js';

export interface FirstSet {
  readonly ranges: readonly Range[];
  /** The piece can also match the empty string. */
  readonly nullable: boolean;
}

export function firstOfSeq(seq: readonly Node[]): FirstSet | null {
  const ranges: Range[] = [];
  for (const node of seq) {
    const first = firstOf(node);
    if (first === null) return null;
    ranges.push(...first.ranges);
    if (!first.nullable) return { ranges: mergeRanges(ranges), nullable: false };
  }
  return { ranges: mergeRanges(ranges), nullable: true };
}

function firstOf(node: Node): FirstSet | null {
  switch (node.kind) {
    case 'char':
      return { ranges: charRanges(node.cp, node.fold === 'none' ? null : node.fold === 'ascii'), nullable: false };
    case 'set':
      return setFirst(node);
    case 'any':
      return { ranges: node.dotall ? complement([]) : complement([{ lo: 10, hi: 10 }]), nullable: false };
    case 'group':
      return unionOf(node.body.map(firstOfSeq));
    case 'repeat': {
      const body = firstOf(node.body);
      if (body === null || node.max === 0) return node.max === 0 ? { ranges: [], nullable: true } : null;
      return { ranges: body.ranges, nullable: body.nullable || node.min === 0 };
    }
    default:
      return null;
  }
}

function charRanges(cp: number, asciiFold: boolean | null): Range[] {
  const single = [{ lo: cp, hi: cp }];
  return asciiFold === null ? single : closeRanges(single, asciiFold);
}

/** Only sets of plain characters are resolved; sets with categories are "unknown". */
function setFirst(node: Node & { kind: 'set' }): FirstSet | null {
  const chars: Range[] = [];
  for (const item of node.items) {
    if ('cat' in item) return null;
    chars.push({ lo: item.lo, hi: item.hi });
  }
  const closed = node.fold === 'none' ? mergeRanges(chars) : closeRanges(chars, node.fold === 'ascii');
  return { ranges: node.negate ? complement(closed) : closed, nullable: false };
}

function unionOf(parts: readonly (FirstSet | null)[]): FirstSet | null {
  if (parts.some((p) => p === null)) return null;
  const known = parts as readonly FirstSet[];
  return { ranges: mergeRanges(known.flatMap((p) => p.ranges)), nullable: known.some((p) => p.nullable) };
}

export function rangesIntersect(a: readonly Range[], b: readonly Range[]): boolean {
  return a.some((x) => b.some((y) => x.lo <= y.hi && y.lo <= x.hi));
}
