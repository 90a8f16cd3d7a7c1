import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfigSet } from './config-set.js';
import { createMemoryFs } from './memory-config-fs.js';
import { createConfigReader } from './read-config.js';

function read(files: Record<string, string>, name = 'jail'): ConfigSet {
  return createConfigReader(createMemoryFs(files)).readSet('/c', name);
}

function get(set: ConfigSet, section: string, key: string): string | undefined {
  return (section === 'DEFAULT' ? set.defaults : set.sections.get(section))?.get(key)?.value;
}

test('reads X.conf, X.d/*.conf (sorted), X.local, X.d/*.local (sorted); later files win key by key', () => {
  const set = read({
    '/c/jail.conf': '[DEFAULT]\nbantime = 1\n[a]\nx = conf\ny = conf\nz = conf\n',
    '/c/jail.d/20.conf': '[a]\nx = d20\n',
    '/c/jail.d/10.conf': '[a]\nx = d10\ny = d10\n',
    '/c/jail.local': '[DEFAULT]\nbantime = 2\n[a]\nx = local\n',
    '/c/jail.d/05.local': '[a]\nx = dlocal\n',
    '/c/jail.d/.hidden.conf': '[a]\nx = hidden\n',
    '/c/jail.d/notes.txt': '[a]\nx = txt\n',
  });
  assert.deepEqual(set.files, ['/c/jail.conf', '/c/jail.d/10.conf', '/c/jail.d/20.conf', '/c/jail.local', '/c/jail.d/05.local']);
  assert.equal(get(set, 'a', 'x'), 'dlocal');
  assert.equal(get(set, 'a', 'y'), 'd10');
  assert.equal(get(set, 'a', 'z'), 'conf');
  assert.equal(get(set, 'DEFAULT', 'bantime'), '2');
  assert.equal(set.sections.get('a')?.get('x')?.file, '/c/jail.d/05.local');
});

test('an overridden value is kept as known (the value just before the last override)', () => {
  const set = read({
    '/c/jail.conf': '[a]\nx = one\ny = only\n',
    '/c/jail.d/1.conf': '[a]\nx = two\n',
    '/c/jail.local': '[a]\nx = three\n',
  });
  assert.equal(set.known.get('a')?.get('x')?.value, 'two');
  assert.equal(set.known.get('a')?.get('y'), undefined);
});

test('[INCLUDES] before/after are read around the file, relative to it, recursively; .local files follow', () => {
  const set = read({
    '/c/filter.d/a.conf': '[INCLUDES]\nbefore = b.conf\nafter = sub/c.conf\n[Definition]\nx = a\n',
    '/c/filter.d/b.conf': '[INCLUDES]\nbefore = /abs/d.conf\n[Definition]\nx = b\n',
    '/abs/d.conf': '[Definition]\nx = d\n',
    '/c/filter.d/sub/c.conf': '[Definition]\ny = c\n',
    '/c/filter.d/sub/c.local': '[Definition]\ny = c-local\n',
    '/c/filter.d/a.local': '[Definition]\nz = a-local\n',
  }, 'filter.d/a');
  assert.deepEqual(set.files, [
    '/abs/d.conf', '/c/filter.d/b.conf', '/c/filter.d/a.conf', '/c/filter.d/sub/c.conf', '/c/filter.d/sub/c.local', '/c/filter.d/a.local',
  ]);
  assert.equal(get(set, 'Definition', 'x'), 'a');
  assert.equal(get(set, 'Definition', 'y'), 'c-local');
  assert.equal(get(set, 'Definition', 'z'), 'a-local');
});

test('include loops stop at the first repeated ancestor; missing includes are skipped silently', () => {
  const set = read({
    '/c/filter.d/a.conf': '[INCLUDES]\nbefore = b.conf\n  missing.conf\n[Definition]\nx = a\n',
    '/c/filter.d/b.conf': '[INCLUDES]\nafter = a.conf\n[Definition]\nx = b\n',
  }, 'filter.d/a');
  assert.deepEqual(set.files, ['/c/filter.d/b.conf', '/c/filter.d/a.conf']);
  assert.equal(set.errors.length, 0);
});

test('conditional sections merge into their base section as key?condition', () => {
  const set = read({ '/c/action.d/x.conf': '[Init]\nblocktype = DROP\n[Init?family=inet6]\nblocktype = REJECT6\n' }, 'action.d/x');
  assert.equal(get(set, 'Init', 'blocktype'), 'DROP');
  assert.equal(get(set, 'Init', 'blocktype?family=inet6'), 'REJECT6');
  assert.equal(set.sections.has('Init?family=inet6'), false);
});

test('sections keep the order of their first appearance and where they were declared', () => {
  const set = read({ '/c/jail.conf': '[b]\nx = 1\n[a]\nx = 1\n', '/c/jail.local': '[c]\nx = 1\n[b]\nx = 2\n' });
  assert.deepEqual([...set.sections.keys()], ['b', 'a', 'c']);
  assert.deepEqual(set.sectionFiles.get('c'), { file: '/c/jail.local', line: 1 });
});

test('syntax errors from every file are reported with file and line', () => {
  const set = read({ '/c/jail.conf': '[a]\nbroken line\n', '/c/jail.local': '[a]\nx = 1\nx = 2\n' });
  assert.deepEqual(set.errors.map((e) => [e.place.file, e.place.line]), [['/c/jail.conf', 2], ['/c/jail.local', 3]]);
});

test('a set without any file, or a missing config dir, is an ERR_CONFIG_MISSING error', () => {
  const none = read({ '/c/jail.conf': '[a]\n' }, 'filter.d/nope');
  assert.equal(none.errors[0].code, 'ERR_CONFIG_MISSING');
  assert.match(none.errors[0].message, /nope/);
  const reader = createConfigReader(createMemoryFs({ '/c/jail.conf': '[a]\n' }));
  assert.equal(reader.readSet('/elsewhere', 'jail').errors[0].code, 'ERR_CONFIG_MISSING');
});

test('an explicit file is read with its includes and its .local', () => {
  const reader = createConfigReader(createMemoryFs({
    '/tmp/my.conf': '[INCLUDES]\nbefore = common.conf\n[Definition]\nx = mine\n',
    '/tmp/common.conf': '[Definition]\nx = common\ny = common\n',
    '/tmp/my.local': '[Definition]\ny = local\n',
  }));
  const set = reader.readFile('/tmp/my.conf');
  assert.deepEqual(set.files, ['/tmp/common.conf', '/tmp/my.conf', '/tmp/my.local']);
  assert.equal(get(set, 'Definition', 'y'), 'local');
  assert.equal(reader.readFile('/tmp/none.conf').errors[0].code, 'ERR_CONFIG_MISSING');
});
