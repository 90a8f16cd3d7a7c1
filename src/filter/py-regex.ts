/**
 * Translates a Python `re` pattern (as fail2ban compiles it) into an equivalent JS RegExp for Node 20.
 * Always uses the JS `u` flag and Python's Unicode semantics for `\d \w \s \b` (ASCII with `(?a)`);
 * whatever cannot be expressed faithfully throws UnsupportedRegexError, never a silent mis-match.
 */
import type { Alternation, GroupInfo } from './py-regex-ast.js';
import { resolveConditionals } from './py-regex-cond.js';
import { emitPattern } from './py-regex-emit.js';
import { parsePyRegex } from './py-regex-parse.js';

export { PyRegexSyntaxError, UnsupportedRegexError } from './py-regex-ast.js';

export interface TranslateOptions {
  /** Python `re.MULTILINE` (fail2ban sets it for failregex when maxlines > 1). */
  readonly multiline: boolean;
}

export interface TranslatedRegex {
  readonly source: string;
  readonly flags: string;
  /** Python named groups in group-number order. */
  readonly groupNames: readonly string[];
  /**
   * For each Python group name, the JS group names that may hold its value, in order. Usually just
   * `[name]`; several when a conditional was resolved by copying the group (`user`, `user$2`).
   * Only one of them can take part in a match. Empty when the group can never match.
   */
  readonly groupAliases: Readonly<Record<string, readonly string[]>>;
  /**
   * Hidden groups of loops that keep optional groups (unrolled, see py-regex-emit): when one is
   * non-empty in a match, pyGroupDict re-runs a deeper translation to read Python's values.
   */
  readonly loopTails: readonly string[];
}

/** Repetitions of such a loop written out in the first translation; each re-run multiplies it by 4. */
const UNROLL_DEPTH = 4;

interface Origin {
  readonly body: Alternation;
  readonly groups: readonly GroupInfo[];
  readonly depth: number;
}

/** By JS source (so copies of a TranslatedRegex still work): how to translate it again, deeper. */
const origins = new Map<string, Origin>();
const deeper = new Map<string, { readonly t: TranslatedRegex; readonly re: RegExp }>();

/**
 * Python semantics kept: `$` is "end or before a final \n" (MULTILINE `^`/`$` know only `\n`), `.`
 * excludes only `\n`, `\d \w \s \b` are Python's Unicode classes (`(?a)`: ASCII), `(?i)` uses
 * Python's case folding written out as sets, `{,n}`, a literal `{`, `\Z`, conditionals, atomic groups,
 * possessive quantifiers, a group's last value in a loop, and fail2ban's `((?i)x)` -> `(?i:x)`.
 * Unnamed groups become non-capturing unless a back-reference uses them.
 * @throws PyRegexSyntaxError (ERR_FILTER_REGEX) for patterns Python rejects,
 *         UnsupportedRegexError (ERR_FILTER_UNSUPPORTED) for constructs JS cannot mirror.
 */
export function translatePyRegex(src: string, opts: TranslateOptions): TranslatedRegex {
  const parsed = parsePyRegex(src, opts.multiline);
  return build({ body: resolveConditionals(parsed), groups: parsed.groups, depth: UNROLL_DEPTH });
}

function build(origin: Origin): TranslatedRegex {
  const emitted = emitPattern(origin.body, origin.groups, origin.depth);
  const groupNames: string[] = [];
  const groupAliases: Record<string, readonly string[]> = {};
  for (const group of origin.groups) {
    if (group.name === null) continue;
    groupNames.push(group.name);
    groupAliases[group.name] = emitted.aliases.get(group.index) ?? [];
  }
  const t: TranslatedRegex = { source: emitted.source, flags: 'u', groupNames, groupAliases, loopTails: emitted.loopTails };
  if (emitted.loopTails.length > 0) origins.set(t.source, origin);
  return t;
}

/** Compiles a translation. */
export function compileTranslated(t: TranslatedRegex): RegExp {
  return new RegExp(t.source, t.flags);
}

/**
 * Python's `match.groupdict()` for a JS match of a translated regex (undefined where Python has
 * None). Use this rather than `match.groups`, which holds internal and copied group names.
 */
export function pyGroupDict(match: RegExpExecArray, t: TranslatedRegex): Record<string, string | undefined> {
  const groups = match.groups ?? {};
  if (t.loopTails.some((name) => (groups[name] ?? '') !== '')) {
    const again = rerunDeeper(match, t);
    return pyGroupDict(again.match, again.t);
  }
  const out: Record<string, string | undefined> = {};
  for (const name of t.groupNames) {
    let value: string | undefined;
    for (const alias of t.groupAliases[name]) value = groups[alias] ?? value;
    out[name] = value;
  }
  return out;
}

/** The same match found again (same start, same order of attempts) with loops unrolled further. */
function rerunDeeper(match: RegExpExecArray, t: TranslatedRegex): { match: RegExpExecArray; t: TranslatedRegex } {
  let next = deeper.get(t.source);
  if (next === undefined) {
    const origin = origins.get(t.source);
    if (origin === undefined) throw new Error('pyGroupDict: unknown translation (not made by translatePyRegex)');
    const nt = build({ ...origin, depth: origin.depth * 4 });
    next = { t: nt, re: new RegExp(nt.source, 'uy') };
    deeper.set(t.source, next);
  }
  next.re.lastIndex = match.index;
  const again = next.re.exec(match.input);
  if (again === null) throw new Error('pyGroupDict: deeper translation lost the match');
  return { match: again, t: next.t };
}
