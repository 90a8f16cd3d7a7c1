import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requiredLiteral, requiredLiterals } from './required-literals.js';

test('finds the longest mandatory literal run outside groups', () => {
  assert.equal(requiredLiteral(/^Registration from '[^']*' failed for '(?<ip4>\d+)' - Wrong password$/), "Registration from '");
  assert.equal(requiredLiteral(/Host (?<ip4>\S+) failed to authenticate as/), ' failed to authenticate as');
});

test('drops characters made optional by a quantifier', () => {
  assert.equal(requiredLiteral(/abcdx?yz/), 'abcd');
  assert.equal(requiredLiteral(/abcd+efg/), 'abcd');
});

test('escaped punctuation is literal, escaped letters are not', () => {
  assert.equal(requiredLiteral(/\[abc\]\d\.\w/), '[abc]');
});

test('gives up on top-level alternation and case-insensitive regexes', () => {
  assert.equal(requiredLiteral(/abcdef|ghijkl/), null);
  assert.equal(requiredLiteral(/abcdef/i), null);
  assert.equal(requiredLiterals([/abcdef/, /x|y/]), null);
});

test('ignores runs that may span a cut-out date', () => {
  assert.equal(requiredLiteral(/^\[\] NOTICE(?:x)/), ' NOTICE');
});

test('unicode property and named-backreference escapes are not literals', () => {
  assert.equal(requiredLiteral(/abc\p{Nd}+defgh/u), 'defgh');
  assert.equal(requiredLiteral(/(?<n>x)abc\k<n>defgh/), 'defgh');
  assert.equal(requiredLiteral(/\u{41}\u0041\x41bcd/u), 'bcd');
});
