import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundPattern, compileTemplate } from './date-pattern.js';
import { learnShape, readShape } from './date-shape.js';
import { exYearRegex } from './strptime-fields.js';

function shapeOf(pattern: string, line: string) {
  const t = compileTemplate({ bound: boundPattern(pattern, exYearRegex(2025)), kind: 'strptime' });
  t.regex.lastIndex = 0;
  const m = t.regex.exec(line);
  assert.ok(m, line);
  return learnShape(t, m);
}

test('numeric fields vary, separators and names must stay the same', () => {
  const shape = shapeOf('{^LN-BEG}%b %d %H:%M:%S', '[Jan 23 21:59:59] x');
  assert.ok(shape);
  assert.deepEqual(shape.numeric.map((f) => [f.key, f.from, f.to]), [['d', 5, 7], ['H', 8, 10], ['M', 11, 13], ['S', 14, 16]]);
  assert.equal(readShape(shape, '[Jan 24 00:00:01] y', 0), true); // the match starts at the line start
  assert.equal(readShape(shape, '[Feb 23 21:59:59] x', 0), false);
  assert.equal(readShape(shape, '[Jan  3 21:59:59] x', 0), false); // " 3": another width
  assert.equal(readShape(shape, '[Jan 23-21:59:59] x', 0), false);
  assert.equal(readShape(shape, '[Jan 23 21:59:5', 0), false); // the line ends inside the stamp
  assert.equal(readShape(shape, 'x[Jan 23 21:59:59]', 1), true);
  assert.equal(readShape(shape, '[Jan 24 07:08:09] y', 0), true);
  assert.deepEqual([...shape.values], [24, 7, 8, 9]); // the numbers of the line just read
});

test('fields that touch each other or hold no plain digits are not reused', () => {
  assert.equal(shapeOf('%Y%m%d %H:%M:%S', '20050123 21:59:59'), null);
  const spaced = shapeOf('%b %d', 'Jan  3');
  assert.equal(spaced?.numeric.length, 1);
  assert.ok(spaced && readShape(spaced, 'Jan  7', 0));
  assert.deepEqual([...spaced.values], [7]); // the space of " 3" must stay, the digit is read
  assert.equal(shapeOf('%b', 'Jan'), null);
  const zoned = shapeOf('%Y-%m-%d %H:%M:%S %z', '2005-01-23 21:59:59 +0100');
  assert.ok(zoned);
  assert.equal(readShape(zoned, '2005-01-23 21:59:58 +0100', 0), true);
  assert.equal(readShape(zoned, '2005-01-23 21:59:58 +0200', 0), false); // the zone is not a numeric field
});
