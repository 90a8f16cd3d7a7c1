/**
 * Tokenizer for `bantime.formula`, the small subset of Python expressions that fail2ban evals:
 * numbers, (dotted) names, operators, parentheses, commas. Bad input is a returned message.
 */

export type Token =
  | { readonly kind: 'num'; readonly value: bigint | number; readonly at: number }
  | { readonly kind: 'name'; readonly text: string; readonly at: number }
  | { readonly kind: 'op'; readonly text: string; readonly at: number }
  | { readonly kind: 'end'; readonly at: number };

/** Longest first, so `**` wins over `*`. */
const OPERATORS = ['**', '//', '<<', '>>', '<=', '>=', '==', '!=', '+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>', '(', ')', ',', '.'];

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const NUMBER = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)/;

export function tokenize(text: string): { ok: true; tokens: Token[] } | { ok: false; message: string } {
  const tokens: Token[] = [];
  let k = 0;
  while (k < text.length) {
    const c = text[k];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      k++;
      continue;
    }
    if (NAME_START.test(c)) {
      const start = k;
      while (k < text.length && NAME_PART.test(text[k])) k++;
      tokens.push({ kind: 'name', text: text.slice(start, k), at: start });
      continue;
    }
    if (/\d/.test(c) || (c === '.' && /\d/.test(text[k + 1] ?? ''))) {
      const match = NUMBER.exec(text.slice(k));
      const value = match === null ? null : numberValue(match[0]);
      if (match === null || value === null || NAME_PART.test(text[k + match[0].length] ?? '')) {
        return { ok: false, message: `bad number at column ${k + 1}` };
      }
      tokens.push({ kind: 'num', value, at: k });
      k += match[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, k));
    if (op === undefined) return { ok: false, message: `unexpected character ${JSON.stringify(c)} at column ${k + 1}` };
    tokens.push({ kind: 'op', text: op, at: k });
    k += op.length;
  }
  tokens.push({ kind: 'end', at: text.length });
  return { ok: true, tokens };
}

/** Python literal value: ints are exact (bigint), anything with `.` or an exponent is a float. */
function numberValue(literal: string): bigint | number | null {
  if (literal.endsWith('_') || literal.includes('__')) return null;
  const text = literal.replace(/_/g, '');
  if (/^0[xXoObB]/.test(text)) return BigInt(text);
  if (/[.eE]/.test(text)) return Number(text);
  if (text.length > 1 && text.startsWith('0') && !/^0+$/.test(text)) return null;
  return BigInt(text);
}
