import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectCases, makeOptionSet, parseSampleText, pyRepr, splitSampleLines } from './sample-file.js';

const LOGS = '/usr/lib/python3/dist-packages/fail2ban/tests/files/logs';

function fakeFiles(files: Record<string, string>): (file: string) => string | null {
  return (file) => files[file] ?? null;
}

test('splitSampleLines drops CR/LF endings and the empty last line', () => {
  assert.deepEqual(splitSampleLines('a\r\nb\n\nc\n'), ['a', 'b', '', 'c']);
  assert.deepEqual(splitSampleLines('a\rb'), ['a\rb']);
});

test('a failJSON annotation describes the next line, whatever it looks like', () => {
  const { entries, problems } = parseSampleText('# failJSON: {"match": true, "host": "1.2.3.4"}\n# not a comment here\n', 'f');
  assert.deepEqual(problems, []);
  assert.deepEqual(entries, [{ kind: 'line', lineNo: 2, line: '# not a comment here', expect: { match: true, host: '1.2.3.4' }, annotated: true }]);
});

test('directive prefix: several # and an optional space, as fail2ban matches it', () => {
  const text = '## failJSON: {"match": false}\nx\n#failJSON: {"match": false}\ny\n#  failJSON: {"match": true}\nz\n';
  const { entries } = parseSampleText(text, 'f');
  assert.deepEqual(entries.map((e) => e.kind === 'line' && [e.line, e.annotated]), [['x', true], ['y', true], ['z', false]]);
});

test('comments and blank lines are skipped, other lines are unannotated cases', () => {
  const { entries } = parseSampleText('# plain comment\n\n   \nlog line\n', 'f');
  assert.deepEqual(entries, [{ kind: 'line', lineNo: 4, line: 'log line', expect: {}, annotated: false }]);
});

test('malformed annotations are problems naming file and line', () => {
  const { entries, problems } = parseSampleText('# failJSON: {"match": tru}\nskipped\n# filterOptions: [1]\n# addFILE: {}\n# failJSON: {"match": true}\n', 'f');
  assert.deepEqual(entries, []);
  assert.deepEqual(problems.map((p) => p.lineNo), [1, 3, 4, 5]);
  assert.match(problems[3].message, /no log line follows/);
});

test('pyRepr and option-set names follow Python str(dict)', () => {
  assert.equal(pyRepr({ mode: 'aggressive', n: 1, b: true, z: null }), "{'mode': 'aggressive', 'n': 1, 'b': True, 'z': None}");
  assert.equal(pyRepr("it's"), "'it\\'s'");
  const set = makeOptionSet('sshd', { 'test.condition': "name=='sshd'", mode: 'ddos' });
  assert.equal(set.name, "sshd{'mode': 'ddos'}");
  assert.deepEqual(set.filterOptions, { mode: 'ddos' });
  assert.equal(makeOptionSet('x', {}).name, 'x');
  assert.equal(makeOptionSet('x', { 'test.filter-name': '-j', a: 'b' }).name, 'x-j');
});

test('lines before any filterOptions use the default option set; filterOptions replace the list', () => {
  const read = fakeFiles({ f: 'a\n# filterOptions: [{}, {"mode": "aggressive"}]\nb\n# filterOptions: {"mode": "ddos"}\nc\n' });
  const { cases } = collectCases('f', read);
  assert.deepEqual(cases.map((c) => c.optionSets.map((s) => s.name)), [['f'], ['f', "f{'mode': 'aggressive'}"], ["f{'mode': 'ddos'}"]]);
});

test('fileOptions merge into every later option set; test.* keys stay out of filter options', () => {
  const read = fakeFiles({ f: '# fileOptions: {"logtype": "journal", "test.prefix-line": "p: "}\n# filterOptions: [{}, {"logtype": "file", "mode": "m"}]\nx\n' });
  const [c] = collectCases('f', read).cases;
  assert.deepEqual(c.optionSets.map((s) => s.filterOptions), [{ logtype: 'journal' }, { logtype: 'file', mode: 'm' }]);
  assert.equal(c.optionSets[0].options['test.prefix-line'], 'p: ');
});

test('a false test.condition ignores the block until the next filterOptions; the flag sticks across sets', () => {
  const text = '# filterOptions: [{"test.condition": "name==\'sshd\'"}, {"mode": "m"}]\n# failJSON: {"match": true}\nx\nplain\n# filterOptions: [{}]\ny\n';
  const other = collectCases('other', fakeFiles({ other: text })).cases;
  assert.deepEqual(other.map((c) => [c.line, c.ignored, c.optionSets.length]), [['x', true, 0], ['y', false, 1]]);
  assert.equal(other[0].testCondition, "name=='sshd'");
  const sshd = collectCases('sshd', fakeFiles({ sshd: text })).cases;
  assert.deepEqual(sshd.map((c) => [c.line, c.ignored, c.optionSets.length]), [['x', false, 2], ['plain', false, 2], ['y', false, 1]]);
});

test('an unknown test.condition marks the block unsupported instead of guessing', () => {
  const { cases } = collectCases('f', fakeFiles({ f: '# filterOptions: {"test.condition": "sys.version_info >= (3,)"}\nx\n' }));
  assert.deepEqual(cases[0].unsupported, ['sys.version_info >= (3,)']);
  assert.equal(cases[0].ignored, false);
});

test('addFILE appends files processed after the current one, keeping option sets and fileOptions', () => {
  const read = fakeFiles({
    a: '# filterOptions: {"mode": "x"}\n# addFILE: "b"\na1\n',
    b: 'b1\n# fileOptions: {"logtype": "journal"}\n# filterOptions: [{}]\nb2\n',
  });
  const { cases, files, problems } = collectCases('a', read);
  assert.deepEqual(problems, []);
  assert.deepEqual(files, ['a', 'b']);
  assert.deepEqual(cases.map((c) => [c.file, c.line, c.optionSets.map((s) => s.name)]),
    [['a', 'a1', ["a{'mode': 'x'}"]], ['b', 'b1', ["a{'mode': 'x'}"]], ['b', 'b2', ["a{'logtype': 'journal'}"]]]);
});

test('a missing added file is a problem', () => {
  const { problems } = collectCases('a', fakeFiles({ a: '# addFILE: "nope"\n' }));
  assert.deepEqual(problems, [{ file: 'nope', lineNo: 0, message: 'sample file not found' }]);
});

test('fail2ban sshd sample: sshd-journal is added, in journal mode, every annotation a case', (t) => {
  if (!existsSync(join(LOGS, 'sshd'))) return t.skip('fail2ban sample logs not installed');
  const read = (f: string): string | null => (existsSync(join(LOGS, f)) ? readFileSync(join(LOGS, f), 'utf8') : null);
  const { cases, problems, files } = collectCases('sshd', read);
  assert.deepEqual(problems, []);
  assert.deepEqual(files, ['sshd', 'sshd-journal']);
  const annotations = (f: string): number => (read(f) ?? '').split('\n').filter((l) => /^#+ ?failJSON:/.test(l)).length;
  assert.equal(cases.filter((c) => c.annotated).length, annotations('sshd') + annotations('sshd-journal'));
  assert.ok(cases.every((c) => !c.ignored && c.unsupported.length === 0));
  const journal = cases.filter((c) => c.file === 'sshd-journal');
  assert.ok(journal.every((c) => c.optionSets.every((s) => s.filterOptions.logtype === 'journal')));
  const rfc = cases.filter((c) => c.optionSets.some((s) => s.filterOptions.logtype === 'rfc5424'));
  assert.ok(rfc.length > 0 && rfc.every((c) => c.file === 'sshd'));
});
