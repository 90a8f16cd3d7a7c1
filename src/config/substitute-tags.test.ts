import assert from 'node:assert/strict';
import { test } from 'node:test';
import { substituteTags, type TagOptions, type TagResult } from './substitute-tags.js';

function run(values: Record<string, string>, options?: TagOptions): Record<string, string> {
  const result: TagResult = substituteTags(new Map(Object.entries(values)), options);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return Object.fromEntries(result.values);
}

test('replaces <tag> with the option of that name, recursively', () => {
  const out = run({ a: '3', b: '<a>_3', c: '<b>-<b>' });
  assert.deepEqual(out, { a: '3', b: '3_3', c: '3_3-3_3' });
});

test('unknown tags are left as they are (that is how <HOST> survives)', () => {
  assert.equal(run({ failregex: '^<pre> from <HOST> <F-USER>x</F-USER>', pre: 'P' }).failregex, '^P from <HOST> <F-USER>x</F-USER>');
});

test('nested tags resolve from the inside out: <mdre-<mode>>', () => {
  const out = run({ mode: 'aggressive', 'mdre-normal': 'N', 'mdre-aggressive': '<mdre-normal>|A', failregex: '<mdre-<mode>>' });
  assert.equal(out.failregex, 'N|A');
});

test('tags not among the options are asked from the lookup (e.g. <lt_file/__prefix_line>)', () => {
  const lookup = (tag: string): string | null => (tag === 'lt_file/p' ? 'PREFIX<x>' : null);
  const out = run({ logtype: 'file', x: 'X', re: '<lt_<logtype>/p> end <lt_nope/p>' }, { lookup });
  assert.equal(out.re, 'PREFIXX end <lt_nope/p>');
});

test('a conditional option wins when the condition is given', () => {
  const values = { blocktype: 'DROP', 'blocktype?family=inet6': 'DROP6', rule: '-j <blocktype>' };
  assert.equal(run(values, { conditional: 'family=inet6' }).rule, '-j DROP6');
  assert.equal(run(values).rule, '-j DROP');
});

test('ignored options are neither substituted nor used as replacements', () => {
  const out = run({ a: 'A', b: '<c>', c: '<a>' }, { ignore: new Set(['c']) });
  assert.deepEqual(out, { a: 'A', b: '<c>', c: '<a>' });
});

test('a self reference is an error naming the option', () => {
  const result = substituteTags(new Map([['a', 'x<a>']]));
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.tag, 'a');
});

test('a loop that comes back to its own option is a self reference', () => {
  const result = substituteTags(new Map([['a', '<b>'], ['b', 'y<a>']]));
  assert.equal(!result.ok && result.found, 'a');
});

test('a reference loop between other options stops after 25 replacements with an error', () => {
  const result = substituteTags(new Map([['a', '<b>'], ['b', '<c>'], ['c', '<b>']]));
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.message : '', /more than 25 times/);
});

test('the input map is not modified', () => {
  const input = new Map([['a', '1'], ['b', '<a>']]);
  substituteTags(input);
  assert.equal(input.get('b'), '<a>');
});
