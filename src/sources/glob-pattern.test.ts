import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandGlob, globRoot } from './expand-glob.js';
import { hasGlobChars, parseGlob, segmentMatches, segmentRegex } from './glob-pattern.js';
import { tempDir } from './source-test-kit.js';

test('*, ? and [...] match inside one segment as Python fnmatch does', () => {
  assert.ok(segmentRegex('*.log').test('messages.log'));
  assert.ok(!segmentRegex('*.log').test('messages.log.1'));
  assert.ok(segmentRegex('full?').test('full1'));
  assert.ok(!segmentRegex('full?').test('full'));
  assert.ok(segmentRegex('m[a-c]x').test('mbx'));
  assert.ok(segmentRegex('m[!a-c]x').test('mdx'));
  assert.ok(!segmentRegex('m[!a-c]x').test('max'));
  assert.ok(segmentRegex('a[]]b').test('a]b'));
  assert.ok(segmentRegex('a[b').test('a[b'), 'an unclosed [ is literal');
  assert.ok(segmentRegex('a.b+(c)').test('a.b+(c)'));
  assert.ok(!segmentRegex('a.b').test('axb'));
});

test('wildcards do not match hidden names unless the segment starts with a dot', () => {
  const [star] = parseGlob('*');
  const [dot] = parseGlob('.*');
  assert.ok(!segmentMatches(star, '.hidden'));
  assert.ok(segmentMatches(dot, '.hidden'));
  assert.ok(hasGlobChars('/var/log/*.log') && !hasGlobChars('/var/log/messages'));
});

test('expandGlob lists regular files in any wildcard segment, sorted, skipping dirs and dangling links', (t) => {
  const dir = tempDir(t);
  for (const sub of ['a', 'b', 'c.log']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'a', 'x.log'), '');
  writeFileSync(join(dir, 'b', 'x.log'), '');
  writeFileSync(join(dir, 'b', 'y.txt'), '');
  writeFileSync(join(dir, 'top.log'), '');
  symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.log'));
  assert.deepEqual(expandGlob(join(dir, '*/x.log')), [join(dir, 'a/x.log'), join(dir, 'b/x.log')]);
  assert.deepEqual(expandGlob(join(dir, '*.log')), [join(dir, 'top.log')]);
  assert.deepEqual(expandGlob(join(dir, 'top.log')), [join(dir, 'top.log')]);
  assert.deepEqual(expandGlob(join(dir, 'none*')), []);
  assert.equal(globRoot('/var/log/*/x.log'), '/var/log');
  assert.equal(globRoot('/var/log/asterisk/messages*'), '/var/log/asterisk');
});
