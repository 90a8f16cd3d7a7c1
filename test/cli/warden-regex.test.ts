import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { hasStackTrace, runWarden, tempFiles } from './run-warden.js';

const REGEX = "failed for '<HOST>(?::\\d+)?'";
const LOG = [
  "[2024-01-05 03:12:44] NOTICE[101] chan_sip.c: Registration from '<sip:100@x>' failed for '192.0.2.1:5060' - Wrong password",
  '[2024-01-05 03:12:45] VERBOSE[102] pbx.c: Executing [s@default:1] NoOp("SIP/100", "hello")',
  '',
  "[2024-01-05 03:12:46] NOTICE[103] chan_sip.c: Registration from '<sip:101@x>' failed for '198.51.100.7' - No matching peer found",
].join('\n');

const parseJsonLines = (out: string): Record<string, unknown>[] => out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

test('--json prints exactly one object per input line, in order, and nothing else', (t) => {
  const log = tempFiles(t)('sip.log', LOG + '\n');
  const r = runWarden(['regex', '--json', log, REGEX]);
  assert.equal(r.code, 0, r.stderr);
  const rows = parseJsonLines(r.stdout);
  assert.deepEqual(rows, [
    { line: 1, match: true, host: '192.0.2.1', time: 1704424364, regex: 0, ignored: false },
    { line: 2, match: false, host: null, time: 1704424365, regex: null, ignored: false },
    { line: 3, match: false, host: null, time: null, regex: null, ignored: false },
    { line: 4, match: true, host: '198.51.100.7', time: 1704424366, regex: 0, ignored: false },
  ]);
  for (const row of rows) assert.deepEqual(Object.keys(row), ['line', 'match', 'host', 'time', 'regex', 'ignored']);
});

test('--json gives the same output in the worker and in-process (--line-timeout 0)', (t) => {
  const log = tempFiles(t)('sip.log', LOG);
  const a = runWarden(['regex', '--json', log, REGEX]);
  const b = runWarden(['regex', '--json', '--line-timeout', '0', log, REGEX]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.stdout, a.stdout);
});

test('--now sets the year of stamps without one', () => {
  const line = 'Jan  5 03:12:44 host sshd[1]: Failed password for root from 192.0.2.9 port 22 ssh2';
  const regex = 'Failed password for \\S+ from <HOST>';
  const timeWith = (now: string): unknown => {
    const r = runWarden(['regex', '--json', '--now', now, line, regex]);
    assert.equal(r.code, 0, r.stderr);
    return parseJsonLines(r.stdout)[0].time;
  };
  assert.equal(timeWith('2023-03-01T00:00:00Z'), Date.UTC(2023, 0, 5, 3, 12, 44) / 1000);
  assert.equal(timeWith('2019-06-01'), Date.UTC(2019, 0, 5, 3, 12, 44) / 1000);
});

test('--timezone applies to stamps without a zone', () => {
  const line = '[2024-01-05 03:12:44] failed for 192.0.2.1';
  const r = runWarden(['regex', '--json', '--timezone', 'UTC+02:00', line, 'failed for <HOST>']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(parseJsonLines(r.stdout)[0].time, 1704424364 - 7200);
});

test('reads standard input for LOG "-"', (t) => {
  const log = tempFiles(t)('sip.log', LOG);
  const fromFile = runWarden(['regex', '--json', log, REGEX]);
  const fromStdin = runWarden(['regex', '--json', '-', REGEX], { input: LOG });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.equal(fromStdin.stdout, fromFile.stdout);
});

test('a LOG that is not a file is one log line', () => {
  const r = runWarden(['regex', '--json', "x failed for '203.0.113.5'", REGEX]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(parseJsonLines(r.stdout).map((o) => [o.line, o.match, o.host]), [[1, true, '203.0.113.5']]);
});

test('the summary reports inputs, hits per regex, line counts and speed', (t) => {
  const log = tempFiles(t)('sip.log', LOG);
  const r = runWarden(['regex', log, REGEX]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Log +: .*sip\.log$/m);
  assert.match(r.stdout, /^Encoding +: utf-8$/m);
  assert.match(r.stdout, /^Failregex: 2 hits$/m);
  assert.match(r.stdout, new RegExp(`^ +1 +2  ${REGEX.replace(/[\\()?:+'<>]/g, '\\$&')}$`, 'm'));
  assert.match(r.stdout, /^Lines: 3 lines, 0 ignored, 2 matched, 1 missed$/m);
  assert.match(r.stdout, /^Processed in \d+\.\d\d s \([\d,]+ lines\/s\)$/m);
  assert.match(r.stdout, /^Missed lines:\n +2: .*VERBOSE/m);
});

test('an IGNOREREGEX argument turns matching lines into ignored ones', (t) => {
  const log = tempFiles(t)('sip.log', LOG);
  const r = runWarden(['regex', '--json', log, REGEX, '198\\.51\\.100\\.7']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(parseJsonLines(r.stdout).map((o) => [o.match, o.ignored]), [[true, false], [false, false], [false, false], [false, true]]);
});

test('invalid UTF-8, NUL bytes and CRLF do not break the run', (t) => {
  const bytes = Buffer.concat([
    Buffer.from("bad \xff\xfe bytes failed for '192.0.2.1'\r\n", 'latin1'),
    Buffer.from([0x00, 0x01, 0x0a]),
    Buffer.from("ok failed for '192.0.2.2'"),
  ]);
  const log = tempFiles(t)('odd.log', bytes);
  const r = runWarden(['regex', '--json', log, REGEX]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(parseJsonLines(r.stdout).map((o) => [o.line, o.host]), [[1, '192.0.2.1'], [2, null], [3, '192.0.2.2']]);
});

test('a filter that cannot be loaded prints every error with file:line and key, exit 1', (t) => {
  const file = tempFiles(t)('broken.conf', '[Definition]\nfailregex = %(nope)s <HOST>\nignoreregex = %(nada)s\n');
  const r = runWarden(['regex', 'some line', file]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /broken\.conf:2\b.*failregex/);
  assert.match(r.stderr, /broken\.conf:3\b.*ignoreregex/);
  assert.equal(hasStackTrace(r.stderr), false, r.stderr);
});

test('a regex without a host group is a filter error, exit 1', () => {
  const r = runWarden(['regex', 'some line', '^some (line)$']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^warden: /);
  assert.equal(hasStackTrace(r.stderr), false, r.stderr);
});

test('a catastrophic regex times out on the crafted line; the run finishes and reports it', (t) => {
  const evil = 'a'.repeat(48) + '!';
  const log = tempFiles(t)('evil.log', ["x failed for '192.0.2.1'", evil, "y failed for '192.0.2.2'", evil, "z failed for '192.0.2.3'"].join('\n'));
  const regex = "^(?:(?:a+)+(?!x)$|.* failed for '<HOST>')";
  const started = Date.now();
  const r = runWarden(['regex', '--line-timeout', '0.5', log, regex]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Date.now() - started < 30_000);
  assert.match(r.stderr, /line 2: matching took longer than 0\.5 s/);
  assert.match(r.stderr, /line 4: matching took longer than 0\.5 s/);
  assert.match(r.stdout, /^Lines: 5 lines, 0 ignored, 3 matched, 2 missed$/m);
  assert.match(r.stdout, /^Timed out: 2 lines \(2, 4\)/m);
});

const F2B_SSHD = '/etc/fail2ban/filter.d/sshd.conf';

test('a fail2ban filter file with options, and a filter name from -c', (t) => {
  if (!existsSync(F2B_SSHD)) return t.skip('fail2ban is not installed');
  const line = 'Jan  5 03:12:44 host sshd[123]: Failed password for root from 192.0.2.44 port 2222 ssh2';
  const byPath = runWarden(['regex', '--json', line, `${F2B_SSHD}[mode=aggressive]`]);
  assert.equal(byPath.code, 0, byPath.stderr);
  assert.equal(parseJsonLines(byPath.stdout)[0].host, '192.0.2.44');
  const byName = runWarden(['regex', '--json', '-c', '/etc/fail2ban', line, 'sshd[mode=aggressive]']);
  assert.equal(byName.stdout, byPath.stdout);
});
