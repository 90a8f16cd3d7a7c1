/**
 * Python number semantics for the ban-time formula: ints are exact (bigint), floats are numbers,
 * bools are the ints 0 and 1. Python's errors (ZeroDivisionError, TypeError, …) become PyMathError.
 */

export type PyValue = bigint | number;

export class PyMathError extends Error {}

/** Results bigger than this many bits are refused (Python would compute them; a ban time never needs them). */
const MAX_INT_BITS = 4096n;

export const isInt = (v: PyValue): v is bigint => typeof v === 'bigint';
export const toFloat = (v: PyValue): number => (isInt(v) ? Number(v) : v);
export const truthy = (v: PyValue): boolean => (isInt(v) ? v !== 0n : v !== 0);
export const pyBool = (b: boolean): bigint => (b ? 1n : 0n);

function checkedFloat(v: number, what: string): number {
  if (!Number.isFinite(v)) throw new PyMathError(`${what}: result too large`);
  return v;
}

function checkedInt(v: bigint): bigint {
  const bits = BigInt((v < 0n ? -v : v).toString(2).length);
  if (bits > MAX_INT_BITS) throw new PyMathError('integer result too large');
  return v;
}

function floorDivInt(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function modFloat(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

function needInts(op: string, a: PyValue, b: PyValue): [bigint, bigint] {
  if (!isInt(a) || !isInt(b)) throw new PyMathError(`unsupported operand type(s) for ${op}: float`);
  return [a, b];
}

function shift(op: string, a: PyValue, b: PyValue): bigint {
  const [x, n] = needInts(op, a, b);
  if (n < 0n) throw new PyMathError('negative shift count');
  if (op === '>>') return x >> n;
  if (n > MAX_INT_BITS) throw new PyMathError('integer result too large');
  return checkedInt(x << n);
}

function power(a: PyValue, b: PyValue): PyValue {
  if (isInt(a) && isInt(b) && b >= 0n) {
    if (b > MAX_INT_BITS && a !== 0n && a !== 1n && a !== -1n) throw new PyMathError('integer result too large');
    return checkedInt(a ** b);
  }
  const x = toFloat(a);
  const y = toFloat(b);
  if (x === 0 && y < 0) throw new PyMathError('0.0 cannot be raised to a negative power');
  if (x < 0 && !Number.isInteger(y)) throw new PyMathError('negative number raised to a fractional power gives a complex number');
  return checkedFloat(x ** y, '**');
}

function divide(op: string, a: PyValue, b: PyValue): PyValue {
  if (toFloat(b) === 0 && (!isInt(b) || b === 0n)) throw new PyMathError(op === '/' ? 'division by zero' : 'integer division or modulo by zero');
  if (op === '/') return checkedFloat(toFloat(a) / toFloat(b), '/');
  if (isInt(a) && isInt(b)) return op === '//' ? floorDivInt(a, b) : a - floorDivInt(a, b) * b;
  const x = toFloat(a);
  const y = toFloat(b);
  return op === '//' ? Math.floor(x / y) : modFloat(x, y);
}

function arith(op: string, a: PyValue, b: PyValue): PyValue {
  if (isInt(a) && isInt(b)) {
    if (op === '+') return checkedInt(a + b);
    if (op === '-') return checkedInt(a - b);
    return checkedInt(a * b);
  }
  const x = toFloat(a);
  const y = toFloat(b);
  if (op === '+') return x + y;
  return op === '-' ? x - y : x * y;
}

export function binaryOp(op: string, a: PyValue, b: PyValue): PyValue {
  switch (op) {
    case '+': case '-': case '*': return arith(op, a, b);
    case '/': case '//': case '%': return divide(op, a, b);
    case '**': return power(a, b);
    case '<<': case '>>': return shift(op, a, b);
    case '&': { const [x, y] = needInts(op, a, b); return x & y; }
    case '|': { const [x, y] = needInts(op, a, b); return x | y; }
    case '^': { const [x, y] = needInts(op, a, b); return x ^ y; }
    default: throw new PyMathError(`unknown operator ${op}`);
  }
}

export function unaryOp(op: string, a: PyValue): PyValue {
  if (op === '+') return a;
  if (op === '-') return isInt(a) ? -a : -a;
  if (!isInt(a)) throw new PyMathError('bad operand type for unary ~: float');
  return ~a;
}

export function compare(op: string, a: PyValue, b: PyValue): boolean {
  const both = isInt(a) && isInt(b);
  const x = both ? a : toFloat(a);
  const y = both ? b : toFloat(b);
  switch (op) {
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
    case '==': return x === y;
    default: return x !== y;
  }
}
