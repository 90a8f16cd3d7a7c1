import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesText, parseMatches } from './store-rows.js';

test('matches lists survive the stored text unchanged, whatever their lines contain', () => {
  const lists = [[], ['one line'], ['[2024-05-06 03:12:44] looks like JSON'], ['\nstarts with a newline'], ['a', 'b "quoted"\\'], ['', '']];
  for (const list of lists) assert.deepEqual(parseMatches(matchesText(list)), list, JSON.stringify(list));
});

test('one line is stored as itself after a newline, several as JSON; max keeps the newest', () => {
  assert.equal(matchesText(['x']), '\nx');
  assert.equal(matchesText(['a', 'b', 'c'], 2), '["b","c"]');
  assert.equal(matchesText(['a', 'b', 'c'], 1), '\nc');
  assert.equal(matchesText(['a'], 0), '[]');
});

test('JSON written by earlier versions (one line included) still reads', () => {
  assert.deepEqual(parseMatches('["older row"]'), ['older row']);
  assert.deepEqual(parseMatches('[]'), []);
});
