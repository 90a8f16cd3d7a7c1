import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterDefinition, type FilterDefinition } from '../config/filter-definition.js';
import { compileFilter } from './compile-filter.js';

const place = { file: 'test.conf', line: 1 };
const entry = (regex: string) => ({ regex, place });

function def(over: Partial<FilterDefinition>): FilterDefinition {
  return filterDefinition({ name: 'test', file: 'test.conf', ...over });
}

const NOW = Date.UTC(2024, 0, 10) / 1000;
const opts = { defaultTimezone: 'UTC' };

test('charges the address captured by a failregex, with the line time', () => {
  const f = compileFilter(def({ failregex: [entry(`^ NOTICE x: Registration failed for '<HOST>' - Wrong password$`)] }), opts);
  const r = f.processLine(`2024-01-05 03:12:44 NOTICE x: Registration failed for '192.0.2.7' - Wrong password`, NOW);
  assert.equal(r.kind, 'match');
  assert.equal(r.regex, 0);
  assert.equal(r.failures[0].id, '192.0.2.7');
  assert.equal(r.time, Date.UTC(2024, 0, 5, 3, 12, 44) / 1000);
});

test('first failregex wins and ignoreregex suppresses', () => {
  const f = compileFilter(def({
    failregex: [entry('fail from <ADDR>'), entry('from <ADDR>')],
    ignoreregex: [entry('trusted')],
  }), opts);
  assert.equal(f.processLine('fail from 192.0.2.1', NOW).regex, 0);
  assert.equal(f.processLine('ok from 192.0.2.1', NOW).regex, 1);
  assert.equal(f.processLine('fail from 192.0.2.1 trusted', NOW).kind, 'ignored');
  assert.equal(f.processLine('nothing here', NOW).kind, 'missed');
});

test('rejects captures that are not IP literals', () => {
  const f = compileFilter(def({ failregex: [entry('fail from <ADDR>')] }), opts);
  assert.equal(f.processLine('fail from 300.1.2.3', NOW).kind, 'missed');
  const v6 = f.processLine('fail from [2001:DB8::1]', NOW);
  assert.equal(v6.failures[0].id, '2001:db8::1');
  assert.equal(f.processLine('fail from ::ffff:192.0.2.9', NOW).failures[0].id, '192.0.2.9');
});

test('prefregex content narrows what failregex sees', () => {
  const f = compileFilter(def({
    prefregex: entry('^app\\[\\d+\\]: <F-CONTENT>.+</F-CONTENT>$'),
    failregex: [entry('^bad login from <ADDR>$')],
  }), opts);
  assert.equal(f.processLine('app[12]: bad login from 192.0.2.3', NOW).kind, 'match');
  assert.equal(f.processLine('other[12]: bad login from 192.0.2.3', NOW).kind, 'missed');
});

test('a failure right after an incomplete line is suspicious, never charged', () => {
  const f = compileFilter(def({
    failregex: [entry(`^Registration from '[^']*' failed for '<ADDR>' - Wrong password$`)],
    lineshapes: [entry(`^Registration from ' => ^Registration from '[^\\n]*' failed for '[^']*' - [^']+$`)],
  }), opts);
  assert.equal(f.processLine(`Registration from '<sip:100`, NOW).kind, 'missed');
  const planted = f.processLine(`Registration from '<sip:x@y>' failed for '192.0.2.250' - Wrong password`, NOW);
  assert.equal(planted.kind, 'suspicious');
  assert.equal(planted.failures.length, 0);
  const next = f.processLine(`Registration from '<sip:x@y>' failed for '192.0.2.7' - Wrong password`, NOW);
  assert.equal(next.kind, 'match');
});

test('mlfid joins a connection line carrying the address with a later failure line', () => {
  const f = compileFilter(def({
    maxlines: 1,
    failregex: [
      entry('^conn <F-MLFID>\\d+</F-MLFID>: <F-NOFAIL>connect</F-NOFAIL> from <ADDR>$'),
      entry('^conn <F-MLFID>\\d+</F-MLFID>: auth failed$'),
    ],
  }), { ...opts, checkAllRegex: true });
  const first = f.processLine('conn 7: connect from 192.0.2.44', NOW);
  assert.equal(first.kind, 'ignored');
  const second = f.processLine('conn 7: auth failed', NOW);
  assert.equal(second.kind, 'match');
  assert.equal(second.failures[0].id, '192.0.2.44');
});

test('a filter without a failure id group is a load error naming the regex', () => {
  assert.throws(() => compileFilter(def({ failregex: [entry('no id here')] }), opts), /ERR_FILTER_NO_FAILURE_ID|no failure-id/);
});

test('offers literals for the pre-filter when every regex has one', () => {
  const f = compileFilter(def({ failregex: [entry('auth failure from <ADDR>'), entry('bad password for \\S+ from <ADDR>')] }), opts);
  assert.deepEqual(new Set(f.requiredLiterals), new Set(['auth failure from ', 'bad password for ']));
});

test('with lineshapespan, lines within the span of an incomplete line are suspicious until a dateless fragment', () => {
  const f = compileFilter(def({
    failregex: [entry(`^ Registration from '[^']*' failed for '<ADDR>' - Wrong password$`)],
    lineshapes: [entry(`^ Registration from ' => ^ Registration from '[^\\n]*' failed for '[^']*' - [^']+$`)],
    options: { lineshapespan: '300' },
  }), opts);
  const fake = `2024-01-05 03:12:44 Registration from '<sip:x@y>' failed for '192.0.2.250' - Wrong password`;
  assert.equal(f.processLine(`2024-01-05 03:12:44 Registration from '<sip:100`, NOW).kind, 'missed');
  assert.equal(f.suspectOpen, true);
  assert.equal(f.processLine(fake, NOW).kind, 'suspicious');
  assert.equal(f.processLine(fake, NOW).kind, 'suspicious');
  f.skipLine(80);
  assert.equal(f.processLine(fake, NOW).kind, 'match', 'the span is used up');
  f.processLine(`2024-01-05 03:12:44 Registration from '<sip:100`, NOW);
  assert.equal(f.processLine(`@x>' failed for '192.0.2.9' - Wrong password`, NOW).kind, 'suspicious');
  assert.equal(f.suspectOpen, false, 'a line without a date is the rest of the cut message');
  assert.equal(f.processLine(fake, NOW).kind, 'match');
});

test('a regex error names the config file, line and key', () => {
  const bad = { regex: '^foo (?P<x>bar <HOST>', place: { file: 'filter.d/x.conf', line: 7, section: 'Definition', key: 'failregex' } };
  assert.throws(() => compileFilter(def({ failregex: [bad] }), opts), /filter\.d\/x\.conf:7 \[Definition\] failregex: filter test: .*unterminated/);
});
