import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchoredPrefix, requiredLiteralSet, requiredLiterals, unnameGroups } from './required-literals.js';

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

test('an anchored regex gives the literal text every match starts with', () => {
  assert.equal(anchoredPrefix(/^Registration from '[^']*' failed/u), "Registration from '");
  assert.equal(anchoredPrefix(/^a\(b\)\/c\d/u), 'a(b)/c');
  assert.equal(anchoredPrefix(/^abc?d/), 'ab'); // a quantifier drops the character before it
  assert.equal(anchoredPrefix(/^abc/), 'abc');
});

test('no prefix without ^, with a top-level |, multiline, case-insensitive or a leading group', () => {
  assert.equal(anchoredPrefix(/abc/), '');
  assert.equal(anchoredPrefix(/^abc|def/), '');
  assert.equal(anchoredPrefix(/^abc/m), '');
  assert.equal(anchoredPrefix(/^abc/i), '');
  assert.equal(anchoredPrefix(/^(?:Host )?x/), '');
  assert.equal(anchoredPrefix(/^\nabc/), '');
});

test('named groups become numbered groups with the same numbers', () => {
  const out = unnameGroups('(?<a>x)(y)(?:q)(?<=q)[(?<c>](?<b>z)\\k<a>');
  assert.deepEqual(out, { source: '(x)(y)(?:q)(?<=q)[(?<c>](z)(?:\\1)', numbers: { a: 1, b: 3 } });
  const m = new RegExp(out?.source ?? '', 'u').exec('xyq(zx');
  assert.equal(m?.[3], 'z');
  assert.equal(unnameGroups('\\k<a>(?<a>x)'), null); // forward reference: names kept
});
