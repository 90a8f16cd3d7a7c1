/**
 * warden's newline-forgery guard. A filter declares, per message shape, how a line of that shape
 * starts (HEAD) and what the complete line looks like (WHOLE). A line that starts like a shape but is
 * not complete was cut by a raw newline; the line right after it is not trusted.
 */
import { FilterError } from '../core/errors.js';
import type { RegexEntry } from '../config/filter-definition.js';
import { compileRegex, execRegex, type CompiledRegex, type RegexContext } from './compiled-regex.js';

const SEPARATOR = ' => ';

export interface LineShape {
  readonly head: CompiledRegex;
  readonly whole: CompiledRegex;
}

export function compileLineShapes(entries: readonly RegexEntry[], ctx: RegexContext): LineShape[] {
  return entries.map((entry) => {
    const at = entry.regex.indexOf(SEPARATOR);
    if (at < 0) {
      throw new FilterError('ERR_FILTER_REGEX', ctx.filter, entry.regex, `lineshapes entry needs "HEAD${SEPARATOR}WHOLE"`, entry.place);
    }
    return {
      head: compileRegex(entry.regex.slice(0, at).trim(), ctx, entry.place),
      whole: compileRegex(entry.regex.slice(at + SEPARATOR.length).trim(), ctx, entry.place),
    };
  });
}

/** True when `text` starts like one of the shapes but is not a complete line of it. */
export function isIncomplete(shapes: readonly LineShape[], text: string): boolean {
  for (const shape of shapes) {
    if (execRegex(shape.head, text) !== null && execRegex(shape.whole, text) === null) return true;
  }
  return false;
}
