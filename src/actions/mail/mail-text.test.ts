import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleBan } from './mail-test-kit.js';
import { banMail, startMail, stopMail } from './mail-text.js';

const ctx = { jail: 'asterisk', name: 'ASTERISK', host: 'pbx.example.net' };

test('start and stop mails name the jail and the host', () => {
  const start = startMail(ctx, 1_700_000_000);
  assert.equal(start.subject, '[warden] jail ASTERISK started on pbx.example.net');
  assert.match(start.text, /started jail asterisk \(ASTERISK\) on pbx\.example\.net at 2023-11-14 22:13:20 UTC/);
  const stop = stopMail({ ...ctx, name: 'asterisk' }, 1_700_000_000);
  assert.equal(stop.subject, '[warden] jail asterisk stopped on pbx.example.net');
  assert.match(stop.text, /stopped jail asterisk on/);
});

test('the ban mail gives address, failures, matched lines and ban time, then the whois', () => {
  const mail = banMail(ctx, sampleBan('192.0.2.9', { matches: ['line one', 'line two'] }), 'netname: TEST');
  assert.equal(mail.subject, '[warden] ASTERISK: banned 192.0.2.9 on pbx.example.net');
  const order = ['Address:   192.0.2.9', 'Failures:  5', 'Ban time:  600 s, until 2023-11-14 22:23:20 UTC',
    '  line one\n  line two\n', 'whois 192.0.2.9:\nnetname: TEST\n'].map((s) => mail.text.indexOf(s));
  assert.ok(order.every((i) => i >= 0), `all parts present: ${order}`);
  assert.deepEqual([...order].sort((a, b) => a - b), order);
});

test('without whois the mail has no whois part; a permanent ban says so', () => {
  const mail = banMail(ctx, sampleBan('192.0.2.9', { bantime: -1, matches: [] }), null);
  assert.doesNotMatch(mail.text, /whois/);
  assert.match(mail.text, /Ban time: {2}permanent/);
  assert.match(mail.text, /\(none kept\)/);
});

test('a matched line cannot break into several body lines or carry control characters', () => {
  const mail = banMail(ctx, sampleBan('192.0.2.9', { matches: ['user=x\r\nSubject: fake\u0007\u001b[2J'] }), null);
  assert.match(mail.text, /\n {2}user=x Subject: fake\[2J\n/);
  for (const c of ['\u0007', '\u001b', '\r']) assert.ok(!mail.text.includes(c));
});
