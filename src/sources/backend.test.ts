import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journalctlSourceArgs, resolveBackend } from './backend.js';

const ref = (name: string, options: Record<string, string> = {}) => ({ name, options });

test('auto, pyinotify, gamin and inotify follow files with inotify; polling with the stat only', () => {
  for (const name of ['auto', 'pyinotify', 'gamin', 'inotify', 'Auto']) {
    assert.deepEqual(resolveBackend(ref(name)), { ok: true, backend: { kind: 'file', name: name.toLowerCase(), watch: true } });
  }
  assert.deepEqual(resolveBackend(ref('polling')), { ok: true, backend: { kind: 'file', name: 'polling', watch: false } });
});

test('systemd follows the journal with its options', () => {
  const options = { journalpath: '/var/log/journal', journalflags: '4' };
  assert.deepEqual(resolveBackend(ref('systemd', options)), { ok: true, backend: { kind: 'journal', options } });
});

test('unknown backends and options are problems naming what was written', () => {
  const bad = [ref('inotifyx'), ref('polling', { sleeptime: '1' }), ref('systemd', { journalfile: 'x' }), ref('systemd', { journalflags: 'four' })];
  const messages = bad.map((r) => {
    const result = resolveBackend(r);
    return result.ok ? '' : result.message;
  });
  assert.match(messages[0], /unknown backend "inotifyx"/);
  assert.match(messages[1], /polling takes no options/);
  assert.match(messages[2], /unknown option journalfile/);
  assert.match(messages[3], /journalflags must be an integer/);
});

test('systemd options become journalctl arguments; system journals by default', () => {
  assert.deepEqual(journalctlSourceArgs({}), ['--system']);
  assert.deepEqual(journalctlSourceArgs({ journalpath: '/srv/journal' }), ['--directory=/srv/journal']);
  assert.deepEqual(journalctlSourceArgs({ journalfiles: '/a.journal, /b/*.journal' }), ['--file=/a.journal', '--file=/b/*.journal']);
  assert.deepEqual(journalctlSourceArgs({ journalflags: '8', namespace: 'pbx' }), ['--user', '--namespace=pbx']);
});
