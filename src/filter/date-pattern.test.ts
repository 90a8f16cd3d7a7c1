import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyBounds, boundPattern, compileTemplate, unboundPattern, type DateTemplate } from './date-pattern.js';
import { exYearRegex } from './strptime-fields.js';

const EX_YEAR = exYearRegex(2025);
const compile = (pattern: string): DateTemplate => compileTemplate({ bound: boundPattern(pattern, EX_YEAR), kind: 'strptime' });

/** Group 1 of the first match, or null. */
function cut(t: DateTemplate, line: string): string | null {
  t.regex.lastIndex = 0;
  const m = t.regex.exec(line);
  if (!m) return null;
  return t.groupTail ? (m[1] ?? null) : line.slice(...(m.indices?.[1] ?? [0, 0]));
}

test('patterns get word boundaries on both sides unless marked with **', () => {
  const t = compile('%H:%M:%S');
  assert.equal(cut(t, 'at 12:30:00 x'), '12:30:00');
  assert.equal(cut(t, 'x12:30:00'), null);
  assert.equal(cut(t, '12:30:001'), null);
  const free = compile('(?iu)**time:%ExY%Exm%ExdT%ExH%ExM%ExS**');
  assert.ok(!free.regex.source.includes('**'));
  assert.equal(cut(free, 'XTIME:20050102T010203X'), 'TIME:20050102T010203');
  assert.equal(cut(free, 'TIME:50050102T010203'), null); // %ExY: a plausible year only
});

test('{^LN-BEG} anchors at line start after up to two non-word characters, case-sensitively', () => {
  const t = compile('{^LN-BEG}time:%ExY%Exm%ExdT%ExH%ExM%ExS');
  assert.equal(t.name, '{^LN-BEG}time:%ExY%Exm%ExdT%ExH%ExM%ExS');
  assert.ok(t.lineAnchored);
  assert.equal(cut(t, '##time:20050102T010203...'), 'time:20050102T010203');
  assert.equal(cut(t, 'time:20050102T010203'), 'time:20050102T010203');
  assert.equal(cut(t, 'Xtime:20050102T010203'), null);
  assert.equal(cut(t, '###time:20050102T010203'), null);
  assert.equal(cut(t, 'time:20050102T010203X'), null);
  assert.equal(cut(t, 'TIME:20050102T010203'), null);
});

test('month and day names make the whole pattern case-insensitive', () => {
  const t = compile('^%Y %b %d');
  assert.equal(t.regex.flags.includes('i'), true);
  assert.equal(cut(t, '2005 jun 03'), '2005 jun 03');
  assert.equal(cut(t, '2005 JUN 03'), '2005 JUN 03');
});

test('group 1: the whole pattern unless it has an unnamed group of its own', () => {
  assert.equal(cut(compile('^L %d/%m/%Y - %H:%M:%S'), 'L 23/01/2005 - 21:59:59: x'), 'L 23/01/2005 - 21:59:59');
  assert.equal(cut(compile('^[^\\[]*\\[(%d/%b/%Y)'), '1.2.3.4 [23/Jan/2005] x'), '23/Jan/2005');
  assert.equal(cut(compile('^(?P<x>a)%Y'), 'a2005 x'), 'a2005');
  assert.equal(cut(compile('^I\\(()**'), 'I(<0.1>) x'), '');
  const mid = compile('^(%Y-%m-%d) %H:%M:%S');
  assert.equal(mid.groupTail, false);
  assert.equal(cut(mid, '2005-01-23 21:59:59 x'), '2005-01-23');
});

test('{UNB} drops both boundaries; a trailing $ anchors the end', () => {
  assert.equal(cut(compile('{UNB}%Y-%m-%d'), 'x2005-01-23y'), '2005-01-23');
  const end = compile('%H:%M:%S$');
  assert.ok(end.lineAnchored);
  assert.equal(cut(end, 'x at 10:00:00'), '10:00:00');
});

test('applyBounds follows fail2ban for plain regexes (names kept, flags moved to the front)', () => {
  assert.deepEqual(applyBounds('^a{3,5}b?c*$', 'n', true, true), { regex: '^(a{3,5}b?c*)$', name: 'n', lineAnchored: true });
  assert.deepEqual(applyBounds('x(?i)y', 'n', 'start', true), { regex: '(?i)^(?:\\W{0,2})?(xy)(?=\\b|\\W|$)', name: '{^LN-BEG}n', lineAnchored: true });
  assert.deepEqual(applyBounds('ab', 'n', false, true), { regex: '(ab)(?=\\b|\\W|$)', name: 'n', lineAnchored: false });
});

test('unboundPattern strips the markers a default template carries before {DATE}', () => {
  assert.equal(unboundPattern('{^LN-BEG}%H:%M:%S'), '%H:%M:%S');
  assert.equal(unboundPattern('{UNB}(?:^|\\b|\\W)x(?=\\b|\\W|$)'), 'x');
  assert.equal(unboundPattern('^<%m>'), '^<%m>');
});
