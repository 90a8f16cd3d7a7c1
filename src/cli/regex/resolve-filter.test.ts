import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyFilterArg, filterSearchDirs, resolveFilter } from './resolve-filter.js';

test('names, paths and regexes are told apart as fail2ban-regex does', () => {
  assert.deepEqual(classifyFilterArg('sshd'), { kind: 'name', name: 'sshd', options: '' });
  assert.deepEqual(classifyFilterArg('sshd[mode=aggressive]'), { kind: 'name', name: 'sshd', options: '[mode=aggressive]' });
  assert.deepEqual(classifyFilterArg('/etc/fail2ban/filter.d/sshd.conf[mode=aggressive]'), {
    kind: 'path',
    path: '/etc/fail2ban/filter.d/sshd.conf',
    options: '[mode=aggressive]',
  });
  assert.deepEqual(classifyFilterArg('filter.d/mine.local'), { kind: 'path', path: 'filter.d/mine.local', options: '' });
  assert.deepEqual(classifyFilterArg('no-such-file.conf'), { kind: 'name', name: 'no-such-file.conf', options: '' });
  for (const re of ['^Failed from <HOST>$', 'from <HOST>', 'x[0-9]+', '[abc]', '/admin/login-not-a-file']) {
    assert.deepEqual(classifyFilterArg(re), { kind: 'regex' }, re);
  }
});

test('an existing file is a filter file even without .conf', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'myfilter');
  writeFileSync(file, '[Definition]\nfailregex = x <HOST>\n');
  assert.deepEqual(classifyFilterArg(file), { kind: 'path', path: file, options: '' });
});

test('search dirs: -c wins; a filter.d folder given to -c means its parent', () => {
  assert.deepEqual(filterSearchDirs(null, '/opt/warden/config'), ['/opt/warden/config', '/etc/fail2ban']);
  assert.deepEqual(filterSearchDirs('/srv/f2b/filter.d', '/opt/warden/config'), ['/srv/f2b']);
});

function configTree(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'filter.d'));
  writeFileSync(join(dir, 'filter.d', 'mine.conf'), '[Definition]\nfailregex = ^login failed from <HOST>$\nignoreregex =\n');
  return dir;
}

test('a filter name is loaded from the first search dir that has it, IGNOREREGEX appended', (t) => {
  const dir = configTree(t);
  const res = resolveFilter('mine', 'trusted', ['/nonexistent', dir]);
  assert.ok(res.ok, JSON.stringify(!res.ok && res.errors.map((e) => e.message)));
  assert.deepEqual(res.def.failregex.map((e) => e.regex), ['^login failed from <HOST>$']);
  assert.deepEqual(res.def.ignoreregex.map((e) => e.regex), ['trusted']);
  assert.equal(res.source, join(dir, 'filter.d', 'mine.conf'));
});

test('an unknown name with options is an error naming where it looked', (t) => {
  const dir = configTree(t);
  const res = resolveFilter('other[mode=x]', null, [dir]);
  assert.equal(res.ok, false);
  assert.match(!res.ok ? res.errors[0].message : '', /no filter 'other' in .*filter\.d/);
});

test('an unknown bare word is a failregex', (t) => {
  const dir = configTree(t);
  const res = resolveFilter('refused', null, [dir]);
  assert.ok(res.ok);
  assert.deepEqual(res.def.failregex.map((e) => e.regex), ['refused']);
  assert.equal(res.source, '<command line>');
});
