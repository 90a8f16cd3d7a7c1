/**
 * The shortcuts execRegex takes before running a regex (first characters, literals, prefix) and the
 * prefregex line-tail reading: each must give exactly what running the regex itself gives.
 */
import { existsSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFilter } from '../config/load-filter.js';
import { captureStarts, compileRegex, execRegex, lineTailGroup, lineTailHead, lineTailStart } from './compiled-regex.js';

const CTX = { filter: 'test', usedns: 'no', multiline: false } as const;

/** execRegex agrees with the bare regex on every text. */
function assertSameAsRegex(pattern: string, texts: readonly string[]): void {
  const cr = compileRegex(pattern, CTX);
  for (const text of texts) {
    assert.deepEqual(execRegex(cr, text), cr.run.exec(text), `${pattern} on ${JSON.stringify(text)}`);
  }
}

test('skips texts whose first character cannot start a match, and only those', () => {
  const texts = ['Host 192.0.2.1 failed', '192.0.2.1 failed', '[2001:db8::1] failed', 'fe80::1 failed',
    'Request from 192.0.2.1 failed', ' 192.0.2.1 failed', '', 'ä 192.0.2.1 failed'];
  assertSameAsRegex('^(?:Host )?<HOST> failed', texts);
  const cr = compileRegex('^(?:Host )?<HOST> failed', CTX);
  assert.equal(execRegex(cr, 'Request from 192.0.2.1 failed'), null);
  assert.notEqual(execRegex(cr, 'Host 192.0.2.1 failed'), null);
});

test('first-character checks follow case folding and stay off for patterns that may start anywhere', () => {
  assertSameAsRegex('(?i)^kill <HOST>', ['kill 192.0.2.1', 'KILL 192.0.2.1', '\u212Aill 192.0.2.1', 'bill 192.0.2.1']);
  assertSameAsRegex('^(?:x)?(?:y)* <HOST>', [' 192.0.2.1', 'x 192.0.2.1', 'yy 192.0.2.1', 'z 192.0.2.1']);
  assertSameAsRegex('user \\S+ from <HOST>', ['user a from 192.0.2.1', 'x user a from 192.0.2.1']);
});

test('finds the line-tail content group only when it really is the last capturing group', () => {
  const pref = compileRegex('^\\[\\w+\\] (?:<F-CONTENT>.+</F-CONTENT>)$', CTX);
  assert.equal(lineTailGroup(pref), 1);
  const inClass = { run: /^(x[a([^\n]+)(?=\n?$)/u } as Parameters<typeof lineTailGroup>[0];
  assert.equal(lineTailGroup(inClass), -1);
  const notLast = compileRegex('^(?P<content>.+) (?P<x>\\w+)$', CTX);
  assert.equal(lineTailGroup(notLast), -1);
});

test('the line-tail head gives the content the prefregex captures, on matching and failing lines', () => {
  const pref = compileRegex('^(?:\\[\\])?\\s*(?:\\S+\\s+)?(?:NOTICE|WARNING)\\[\\d+\\]: (?:<F-CONTENT>.+</F-CONTENT>)$', CTX);
  const head = lineTailHead(pref);
  assert.ok(head !== null);
  const lines = ['[] NOTICE[12]: Request from x', '[] host NOTICE[12]: a: b', '[] NOTICE[12]: ', 'NOTICE[1]:  x',
    '[] WARNING[3]: \u00e9t\u00e9', '[] INFO[3]: nothing', '[]  NOTICE[12]:x'];
  for (const line of lines) {
    const text = `${line}\n`;
    const m = execRegex(pref, text);
    const at = lineTailStart(pref, head, text);
    assert.equal(at < 0 ? null : text.slice(at), m === null ? null : `${m[1]}\n`, line);
  }
});

test('a prefregex with other groups gets no line-tail head', () => {
  const pref = compileRegex('^(?P<host>\\S+) (?:<F-CONTENT>.+</F-CONTENT>)$', CTX);
  assert.equal(lineTailHead(pref), null);
  assert.deepEqual(captureStarts('(a)[(](?:b)(?<n>c)\\((?=d)(?<=e)(f)'), [0, 11, 31]);
});

test('counts capturing groups as the regex engine does, for every regex of the installed filters', (t) => {
  const dir = '/etc/fail2ban/filter.d';
  if (!existsSync(dir)) return t.skip('fail2ban filters not installed');
  const groupCount = (re: RegExp): number => (new RegExp(`${re.source}|`, re.flags).exec('') as RegExpExecArray).length - 1;
  let checked = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.conf'))) {
    const loaded = loadFilter('/etc/fail2ban', file.slice(0, -'.conf'.length));
    if (!loaded.ok) continue; // not loadable alone
    const def = loaded.filter;
    for (const e of [def.prefregex, ...def.failregex, ...def.ignoreregex]) {
      if (!e) continue;
      let cr;
      try {
        cr = compileRegex(e.regex, { filter: file, usedns: 'no', multiline: def.maxlines > 1 });
      } catch {
        continue;
      }
      for (const re of [cr.re, cr.run]) assert.equal(captureStarts(re.source).length, groupCount(re), `${file}: ${re.source}`);
      checked++;
    }
  }
  assert.ok(checked > 100, `only ${checked} regexes checked`);
});
