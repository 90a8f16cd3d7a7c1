import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJournalLine, parseJournalJson } from './journal-entry.js';

// Expected lines were checked against fail2ban 1.0.2's formatJournalEntry on this machine (with a
// stub systemd module) while writing; the tests below do not need fail2ban.

const sshd = {
  __CURSOR: 's=abc;i=1f2;b=def;m=12;t=5f;x=99',
  __REALTIME_TIMESTAMP: '1700000000123456',
  __MONOTONIC_TIMESTAMP: '12345678',
  _HOSTNAME: 'voip1',
  SYSLOG_IDENTIFIER: 'sshd',
  _PID: '4242',
  _COMM: 'sshd',
  MESSAGE: 'Failed password for root from 192.0.2.7 port 22 ssh2',
};

test('a record becomes HOST IDENT[PID]: MESSAGE with its time and cursor', () => {
  assert.deepEqual(parseJournalJson(JSON.stringify(sshd)), {
    line: 'voip1 sshd[4242]: Failed password for root from 192.0.2.7 port 22 ssh2',
    time: 1700000000.123456,
    cursor: sshd.__CURSOR,
  });
});

test('SYSLOG_PID wins over _PID, _COMM stands in for a missing identifier, the source time wins', () => {
  const entry = parseJournalJson(JSON.stringify({
    ...sshd, SYSLOG_IDENTIFIER: undefined, SYSLOG_PID: '0x10', _SOURCE_REALTIME_TIMESTAMP: '1600000000000000',
  }));
  assert.equal(entry?.line, 'voip1 sshd[16]: Failed password for root from 192.0.2.7 port 22 ssh2');
  assert.equal(entry?.time, 1600000000);
});

test('missing host, identifier or pid leave their parts out', () => {
  assert.equal(formatJournalLine({ MESSAGE: 'just text' }), 'just text');
  assert.equal(formatJournalLine({ SYSLOG_IDENTIFIER: 'asterisk', MESSAGE: 'm' }), 'asterisk: m');
  assert.equal(formatJournalLine({ _HOSTNAME: 'h', SYSLOG_IDENTIFIER: 'x', SYSLOG_PID: 'abc', MESSAGE: 'm' }), 'h x[abc]: m');
});

test('binary and repeated MESSAGE values, kernel timestamps and newlines', () => {
  assert.equal(formatJournalLine({ SYSLOG_IDENTIFIER: 'a', MESSAGE: [104, 105, 0xff] }), 'a: hi\ufffd');
  assert.equal(formatJournalLine({ MESSAGE: ['one', 'two'] }), 'one two');
  assert.equal(formatJournalLine({ MESSAGE: 'a\nb\nc' }), 'a\\nb\\nc');
  assert.equal(formatJournalLine({ _HOSTNAME: 'h', SYSLOG_IDENTIFIER: 'kernel', __MONOTONIC_TIMESTAMP: '5123456', MESSAGE: 'oops' }),
    'h kernel: [    5.123456] oops');
});

test('non-records, records without cursor or time are skipped', () => {
  assert.equal(parseJournalJson('not json'), null);
  assert.equal(parseJournalJson('[1,2]'), null);
  assert.equal(parseJournalJson(JSON.stringify({ ...sshd, __CURSOR: undefined })), null);
  assert.equal(parseJournalJson(JSON.stringify({ ...sshd, __REALTIME_TIMESTAMP: undefined })), null);
  assert.equal(parseJournalJson(JSON.stringify({ ...sshd, MESSAGE: null }))?.line, 'voip1 sshd[4242]: ');
});
