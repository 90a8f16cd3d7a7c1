/**
 * Python-glob patterns for `logpath`: `*`, `?` and `[...]` (with `!` negation) inside any path
 * segment; `*` and `?` never match '/', and a wildcard does not match a leading '.' (hidden files)
 * unless the segment itself starts with '.'.
 */

export type GlobSegment = { readonly literal: string } | { readonly regex: RegExp; readonly hiddenOk: boolean };

export function hasGlobChars(text: string): boolean {
  return /[*?[]/.test(text);
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/** `[...]` at `i` as a regex class and the index after it; null when it is not closed (then literal '['). */
function charClass(seg: string, i: number): { text: string; end: number } | null {
  let j = i + 1;
  if (seg[j] === '!') j++;
  if (seg[j] === ']') j++;
  while (j < seg.length && seg[j] !== ']') j++;
  if (j >= seg.length) return null;
  let body = seg.slice(i + 1, j);
  const negate = body.startsWith('!');
  if (negate) body = body.slice(1);
  const inner = body.replace(/\\/g, '\\\\').replace(/\^/g, '\\^').replace(/\[/g, '\\[').replace(/]/g, '\\]');
  return { text: `[${negate ? '^' : ''}${inner}]`, end: j + 1 };
}

export function segmentRegex(seg: string): RegExp {
  let out = '';
  for (let i = 0; i < seg.length; ) {
    const ch = seg[i];
    if (ch === '*') {
      out += '.*';
      i++;
    } else if (ch === '?') {
      out += '.';
      i++;
    } else if (ch === '[') {
      const cls = charClass(seg, i);
      out += cls === null ? '\\[' : cls.text;
      i = cls === null ? i + 1 : cls.end;
    } else {
      out += escapeRegex(ch);
      i++;
    }
  }
  return new RegExp(`^${out}$`, 's');
}

/** Split an absolute or relative pattern into segments; empty segments (`//`) are dropped. */
export function parseGlob(pattern: string): GlobSegment[] {
  return pattern.split('/').filter((s) => s !== '').map((s) =>
    hasGlobChars(s) ? { regex: segmentRegex(s), hiddenOk: s.startsWith('.') } : { literal: s });
}

export function segmentMatches(seg: GlobSegment, name: string): boolean {
  if ('literal' in seg) return seg.literal === name;
  if (name.startsWith('.') && !seg.hiddenOk) return false;
  return seg.regex.test(name);
}
