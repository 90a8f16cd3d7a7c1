/**
 * Python character sets `[...]`: a leading `]` is literal, `-` is literal at either end, ranges
 * need literal ends, and `[[:alpha:]]` is NOT a POSIX class (it is `[[:ahlp]` followed by `]`).
 */
import { PyRegexSyntaxError, type Category, type Fold, type Node, type SetItem } from './py-regex-ast.js';
import { readClassEscape, type Cursor } from './py-regex-escape.js';

type Member = { readonly cp: number } | { readonly cat: Category };

/** `cur.pos` is at `[`; returns a `set` node (a one-char set is kept as a set, same meaning). */
export function readSet(cur: Cursor, ascii: boolean, fold: Fold): Node {
  const start = cur.pos++;
  const negate = cur.src[cur.pos] === '^';
  if (negate) cur.pos++;
  const items: SetItem[] = [];
  for (;;) {
    const ch = cur.src[cur.pos];
    if (ch === undefined) throw new PyRegexSyntaxError('unterminated character set', start);
    if (ch === ']' && items.length > 0) {
      cur.pos++;
      return { kind: 'set', pos: start, negate, items, fold, ascii };
    }
    const first = readMember(cur);
    if (cur.src[cur.pos] !== '-') {
      items.push(toItem(first));
      continue;
    }
    cur.pos++;
    const next = cur.src[cur.pos];
    if (next === undefined) throw new PyRegexSyntaxError('unterminated character set', start);
    if (next === ']') {
      cur.pos++;
      items.push(toItem(first), { lo: 0x2d, hi: 0x2d });
      return { kind: 'set', pos: start, negate, items, fold, ascii };
    }
    const rangeStart = cur.pos;
    const second = readMember(cur);
    if (!('cp' in first) || !('cp' in second) || second.cp < first.cp) {
      throw new PyRegexSyntaxError(`bad character range ${cur.src.slice(rangeStart - 2, cur.pos)}`, rangeStart);
    }
    items.push({ lo: first.cp, hi: second.cp });
  }
}

function readMember(cur: Cursor): Member {
  if (cur.src[cur.pos] === '\\') {
    const esc = readClassEscape(cur);
    return esc.kind === 'cat' ? { cat: esc.cat } : { cp: esc.cp };
  }
  const cp = cur.src.codePointAt(cur.pos) as number;
  cur.pos += cp > 0xffff ? 2 : 1;
  return { cp };
}

function toItem(member: Member): SetItem {
  return 'cp' in member ? { lo: member.cp, hi: member.cp } : { cat: member.cat };
}
