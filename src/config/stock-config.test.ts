/**
 * Integration: the Debian fail2ban config tree (/etc/fail2ban) loads completely. Skipped when absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { loadFilter } from './load-filter.js';
import { loadJails } from './load-jails.js';
import { createConfigReader } from './read-config.js';

const CONF = '/etc/fail2ban';
const skip = existsSync(`${CONF}/jail.conf`) ? false : `${CONF} is not installed`;

/** Building blocks included by other filters, not filters themselves (no [Definition] or incomplete). */
const NOT_FILTERS = /common\.conf$/;

function filterNames(): string[] {
  return readdirSync(`${CONF}/filter.d`).filter((f) => f.endsWith('.conf') && !NOT_FILTERS.test(f)).map((f) => f.slice(0, -5));
}

test('every stock filter loads with all tags resolved', { skip }, () => {
  const reader = createConfigReader();
  const names = filterNames();
  assert.ok(names.length > 80, `only ${names.length} filters`);
  for (const name of names) {
    const result = loadFilter(CONF, name, { reader });
    assert.ok(result.ok, `${name}: ${result.ok ? '' : result.errors.map((e) => e.message).join('\n')}`);
    const regexes = [...result.filter.failregex, ...result.filter.ignoreregex].map((e) => e.regex);
    if (result.filter.prefregex) regexes.push(result.filter.prefregex.regex);
    for (const regex of regexes) {
      // config tags left over (a Python named group such as (?P<__connid>...) is fine):
      assert.doesNotMatch(regex, /(?<!\?P)<(?:lt_|__|_daemon>|mdre-|known\/)|%\(/, `${name}: unresolved in ${regex}`);
    }
  }
});

test('the asterisk filter has its 8 failregexes and a resolved prefregex', { skip }, () => {
  const result = loadFilter(CONF, 'asterisk');
  assert.ok(result.ok);
  assert.equal(result.filter.failregex.length, 8);
  assert.match(result.filter.prefregex?.regex ?? '', /asterisk.*<F-CONTENT>\.\+<\/F-CONTENT>\$$/);
  assert.deepEqual(result.filter.journalmatch, ['_SYSTEMD_UNIT=asterisk.service']);
  assert.equal(result.filter.datepattern, '{^LN-BEG}');
  assert.ok(result.filter.failregex.every((e) => e.place.file === `${CONF}/filter.d/asterisk.conf` && (e.place.line ?? 0) > 0));
});

test('sshd[mode=aggressive] has more failregexes than sshd', { skip }, () => {
  const normal = loadFilter(CONF, 'sshd');
  const aggressive = loadFilter(CONF, 'sshd[mode=aggressive]');
  const byPath = loadFilter(CONF, `${CONF}/filter.d/sshd.conf[mode=aggressive]`);
  assert.ok(normal.ok && aggressive.ok && byPath.ok);
  assert.ok(aggressive.filter.failregex.length > normal.filter.failregex.length);
  assert.deepEqual(byPath.filter.failregex, aggressive.filter.failregex);
});

test('the stock jails load without errors, sshd being the only enabled one (Debian)', { skip }, () => {
  const result = loadJails(CONF);
  assert.deepEqual(result.errors.map((e) => e.message), []);
  assert.equal(result.jails.length, 91);
  assert.deepEqual(result.jails.filter((j) => j.enabled).map((j) => j.name), ['sshd']);
  const asterisk = result.jails.find((j) => j.name === 'asterisk');
  assert.equal(asterisk?.maxretry, 10);
  assert.equal(asterisk?.actions.length, 2);
  assert.equal(asterisk?.filterDefinition?.failregex.length, 8);
  assert.ok(result.jails.every((j) => j.filterDefinition !== null), 'every jail filter resolves');
});
