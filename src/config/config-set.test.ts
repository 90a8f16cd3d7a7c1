import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeIniFiles, splitConditional, syntheticValue, withOptions } from './config-set.js';
import { parseIni } from './ini.js';

const files = [
  parseIni('[DEFAULT]\nd = 1\n[a]\nx = 1\n', '/f1.conf'),
  parseIni('[DEFAULT]\nd = 2\n[a]\nx = 2\ny = 2\n[Init?family=inet6]\nz = 6\n', '/f2.conf'),
  parseIni('[a]\nx = 3\n[Init]\nz = 4\n', '/f3.conf'),
];

test('later files win option by option; known keeps the value each option had before', () => {
  const set = mergeIniFiles(files);
  assert.equal(set.sections.get('a')?.get('x')?.value, '3');
  assert.equal(set.sections.get('a')?.get('y')?.value, '2');
  assert.equal(set.known.get('a')?.get('x')?.value, '2');
  assert.equal(set.defaults.get('d')?.value, '2');
  assert.deepEqual(set.files, ['/f1.conf', '/f2.conf', '/f3.conf']);
});

test('conditional sections are stored in their base section as key?condition', () => {
  const set = mergeIniFiles(files);
  assert.equal(set.sections.get('Init')?.get('z?family=inet6')?.value, '6');
  assert.equal(set.sections.get('Init')?.get('z')?.value, '4');
  assert.deepEqual(splitConditional('Init?family=inet6'), ['Init', '?family=inet6']);
  assert.equal(splitConditional('Init'), null);
});

test('withOptions adds values to a copy, winning over existing ones', () => {
  const set = mergeIniFiles(files);
  const more = withOptions(set, 'a', new Map([['x', syntheticValue('(test)', 'a', 'x', 'new')]]));
  assert.equal(more.sections.get('a')?.get('x')?.value, 'new');
  assert.equal(set.sections.get('a')?.get('x')?.value, '3');
  const defaults = withOptions(set, 'DEFAULT', new Map([['v', syntheticValue('(test)', 'DEFAULT', 'v', '1.0')]]));
  assert.equal(defaults.defaults.get('v')?.value, '1.0');
  assert.equal(set.defaults.get('v'), undefined);
});

test('errors of every file are collected', () => {
  const set = mergeIniFiles([parseIni('bad\n', '/x.conf'), parseIni('[a]\nx = 1\nx = 2\n', '/y.conf')]);
  assert.deepEqual(set.errors.map((e) => e.place.file), ['/x.conf', '/y.conf']);
});
