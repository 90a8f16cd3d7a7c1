import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileBanFormula, DEFAULT_BAN_FORMULA } from './ban-formula.js';

const INPUT = { time: 600, count: 1, factor: 1 };

function value(text: string, input = INPUT): number {
  const compiled = compileBanFormula(text);
  assert.ok(compiled.ok, `${text}: ${compiled.ok ? '' : compiled.message}`);
  const result = compiled.formula.evaluate(input);
  assert.ok(result.ok, `${text}: ${result.ok ? '' : result.message}`);
  return result.value;
}

// Expected values checked against python3 eval.
const PYTHON_CASES: [string, number][] = [
  ['7 // 2', 3], ['-7 // 2', -4], ['-7 % 3', 2], ['7.5 % -2', -0.5], ['2 ** -1', 0.5], ['-2 ** 2', -4],
  ['2 ** 3 ** 2', 512], ['1 < 2 < 3', 1], ['3 > 2 > 2', 0], ['1 if 0 else 2', 2], ['0 or 5', 5], ['3 and 4', 4],
  ['not 0', 1], ['int(2.9)', 2], ['int(-2.9)', -2], ['round(2.5)', 2], ['round(3.5)', 4], ['round(2.675, 2)', 2.67], ['round(-2.5)', -2], ['round(0.125, 2)', 0.12], ['round(1234.5, -2)', 1200], ['round(-0.5)', 0],
  ['max(1, 2.5, 2)', 2.5], ['min(3, 1, 2)', 1], ['abs(-3)', 3], ['float(3) / 2', 1.5], ['1 << 3', 8],
  ['0xff & 0x0f', 15], ['6 | 1', 7], ['6 ^ 3', 5], ['~5', -6], ['7.0 // 2', 3], ['1_000 + .5', 1000.5], ['1e3', 1000],
  ['5.', 5], ['math.sqrt(16)', 4], ['math.pow(2, 10)', 1024], ['math.log(math.e)', 1], ['math.log(8, 2)', 3],
  ['10 - 2 - 3', 5], ['2 * 3 + 4 * 5', 26], ['(2 + 3) * 4', 20], ['-(-3)', 3], ['+3', 3], ['1 == 1.0', 1],
  ['1 != 1', 0], ['2 >= 2 <= 3', 1], ['True + True', 2],
];

test('evaluates Python arithmetic, comparisons and functions as Python does', () => {
  for (const [text, expected] of PYTHON_CASES) assert.equal(value(text), expected, text);
});

test('fail2ban default formula doubles per earlier ban up to 2^20', () => {
  const cases: [number, number, number][] = [[0, 1, 600], [1, 1, 1200], [3, 1, 4800], [3, 2, 9600], [20, 1, 600 * 2 ** 20], [25, 1, 600 * 2 ** 20]];
  for (const [count, factor, expected] of cases) {
    assert.equal(value(DEFAULT_BAN_FORMULA, { time: 600, count, factor }), expected, `count ${count} factor ${factor}`);
  }
});

test('a fractional factor and ban time keep float arithmetic', () => {
  assert.equal(value('ban.Time * banFactor', { time: 600, count: 1, factor: 1.5 }), 900);
  const exp = value('ban.Time * math.exp(float(ban.Count+1)*banFactor)/math.exp(1*banFactor)', { time: 100, count: 1, factor: 1 });
  assert.ok(Math.abs(exp - 100 * Math.E) < 1e-9, String(exp));
});

test('bad syntax and unknown names are returned errors naming the problem', () => {
  const cases: [string, RegExp][] = [
    ['ban.Time +', /end of formula/],
    ['ban.Time * (2', /expected "\)"/],
    ['foo * 2', /unknown name "foo"/],
    ["__import__('os')", /unexpected character/],
    ['open(1)', /unknown function "open"/],
    ['min + 1', /function min used without a call/],
    ['ban.Time 2', /unexpected "2"/],
    ['1 if 2', /expected "else"/],
    ['01 + 1', /bad number/],
    ['lambda + 1', /unexpected "lambda"/],
    ['ban.Time = 3', /unexpected character "="/],
    ['(' .repeat(200) + '1' + ')'.repeat(200), /nested too deeply/],
  ];
  for (const [text, message] of cases) {
    const compiled = compileBanFormula(text);
    assert.equal(compiled.ok, false, text);
    if (!compiled.ok) assert.match(compiled.message, message, text);
  }
});

test('run-time errors are returned values, not throws', () => {
  const cases: [string, RegExp][] = [
    ['1 / 0', /division by zero/], ['1 // 0', /modulo by zero/], ['1 << 1.5', /unsupported operand/],
    ['1 << -1', /negative shift/], ['math.log(0)', /domain error/], ['math.sqrt(-1)', /domain error/],
    ['math.exp(1000)', /range error/], ['(-8) ** 0.5', /complex/], ['min(1)', /takes 2 or more/], ['2 ** 100000', /too large/],
    ['math.inf', /not a finite number/],
  ];
  for (const [text, message] of cases) {
    const compiled = compileBanFormula(text);
    assert.ok(compiled.ok, text);
    const result = compiled.formula.evaluate(INPUT);
    assert.equal(result.ok, false, text);
    if (!result.ok) assert.match(result.message, message, text);
  }
});
