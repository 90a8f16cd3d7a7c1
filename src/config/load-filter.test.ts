import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FilterDefinition } from './filter-definition.js';
import { loadFilter, type LoadFilterOptions } from './load-filter.js';
import { createMemoryFs } from './memory-config-fs.js';

const COMMON = `[DEFAULT]
logtype = file
_daemon = \\S*
__prefix_line = <lt_<logtype>/__prefix_line>
datepattern = <lt_<logtype>/datepattern>
[lt_file]
__prefix_line = F:<_daemon>:
datepattern = {^LN-BEG}
[lt_short]
__prefix_line = S:<_daemon>:
datepattern = %(lt_file/datepattern)s
[lt_journal]
__prefix_line = %(lt_short/__prefix_line)s
datepattern = %(lt_short/datepattern)s
`;

const SSHD = `[INCLUDES]
before = common.conf
[DEFAULT]
_daemon = sshd
[Init]
maxlines = 1
publickey = nofail
[Definition]
prefregex = ^%(__prefix_line)s<F-CONTENT>.+</F-CONTENT>$
cmnfailre = ^Failed <publickey> for .* from <HOST>
mdre-normal =
mdre-aggressive = ^Bad protocol from <HOST>
failregex = <cmnfailre>
            <mdre-<mode>>

            ^last <HOST>$
mode = normal
ignoreregex =
journalmatch = _SYSTEMD_UNIT=sshd.service + _COMM=sshd
               _SYSTEMD_UNIT=ssh.service
`;

const FILES: Record<string, string> = {
  '/c/filter.d/common.conf': COMMON,
  '/c/filter.d/sshd.conf': SSHD,
  '/c/filter.d/dated.conf': '[Definition]\nfailregex = ^x <HOST>\ndatepattern = ^%%Y-%%m-%%d %%H:%%M:%%S\nmaxlines = 3\nusedns = no\nlineshapes = ^INVITE => ^INVITE .*$\n',
  '/c/filter.d/broken.conf': '[Definition]\nfailregex = ^%(nothing)s <HOST>\nmaxlines = lots\n',
  '/c/filter.d/nodef.conf': '[Init]\nx = 1\n',
};

function load(ref: string, opts: LoadFilterOptions = {}, files = FILES): FilterDefinition {
  const result = loadFilter('/c', ref, { fs: createMemoryFs(files), ...opts });
  assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => e.message).join('\n'));
  return result.filter;
}

function regexes(filter: FilterDefinition): string[] {
  return filter.failregex.map((e) => e.regex);
}

test('resolves %(x)s and <tags>, drops empty lines, keeps regex tags like <HOST>', () => {
  const f = load('sshd');
  assert.deepEqual(regexes(f), ['^Failed nofail for .* from <HOST>', '^last <HOST>$']);
  assert.equal(f.prefregex?.regex, '^F:sshd:<F-CONTENT>.+</F-CONTENT>$');
  assert.equal(f.datepattern, '{^LN-BEG}');
  assert.deepEqual(f.ignoreregex, []);
  assert.equal(f.name, 'sshd');
  assert.equal(f.file, '/c/filter.d/sshd.conf');
  assert.equal(f.options.logtype, 'file');
});

test('each regex line keeps the file line it was written on', () => {
  const f = load('sshd');
  assert.deepEqual(f.failregex.map((e) => [e.place.file, e.place.line, e.place.key]), [
    ['/c/filter.d/sshd.conf', 13, 'failregex'],
    ['/c/filter.d/sshd.conf', 16, 'failregex'],
  ]);
});

test('options in the reference select the mode and override [Init] values', () => {
  const f = load('sshd[mode=aggressive, publickey=invalid]');
  assert.deepEqual(regexes(f), ['^Failed invalid for .* from <HOST>', '^Bad protocol from <HOST>', '^last <HOST>$']);
  assert.equal(f.options['known/publickey'], 'nofail');
});

test('reference options may extend [Init] values through <known/x>', () => {
  const f = load('sshd[publickey="<known/publickey>|any"]');
  assert.equal(regexes(f)[0], '^Failed nofail|any for .* from <HOST>');
});

test('logtype picks the [lt_*] building blocks; a systemd backend makes it journal', () => {
  assert.equal(load('sshd[logtype=short]').prefregex?.regex, '^S:sshd:<F-CONTENT>.+</F-CONTENT>$');
  const journal = load('sshd', { jail: { backend: 'systemd' } });
  assert.equal(journal.options.logtype, 'journal');
  assert.equal(journal.prefregex?.regex, '^S:sshd:<F-CONTENT>.+</F-CONTENT>$');
  assert.equal(journal.datepattern, '{^LN-BEG}');
});

test('datepattern %% becomes %, maxlines, usedns, journalmatch lines and lineshapes are read', () => {
  const f = load('dated');
  assert.equal(f.datepattern, '^%Y-%m-%d %H:%M:%S');
  assert.equal(f.maxlines, 3);
  assert.equal(f.usedns, 'no');
  assert.deepEqual(f.lineshapes.map((e) => e.regex), ['^INVITE => ^INVITE .*$']);
  assert.deepEqual(load('sshd').journalmatch, ['_SYSTEMD_UNIT=sshd.service + _COMM=sshd', '_SYSTEMD_UNIT=ssh.service']);
  assert.equal(load('sshd').maxlines, 1);
});

test('jail values replace the filter failregex, ignoreregex, datepattern, maxlines, usedns', () => {
  const f = load('sshd', { jail: { failregex: '^jail <HOST>\n^two <HOST>', ignoreregex: '^ok <HOST>', datepattern: '{^LN-BEG}%Y', maxlines: '2', usedns: 'raw' } });
  assert.deepEqual(regexes(f), ['^jail <HOST>', '^two <HOST>']);
  assert.deepEqual(f.ignoreregex.map((e) => e.regex), ['^ok <HOST>']);
  assert.equal(f.datepattern, '{^LN-BEG}%Y');
  assert.equal(f.maxlines, 2);
  assert.equal(f.usedns, 'raw');
  assert.equal(f.prefregex?.regex, '^F:sshd:<F-CONTENT>.+</F-CONTENT>$', 'options the jail does not set stay');
});

test('.local and X.d/ drop-ins of the filter are merged', () => {
  const files = {
    ...FILES,
    '/c/filter.d/sshd.local': '[Definition]\nmode = aggressive\n',
    '/c/filter.d/sshd.d/extra.conf': '[Definition]\nmdre-aggressive = %(known/mdre-aggressive)s\n  ^more <HOST>\n',
  };
  assert.deepEqual(regexes(load('sshd', {}, files)), [
    '^Failed nofail for .* from <HOST>', '^Bad protocol from <HOST>', '^more <HOST>', '^last <HOST>$',
  ]);
});

test('a path in filter.d loads like a name (with .local), the config dir being its grandparent', () => {
  const files = { ...FILES, '/other/filter.d/common.conf': COMMON, '/other/filter.d/sshd.conf': SSHD, '/other/filter.d/sshd.local': '[Init]\npublickey = local\n' };
  const f = load('/other/filter.d/sshd.conf[mode=aggressive]', {}, files);
  assert.equal(f.file, '/other/filter.d/sshd.conf');
  assert.equal(regexes(f)[0], '^Failed local for .* from <HOST>');
  assert.equal(regexes(f)[1], '^Bad protocol from <HOST>');
});

test('a file outside filter.d is read alone with its includes', () => {
  const files = { ...FILES, '/tmp/mine.conf': '[INCLUDES]\nbefore = /c/filter.d/common.conf\n[Definition]\nfailregex = ^%(__prefix_line)s<HOST>\n' };
  const f = load('/tmp/mine.conf', {}, files);
  assert.equal(f.name, 'mine');
  assert.deepEqual(regexes(f), ['^F:\\S*:<HOST>']);
});

test('problems are error values: missing filter, bad reference, bad values, no [Definition]', () => {
  const fs = createMemoryFs(FILES);
  const missing = loadFilter('/c', 'nope', { fs });
  assert.ok(!missing.ok && missing.errors[0].code === 'ERR_CONFIG_MISSING');
  const badRef = loadFilter('/c', 'sshd[mode = x]', { fs });
  assert.ok(!badRef.ok && badRef.errors[0].code === 'ERR_CONFIG_VALUE');
  const broken = loadFilter('/c', 'broken', { fs });
  assert.ok(!broken.ok);
  assert.deepEqual(broken.errors.map((e) => [e.code, e.place.line, e.place.key]), [
    ['ERR_CONFIG_INTERPOLATION', 2, 'failregex'],
    ['ERR_CONFIG_VALUE', 3, 'maxlines'],
  ]);
  const nodef = loadFilter('/c', 'nodef', { fs });
  assert.ok(!nodef.ok && /no \[Definition\]/.test(nodef.errors[0].message));
});

test('a tag that refers to itself is an error, not a hang', () => {
  const files = { '/c/filter.d/loop.conf': '[Definition]\nfailregex = ^<a> <HOST>\na = x<a>\n' };
  const result = loadFilter('/c', 'loop', { fs: createMemoryFs(files) });
  assert.ok(!result.ok);
  assert.equal(result.errors[0].code, 'ERR_CONFIG_INTERPOLATION');
  assert.match(result.errors[0].message, /<a>/);
});
