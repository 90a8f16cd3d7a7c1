/**
 * Syntax tree of a parsed Python `re` pattern, with every inline flag already resolved onto the
 * nodes it affects (so emitters never track flags), plus the errors the translator throws.
 */
import { WardenError } from '../core/errors.js';

/** Case-insensitive matching of a node: off, ASCII letters only (`(?a)`), or Unicode (Python's rules). */
export type Fold = 'none' | 'ascii' | 'unicode';

/** `\d \D \w \W \s \S`. */
export type Category = 'd' | 'D' | 'w' | 'W' | 's' | 'S';

/** One member of a character set: a code point range (a single char has lo === hi) or a category. */
export type SetItem = { readonly lo: number; readonly hi: number } | { readonly cat: Category };

export type Alternation = Node[][];

export type Node =
  | { readonly kind: 'char'; readonly pos: number; readonly cp: number; readonly fold: Fold }
  | {
      readonly kind: 'set';
      readonly pos: number;
      readonly negate: boolean;
      readonly items: readonly SetItem[];
      readonly fold: Fold;
      readonly ascii: boolean;
    }
  | { readonly kind: 'any'; readonly pos: number; readonly dotall: boolean }
  | { readonly kind: 'cat'; readonly pos: number; readonly cat: Category; readonly ascii: boolean }
  | { readonly kind: 'assert'; readonly pos: number; readonly at: AssertKind; readonly ascii: boolean }
  | { readonly kind: 'group'; readonly pos: number; readonly group: number | null; readonly body: Alternation }
  | {
      readonly kind: 'look';
      readonly pos: number;
      readonly behind: boolean;
      readonly negate: boolean;
      readonly body: Alternation;
    }
  | { readonly kind: 'atomic'; readonly pos: number; readonly body: Alternation }
  | {
      readonly kind: 'repeat';
      readonly pos: number;
      readonly min: number;
      readonly max: number;
      readonly mode: 'greedy' | 'lazy' | 'possessive';
      readonly body: Node;
    }
  | { readonly kind: 'backref'; readonly pos: number; readonly group: number; readonly fold: Fold }
  | {
      readonly kind: 'cond';
      readonly pos: number;
      readonly group: number;
      readonly yes: Node[];
      readonly no: Node[] | null;
    }
  /** Never matches. Produced when a conditional or back-reference is resolved to "group not set". */
  | { readonly kind: 'fail'; readonly pos: number };

/**
 * `bol`/`eol` are `^`/`$` without MULTILINE, `bol-m`/`eol-m` with it; `start`/`end` are `\A`/`\Z`;
 * `boundary`/`non-boundary` are `\b`/`\B`.
 */
export type AssertKind = 'bol' | 'eol' | 'bol-m' | 'eol-m' | 'start' | 'end' | 'boundary' | 'non-boundary';

export interface GroupInfo {
  /** Python group number (1-based). */
  readonly index: number;
  readonly name: string | null;
  readonly pos: number;
}

export interface ParsedPattern {
  readonly body: Alternation;
  /** Indexed by group number - 1. */
  readonly groups: readonly GroupInfo[];
}

/** Unlimited repetition count. */
export const INF = Number.POSITIVE_INFINITY;

/** A valid Python regex that warden cannot express faithfully as a JS RegExp. */
export class UnsupportedRegexError extends WardenError {
  readonly construct: string;
  readonly position: number;
  constructor(construct: string, position: number, detail: string) {
    super('ERR_FILTER_UNSUPPORTED', `unsupported regex construct ${construct} at position ${position}: ${detail}`);
    this.construct = construct;
    this.position = position;
    this.name = 'UnsupportedRegexError';
  }
}

/** A pattern Python's `re` itself rejects; the message follows Python's wording where it helps. */
export class PyRegexSyntaxError extends WardenError {
  readonly position: number;
  constructor(message: string, position: number) {
    super('ERR_FILTER_REGEX', `${message} at position ${position}`);
    this.position = position;
    this.name = 'PyRegexSyntaxError';
  }
}
