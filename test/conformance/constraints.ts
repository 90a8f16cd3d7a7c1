/**
 * The Python expressions that sample logs use in `constraint` (failJSON) and `test.condition`
 * (filterOptions), hand-mapped to TS predicates. An expression not in the map is "unsupported".
 */
import type { JsonValue } from './sample-file.js';

/** What the expressions can see: the sample's test name and the option set (test.* keys included). */
export interface ConstraintScope {
  readonly name: string;
  readonly opts: Readonly<Record<string, JsonValue>>;
}

type Predicate = (scope: ConstraintScope) => boolean;

/** `opts.get(key)` in Python: the value, or null (None) when the key is absent. */
function optGet(scope: ConstraintScope, key: string): JsonValue {
  return Object.hasOwn(scope.opts, key) ? scope.opts[key] : null;
}

/**
 * Keyed by the expression with whitespace outside string literals removed
 * (`name == 'sshd'` and `name=='sshd'` are one entry).
 */
const KNOWN: ReadonlyMap<string, Predicate> = new Map<string, Predicate>([
  ["name=='sshd'", (s) => s.name === 'sshd'],
  ["opts.get('mode')=='aggressive'", (s) => optGet(s, 'mode') === 'aggressive'],
  ["opts.get('mode')!='aggressive'", (s) => optGet(s, 'mode') !== 'aggressive'],
]);

/** Removes whitespace outside '...' and "..." literals (Python ignores it there). */
export function normalizeExpression(expr: string): string {
  let out = '';
  let quote: string | null = null;
  for (const ch of expr) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (!/\s/.test(ch)) {
      out += ch;
    }
  }
  return out;
}

/** True/false for a known expression; undefined when the expression is not in the map. */
export function evaluateConstraint(expr: string, scope: ConstraintScope): boolean | undefined {
  const predicate = KNOWN.get(normalizeExpression(expr));
  return predicate === undefined ? undefined : predicate(scope);
}

/** The normalized expressions the map knows (for reports and tests). */
export function knownConstraints(): readonly string[] {
  return [...KNOWN.keys()];
}
