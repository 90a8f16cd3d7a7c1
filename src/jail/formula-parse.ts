/**
 * Precedence parser for `bantime.formula` (Python's expression grammar, the part a ban-time formula
 * needs): conditional, or/and/not, chained comparisons, | ^ & << >> + - * / // % unary **, calls.
 */
import { tokenize, type Token } from './formula-tokens.js';

export type FormulaNode =
  | { readonly k: 'num'; readonly value: bigint | number }
  | { readonly k: 'name'; readonly name: string }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly FormulaNode[] }
  | { readonly k: 'unary'; readonly op: string; readonly a: FormulaNode }
  | { readonly k: 'binary'; readonly op: string; readonly a: FormulaNode; readonly b: FormulaNode }
  | { readonly k: 'compare'; readonly ops: readonly string[]; readonly items: readonly FormulaNode[] }
  | { readonly k: 'logic'; readonly op: 'and' | 'or'; readonly a: FormulaNode; readonly b: FormulaNode }
  | { readonly k: 'not'; readonly a: FormulaNode }
  | { readonly k: 'if'; readonly cond: FormulaNode; readonly a: FormulaNode; readonly b: FormulaNode };

/** Binary levels from loosest to tightest, between comparisons and unary operators. */
const BINARY_LEVELS: readonly (readonly string[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '//', '%']];
const COMPARE_OPS = ['<', '>', '==', '>=', '<=', '!='];
const KEYWORDS = new Set(['and', 'or', 'not', 'if', 'else', 'in', 'is', 'lambda', 'for']);
const MAX_DEPTH = 100;

class SyntaxProblem {
  constructor(readonly message: string) {}
}

export function parseFormula(text: string): { ok: true; node: FormulaNode } | { ok: false; message: string } {
  const lexed = tokenize(text);
  if (!lexed.ok) return lexed;
  const p = new Parser(lexed.tokens);
  try {
    const node = p.test();
    if (p.peek().kind !== 'end') p.fail('unexpected');
    return { ok: true, node };
  } catch (err) {
    if (err instanceof SyntaxProblem) return { ok: false, message: err.message };
    throw err;
  }
}

/** Recursive descent over the token list; the position and nesting depth are its state. */
class Parser {
  #pos = 0;
  #depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[this.#pos];
  }

  fail(what: string): never {
    const t = this.peek();
    const shown = t.kind === 'end' ? 'end of formula' : `${JSON.stringify(tokenText(t))} at column ${t.at + 1}`;
    throw new SyntaxProblem(`${what} ${shown}`);
  }

  #isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  #isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'name' && t.text === word;
  }

  #expectOp(text: string): void {
    if (!this.#isOp(text)) this.fail(`expected ${JSON.stringify(text)}, got`);
    this.#pos++;
  }

  test(): FormulaNode {
    if (++this.#depth > MAX_DEPTH) this.fail('formula nested too deeply near');
    const a = this.#orTest();
    let node = a;
    if (this.#isWord('if')) {
      this.#pos++;
      const cond = this.#orTest();
      if (!this.#isWord('else')) this.fail('expected "else", got');
      this.#pos++;
      node = { k: 'if', cond, a, b: this.test() };
    }
    this.#depth--;
    return node;
  }

  #orTest(): FormulaNode {
    let a = this.#andTest();
    while (this.#isWord('or')) {
      this.#pos++;
      a = { k: 'logic', op: 'or', a, b: this.#andTest() };
    }
    return a;
  }

  #andTest(): FormulaNode {
    let a = this.#notTest();
    while (this.#isWord('and')) {
      this.#pos++;
      a = { k: 'logic', op: 'and', a, b: this.#notTest() };
    }
    return a;
  }

  #notTest(): FormulaNode {
    if (!this.#isWord('not')) return this.#comparison();
    this.#pos++;
    return { k: 'not', a: this.#notTest() };
  }

  #comparison(): FormulaNode {
    const first = this.#binary(0);
    const ops: string[] = [];
    const items = [first];
    for (let t = this.peek(); t.kind === 'op' && COMPARE_OPS.includes(t.text); t = this.peek()) {
      this.#pos++;
      ops.push(t.text);
      items.push(this.#binary(0));
    }
    return ops.length === 0 ? first : { k: 'compare', ops, items };
  }

  #binary(level: number): FormulaNode {
    if (level === BINARY_LEVELS.length) return this.#unary();
    let a = this.#binary(level + 1);
    for (let t = this.peek(); t.kind === 'op' && BINARY_LEVELS[level].includes(t.text); t = this.peek()) {
      this.#pos++;
      a = { k: 'binary', op: t.text, a, b: this.#binary(level + 1) };
    }
    return a;
  }

  #unary(): FormulaNode {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '~')) {
      this.#pos++;
      return { k: 'unary', op: t.text, a: this.#unary() };
    }
    const base = this.#atom();
    if (!this.#isOp('**')) return base;
    this.#pos++;
    return { k: 'binary', op: '**', a: base, b: this.#unary() };
  }

  #atom(): FormulaNode {
    const t = this.peek();
    if (t.kind === 'num') {
      this.#pos++;
      return { k: 'num', value: t.value };
    }
    if (t.kind === 'op' && t.text === '(') {
      this.#pos++;
      const inner = this.test();
      this.#expectOp(')');
      return inner;
    }
    if (t.kind !== 'name' || KEYWORDS.has(t.text)) this.fail('unexpected');
    const name = this.#dottedName();
    if (!this.#isOp('(')) return { k: 'name', name };
    this.#pos++;
    return { k: 'call', fn: name, args: this.#arguments() };
  }

  #dottedName(): string {
    let name = tokenText(this.peek());
    this.#pos++;
    while (this.#isOp('.')) {
      this.#pos++;
      const part = this.peek();
      if (part.kind !== 'name') this.fail('expected a name after ".", got');
      name += `.${part.text}`;
      this.#pos++;
    }
    return name;
  }

  #arguments(): FormulaNode[] {
    const args: FormulaNode[] = [];
    while (!this.#isOp(')')) {
      args.push(this.test());
      if (!this.#isOp(',')) break;
      this.#pos++;
    }
    this.#expectOp(')');
    return args;
  }
}

function tokenText(t: Token): string {
  if (t.kind === 'num') return String(t.value);
  return t.kind === 'end' ? '' : t.text;
}
