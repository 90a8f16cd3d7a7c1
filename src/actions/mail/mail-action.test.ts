import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { createMailAction } from './mail-action.js';
import { closedPort, fakeBinDir, memoryLogger, parseMail, sampleBan, startSmtpReceiver, waitUntil } from './mail-test-kit.js';

const base = {
  jail: 'asterisk', name: 'asterisk', dest: 'root@example.net', sender: 'fail2ban@example.net',
  sendername: 'Warden Alerts', hostname: 'pbx.example.net',
};

test('start and ban mails arrive over SMTP with the whois text verbatim; nothing in it runs', async (t) => {
  const smtp = await startSmtpReceiver();
  const bin = fakeBinDir();
  const oldPath = process.env.PATH;
  t.after(async () => {
    process.env.PATH = oldPath;
    bin.remove();
    await smtp.close();
  });
  const marker = join(bin.dir, 'pwned');
  const hostile = [`~!touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, `~|sh -c 'touch ${marker}'`];
  bin.write('whois', `#!/bin/sh\necho "netname: EXAMPLE-NET for $1"\nprintf '%s\\n' ${hostile.map((h) => `'${h.replace(/'/g, `'\\''`)}'`).join(' ')}\n`);
  process.env.PATH = `${bin.dir}:${oldPath}`;
  const logger = memoryLogger();
  const action = createMailAction({ ...base, whois: true, transport: { kind: 'smtp', host: '127.0.0.1', port: smtp.port } },
    { logger, now: () => 1_700_000_000 });
  assert.equal(action.name, 'sendmail-whois');

  await action.start();
  await action.ban([sampleBan('192.0.2.66', { matches: ['Wrong password from 192.0.2.66 $(reboot)'] })], { restored: false });
  await waitUntil(() => (smtp.mails.length >= 2 ? true : undefined), 10_000, 'two mails');
  assert.equal(await action.idle(5000), true);

  const [start, ban] = smtp.mails.map((m) => ({ ...m, ...parseMail(m.raw) }));
  assert.equal(start.headers.get('subject'), '[warden] jail asterisk started on pbx.example.net');
  assert.equal(ban.from, 'fail2ban@example.net');
  assert.deepEqual(ban.to, ['root@example.net']);
  assert.equal(ban.headers.get('from'), 'Warden Alerts <fail2ban@example.net>');
  assert.equal(ban.headers.get('to'), 'root@example.net');
  assert.equal(ban.headers.get('subject'), '[warden] asterisk: banned 192.0.2.66 on pbx.example.net');
  assert.match(ban.body, /Address: {3}192\.0\.2\.66\n/);
  assert.match(ban.body, /Failures: {2}5\n/);
  assert.match(ban.body, /Ban time: {2}600 s/);
  assert.ok(ban.body.includes('  Wrong password from 192.0.2.66 $(reboot)\n'));
  assert.ok(ban.body.includes(`whois 192.0.2.66:\nnetname: EXAMPLE-NET for 192.0.2.66\n${hostile.join('\n')}\n`), ban.body);
  assert.equal(existsSync(marker), false, 'no hostile line was executed');
  assert.equal(logger.lines.filter((l) => l.level === 'ERROR').length, 0);
});

test('restored bans are not mailed; unban sends nothing; stop mails and waits', async (t) => {
  const smtp = await startSmtpReceiver();
  t.after(() => smtp.close());
  const logger = memoryLogger();
  const action = createMailAction({ ...base, whois: false, transport: { kind: 'smtp', host: '127.0.0.1', port: smtp.port } },
    { logger });
  await action.ban([sampleBan('192.0.2.1'), sampleBan('192.0.2.2')], { restored: true });
  await action.ban([sampleBan('192.0.2.3')], { restored: false });
  await action.unban([sampleBan('192.0.2.3')]);
  await action.stop();
  const subjects = smtp.mails.map((m) => parseMail(m.raw).headers.get('subject'));
  assert.deepEqual(subjects, ['[warden] asterisk: banned 192.0.2.3 on pbx.example.net', '[warden] jail asterisk stopped on pbx.example.net']);
  assert.doesNotMatch(parseMail(smtp.mails[0].raw).body, /whois/);
});

test('with the SMTP server down ban() returns at once and the failure is logged', async () => {
  const logger = memoryLogger();
  const port = await closedPort();
  const action = createMailAction({ ...base, whois: false, transport: { kind: 'smtp', host: '127.0.0.1', port } }, { logger });
  const started = performance.now();
  await action.ban([sampleBan('192.0.2.5')], { restored: false });
  assert.ok(performance.now() - started < 50, 'ban() did not wait for the mail');
  const line = await logger.waitFor(/could not mail the ban of 192\.0\.2\.5 to root@example\.net/);
  assert.equal(line.level, 'ERROR');
  assert.match(line.message, /ECONNREFUSED/);
});

test('a mail server that accepts but never answers does not hold up ban()', async (t) => {
  const sockets: Socket[] = [];
  let hangUp = false;
  const silent = createServer((s) => (hangUp ? s.destroy() : void sockets.push(s)));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const logger = memoryLogger();
  const port = (silent.address() as AddressInfo).port;
  const action = createMailAction({ ...base, whois: false, transport: { kind: 'smtp', host: '127.0.0.1', port } }, { logger });
  t.after(() => new Promise((resolve) => silent.close(resolve)));
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await action.ban([sampleBan(`192.0.2.${10 + i}`)], { restored: false });
    assert.ok(performance.now() - started < 50, 'ban() did not wait for the hung server');
  }
  await waitUntil(() => (sockets.length > 0 ? true : undefined), 5000, 'the connection');
  hangUp = true; // end the hang so the queued sends fail and finish
  for (const s of sockets) s.destroy();
  await logger.waitFor(/could not mail the ban of 192\.0\.2\.10/);
  assert.equal(await action.idle(10_000), true);
});

test('a full mail queue drops new mails with a log line', async () => {
  const logger = memoryLogger();
  const port = await closedPort();
  const action = createMailAction({ ...base, whois: false, queueLimit: 2, transport: { kind: 'smtp', host: '127.0.0.1', port } },
    { logger });
  await action.ban(['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5'].map((ip) => sampleBan(ip)), { restored: false });
  const line = logger.lines.find((l) => /mail queue full/.test(l.message));
  assert.ok(line !== undefined);
  assert.equal(line.level, 'WARNING');
  assert.match(line.message, /dropped 3 ban mails/);
  await action.idle(10_000);
  assert.equal(logger.lines.filter((l) => /could not mail/.test(l.message)).length, 2);
});

test('STARTTLS with a self-signed certificate fails unless tlsVerify is off', async (t) => {
  const smtp = await startSmtpReceiver({ starttls: true });
  t.after(() => smtp.close());
  const logger = memoryLogger();
  const transport = { kind: 'smtp' as const, host: '127.0.0.1', port: smtp.port };
  const strict = createMailAction({ ...base, whois: false, transport }, { logger });
  await strict.start();
  await strict.idle(10_000);
  assert.match(logger.lines.find((l) => l.level === 'ERROR')?.message ?? '', /could not mail the start notice.*certificate/i);
  const relaxed = createMailAction({ ...base, whois: false, transport: { ...transport, tlsVerify: false } }, { logger });
  await relaxed.start();
  await relaxed.idle(10_000);
  assert.equal(smtp.mails.length, 1);
});
