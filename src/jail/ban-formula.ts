/**
 * `bantime.formula`: fail2ban evals it as Python with `ban.Time`, `ban.Count` and `banFactor` in scope.
 * Here it is parsed once and evaluated safely (no eval). Errors are returned values, never thrown.
 */
import { parseFormula, type FormulaNode } from './formula-parse.js';
import { binaryOp, compare, isInt, pyBool, PyMathError, toFloat, truthy, unaryOp, type PyValue } from './py-arith.js';

export const DEFAULT_BAN_FORMULA = 'ban.Time * (1<<(ban.Count if ban.Count<20 else 20)) * banFactor';

export interface BanFormulaInput {
  /** Base bantime in seconds (`ban.Time`). */
  readonly time: number;
  /** Earlier bans of the ip (`ban.Count`). */
  readonly count: number;
  /** `bantime.factor` (`banFactor`). */
  readonly factor: number;
}

export type FormulaResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

export interface BanFormula {
  readonly text: string;
  evaluate(input: BanFormulaInput): FormulaResult;
}

type Scope = ReadonlyMap<string, PyValue>;
type PyFunction = (args: readonly PyValue[]) => PyValue;

const VARIABLES = ['ban.Time', 'ban.Count', 'banFactor', 'banfactor', 'True', 'False', 'math.pi', 'math.e', 'math.inf'];

const FUNCTIONS: ReadonlyMap<string, PyFunction> = new Map<string, PyFunction>([
  ['float', (a) => toFloat(arity('float', a, 1, 1)[0])],
  ['int', (a) => toInt(arity('int', a, 1, 1)[0])],
  ['abs', (a) => { const [x] = arity('abs', a, 1, 1); return compare('<', x, 0n) ? unaryOp('-', x) : x; }],
  ['min', (a) => arity('min', a, 2, Infinity).reduce((m, x) => (compare('<', x, m) ? x : m))],
  ['max', (a) => arity('max', a, 2, Infinity).reduce((m, x) => (compare('>', x, m) ? x : m))],
  ['round', (a) => pyRound(arity('round', a, 1, 2))],
  ['math.exp', (a) => finite('math.exp', Math.exp(toFloat(arity('math.exp', a, 1, 1)[0])))],
  ['math.sqrt', (a) => { const x = toFloat(arity('math.sqrt', a, 1, 1)[0]); return domain('math.sqrt', x >= 0, Math.sqrt(x)); }],
  ['math.pow', (a) => { const [x, y] = arity('math.pow', a, 2, 2).map(toFloat); return finite('math.pow', Math.pow(x, y)); }],
  ['math.log', (a) => pyLog(arity('math.log', a, 1, 2).map(toFloat))],
]);

/** Parse a formula and check every name in it; the result evaluates without eval/Function. */
export function compileBanFormula(text: string): { ok: true; formula: BanFormula } | { ok: false; message: string } {
  const parsed = parseFormula(text);
  if (!parsed.ok) return { ok: false, message: `bad bantime.formula: ${parsed.message}` };
  const unknown = checkNames(parsed.node);
  if (unknown !== null) return { ok: false, message: `bad bantime.formula: ${unknown}` };
  const node = parsed.node;
  return { ok: true, formula: { text, evaluate: (input) => evaluate(node, input) } };
}

function evaluate(node: FormulaNode, input: BanFormulaInput): FormulaResult {
  const factor = pyNumber(input.factor);
  const scope: Scope = new Map<string, PyValue>([
    ['ban.Time', pyNumber(input.time)], ['ban.Count', pyNumber(input.count)],
    ['banFactor', factor], ['banfactor', factor], ['True', 1n], ['False', 0n],
    ['math.pi', Math.PI], ['math.e', Math.E], ['math.inf', Infinity],
  ]);
  try {
    const value = toFloat(run(node, scope));
    if (!Number.isFinite(value)) return { ok: false, message: 'bantime.formula gave a value that is not a finite number' };
    return { ok: true, value };
  } catch (err) {
    if (err instanceof PyMathError) return { ok: false, message: `bantime.formula: ${err.message}` };
    throw err;
  }
}

function run(node: FormulaNode, scope: Scope): PyValue {
  switch (node.k) {
    case 'num': return node.value;
    case 'name': return scope.get(node.name) as PyValue;
    case 'call': return (FUNCTIONS.get(node.fn) as PyFunction)(node.args.map((a) => run(a, scope)));
    case 'unary': return unaryOp(node.op, run(node.a, scope));
    case 'binary': return binaryOp(node.op, run(node.a, scope), run(node.b, scope));
    case 'not': return pyBool(!truthy(run(node.a, scope)));
    case 'if': return truthy(run(node.cond, scope)) ? run(node.a, scope) : run(node.b, scope);
    case 'logic': {
      const a = run(node.a, scope);
      return truthy(a) === (node.op === 'or') ? a : run(node.b, scope);
    }
    case 'compare': return pyBool(chain(node.ops, node.items, scope));
  }
}

/** `a < b < c` is `a < b and b < c`, each operand evaluated once. */
function chain(ops: readonly string[], items: readonly FormulaNode[], scope: Scope): boolean {
  let left = run(items[0], scope);
  for (let k = 0; k < ops.length; k++) {
    const right = run(items[k + 1], scope);
    if (!compare(ops[k], left, right)) return false;
    left = right;
  }
  return true;
}

/** First problem with a name: unknown variable, unknown function, or a function used as a value. */
function checkNames(node: FormulaNode): string | null {
  switch (node.k) {
    case 'num': return null;
    case 'name':
      if (VARIABLES.includes(node.name)) return null;
      return FUNCTIONS.has(node.name) ? `function ${node.name} used without a call` : `unknown name ${JSON.stringify(node.name)}`;
    case 'call':
      if (!FUNCTIONS.has(node.fn)) return `unknown function ${JSON.stringify(node.fn)}`;
      return firstProblem(node.args);
    case 'unary': case 'not': return checkNames(node.a);
    case 'binary': case 'logic': return firstProblem([node.a, node.b]);
    case 'if': return firstProblem([node.cond, node.a, node.b]);
    case 'compare': return firstProblem(node.items);
  }
}

function firstProblem(nodes: readonly FormulaNode[]): string | null {
  for (const n of nodes) {
    const problem = checkNames(n);
    if (problem !== null) return problem;
  }
  return null;
}

function pyNumber(v: number): PyValue {
  return Number.isSafeInteger(v) ? BigInt(v) : v;
}

function arity(fn: string, args: readonly PyValue[], min: number, max: number): readonly PyValue[] {
  if (args.length < min || args.length > max) throw new PyMathError(`${fn}() takes ${min === max ? min : `${min} or more`} argument(s), got ${args.length}`);
  return args;
}

function finite(fn: string, v: number): number {
  if (!Number.isFinite(v)) throw new PyMathError(`${fn}: math range error`);
  return v;
}

function domain(fn: string, ok: boolean, v: number): number {
  if (!ok) throw new PyMathError(`${fn}: math domain error`);
  return v;
}

function toInt(v: PyValue): bigint {
  if (isInt(v)) return v;
  if (!Number.isFinite(v)) throw new PyMathError('cannot convert float infinity or NaN to integer');
  return BigInt(Math.trunc(v));
}

function pyLog([x, base]: number[]): number {
  domain('math.log', x > 0 && (base === undefined || (base > 0 && base !== 1)), 0);
  return base === undefined ? Math.log(x) : Math.log(x) / Math.log(base);
}

/** Python's round(): half to even on the exact binary value; an int without digits, a float with them. */
function pyRound([x, digits]: readonly PyValue[]): PyValue {
  if (digits !== undefined && !isInt(digits)) throw new PyMathError("'float' object cannot be interpreted as an integer");
  if (isInt(x)) return x;
  if (!Number.isFinite(x)) throw new PyMathError('cannot round infinity or NaN');
  const d = digits === undefined ? 0n : digits;
  const [num, den] = exactRatio(x);
  // x * 10^d as a ratio, rounded half to even.
  const n = d >= 0n ? num * 10n ** d : num;
  const m = d >= 0n ? den : den * 10n ** -d;
  let q = n / m;
  const r2 = 2n * (n % m);
  const sign = n < 0n ? -1n : 1n;
  if (r2 * sign > m || (r2 * sign === m && q % 2n !== 0n)) q += sign;
  if (digits === undefined) return q;
  return d >= 0n ? Number(q) / 10 ** Number(d) : Number(q * 10n ** -d);
}

/** A finite double as numerator / denominator (denominator a power of two). */
function exactRatio(x: number): [bigint, bigint] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const shift = (exponent === 0 ? 1 : exponent) - 1075;
  const signed = bits >> 63n === 1n ? -mantissa : mantissa;
  return shift >= 0 ? [signed << BigInt(shift), 1n] : [signed, 1n << BigInt(-shift)];
}
