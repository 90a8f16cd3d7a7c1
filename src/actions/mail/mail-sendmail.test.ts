import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMailAction } from './mail-action.js';
import { fakeBinDir, memoryLogger, parseMail, sampleBan, waitUntil } from './mail-test-kit.js';

const base = { jail: 'asterisk', name: 'ASTERISK', dest: 'root', sender: 'fail2ban@example.net', hostname: 'pbx', whois: false };

test('the sendmail transport pipes the mail into sendmail -i -f SENDER DEST, without a shell', async (t) => {
  const bin = fakeBinDir();
  t.after(() => bin.remove());
  const out = join(bin.dir, 'out');
  const sendmail = bin.write('sendmail', `#!/bin/sh\nprintf '%s\\n' "$@" > ${out}.args\ncat > ${out}.mail\n`);
  const logger = memoryLogger();
  const action = createMailAction({ ...base, transport: { kind: 'sendmail', path: sendmail } }, { logger });
  await action.ban([sampleBan('198.51.100.4', { matches: ["user 'x; rm -rf /' from 198.51.100.4"] })], { restored: false });
  assert.equal(await action.idle(10_000), true);
  assert.deepEqual(readFileSync(`${out}.args`, 'utf8').split('\n'), ['-i', '-f', 'fail2ban@example.net', 'root', '']);
  const mail = parseMail(readFileSync(`${out}.mail`, 'utf8'));
  assert.equal(mail.headers.get('subject'), '[warden] ASTERISK: banned 198.51.100.4 on pbx');
  assert.equal(mail.headers.get('from'), 'warden <fail2ban@example.net>');
  assert.equal(mail.headers.get('to'), '<root>');
  assert.match(mail.headers.get('date') ?? '', /\d{4} \d\d:\d\d:\d\d/);
  assert.ok(mail.body.includes("  user 'x; rm -rf /' from 198.51.100.4\n"));
  assert.equal(logger.lines.filter((l) => l.level === 'ERROR').length, 0);
});

test('a failing sendmail is logged with its exit code and stderr', async (t) => {
  const bin = fakeBinDir();
  t.after(() => bin.remove());
  const sendmail = bin.write('sendmail', '#!/bin/sh\ncat >/dev/null\necho "queue directory not writable" >&2\nexit 75\n');
  const logger = memoryLogger();
  const action = createMailAction({ ...base, transport: { kind: 'sendmail', path: sendmail } }, { logger });
  await action.start();
  const line = await logger.waitFor(/could not mail the start notice/);
  assert.match(line.message, /exited with 75: queue directory not writable/);
});

test('a missing sendmail binary is logged, not thrown', async () => {
  const logger = memoryLogger();
  const action = createMailAction({ ...base, transport: { kind: 'sendmail', path: '/nonexistent/sendmail' } }, { logger });
  await action.ban([sampleBan('198.51.100.5')], { restored: false });
  const line = await waitUntil(() => logger.lines.find((l) => l.level === 'ERROR'), 5000, 'an error line');
  assert.match(line.message, /\/nonexistent\/sendmail .*ENOENT/);
});

test('several recipients each become an argument; an address like an option is refused', async (t) => {
  const bin = fakeBinDir();
  t.after(() => bin.remove());
  const out = join(bin.dir, 'args');
  const sendmail = bin.write('sendmail', `#!/bin/sh\nprintf '%s\\n' "$@" > ${out}\ncat >/dev/null\n`);
  const logger = memoryLogger();
  const ok = createMailAction({ ...base, dest: 'root, ops@example.net', transport: { kind: 'sendmail', path: sendmail } }, { logger });
  await ok.start();
  await ok.idle(10_000);
  assert.deepEqual(readFileSync(out, 'utf8').trim().split('\n'), ['-i', '-f', 'fail2ban@example.net', 'root', 'ops@example.net']);
  const bad = createMailAction({ ...base, dest: '-oQ/tmp/x', transport: { kind: 'sendmail', path: sendmail } }, { logger });
  await bad.start();
  const line = await logger.waitFor(/refusing an address/);
  assert.equal(line.level, 'ERROR');
});
