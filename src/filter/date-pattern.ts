/**
 * Compiles one date template as fail2ban builds it: `%` directives, `{UNB}` / `{^LN-BEG}` / `**`
 * markers, default word boundaries, group 1 = the text cut from the line, EPOCH / LEPOCH / TAI64N.
 */
import { WardenError } from '../core/errors.js';
import { expandDirectives } from './strptime-fields.js';
import { groupOneIsTail, numberNamedGroups, translateDateRegex } from './date-regex.js';
import type { StampLayout } from './strptime.js';

export type TemplateKind = 'strptime' | 'epoch' | 'tai64n';

export interface DateTemplate {
  /** Display name, as fail2ban-regex prints it. */
  readonly name: string;
  readonly kind: TemplateKind;
  /** Compiled with `g` (searches start at lastIndex); group 1 is the date text. */
  readonly regex: RegExp;
  /** The same regex, sticky and without captures' indices: cheap "does it match right here?". */
  readonly sticky: RegExp;
  /** Anchored at line start or end: the detector never searches it inside a span. */
  readonly lineAnchored: boolean;
  /** Line-start copies of the default templates weigh 100, everything else 1. */
  readonly weight: number;
  /** Group 1 ends with the match (else, and for strptime templates, `regex` has the `d` flag). */
  readonly groupTail: boolean;
  /** Which group holds which strptime field, in order of appearance (later ones win). */
  readonly layout: StampLayout;
  /** epoch: group with the number; 1 for the plain templates, 2 for `{EPOCH}` inside a pattern. */
  readonly valueGroup: number;
  readonly longEpoch: boolean;
  /** A character every matching line contains (cheap pre-check), or null. */
  readonly requiredChar: string | null;
}

/** What the matcher needs of a template before it compiles it, and how to compile it. */
export interface SlotSpec {
  readonly lineAnchored: boolean;
  readonly weight: number;
  readonly requiredChar: string | null;
  readonly name: () => string;
  readonly build: () => DateTemplate;
}

/**
 * A template that is compiled when a line first needs it: the default list is long and most logs
 * only ever reach its head. Custom templates are compiled at once (bad patterns fail early).
 */
export class TemplateSlot {
  readonly lineAnchored: boolean;
  readonly weight: number;
  readonly requiredChar: string | null;
  #spec: SlotSpec | null;
  #template: DateTemplate | null;
  #name: string | null = null;

  constructor(spec: SlotSpec | DateTemplate) {
    const ready = 'regex' in spec;
    this.lineAnchored = spec.lineAnchored;
    this.weight = spec.weight;
    this.requiredChar = spec.requiredChar;
    this.#spec = ready ? null : spec;
    this.#template = ready ? spec : null;
  }

  get built(): boolean {
    return this.#template !== null;
  }

  /** The display name; known without compiling. */
  get name(): string {
    return this.#template?.name ?? (this.#name ??= (this.#spec as SlotSpec).name());
  }

  get template(): DateTemplate {
    if (this.#template === null) {
      this.#template = (this.#spec as SlotSpec).build();
      this.#spec = null;
    }
    return this.#template;
  }
}

/** fail2ban's word-boundary modes: true (word), 'start' ({^LN-BEG}: line start + up to 2 non-word chars). */
export type WordBegin = boolean | 'start';

const LN_BEG = '{^LN-BEG}';
const UNB = '{UNB}';
const WORD_BEGIN = '(?=^|\\b|\\W)';
const LINE_BEGIN = '^(?:\\W{0,2})?';
const WORD_END = '(?=\\b|\\W|$)';
const STRPTIME_KEYS = new Set('YymbBdHIpMSfjUWwaAzZ'.split(''));

const FLAG_GROUP = /\(\?[a-z]+\)/;
const STARTS_ANCHORED = /^(?:\((?:\?:)?)*(?:\(\?[a-z]+\))?(?:\((?:\?:)?)*(?:\^|\*\*)/;
const ENDS_UNBOUNDED = /(?<!\\)(?:\$\)?|\\[bs]|\*\*\)*)$/;
const LINE_START = /^(?:\(\?[a-z]+\))?(?:\^|\((?:\?:)?\^(?!\|))/;
const LINE_END = /(?<![\\|])\$\)?$/;
const MARK_START = /^((?:\((?:\?:)?)*(?:\(\?[a-z]+\))?(?:\((?:\?:)?)*)\*\*/;
const MARK_END = /(?<!\\)\*\*(\)*)$/;
const WRAP = /^((?:\(\?[a-z]+\))?\^?(?:\(\?[a-z]+\))?)(.*?)((?<!\\)\$)?$/s;

/** True when the regex has an unnamed capturing group (fail2ban then leaves group 1 to the author). */
function hasPlainGroup(re: string): boolean {
  for (let i = 0; i < re.length; i++) {
    if (re[i] === '\\') i++;
    else if (re[i] === '(' && re[i + 1] !== '?' && !(re[i - 1] === '?' && re[i - 2] === '(')) return true;
  }
  return false;
}

export interface BoundRegex {
  readonly regex: string; // Python syntax, global flags in front
  readonly name: string;
  readonly lineAnchored: boolean;
}

/** fail2ban's DateTemplate.setRegex: group 1, word/line boundaries, `**` markers, global flags. */
export function applyBounds(input: string, name: string, wordBegin: WordBegin, wordEnd: boolean): BoundRegex {
  let re = input.trim();
  const flags = FLAG_GROUP.exec(re)?.[0] ?? '';
  if (flags) re = re.replace(flags, '');
  const boundBegin = wordBegin !== false && !STARTS_ANCHORED.test(re);
  const boundEnd = wordEnd && !ENDS_UNBOUNDED.test(re);
  if (!hasPlainGroup(re)) re = re.replace(WRAP, (_m, pre: string, body: string, end = '') => `${pre}(${body})${end}`);
  if (boundBegin) {
    re = (wordBegin === 'start' ? LINE_BEGIN : WORD_BEGIN) + re;
    if (wordBegin === 'start' && !name.startsWith(LN_BEG)) name = LN_BEG + name;
  }
  if (boundEnd) re += WORD_END;
  const lineAnchored = (boundBegin && wordBegin === 'start') || LINE_START.test(re) || LINE_END.test(re);
  re = re.replace(MARK_START, '$1').replace(MARK_END, '$1');
  return { regex: flags + re, name, lineAnchored };
}

export interface TemplateSpec {
  readonly bound: BoundRegex;
  readonly kind: TemplateKind;
  readonly weight?: number;
  readonly valueGroup?: number;
  readonly longEpoch?: boolean;
  readonly requiredChar?: string | null;
}

/** Translates and compiles a bound regex into a template. */
export function compileTemplate(spec: TemplateSpec): DateTemplate {
  const translated = translateDateRegex(spec.bound.regex);
  const { source, groups } = numberNamedGroups(translated.source);
  const flags = translated.flags;
  const groupTail = groupOneIsTail(source);
  let regex: RegExp;
  let sticky: RegExp;
  try {
    // strptime templates keep indices: they locate the numeric fields for StampShape
    regex = new RegExp(source, `g${flags}${groupTail && spec.kind !== 'strptime' ? '' : 'd'}`);
    sticky = new RegExp(source, `y${flags}`);
  } catch (e) {
    throw new WardenError('ERR_DATE_PATTERN', `date template ${JSON.stringify(spec.bound.name)}: invalid regex (${(e as Error).message}).`, { cause: e });
  }
  return {
    name: spec.bound.name,
    kind: spec.kind,
    regex,
    sticky,
    lineAnchored: spec.bound.lineAnchored,
    weight: spec.weight ?? 1,
    groupTail,
    layout: {
      fields: [...groups].filter(([key]) => STRPTIME_KEYS.has(key)).map(([key, group]) => ({ key, group })),
      ampmGroup: groups.get('p') ?? -1,
    },
    valueGroup: spec.valueGroup ?? 1,
    longEpoch: spec.longEpoch ?? false,
    requiredChar: spec.requiredChar ?? null,
  };
}

/** fail2ban's DatePatternRegex: a datepattern line with `%` directives. */
export function boundPattern(pattern: string, exYear: string): BoundRegex {
  let body = pattern;
  let wordBegin: WordBegin = true;
  let wordEnd = true;
  if (body.startsWith(UNB)) {
    body = body.slice(UNB.length);
    wordBegin = wordEnd = false;
  }
  if (wordBegin && body.startsWith(LN_BEG)) {
    body = body.slice(LN_BEG.length);
    wordBegin = 'start';
  }
  const expanded = expandDirectives(body, exYear);
  const regex = (expanded.alpha ? '(?iu)' : '') + expanded.regex;
  return applyBounds(regex, expanded.name, wordBegin, wordEnd);
}

/** Strips the markers a default template carries before it is placed inside `{DATE}`. */
export function unboundPattern(pattern: string): string {
  return pattern
    .replace(/^\{UNB\}/, '')
    .replace(/^\{\^LN-BEG\}/, '')
    .replace(/^\((?:\?:)?\^\|\\b\|\\W\)/, '')
    .replace(/\(\?=\\b\|\\W\|\$\)$/, '');
}

const EPOCH = '\\d{10,11}\\b(?:\\.\\d{3,6})?';
const LONG_EPOCH = '\\d{10,11}(?:\\d{3}(?:\\.\\d{1,6}|\\d{3})?)?';
/** Where a bare epoch may stand: line start, right after a leading `[`, or in SELinux `audit(`. */
const EPOCH_PLACES = '(?:^|(?<=^\\[)|(?<=\\baudit\\())';

/** EPOCH / LEPOCH alone; `anchored` is the `{^LN-BEG}EPOCH` / `^EPOCH` form. */
export function epochTemplate(long: boolean, anchored: boolean): DateTemplate {
  const num = long ? LONG_EPOCH : EPOCH;
  const name = long ? 'LongEpoch' : 'Epoch';
  const bound = anchored
    ? applyBounds(`(${num})`, name, 'start', true)
    : applyBounds(`(${EPOCH_PLACES}${num})`, name, false, true);
  return compileTemplate({ bound, kind: 'epoch', longEpoch: long });
}

/** A pattern holding `{EPOCH}` or `{LEPOCH}`: the whole match is cut, the number is group 2. */
export function epochPatternTemplate(pattern: string): DateTemplate {
  const long = /(?<!\\)\{LEPOCH\}/i.test(pattern);
  const regex = '(' + pattern.replace(/(?<!\\)\{L?EPOCH\}/gi, () => `(${long ? LONG_EPOCH : EPOCH})`) + ')';
  return compileTemplate({ bound: applyBounds(regex, pattern, true, true), kind: 'epoch', valueGroup: 2, longEpoch: long });
}

export function tai64nTemplate(anchored: boolean): DateTemplate {
  const bound = applyBounds('@[0-9a-f]{24}', 'TAI64N', anchored ? 'start' : false, true);
  return compileTemplate({ bound, kind: 'tai64n', requiredChar: '@' });
}
