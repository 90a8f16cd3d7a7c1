import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEntry } from './journal-entry.js';
import { followJournal, journalctlArgs, type FollowJournalOptions } from './journal-source.js';
import type { SourceEvent } from './source-event.js';
import { pause, tempDir, waitFor } from './source-test-kit.js';

const record = (n: number): string => JSON.stringify({
  __CURSOR: `s=x;i=${n}`, __REALTIME_TIMESTAMP: `${1700000000 + n}000000`, _HOSTNAME: 'pbx', SYSLOG_IDENTIFIER: 'asterisk',
  _PID: '77', MESSAGE: `NOTICE: Registration from '<sip:${n}@198.51.100.1>' failed for '192.0.2.${n}:5060' - Wrong password`,
});

/**
 * A stand-in journalctl: records its arguments and runs the shell body of its n-th run; `$d/NAME`
 * are files given in `files` (output to print).
 */
function fakeJournalctl(dir: string, runs: string[], files: Record<string, string> = {}): string {
  const script = join(dir, 'journalctl');
  runs.forEach((body, i) => writeFileSync(join(dir, `run${i}.sh`), body));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(script, [
    '#!/bin/sh',
    `d='${dir}'`,
    'n=$(cat "$d/count" 2>/dev/null || echo 0); echo $((n + 1)) > "$d/count"',
    'printf "%s\\n" "$*" >> "$d/args"',
    '. "$d/run$n.sh"',
  ].join('\n'));
  chmodSync(script, 0o755);
  return script;
}

function journal(t: { after(fn: () => Promise<void>): void }, extra: Partial<FollowJournalOptions>) {
  const entries: JournalEntry[] = [];
  const events: SourceEvent[] = [];
  const calls: number[] = [];
  const follower = followJournal({
    matches: [], cursor: null, restartMs: { min: 20, max: 40 }, ...extra,
    onEntries: (batch) => { calls.push(batch.length); entries.push(...batch); },
    onEvent: (e) => events.push(e),
  });
  t.after(() => follower.stop());
  return { follower, entries, events, calls };
}

test('journalctl arguments: from now or after a cursor, backend options, matches with + as OR', () => {
  assert.deepEqual(journalctlArgs({ matches: ['_SYSTEMD_UNIT=asterisk.service', '+', '_COMM=asterisk'] }, null, 1700000000.5), [
    '-o', 'json', '-f', '--no-pager', '--all', '--since=@1700000000', '--system', '_SYSTEMD_UNIT=asterisk.service', '+', '_COMM=asterisk',
  ]);
  assert.deepEqual(journalctlArgs({ matches: [], options: { journalpath: '/j', journalflags: '12' } }, 's=1', 0).slice(5), [
    '--after-cursor=s=1', '--no-tail', '--directory=/j', '--system', '--user',
  ]);
});

test('entries of one output chunk come in one call, split lines joined, cursor kept', async (t) => {
  const dir = tempDir(t);
  const command = fakeJournalctl(dir, ['cat "$d/a"; sleep 0.1; cat "$d/b"; exec sleep 30'], {
    a: `${record(1)}\n${record(2).slice(0, 40)}`, b: `${record(2).slice(40)}\n`,
  });
  const { follower, entries, events } = journal(t, { command, matches: ['_SYSTEMD_UNIT=asterisk.service'] });
  await waitFor(() => entries.length === 2, 'two entries');
  assert.equal(entries[0].line, "pbx asterisk[77]: NOTICE: Registration from '<sip:1@198.51.100.1>' failed for '192.0.2.1:5060' - Wrong password");
  assert.equal(entries[1].time, 1700000002);
  assert.equal(follower.cursor(), 's=x;i=2');
  assert.deepEqual(events, []);
  assert.match(readFileSync(join(dir, 'args'), 'utf8'), /--since=@\d+ --system _SYSTEMD_UNIT=asterisk.service/);
});

test('when journalctl dies it is restarted after the last cursor, with an error event', async (t) => {
  const dir = tempDir(t);
  const command = fakeJournalctl(dir, ['cat "$d/a"; echo boom >&2; exit 3', 'cat "$d/b"; exec sleep 30'], {
    a: `${record(5)}\n`, b: `${record(6)}\n`,
  });
  const { entries, events } = journal(t, { command });
  await waitFor(() => entries.length === 2, 'entries of both runs');
  const args = readFileSync(join(dir, 'args'), 'utf8').trim().split('\n');
  assert.match(args[1], /--after-cursor=s=x;i=5 --no-tail/);
  assert.equal(events.length, 1);
  assert.equal(events[0].kind === 'error' && events[0].error.code, 'ERR_SOURCE');
  assert.match(events[0].kind === 'error' ? events[0].error.message : '', /\(code 3\): boom/);
});

test('a cursor journalctl refuses is dropped: the restart reads from the start time', async (t) => {
  const dir = tempDir(t);
  const command = fakeJournalctl(dir, ['echo "Failed to seek to cursor: Invalid argument" >&2; exit 1', 'exec sleep 30']);
  journal(t, { command, cursor: 'bogus' });
  const runs = (): string[] => (existsSync(join(dir, 'args')) ? readFileSync(join(dir, 'args'), 'utf8').trim().split('\n') : []);
  await waitFor(() => runs().length === 2, 'a restart', 2000);
  assert.match(runs()[0], /--after-cursor=bogus/);
  assert.match(runs()[1], /--since=@\d+/);
});

test('a missing journalctl is an error event, retried, not a crash', async (t) => {
  const { events, follower } = journal(t, { command: join(tempDir(t), 'no-such-journalctl') });
  await waitFor(() => events.length >= 2, 'two failed attempts');
  assert.ok(events.every((e) => e.kind === 'error' && e.path === 'systemd-journal' && /cannot run/.test(e.error.message)));
  await follower.stop();
});

test('the real journalctl accepts our command line and runs until stopped', async (t) => {
  if (spawnSync('journalctl', ['-n', '0', '--system', '--no-pager']).status !== 0) {
    t.skip('journalctl is not usable here');
    return;
  }
  const { follower, events } = journal(t, { matches: ['_SYSTEMD_UNIT=warden-test-nothing.service', '+', '_COMM=warden-test-nothing'] });
  await pause(300);
  assert.deepEqual(events, []);
  await follower.stop();
});
