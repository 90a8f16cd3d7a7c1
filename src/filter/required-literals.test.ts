import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requiredLiteralSet, requiredLiterals } from './required-literals.js';

test('finds the longest mandatory literal run', () => {
  assert.deepEqual(requiredLiteralSet(/^Registration from '[^']*' failed for '(?<ip4>\d+)' - Wrong password$/), ["Registration from '"]);
  assert.deepEqual(requiredLiteralSet(/Host (?<ip4>\S+) failed to authenticate as/), [' failed to authenticate as']);
});

test('drops characters made optional by a quantifier', () => {
  assert.deepEqual(requiredLiteralSet(/abcdx?yz/), ['abcd']);
  assert.deepEqual(requiredLiteralSet(/abcd+efg/), ['abcd']);
});

test('escaped punctuation is literal, escaped letters and properties are not', () => {
  assert.deepEqual(requiredLiteralSet(/\[abc\]\d\.\w/), ['[abc]']);
  assert.deepEqual(requiredLiteralSet(/abc\p{Nd}+defgh/u), ['defgh']);
  assert.deepEqual(requiredLiteralSet(/(?<n>x)abc\k<n>defgh/), ['defgh']);
});

test('alternations give a set of literals, one of which must be present', () => {
  assert.deepEqual(requiredLiteralSet(/^(?:Host )?\S+ (?:failed (?:to auth|MD5 auth)|tried to authenticate)/), ['failed ', 'tried to authenticate']);
  assert.deepEqual(requiredLiteralSet(/abcdef|ghijkl/), ['abcdef', 'ghijkl']);
});

test('optional groups and lookarounds never count', () => {
  assert.equal(requiredLiteralSet(/(?:abcdef)?x/), null);
  assert.equal(requiredLiteralSet(/(?=abcdef)x/), null);
  assert.equal(requiredLiteralSet(/(?!abcdef)x/), null);
});

test('gives up when one branch or one regex has no literal, or on case-insensitive regexes', () => {
  assert.equal(requiredLiteralSet(/abcdef|\d+/), null);
  assert.equal(requiredLiteralSet(/abcdef/i), null);
  assert.equal(requiredLiterals([/abcdef/, /x|y/]), null);
});

test('uses the pieces of a run that may span a cut-out date', () => {
  assert.deepEqual(requiredLiteralSet(/^\[\] NOTICE/), [' NOTICE']);
});
