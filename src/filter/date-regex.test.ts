import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WardenError } from '../core/errors.js';
import { groupOneIsTail, numberNamedGroups, translateDateRegex } from './date-regex.js';

test('Python group syntax and leading flags become JS syntax and flags', () => {
  const cases: [string, string, string][] = [
    ['(?P<y>\\d)-(?P=y)', '(?<y>\\d)-\\k<y>', ''],
    ['(?iu)^%b(?#month)', '^%b', 'i'],
    ['(?s)a.b', 'a.b', 's'],
    ['\\A\\d{,3}\\Z', '^\\d{0,3}$', ''],
    ['[]a][^]]', '[\\]a][^\\]]', ''],
    ['[(](x)', '[(](x)', ''],
    ['a{2,}', 'a{2,}', ''],
  ];
  for (const [py, source, flags] of cases) assert.deepEqual(translateDateRegex(py), { source, flags }, py);
});

test('constructs without a faithful JS form are ERR_DATE_PATTERN errors', () => {
  for (const py of ['a(?i)b', '(?(1)a|b)', '(?>a)', '(?i:a)', 'a++', '(?x)a', '[abc', 'a\\']) {
    assert.throws(() => translateDateRegex(py), (e: unknown) => e instanceof WardenError && e.code === 'ERR_DATE_PATTERN', py);
  }
});

test('group 1 at the end of the regex can be located without match indices', () => {
  assert.equal(groupOneIsTail('^(?:\\W{0,2})?(a(?<b>c))(?=\\b|\\W|$)'), true);
  assert.equal(groupOneIsTail('^[^\\[]*\\[(x)'), true);
  assert.equal(groupOneIsTail('^I\\(()'), true);
  assert.equal(groupOneIsTail('(a)b'), false);
  assert.equal(groupOneIsTail('(a)?'), false);
  assert.equal(groupOneIsTail('x(a)|y'), false);
  assert.equal(groupOneIsTail('(?:(a))'), false);
});

test('named groups become numbered ones, back-references follow', () => {
  const r = numberNamedGroups('^(?<Y>\\d{4})(?<_sep>[-/])(x)\\k<_sep>[(?<no>](?<d>\\d)(?=a)');
  assert.equal(r.source, '^(\\d{4})([-/])(x)(?:\\2)[(?<no>](\\d)(?=a)');
  assert.deepEqual([...r.groups], [['Y', 1], ['_sep', 2], ['d', 4]]);
  assert.ok(new RegExp(r.source).test('2005-x-(1a'));
  assert.ok(!new RegExp(r.source).test('2005-x/(1a'));
});
