import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Failure, LineResult } from '../../src/filter/filter-types.js';
import { checkLine } from './check-line.js';
import { parsePosixZone, type PosixZone } from './local-time.js';

const CET = parsePosixZone('CET-01CEST-02,M3.5.0,M10.5.0') as PosixZone;
const T = 1124013600; // 2005-08-14T12:00:00 local

function failure(over: Partial<Failure> = {}): Failure {
  return { regex: 0, id: '192.0.2.1', ip: '192.0.2.1', time: T, fields: { ip4: '192.0.2.1' }, users: [], matches: ['m'], nofail: false, ...over };
}

function result(failures: Failure[], kind: LineResult['kind'] = failures.length ? 'match' : 'missed'): LineResult {
  return { kind, time: T, dateTemplate: null, failures, regex: failures[0]?.regex ?? null, allRegex: failures.map((f) => f.regex) };
}

test('match / no match as annotated', () => {
  assert.equal(checkLine({ match: true, host: '192.0.2.1' }, result([failure()]), CET), null);
  assert.equal(checkLine({ match: false }, result([]), CET), null);
  assert.match(checkLine({ match: true }, result([]), CET) ?? '', /no failure \(missed\)/);
  assert.match(checkLine({ match: false }, result([failure()]), CET) ?? '', /expected no match/);
  assert.match(checkLine({}, result([failure()]), CET) ?? '', /expected no match/, 'match defaults to false');
});

test('pending (no id) and nofail failures do not count', () => {
  const r = result([failure({ id: null }), failure({ nofail: true, regex: 1 })]);
  assert.equal(checkLine({ match: false }, r, CET), null);
  assert.match(checkLine({ match: true }, r, CET) ?? '', /no failure/);
});

test('exactly one failregex must match (checkAllRegex)', () => {
  const r = result([failure(), failure({ regex: 3 })]);
  assert.match(checkLine({ match: true }, r, CET) ?? '', /2 failures \(failregex 0, 3\)/);
});

test('host falls back to the failure id, compared as an address when it came from ip4/ip6', () => {
  const v6 = failure({ id: '2001:db8:0::1', fields: { ip6: '2001:db8:0::1' } });
  assert.equal(checkLine({ match: true, host: '2001:db8::1' }, result([v6]), CET), null);
  const dns = failure({ id: 'Example.com', ip: null, fields: { dns: 'Example.com' } });
  assert.equal(checkLine({ match: true, host: 'Example.com' }, result([dns]), CET), null);
  assert.match(checkLine({ match: true, host: 'example.com' }, result([dns]), CET) ?? '', /^host: got "Example.com"/);
  const fid = failure({ id: 'alice', fields: { fid: 'alice', ip4: '192.0.2.1' } });
  assert.equal(checkLine({ match: true, host: 'alice' }, result([fid]), CET), null);
});

test('other keys compare captured fields; absent is null; lists compare sorted', () => {
  const f = failure({ fields: { ip4: '192.0.2.1', user: 'root' }, users: ['b', 'a'], matches: ['1', '2'] });
  assert.equal(checkLine({ match: true, user: 'root', dns: null, users: ['a', 'b'], attempts: 2 }, result([f]), CET), null);
  assert.match(checkLine({ match: true, user: 'admin' }, result([f]), CET) ?? '', /^user: got "root"/);
  assert.match(checkLine({ match: true, users: ['a'] }, result([f]), CET) ?? '', /^users:/);
  assert.match(checkLine({ match: true, attempts: 3 }, result([f]), CET) ?? '', /^attempts: got 2/);
  assert.match(checkLine({ match: true, ip6: '::1' }, result([f]), CET) ?? '', /^ip6: got null/);
});

test('desc and constraint are not compared', () => {
  assert.equal(checkLine({ match: true, desc: 'x', constraint: "name=='x'" }, result([failure()]), CET), null);
});

test('time is the local failJSON time, to the microsecond', () => {
  assert.equal(checkLine({ match: true, time: '2005-08-14T12:00:00' }, result([failure()]), CET), null);
  assert.match(checkLine({ match: true, time: '2005-08-14T11:00:00' }, result([failure()]), CET) ?? '', /diff 3600\.000 s/);
  const frac = failure({ time: T + 0.767815 });
  assert.equal(checkLine({ match: true, time: '2005-08-14T12:00:00.767815' }, result([frac]), CET), null);
  assert.notEqual(checkLine({ match: true, time: '2005-08-14T12:00:00.767816' }, result([frac]), CET), null);
});

test('"suspicious": true requires a suspicious line; a suspicious line needs the annotation', () => {
  const suspicious = result([], 'suspicious');
  assert.equal(checkLine({ match: false, suspicious: true }, suspicious, CET), null);
  assert.match(checkLine({ match: false }, suspicious, CET) ?? '', /reported suspicious/);
  assert.match(checkLine({ match: false, suspicious: true }, result([]), CET) ?? '', /expected a suspicious line, got missed/);
});
