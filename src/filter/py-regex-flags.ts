/**
 * Python inline flags (`(?i)`, `(?a-i:...)`): which letters are valid together, and how scoped
 * flags combine with the enclosing ones (`a`/`u` replace each other, as in `re._compiler`).
 */
import { PyRegexSyntaxError, UnsupportedRegexError, type Fold } from './py-regex-ast.js';

export const FLAG_LETTERS = 'iLmsxatu';

export interface Flags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
  readonly a: boolean;
  readonly u: boolean;
}

export interface FlagChange {
  readonly add: string;
  readonly del: string;
}

export function foldOf(flags: Flags): Fold {
  if (!flags.i) return 'none';
  return flags.a ? 'ascii' : 'unicode';
}

export function parseFlagLetters(add: string, del: string | null, pos: number): FlagChange {
  for (const c of add + (del ?? '')) {
    if (!FLAG_LETTERS.includes(c)) throw new PyRegexSyntaxError('unknown flag', pos);
  }
  if (add.includes('L')) throw new PyRegexSyntaxError("bad inline flags: cannot use 'L' flag with a str pattern", pos);
  if (add.includes('x') && !(del ?? '').includes('x')) throw new UnsupportedRegexError('(?x)', pos, 'verbose mode is not supported');
  if (add.includes('t')) throw new UnsupportedRegexError('(?t)', pos, 'template mode is not supported');
  if (add.includes('a') && add.includes('u')) throw new PyRegexSyntaxError("bad inline flags: flags 'a', 'u' and 'L' are incompatible", pos);
  if (del !== null) {
    if (del === '') throw new PyRegexSyntaxError('missing flag', pos);
    if (/[auL]/.test(del)) throw new PyRegexSyntaxError("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", pos);
    if ([...add].some((c) => del.includes(c))) throw new PyRegexSyntaxError('bad inline flags: flag turned on and off', pos);
  }
  return { add, del: del ?? '' };
}

export function applyGlobalFlags(flags: Flags, add: string, pos: number): Flags {
  const next = {
    i: flags.i || add.includes('i'),
    m: flags.m || add.includes('m'),
    s: flags.s || add.includes('s'),
    a: flags.a || add.includes('a'),
    u: flags.u || add.includes('u'),
  };
  if (next.a && next.u) throw new PyRegexSyntaxError('ASCII and UNICODE flags are incompatible', pos);
  return next;
}

export function applyScopedFlags(flags: Flags, change: FlagChange): Flags {
  const set = (c: 'i' | 'm' | 's', on: boolean): boolean => (change.add.includes(c) ? true : change.del.includes(c) ? false : on);
  const typeChange = /[au]/.test(change.add);
  return {
    i: set('i', flags.i),
    m: set('m', flags.m),
    s: set('s', flags.s),
    a: typeChange ? change.add.includes('a') : flags.a,
    u: typeChange ? change.add.includes('u') : flags.u,
  };
}
