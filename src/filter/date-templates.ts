/**
 * The built-in date templates and the reading of a `datepattern` value into an ordered template
 * list ({^LN-BEG}, {DEFAULT}, {DATE}, {NONE}, EPOCH, LEPOCH, TAI64N, custom `%` patterns).
 */
import { WardenError } from '../core/errors.js';
import {
  boundPattern, compileTemplate, epochPatternTemplate, epochTemplate, tai64nTemplate, unboundPattern,
  type DateTemplate,
} from './date-pattern.js';

interface DefaultEntry {
  /** A `%` pattern, or the special values EPOCH / TAI64N. */
  readonly pattern: string;
  /** The pattern needs a ':' (time as hh:mm:ss), used as a cheap pre-check. */
  readonly colon: boolean;
}

/** Tried in this order (after the line-start copies). Examples are in fail2ban.md §4.1. */
const DEFAULTS: readonly DefaultEntry[] = [
  { pattern: '%ExY(?P<_sep>[-/.])%m(?P=_sep)%d(?:T|  ?)%H:%M:%S(?:[.,]%f)?(?:\\s*%z)?', colon: true },
  { pattern: '(?:%a )?%b %d %k:%M:%S(?:\\.%f)?(?: %ExY)?', colon: true },
  { pattern: '(?:%a )?%b %d %ExY %k:%M:%S(?:\\.%f)?', colon: true },
  { pattern: '%d(?P<_sep>[-/])%m(?P=_sep)(?:%ExY|%Exy) %k:%M:%S', colon: true },
  { pattern: '%d(?P<_sep>[-/])%b(?P=_sep)%ExY[ :]?%H:%M:%S(?:\\.%f)?(?: %z)?', colon: true },
  { pattern: '%m/%d/%ExY:%H:%M:%S', colon: true },
  { pattern: '%m-%d-%ExY %k:%M:%S(?:\\.%f)?', colon: true },
  { pattern: 'EPOCH', colon: false },
  { pattern: '{^LN-BEG}%H:%M:%S', colon: true },
  { pattern: '^<%m/%d/%Exy@%H:%M:%S>', colon: true },
  { pattern: '%Exy%Exm%Exd  ?%H:%M:%S', colon: true },
  { pattern: '%b %d, %ExY %I:%M:%S %p', colon: true },
  { pattern: '^%b-%d-%Exy %k:%M:%S', colon: true },
  { pattern: '%ExY%Exm%Exd(?:T|  ?)%ExH%ExM%ExS(?:[.,]%f)?(?:\\s*%z)?', colon: false },
  { pattern: '(?:%Z )?(?:%a )?%b %d %k:%M:%S(?:\\.%f)?(?: %ExY)?', colon: true },
  { pattern: '(?:%z )?(?:%a )?%b %d %k:%M:%S(?:\\.%f)?(?: %ExY)?', colon: true },
  { pattern: 'TAI64N', colon: false },
];

const LN_BEG = '{^LN-BEG}';

function patternTemplate(pattern: string, exYear: string, colon: boolean, weight = 1): DateTemplate {
  return compileTemplate({ bound: boundPattern(pattern, exYear), kind: 'strptime', requiredChar: colon ? ':' : null, weight });
}

function defaultTemplate(entry: DefaultEntry, exYear: string): DateTemplate {
  if (entry.pattern === 'EPOCH') return epochTemplate(false, false);
  if (entry.pattern === 'TAI64N') return tai64nTemplate(false);
  return patternTemplate(entry.pattern, exYear, entry.colon);
}

/** The line-start copy fail2ban tries first, or null when the template is anchored already. */
function anchoredCopy(entry: DefaultEntry, exYear: string): DateTemplate | null {
  const p = entry.pattern;
  if (p.startsWith('^') || p.startsWith(LN_BEG)) return null;
  const t = p === 'EPOCH' ? epochTemplate(false, true) : p === 'TAI64N' ? tai64nTemplate(true) : null;
  if (t) return { ...t, weight: 100 };
  return patternTemplate(LN_BEG + p, exYear, entry.colon, 100);
}

export interface DefaultTemplates {
  /** Line-start copies (weight 100) first, then the 17 templates: fail2ban's default list. */
  readonly all: readonly DateTemplate[];
  /** The 17 templates with the pattern each was built from, for `{DATE}`. */
  readonly originals: readonly { readonly entry: DefaultEntry; readonly template: DateTemplate }[];
}

export function buildDefaultTemplates(exYear: string): DefaultTemplates {
  const originals = DEFAULTS.map((entry) => ({ entry, template: defaultTemplate(entry, exYear) }));
  const copies = DEFAULTS.map((e) => anchoredCopy(e, exYear)).filter((t): t is DateTemplate => t !== null);
  return { all: [...copies, ...originals.map((o) => o.template)], originals };
}

/** One template per default, each placed where `{DATE}` stands in `preMatch`. */
function dateTemplates(preMatch: string, defaults: DefaultTemplates, exYear: string): DateTemplate[] {
  return defaults.originals.map(({ entry, template }) => {
    const special = template.kind !== 'strptime';
    const inner = unboundPattern(special ? template.name : entry.pattern);
    const pattern = preMatch.replace(/(?<!\\)\{DATE\}/gi, () => inner);
    return patternTemplate(pattern, exYear, entry.colon && !special);
  });
}

const EPOCH_KEYS = new Set(['EPOCH', '{^LN-BEG}EPOCH', '^EPOCH']);
const LEPOCH_KEYS = new Set(['LEPOCH', '{^LN-BEG}LEPOCH', '^LEPOCH']);
const TAI_KEYS = new Set(['TAI64N', '{^LN-BEG}TAI64N', '^TAI64N']);

/** A single custom line (not {^LN-BEG} / {DEFAULT} / {DATE}). */
function customTemplate(line: string, key: string, exYear: string): DateTemplate {
  if (key === '{NONE}') return patternTemplate('{UNB}^', exYear, false);
  if (key.includes('EPOCH')) {
    if (/(?<!\\)\{L?EPOCH\}/i.test(line)) return epochPatternTemplate(line);
    if (EPOCH_KEYS.has(key)) return epochTemplate(false, key !== 'EPOCH');
    if (LEPOCH_KEYS.has(key)) return epochTemplate(true, key !== 'LEPOCH');
  }
  if (TAI_KEYS.has(key)) return tai64nTemplate(key !== 'TAI64N');
  return patternTemplate(line, exYear, false);
}

class TemplateList {
  readonly list: DateTemplate[] = [];
  readonly #names = new Set<string>();
  add(t: DateTemplate, ignoreDup: boolean, source: string): void {
    if (this.#names.has(t.name)) {
      if (ignoreDup) return;
      throw new WardenError('ERR_DATE_PATTERN', `datepattern ${JSON.stringify(source)}: there is already a template named ${JSON.stringify(t.name)}.`);
    }
    this.#names.add(t.name);
    this.list.push(t);
  }
}

/**
 * The templates for a `datepattern` value (one template spec per non-empty line), in the order
 * fail2ban tries them. Null or blank = the default list. Throws ERR_DATE_PATTERN.
 */
export function templatesFor(datepattern: string | null | undefined, exYear: string): DateTemplate[] {
  const defaults = buildDefaultTemplates(exYear);
  const lines = (datepattern ?? '').split(/\n+/).map((l) => l.trim()).filter((l) => l !== '');
  const out = new TemplateList();
  for (const line of lines) {
    const key = line.includes('%') ? line : line.toUpperCase();
    const ignoreDup = out.list.length > 0;
    if (key === LN_BEG || key === '{DEFAULT}') {
      for (const t of defaults.all) if (key !== LN_BEG || t.lineAnchored) out.add(t, ignoreDup, line);
    } else if (key.includes('{DATE}')) {
      for (const t of dateTemplates(line, defaults, exYear)) out.add(t, ignoreDup, line);
    } else {
      out.add(customTemplate(line, key, exYear), false, line);
    }
  }
  return out.list.length > 0 ? out.list : [...defaults.all];
}
