import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIni } from './ini.js';

const F = '/etc/x.conf';

function value(text: string, section: string, key: string): string | undefined {
  const file = parseIni(text, F);
  return (section === 'DEFAULT' ? file.defaults : file.sections.get(section))?.get(key)?.value;
}

test('reads key = value and key: value, trimming around the delimiter', () => {
  const text = '[a]\nx = 1\ny: two words \nz=3=4\n';
  assert.equal(value(text, 'a', 'x'), '1');
  assert.equal(value(text, 'a', 'y'), 'two words');
  assert.equal(value(text, 'a', 'z'), '3=4');
});

test('keys are lower-cased, section names keep their case', () => {
  const file = parseIni('[Definition]\nFailRegex = x\n', F);
  assert.equal(file.sections.get('Definition')?.get('failregex')?.value, 'x');
  assert.equal(file.sections.get('definition'), undefined);
});

test('full-line # and ; comments are skipped, also when indented', () => {
  const text = '# head\n[a]\n; note\nx = 1\n   # indented comment\ny = 2\n';
  const a = parseIni(text, F).sections.get('a');
  assert.deepEqual([...(a?.keys() ?? [])], ['x', 'y']);
  assert.equal(a?.get('x')?.value, '1');
});

test('inline comments need ; after whitespace; # mid-line and x;y stay literal', () => {
  const text = '[a]\nx = 1 ; note\ny = a;b\nz = a # b\nw = 1\t;tab\n';
  assert.equal(value(text, 'a', 'x'), '1');
  assert.equal(value(text, 'a', 'y'), 'a;b');
  assert.equal(value(text, 'a', 'z'), 'a # b');
  assert.equal(value(text, 'a', 'w'), '1');
});

test('indented lines continue a value, joined with new lines and stripped', () => {
  const text = '[a]\nfailregex = ^one$\n    ^two$\n\t^three$\nnext = n\n';
  const file = parseIni(text, F);
  const v = file.sections.get('a')?.get('failregex');
  assert.equal(v?.value, '^one$\n^two$\n^three$');
  assert.deepEqual(v?.lines, [2, 3, 4]);
  assert.equal(v?.line, 2);
  assert.equal(file.sections.get('a')?.get('next')?.value, 'n');
});

test('blank lines inside a value are kept, trailing ones dropped; comment lines are not kept', () => {
  const text = '[a]\nx = one\n\n  two\n  # c\n  three\n\n\ny = 2\n';
  const v = parseIni(text, F).sections.get('a')?.get('x');
  assert.equal(v?.value, 'one\n\ntwo\nthree');
  assert.deepEqual(v?.lines, [2, 3, 4, 6]);
});

test('a continuation must be indented deeper than its key', () => {
  const text = '[a]\n  x = 1\n  y = 2\n    more\n';
  const a = parseIni(text, F).sections.get('a');
  assert.equal(a?.get('x')?.value, '1');
  assert.equal(a?.get('y')?.value, '2\nmore');
});

test('an empty value is allowed', () => {
  assert.equal(value('[a]\nignorecommand =\n', 'a', 'ignorecommand'), '');
});

test('[DEFAULT] is kept apart from sections, and may appear twice', () => {
  const file = parseIni('[DEFAULT]\na = 1\n[s]\nb = 2\n[DEFAULT]\nc = 3\n', F);
  assert.deepEqual([...file.defaults.keys()], ['a', 'c']);
  assert.deepEqual([...file.sections.keys()], ['s']);
  assert.equal(file.errors.length, 0);
});

test('section headers remember their line; text after ] is ignored', () => {
  const file = parseIni('\n[Init?family=inet6]\nx = 1\n[a] trailing\n', F);
  assert.equal(file.sectionLines.get('Init?family=inet6'), 2);
  assert.ok(file.sections.has('a'));
});

test('syntax errors are values naming file and line, and parsing goes on', () => {
  const file = parseIni('x = 1\n[a]\njust words\ny = 2\n= 3\n', F);
  assert.equal(file.errors.length, 3);
  assert.deepEqual(file.errors.map((e) => [e.code, e.place.file, e.place.line]), [
    ['ERR_CONFIG_SYNTAX', F, 1],
    ['ERR_CONFIG_SYNTAX', F, 3],
    ['ERR_CONFIG_SYNTAX', F, 5],
  ]);
  assert.equal(file.sections.get('a')?.get('y')?.value, '2');
});

test('duplicate keys or sections in one file are errors (ConfigParser strict); the later value wins', () => {
  const file = parseIni('[a]\nx = 1\nX = 2\n[b]\n[a]\ny = 3\n', F);
  assert.equal(file.errors.length, 2);
  assert.match(file.errors[0].message, /\[a\] x: duplicate option \(first at line 2\)/);
  assert.equal(file.errors[0].place.line, 3);
  assert.match(file.errors[1].message, /duplicate section \[a\]/);
  assert.equal(file.sections.get('a')?.get('x')?.value, '2');
  assert.equal(file.sections.get('a')?.get('y')?.value, '3');
});

test('CRLF line endings and a UTF-8 BOM are accepted', () => {
  const file = parseIni('\uFEFF[a]\r\nx = 1\r\n  2\r\n', F);
  assert.equal(file.errors.length, 0);
  assert.equal(file.sections.get('a')?.get('x')?.value, '1\n2');
});
