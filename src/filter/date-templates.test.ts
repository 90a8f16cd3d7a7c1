import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { WardenError } from '../core/errors.js';
import { createDateDetector } from './date-detector.js';
import { templatesFor } from './date-templates.js';
import { exYearRegex } from './strptime-fields.js';

const SUITE_TZ = 'CET-01CEST-02,M3.5.0,M10.5.0';
const SUITE_NOW = 1124013600; // 2005-08-14 12:00 CEST
const EX_YEAR = exYearRegex(2025);
const FILTER_DIR = '/etc/fail2ban/filter.d';
const SAMPLE_DIR = '/usr/lib/python3/dist-packages/fail2ban/tests/files/logs';

const ISO = '{^LN-BEG}%ExY(?P<_sep>[-/.])%m(?P=_sep)%d(?:T|  ?)%H:%M:%S(?:[.,]%f)?(?:\\s*%z)?';
const SYSLOG = '{^LN-BEG}(?:%a )?%b %d %k:%M:%S(?:\\.%f)?(?: %ExY)?';

/**
 * One line per built-in template, with what fail2ban 1.0.2 answers for it (fresh detector, default
 * templates, TZ and now pinned as in its test suite): date span, time, template name.
 */
const BUILT_IN: [string, number, number, number, string][] = [
  ['2005-01-23T21:59:59.981746+0100 host sshd[1]: x', 0, 31, 1106513999, ISO],
  ['[2012-02-13 17:21:54] NOTICE[1234] chan_sip.c: x', 1, 20, 1329150114, ISO],
  ['Jan 23 21:59:59 host sshd[1]: x', 0, 15, 1106513999, SYSLOG],
  ['[Jan  5 03:12:44] NOTICE[1234] x', 1, 16, 1104891164, SYSLOG],
  ['Sun Jan 23 2005 21:59:59 x', 0, 24, 1106513999, '{^LN-BEG}(?:%a )?%b %d %ExY %k:%M:%S(?:\\.%f)?'],
  ['23/01/05 21:59:59 x', 0, 17, 1106513999, '{^LN-BEG}%d(?P<_sep>[-/])%m(?P=_sep)(?:%ExY|%Exy) %k:%M:%S'],
  ['1.2.3.4 - - [31/Oct/2006:09:22:55 -0000] "GET / HTTP/1.1"', 13, 39, 1162286575, '%d(?P<_sep>[-/])%b(?P=_sep)%ExY[ :]?%H:%M:%S(?:\\.%f)?(?: %z)?'],
  ['[05/20/2008:01:57:39] x', 1, 20, 1211241459, '{^LN-BEG}%m/%d/%ExY:%H:%M:%S'],
  ['01-27-2012 16:22:44.252 x', 0, 23, 1327677764, '{^LN-BEG}%m-%d-%ExY %k:%M:%S(?:\\.%f)?'],
  ['1138752000 x', 0, 10, 1138752000, '{^LN-BEG}Epoch'],
  ['21:59:59 x', 0, 8, 1123963199, '{^LN-BEG}%H:%M:%S'],
  ['<09/16/08@05:03:30> x', 0, 19, 1221534210, '^<%m/%d/%Exy@%H:%M:%S>'],
  ['130322 11:46:11 x', 0, 15, 1363949171, '{^LN-BEG}%Exy%Exm%Exd  ?%H:%M:%S'],
  ['Jan 23, 2005 9:59:59 PM org.x', 0, 23, 1106513999, '{^LN-BEG}%b %d, %ExY %I:%M:%S %p'],
  ['Apr-27-13 02:33:06 x', 0, 18, 1367022786, '^%b-%d-%Exy %k:%M:%S'],
  ['20050123T215959 x', 0, 15, 1106513999, '{^LN-BEG}%ExY%Exm%Exd(?:T|  ?)%ExH%ExM%ExS(?:[.,]%f)?(?:\\s*%z)?'],
  ['PDT Apr 16 21:05:29 x', 0, 19, 1113710729, '{^LN-BEG}(?:%Z )?(?:%a )?%b %d %k:%M:%S(?:\\.%f)?(?: %ExY)?'],
  ['+00:00 Jan 23 21:59:59.011 2005 x', 0, 31, 1106517599, '{^LN-BEG}(?:%z )?(?:%a )?%b %d %k:%M:%S(?:\\.%f)?(?: %ExY)?'],
  ['@4000000041e0b3a0055e3c4c x', 0, 25, 1105245088, '{^LN-BEG}TAI64N'],
  ['user x logged in at 2005-01-23 21:59:59', 20, 39, 1106513999, ISO.slice('{^LN-BEG}'.length)],
  ['prefix audit(1138752000.555:101): x', 13, 27, 1138752000.555, 'Epoch'],
  ['x 2005/01/23 21:59:59 y', 2, 21, 1106513999, ISO.slice('{^LN-BEG}'.length)],
];

test('every built-in template finds the same span and time as fail2ban', () => {
  for (const [line, start, end, time, template] of BUILT_IN) {
    const dd = createDateDetector({ defaultTimezone: SUITE_TZ, wallClock: 1750000000 });
    assert.deepEqual(dd.detect(line, SUITE_NOW), { time, start, end, template }, line);
  }
  assert.equal(createDateDetector({ defaultTimezone: SUITE_TZ }).detect('no date here', SUITE_NOW), null);
});

test('the default list tries line-start copies (weight 100) before the 17 templates', () => {
  const all = templatesFor(null, EX_YEAR);
  assert.equal(all.length, 31);
  assert.deepEqual(all.slice(0, 14).map((t) => [t.weight, t.lineAnchored]), Array(14).fill([100, true]));
  assert.equal(all[14].name, ISO.slice('{^LN-BEG}'.length));
  assert.equal(all[30].name, 'TAI64N');
});

test('{^LN-BEG} keeps only line-anchored defaults; {DEFAULT} keeps all', () => {
  const anchored = templatesFor('{^LN-BEG}', EX_YEAR);
  assert.equal(anchored.length, 17);
  assert.ok(anchored.every((t) => t.lineAnchored));
  assert.equal(templatesFor('{default}', EX_YEAR).length, 31);
});

test('{DATE} puts every default template inside the custom regex', () => {
  const list = templatesFor('^[^\\[]*\\[({DATE})', EX_YEAR);
  assert.equal(list.length, 17);
  assert.equal(list[0].name, '^[^\\[]*\\[(%ExY(?P<_sep>[-/.])%m(?P=_sep)%d(?:T|  ?)%H:%M:%S(?:[.,]%f)?(?:\\s*%z)?)');
  assert.equal(list[7].name, '^[^\\[]*\\[(Epoch)'); // fail2ban inserts special templates by name
  assert.equal(list[8].name, '^[^\\[]*\\[(%H:%M:%S)');
});

test('several lines add templates in order; the same template twice is an error', () => {
  const list = templatesFor('{^LN-BEG}%b-%d-%Exy %H:%M:%S\n\n  {^LN-BEG}  \n', EX_YEAR);
  assert.equal(list[0].name, '{^LN-BEG}%b-%d-%Exy %H:%M:%S');
  assert.equal(list.length, 18);
  assert.throws(() => templatesFor('%Y-%m-%d\n%Y-%m-%d', EX_YEAR), (e: unknown) => e instanceof WardenError && e.code === 'ERR_DATE_PATTERN');
});

test('special values: EPOCH, LEPOCH, TAI64N, {NONE}, case-insensitive', () => {
  const names = (dp: string) => templatesFor(dp, EX_YEAR).map((t) => t.name);
  assert.deepEqual(names('epoch\n{^LN-BEG}LEPOCH\n^tai64n\n{none}'), ['Epoch', '{^LN-BEG}LongEpoch', '{^LN-BEG}TAI64N', '^']);
  assert.deepEqual(names('(?<=\\|\\s){LEPOCH}(?=\\s\\|)'), ['(?<=\\|\\s){LEPOCH}(?=\\s\\|)']);
});

test('default templates name and describe themselves before compiling, as their compiled form does', () => {
  const slots = templatesFor(null, '(?P<Y>19\\d\\d)'); // a %ExY no other test uses: nothing compiled yet
  assert.ok(slots.every((s) => !s.built));
  const before = slots.map((s) => [s.name, s.lineAnchored, s.weight, s.requiredChar]);
  assert.ok(slots.every((s) => !s.built), 'reading names compiles nothing');
  assert.deepEqual(slots.map(({ template: t }) => [t.name, t.lineAnchored, t.weight, t.requiredChar]), before);
});

test('a detector compiles only the default templates its lines reach, once per thread', () => {
  const wallClock = Date.UTC(2101, 0, 1) / 1000; // a %ExY range no other test uses
  const slots = templatesFor('{^LN-BEG}', exYearRegex(2101));
  const dd = createDateDetector({ datepattern: '{^LN-BEG}', defaultTimezone: SUITE_TZ, wallClock });
  assert.equal(slots.filter((s) => s.built).length, 0);
  assert.equal(dd.detect('2005-01-23 21:59:59 host x', SUITE_NOW)?.time, 1106513999);
  assert.deepEqual(slots.map((s) => s.built), slots.map((_s, i) => i === 0));
  assert.equal(dd.detect('no date and no colon', SUITE_NOW), null); // templates needing ':' are skipped
  const compact = '{^LN-BEG}%ExY%Exm%Exd(?:T|  ?)%ExH%ExM%ExS(?:[.,]%f)?(?:\\s*%z)?';
  assert.deepEqual(slots.filter((s) => s.built).map((s) => s.name), [ISO, '{^LN-BEG}Epoch', compact]);
  const again = createDateDetector({ datepattern: '{^LN-BEG}', defaultTimezone: SUITE_TZ, wallClock });
  assert.equal(again.detect('2005-01-23 21:59:59 host x', SUITE_NOW)?.time, 1106513999);
  assert.equal(slots.filter((s) => s.built).length, 3);
});

/** `datepattern` values of the stock filters (the first literal one per file: no %(...)s or <...>). */
function stockDatepatterns(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of readdirSync(FILTER_DIR).filter((f) => f.endsWith('.conf'))) {
    const lines = readFileSync(`${FILTER_DIR}/${file}`, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const m = /^datepattern\s*=\s*(.*)$/.exec(line);
      if (!m) return;
      const value = [m[1]];
      for (let j = i + 1; j < lines.length && /^[ \t]+\S/.test(lines[j]); j++) value.push(lines[j].trim());
      const text = value.join('\n').replace(/%%/g, '%');
      const name = file.replace(/\.conf$/, '');
      const literal = !/%\(|(?<!\(\?P)<[a-z_]+[>/]/i.test(text.replace(/^\^<W>|\^<co /gm, ''));
      if (literal && !found.has(name)) found.set(name, text); // the first one: default section or option
    });
  }
  return found;
}

test('every literal datepattern of the stock filters compiles and dates its sample log', (t) => {
  if (!existsSync(FILTER_DIR)) return t.skip('fail2ban filters not installed');
  const patterns = stockDatepatterns();
  assert.ok(patterns.size >= 25, `only ${patterns.size} datepatterns found`);
  for (const [name, datepattern] of patterns) {
    const dd = createDateDetector({ datepattern, defaultTimezone: SUITE_TZ });
    const sample = `${SAMPLE_DIR}/${name}`;
    if (!existsSync(sample)) continue;
    const lines = readFileSync(sample, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    const dated = lines.filter((l) => dd.detect(l, SUITE_NOW) !== null);
    assert.ok(dated.length > 0, `${name}: no sample line dated by ${JSON.stringify(datepattern)}`);
  }
});

/** Unix time of a failJSON `time` (local time of the suite's zone), computed through ICU's Europe/Berlin. */
function suiteLocal(iso: string): number {
  const f = (/^(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)(\.\d+)?$/.exec(iso) ?? []).slice(1).map((v) => Number(v ?? 0));
  const wall = Date.UTC(f[0], f[1] - 1, f[2], f[3], f[4], f[5]) / 1000 + f[6];
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', hourCycle: 'h23', dateStyle: 'short', timeStyle: 'medium' });
  const seconds = Math.floor(wall);
  for (const offset of [7200, 3600]) {
    const shown = fmt.format((seconds - offset) * 1000).replace(', ', 'T');
    if (shown === new Date(seconds * 1000).toISOString().slice(0, 19)) return wall - offset;
  }
  throw new Error(`no Berlin time for ${iso}`);
}

/**
 * Every line of a fail2ban sample log with its failJSON time when the line must match (fail2ban
 * checks times only there), else undefined.
 */
function annotatedTimes(file: string): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  let pending: string | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const json = /^#\s*failJSON:\s*(\{.*\})\s*$/.exec(line);
    if (json) {
      try {
        const expect = JSON.parse(json[1]) as { time?: string; match?: boolean };
        pending = expect.match ? expect.time : undefined;
      } catch {
        pending = undefined;
      }
    } else if (!line.startsWith('#') && line.trim() !== '') {
      out.push([line, pending]);
      pending = undefined;
    }
  }
  return out;
}

const SAMPLES = [
  'asterisk', 'sshd', 'dovecot', 'squid', 'monit', 'kerio', 'apache-badbots', 'selinux-ssh', 'freeswitch', 'nsd',
  'recidive', 'grafana', 'mysqld-auth', 'assp', 'exim', 'postfix', 'apache-auth', 'roundcube-auth', 'guacamole',
  'ejabberd-auth', 'openhab', 'counter-strike', 'zoneminder', 'directadmin', 'squirrelmail', 'tine20', 'murmur',
];

test('failJSON times of fail2ban sample logs (suite zone and now)', (t) => {
  if (!existsSync(SAMPLE_DIR) || !existsSync(FILTER_DIR)) return t.skip('fail2ban samples not installed');
  const patterns = stockDatepatterns();
  let checked = 0;
  for (const name of SAMPLES) {
    const file = `${SAMPLE_DIR}/${name}`;
    if (!existsSync(file)) continue;
    const dd = createDateDetector({ datepattern: patterns.get(name) ?? null, defaultTimezone: SUITE_TZ });
    let last: number | undefined; // fail2ban's engine reuses the last date for an empty date match
    for (const [line, time] of annotatedTimes(file)) {
      const m = dd.detect(line, SUITE_NOW);
      const got = m !== null && m.start === m.end ? last : m?.time;
      if (m !== null && m.start < m.end) last = m.time;
      if (time === undefined) continue;
      assert.equal(got, suiteLocal(time), `${name}: ${line}`);
      checked++;
    }
  }
  assert.ok(checked > 300, `only ${checked} annotated lines checked`);
  t.diagnostic(`${checked} annotated lines checked`);
});
