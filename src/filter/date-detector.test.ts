import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WardenError } from '../core/errors.js';
import { createDateDetector, type DateDetectorOptions } from './date-detector.js';

const SUITE_TZ = 'CET-01CEST-02,M3.5.0,M10.5.0';
const SUITE_NOW = 1124013600; // 2005-08-14 12:00 CEST
const utc = (iso: string): number => Date.parse(iso + 'Z') / 1000;
const detector = (opts: DateDetectorOptions = {}) => createDateDetector({ defaultTimezone: SUITE_TZ, ...opts });

/** What the filter engine sees after the date is cut out. */
function rest(line: string, opts?: DateDetectorOptions): string | null {
  const m = detector(opts).detect(line, SUITE_NOW);
  return m && line.slice(0, m.start) + line.slice(m.end);
}

test('the date text is cut exactly where fail2ban cuts it (Asterisk shapes)', () => {
  const dp = { datepattern: '{^LN-BEG}' };
  assert.equal(rest('[2012-02-13 17:21:54] NOTICE[1234] chan_sip.c: Registration failed', dp), '[] NOTICE[1234] chan_sip.c: Registration failed');
  assert.equal(rest('[Jan  5 03:12:44] NOTICE[1234] chan_sip.c: x', dp), '[] NOTICE[1234] chan_sip.c: x');
  assert.equal(rest('[2024-01-05 03:12:44.123] WARNING[99][C-0000abcd] res_pjsip.c: x', dp), '[] WARNING[99][C-0000abcd] res_pjsip.c: x');
  assert.equal(rest('Nov  4 18:30:40 pbx asterisk[32229]: NOTICE[32257]: chan_sip.c:23417 x', dp), ' pbx asterisk[32229]: NOTICE[32257]: chan_sip.c:23417 x');
  const m = detector(dp).detect('[Jan  5 03:12:44] NOTICE x', SUITE_NOW);
  assert.equal(m?.time, utc('2005-01-05T02:12:44'));
});

test('the last template wins while it keeps matching; a date inside the message is not taken', () => {
  const dd = detector();
  const seen = (line: string) => {
    const m = dd.detect(line, SUITE_NOW);
    return m && [m.start, m.end, m.time];
  };
  // fail2ban's own answers for this stream
  assert.deepEqual(seen('Jan 23 21:59:59 host sshd: x'), [0, 15, 1106513999]);
  assert.deepEqual(seen('Jan 23 21:59:59 host sshd: text with 2005-01-24 10:00:00 inside'), [0, 15, 1106513999]);
  assert.deepEqual(seen('host only 2005-01-24 10:00:00 inside'), [10, 29, 1106557200]);
  assert.deepEqual(seen('user 2005-01-25 10:00:00 again'), [5, 24, 1106643600]);
  assert.deepEqual(seen('Jan 23 22:00:01 host sshd: and 2005-01-26 10:00:00'), [0, 15, 1106514001]);
});

test('switching between formats keeps giving the right template (fail2ban gh-130)', () => {
  const dd = detector();
  const expected = utc('2012-10-11T00:37:17');
  assert.equal(dd.detect('2012/10/11 02:37:17 [error] 18434#0', SUITE_NOW)?.time, expected);
  for (let i = 0; i < 10; i++) {
    const m = dd.detect('11/10/2012 02:37:17 [error] 18434#0', SUITE_NOW);
    assert.deepEqual([m?.time, m?.template], [expected, '{^LN-BEG}%d(?P<_sep>[-/])%m(?P=_sep)(?:%ExY|%Exy) %k:%M:%S']);
  }
  assert.equal(dd.detect('2012/10/11 02:37:17 [error] 18434#0', SUITE_NOW)?.time, expected);
  assert.equal(dd.templates[0], '{^LN-BEG}%ExY(?P<_sep>[-/.])%m(?P=_sep)%d(?:T|  ?)%H:%M:%S(?:[.,]%f)?(?:\\s*%z)?');
});

test('year-less stamps: inferred from now, and recomputed when now moves', () => {
  const dd = detector();
  const line = 'Aug 15 13:00:00 host x';
  assert.equal(dd.detect(line, SUITE_NOW)?.time, utc('2004-08-15T11:00:00')); // > now + 1 day
  assert.equal(dd.detect(line, SUITE_NOW + 3600)?.time, utc('2005-08-15T11:00:00'));
  const newYear = utc('2004-12-31T23:30:00'); // 2005-01-01 00:30 CET
  assert.equal(dd.detect('Dec 31 23:59:59 host x', newYear)?.time, utc('2004-12-31T22:59:59'));
  assert.equal(dd.detect('Jan  1 00:10:00 host x', newYear)?.time, utc('2004-12-31T23:10:00'));
  assert.equal(dd.detect('23:59:59 only a time', newYear)?.time, utc('2004-12-31T22:59:59'));
});

test('EPOCH: plain, in [brackets], in SELinux audit(); LEPOCH: milli- and microseconds', () => {
  const epoch = detector({ datepattern: 'EPOCH' });
  const seen = (dd: ReturnType<typeof detector>, line: string) => {
    const m = dd.detect(line, SUITE_NOW);
    return m && [m.start, m.end, m.time];
  };
  assert.deepEqual(seen(epoch, '1138049999 [sshd] error'), [0, 10, 1138049999]);
  assert.deepEqual(seen(epoch, '[1138049999.555] x'), [1, 15, 1138049999.555]);
  assert.deepEqual(seen(epoch, 'type=USER audit(1138049999.555:101): x'), [16, 30, 1138049999.555]);
  for (const bad of ['123456789 x', '9999999999999999 x', '1138049999A x', 'A1138049999 x']) assert.equal(epoch.detect(bad, SUITE_NOW), null, bad);
  const long = detector({ datepattern: 'LEPOCH' });
  assert.deepEqual(seen(long, '1138049999000 x'), [0, 13, 1138049999]);
  assert.deepEqual(seen(long, '[1138049999000000] x'), [1, 17, 1138049999]);
  assert.deepEqual(seen(long, '1138049999 x'), [0, 10, 1138049999]);
  const inside = detector({ datepattern: '(?<=\\|\\s){LEPOCH}(?=\\s\\|)' });
  assert.deepEqual(seen(inside, 'auth-error | 1138049999000 | invalid password'), [13, 26, 1138049999]);
  assert.equal(inside.detect('test-right | 1138049999000test', SUITE_NOW), null);
});

test('TAI64N labels are read as seconds (no TAI-UTC correction, as fail2ban)', () => {
  const dd = detector({ datepattern: '{^LN-BEG}TAI64N' });
  assert.deepEqual(dd.detect('@4000000041e0b3a0055e3c4c dovecot: x', SUITE_NOW), { time: 1105245088, start: 0, end: 25, template: '{^LN-BEG}TAI64N' });
  assert.equal(detector({ datepattern: 'TAI64N' }).detect('x @4000000041E0B3A0055E3C4C', SUITE_NOW), null);
});

test('{NONE} and empty-group patterns match an empty date (time = now)', () => {
  assert.deepEqual(detector({ datepattern: '{NONE}' }).detect('Jan 23 21:59:59 x', SUITE_NOW), { time: SUITE_NOW, start: 0, end: 0, template: '^' });
  const dd = detector({ datepattern: '^%b %d, %ExY %I:%M:%S %p\n^WARNING:()**\n{^LN-BEG}' });
  assert.deepEqual(dd.detect('WARNING: foo', SUITE_NOW), { time: SUITE_NOW, start: 8, end: 8, template: '^WARNING:()**' });
  assert.equal(dd.detect('Jan 23, 2005 9:59:59 PM org.x', SUITE_NOW)?.time, utc('2005-01-23T20:59:59'));
});

test('logtimezone applies to stamps without a zone; IANA names follow DST (warden extension)', () => {
  const line = '2017-01-23 15:00:00 x';
  assert.equal(detector({ timezone: 'UTC+0300' }).detect(line, SUITE_NOW)?.time, utc('2017-01-23T12:00:00'));
  assert.equal(detector({ timezone: 'CEST' }).detect(line, SUITE_NOW)?.time, utc('2017-01-23T13:00:00'));
  assert.equal(detector({ timezone: 'UTC' }).detect('2017-01-23T15:00:00+0100 x', SUITE_NOW)?.time, utc('2017-01-23T14:00:00'));
  const ny = detector({ timezone: 'America/New_York' });
  assert.equal(ny.detect(line, SUITE_NOW)?.time, utc('2017-01-23T20:00:00'));
  assert.equal(ny.detect('2017-07-23 15:00:00 x', SUITE_NOW)?.time, utc('2017-07-23T19:00:00'));
  const berlin = detector({ defaultTimezone: 'Europe/Berlin' });
  assert.equal(berlin.detect('2024-03-31 02:30:00 x', SUITE_NOW)?.time, utc('2024-03-31T01:30:00')); // gap
  assert.equal(berlin.detect('2024-10-27 02:30:00 x', SUITE_NOW)?.time, utc('2024-10-27T00:30:00')); // overlap
});

test('unusable stamps give null: impossible dates, unknown zone names', () => {
  const dd = detector();
  assert.equal(dd.detect('2005-02-30 10:00:00 x', SUITE_NOW), null);
  assert.equal(dd.detect('Feb 29 10:00:00 x', SUITE_NOW), null);
  assert.equal(detector({ datepattern: '%Y-%m-%d %H:%M:%S %Z' }).detect('2005-01-01 10:00:00 XYZ', SUITE_NOW), null);
});

test('bad datepatterns and zones are reported with stable codes', () => {
  const code = (fn: () => unknown, c: string) => assert.throws(fn, (e: unknown) => e instanceof WardenError && e.code === c);
  code(() => detector({ datepattern: '%Y-%m-%d %q' }), 'ERR_DATE_PATTERN');
  code(() => detector({ datepattern: '(?(1)a|b)%Y' }), 'ERR_DATE_PATTERN');
  code(() => detector({ datepattern: '%Y-%m-%d\n%Y-%m-%d' }), 'ERR_DATE_PATTERN');
  code(() => detector({ timezone: 'WRONG-TZ' }), 'ERR_TIMEZONE');
  code(() => detector({ defaultTimezone: 'Not/AZone' }), 'ERR_TIMEZONE');
});

test('repeated stamps reuse the last result; a changed stamp is parsed again', () => {
  const dd = detector({ datepattern: '{^LN-BEG}' });
  const a = dd.detect('[2012-02-13 17:21:54] NOTICE one', SUITE_NOW);
  const b = dd.detect('[2012-02-13 17:21:54] NOTICE two', SUITE_NOW);
  const c = dd.detect('[2012-02-13 17:21:55] NOTICE three', SUITE_NOW);
  const d = dd.detect('[2012-02-13 17:21:55.5] NOTICE four', SUITE_NOW);
  assert.deepEqual([a?.time, b?.time, c?.time, d?.time, d?.end], [1329150114, 1329150114, 1329150115, 1329150115, 22]);
  const syslog = detector();
  assert.equal(syslog.detect('Jan 23 21:59:59 host x', SUITE_NOW)?.end, 15);
  assert.equal(syslog.detect('Jan 23 21:59:59 2005 host x', SUITE_NOW)?.end, 20);
});

test('a stream of advancing stamps is read right across day, month and year ends', () => {
  const pad = (n: number) => String(n).padStart(2, '0');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const iso = detector({ defaultTimezone: 'UTC', datepattern: '{^LN-BEG}' });
  const syslog = detector({ defaultTimezone: 'UTC' });
  let t = utc('2004-12-30T23:59:00');
  for (let i = 0; i < 3000; i++) {
    t += [0, 1, 1, 7, 59, 3599, 86399][i % 7];
    const d = new Date(t * 1000);
    const [y, mo, da, h, mi, se] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
    const a = `[${y}-${pad(mo + 1)}-${pad(da)} ${pad(h)}:${pad(mi)}:${pad(se)}] NOTICE[${i}] x`;
    assert.equal(iso.detect(a, SUITE_NOW)?.time, t, a);
    const b = `${months[mo]} ${String(da).padStart(2, ' ')} ${pad(h)}:${pad(mi)}:${pad(se)} ${y} host x`;
    assert.equal(syslog.detect(b, SUITE_NOW)?.time, t, b);
  }
});

test('detectors on one thread share compiled templates without disturbing each other', () => {
  const a = ['Jan 23 21:59:59 host x', 'x 2005-01-24 10:00:00 y', 'Jan 23 22:00:01 host x', '1106513999 epoch'];
  const b = ['2005-01-25 10:00:00 x', 'Jan 24 10:00:00 host', 'no date: here', '2005-01-25 10:00:01 x'];
  const alone = (lines: string[]) => {
    const dd = detector();
    return lines.map((l) => dd.detect(l, SUITE_NOW));
  };
  const expectA = alone(a);
  const expectB = alone(b);
  const [da, db] = [detector(), detector()];
  a.forEach((line, i) => {
    assert.deepEqual(da.detect(line, SUITE_NOW), expectA[i], line);
    assert.deepEqual(db.detect(b[i], SUITE_NOW), expectB[i], b[i]);
  });
});
