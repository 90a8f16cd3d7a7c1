/**
 * The built-in date templates and the reading of a `datepattern` value into an ordered template
 * list ({^LN-BEG}, {DEFAULT}, {DATE}, {NONE}, EPOCH, LEPOCH, TAI64N, custom `%` patterns).
 * Defaults compile lazily, once per thread; custom templates at once, so bad patterns fail early.
 */
import { WardenError } from '../core/errors.js';
import {
  boundPattern, compileTemplate, epochPatternTemplate, epochTemplate, tai64nTemplate, TemplateSlot, unboundPattern,
  type DateTemplate,
} from './date-pattern.js';
import { expandDirectives } from './strptime-fields.js';

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

/** A default template, or (`copy`) the line-start copy fail2ban tries first. */
function buildDefault(entry: DefaultEntry, exYear: string, copy: boolean): DateTemplate {
  const p = entry.pattern;
  const special = p === 'EPOCH' ? epochTemplate(false, copy) : p === 'TAI64N' ? tai64nTemplate(copy) : null;
  if (special) return copy ? { ...special, weight: 100 } : special;
  return patternTemplate(copy ? LN_BEG + p : p, exYear, entry.colon, copy ? 100 : 1);
}

/** The name `buildDefault` gives, without compiling anything. */
function defaultName(entry: DefaultEntry, copy: boolean): string {
  const p = entry.pattern;
  const lnBeg = p.startsWith(LN_BEG);
  const label = p === 'EPOCH' ? 'Epoch' : p === 'TAI64N' ? p : expandDirectives(lnBeg ? p.slice(LN_BEG.length) : p, '').name;
  return (copy || lnBeg ? LN_BEG : '') + label;
}

function defaultSlot(entry: DefaultEntry, exYear: string, copy: boolean): TemplateSlot {
  const p = entry.pattern;
  return new TemplateSlot({
    lineAnchored: copy || p.startsWith('^') || p.startsWith(LN_BEG),
    weight: copy ? 100 : 1,
    requiredChar: p === 'TAI64N' ? '@' : entry.colon ? ':' : null,
    name: () => defaultName(entry, copy),
    build: () => buildDefault(entry, exYear, copy),
  });
}

export interface DefaultTemplates {
  /** Line-start copies (weight 100) first, then the 17 templates: fail2ban's default list. */
  readonly all: readonly TemplateSlot[];
  /** The 17 templates with the pattern each was built from, for `{DATE}`. */
  readonly originals: readonly { readonly entry: DefaultEntry; readonly slot: TemplateSlot }[];
}

/** Per thread and %ExY range: slots compile once and serve every detector (their regexes are reset per use). */
const defaultsByYear = new Map<string, DefaultTemplates>();

/** fail2ban's default list; each template compiles when a line first needs it. */
export function buildDefaultTemplates(exYear: string): DefaultTemplates {
  let defaults = defaultsByYear.get(exYear);
  if (defaults === undefined) {
    const originals = DEFAULTS.map((entry) => ({ entry, slot: defaultSlot(entry, exYear, false) }));
    // anchored already: no copy
    const copies = DEFAULTS.filter((e) => !e.pattern.startsWith('^') && !e.pattern.startsWith(LN_BEG)).map((e) => defaultSlot(e, exYear, true));
    defaults = { all: [...copies, ...originals.map((o) => o.slot)], originals };
    defaultsByYear.set(exYear, defaults);
  }
  return defaults;
}

/** One template per default, each placed where `{DATE}` stands in `preMatch`. */
function dateTemplates(preMatch: string, defaults: DefaultTemplates, exYear: string): DateTemplate[] {
  return defaults.originals.map(({ entry, slot }) => {
    const special = entry.pattern === 'EPOCH' || entry.pattern === 'TAI64N';
    const inner = unboundPattern(special ? slot.name : entry.pattern);
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
  readonly list: TemplateSlot[] = [];
  #names: Set<string> | null = null; // made on the first check: lazy defaults name themselves on demand

  add(slot: TemplateSlot, ignoreDup: boolean, source: string): void {
    const names = (this.#names ??= new Set(this.list.map((s) => s.name)));
    if (names.has(slot.name)) {
      if (ignoreDup) return;
      throw new WardenError('ERR_DATE_PATTERN', `datepattern ${JSON.stringify(source)}: there is already a template named ${JSON.stringify(slot.name)}.`);
    }
    names.add(slot.name);
    this.list.push(slot);
  }

  /** Default templates: their names differ from each other, so an empty list needs no check. */
  addDefaults(slots: readonly TemplateSlot[], source: string): void {
    if (this.list.length === 0) this.list.push(...slots);
    else for (const slot of slots) this.add(slot, true, source);
  }
}

/**
 * The templates for a `datepattern` value (one template spec per non-empty line), in the order
 * fail2ban tries them. Null or blank = the default list. Throws ERR_DATE_PATTERN.
 */
export function templatesFor(datepattern: string | null | undefined, exYear: string): TemplateSlot[] {
  const defaults = buildDefaultTemplates(exYear);
  const lines = (datepattern ?? '').split(/\n+/).map((l) => l.trim()).filter((l) => l !== '');
  const out = new TemplateList();
  for (const line of lines) {
    const key = line.includes('%') ? line : line.toUpperCase();
    const ignoreDup = out.list.length > 0;
    if (key === LN_BEG || key === '{DEFAULT}') {
      out.addDefaults(key === LN_BEG ? defaults.all.filter((s) => s.lineAnchored) : defaults.all, line);
    } else if (key.includes('{DATE}')) {
      for (const t of dateTemplates(line, defaults, exYear)) out.add(new TemplateSlot(t), ignoreDup, line);
    } else {
      out.add(new TemplateSlot(customTemplate(line, key, exYear)), false, line);
    }
  }
  return out.list.length > 0 ? out.list : [...defaults.all];
}
