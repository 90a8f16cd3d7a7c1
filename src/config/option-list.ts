/**
 * `name[k=v, k2="v,2"][k3=v]` references, as used by `filter =`, `action =` and `backend =`:
 * parse one reference, or split a multi-line/multi-word `action` value into references.
 */

export interface OptionRef {
  readonly name: string;
  readonly options: Readonly<Record<string, string>>;
}

export type OptionRefResult = { readonly ok: true; readonly ref: OptionRef } | { readonly ok: false; readonly message: string };

type GroupScan = { ok: true; options: Record<string, string>; end: number } | { ok: false; message: string };

const OPTION_NAME = /[\w.-]+/y;

/** Parse `name` or `name[opt=value, ...][...]`. Values holding `,` or `]` must be quoted. */
export function parseOptionRef(text: string): OptionRefResult {
  const open = text.indexOf('[');
  const name = (open < 0 ? text : text.slice(0, open)).trim();
  if (name === '') return { ok: false, message: `missing name before options in ${JSON.stringify(text)}` };
  if (open < 0) return { ok: true, ref: { name, options: {} } };
  const scan = scanGroups(text, open);
  if (!scan.ok) return scan;
  if (text.slice(scan.end).trim() !== '') {
    return { ok: false, message: `unexpected text after options: ${snippet(text, scan.end)}` };
  }
  return { ok: true, ref: { name, options: scan.options } };
}

/**
 * Split an `action` value into one text per reference: references are separated by whitespace or
 * new lines, except inside `[...]` option lists. Empty entries are dropped.
 */
export function splitOptionRefs(text: string): string[] {
  const out: string[] = [];
  let i = skipSpace(text, 0);
  while (i < text.length) {
    const end = referenceEnd(text, i);
    out.push(text.slice(i, end).trim());
    i = skipSpace(text, end);
  }
  return out.filter((entry) => entry !== '');
}

function referenceEnd(text: string, start: number): number {
  const word = wordEnd(text, start);
  let nameEnd = start;
  while (nameEnd < text.length && text[nameEnd] !== '[' && !/\s/.test(text[nameEnd])) nameEnd++;
  const open = nameEnd > start ? skipSpace(text, nameEnd) : nameEnd;
  if (nameEnd === start || text[open] !== '[') return word;
  const scan = scanGroups(text, open);
  if (!scan.ok || (scan.end < text.length && !/\s/.test(text[scan.end]))) return word;
  return scan.end;
}

function wordEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && !/\s/.test(text[i])) i++;
  return i;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function snippet(text: string, at: number): string {
  return JSON.stringify(text.slice(at, at + 25));
}

/** Scan `[k=v, ...]` groups starting at `open` (a `[`); `end` is just after the last `]`. */
function scanGroups(text: string, open: number): GroupScan {
  const options: Record<string, string> = {};
  let i = open + 1;
  for (;;) {
    i = skipSpace(text, i);
    if (i >= text.length) return { ok: false, message: `missing "]" to close the options of ${JSON.stringify(text.trim())}` };
    if (text[i] === ']') {
      const next = skipSpace(text, i + 1);
      if (text[next] !== '[') return { ok: true, options, end: i + 1 };
      i = next + 1;
      continue;
    }
    const item = scanItem(text, i);
    if (!item.ok) return item;
    options[item.name] = item.value;
    i = item.end;
    if (text[i] === ',') i++;
    else if (text[i] !== ']') {
      const what = i >= text.length ? 'missing "]"' : `unexpected ${snippet(text, i)}`;
      return { ok: false, message: `${what} after option ${JSON.stringify(item.name)} (quote values holding "," or "]")` };
    }
  }
}

type ItemScan = { ok: true; name: string; value: string; end: number } | { ok: false; message: string };

/** One `name=value`: value quoted with " or ', or plain up to the next `,` or `]`. */
function scanItem(text: string, start: number): ItemScan {
  OPTION_NAME.lastIndex = start;
  const name = OPTION_NAME.exec(text);
  const eq = start + (name?.[0].length ?? 0);
  if (name === null || text[eq] !== '=') {
    return { ok: false, message: `expected option=value at ${snippet(text, start)}` };
  }
  const quote = text[eq + 1];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, eq + 2);
    if (close >= 0) return { ok: true, name: name[0], value: text.slice(eq + 2, close).trim(), end: close + 1 };
  }
  let end = eq + 1;
  while (end < text.length && text[end] !== ',' && text[end] !== ']') end++;
  return { ok: true, name: name[0], value: text.slice(eq + 1, end).trim(), end };
}
