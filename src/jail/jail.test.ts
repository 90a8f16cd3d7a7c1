import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BantimeIncrementSpec } from '../config/jail-spec.js';
import type { BanRecord } from '../core/records.js';
import { createJail, type Jail, type JailDeps, type JailSettings } from './jail.js';

const NO_INCREMENT: BantimeIncrementSpec = { enabled: false, factor: 1, formula: null, multipliers: [], maxTime: null, rndTime: null, overallJails: false };
const SETTINGS: JailSettings = { name: 'sip', maxretry: 3, findtime: 600, bantime: 3600, maxmatches: 2, bantimeIncrement: NO_INCREMENT, ignoreip: ['127.0.0.1/8', '::1'] };

/** Deps with a ban history per ip (banCount), recording what was asked. */
function fakeDeps(history: Record<string, number> = {}): JailDeps & { asked: [string, boolean][] } {
  const asked: [string, boolean][] = [];
  return {
    asked,
    banHistory(ip, overall) {
      asked.push([ip, overall]);
      return history[ip] === undefined ? null : { banCount: history[ip], lastBantime: 3600 };
    },
    random: () => 0.25,
  };
}

function fail(jail: Jail, id: string, time: number, now = time) {
  return jail.addFailure({ id, ip: id, time, matches: [`${id} failed at ${time}`] }, now);
}

test('bans at maxretry failures within findtime and clears the counter', () => {
  const jail = createJail(SETTINGS, fakeDeps());
  assert.deepEqual(fail(jail, '203.0.113.5', 100), { kind: 'counted', failures: 1 });
  assert.deepEqual(fail(jail, '203.0.113.5', 200), { kind: 'counted', failures: 2 });
  const outcome = fail(jail, '203.0.113.5', 300);
  assert.equal(outcome.kind, 'ban');
  const ban = (outcome as { ban: BanRecord }).ban;
  assert.deepEqual(ban, {
    jail: 'sip', ip: '203.0.113.5', timeOfBan: 300, bantime: 3600, banCount: 1, failures: 3,
    matches: ['203.0.113.5 failed at 200', '203.0.113.5 failed at 300'],
  });
  assert.deepEqual(fail(jail, '203.0.113.5', 301), { kind: 'already-banned' });
  const changes = jail.drainChanges();
  assert.deepEqual(changes.addedFailures.map((f) => f.time), [100, 200, 300]);
  assert.deepEqual(changes.clearedIds, ['203.0.113.5']);
  assert.deepEqual(changes.bans, [ban]);
  assert.deepEqual(jail.drainChanges().bans, [], 'drained once');
  assert.deepEqual(jail.status(), { currentlyFailed: 0, totalFailed: 3, currentlyBanned: 1, totalBanned: 1, bans: [ban] });
});

test('ignoreip and old log times are not counted', () => {
  const jail = createJail(SETTINGS, fakeDeps());
  assert.deepEqual(fail(jail, '127.0.0.9', 100), { kind: 'ignored', reason: 'ignoreip' });
  assert.deepEqual(fail(jail, '::1', 100), { kind: 'ignored', reason: 'ignoreip' });
  assert.deepEqual(fail(jail, '203.0.113.5', 100, 701), { kind: 'ignored', reason: 'old' });
  assert.equal(jail.drainChanges().addedFailures.length, 0);
  jail.ignore.add('203.0.113.0/24');
  assert.equal(fail(jail, '203.0.113.5', 700).kind, 'ignored');
  jail.ignore.remove('203.0.113.0/24');
  assert.equal(fail(jail, '203.0.113.5', 700).kind, 'counted');
});

test('the ban count and bantime come from the ban history', () => {
  const increment = { ...NO_INCREMENT, enabled: true, overallJails: true, rndTime: 100 };
  const deps = fakeDeps({ '203.0.113.5': 2 });
  const jail = createJail({ ...SETTINGS, maxretry: 5, bantimeIncrement: increment }, deps);
  // Two earlier bans: each failure weighs (1<<2)/2 + 1 = 3, so the second one bans.
  assert.deepEqual(fail(jail, '203.0.113.5', 100), { kind: 'counted', failures: 3 });
  const outcome = fail(jail, '203.0.113.5', 101);
  assert.equal(outcome.kind, 'ban');
  const ban = (outcome as { ban: BanRecord }).ban;
  assert.equal(ban.banCount, 3);
  assert.equal(ban.bantime, 3600 * 4 + 25, 'default formula x4, plus random() x rndtime');
  assert.deepEqual(deps.asked.at(-1), ['203.0.113.5', true], 'overalljails asked for the bantime');
  assert.deepEqual(deps.asked[0], ['203.0.113.5', false], 'the failure boost uses this jail only');
  const plain = createJail(SETTINGS, fakeDeps({ '198.51.100.1': 4 }));
  assert.equal(plain.ban('198.51.100.1', 50)?.banCount, 5, 'the count grows without the increment too');
});

test('a permanent bantime bans forever', () => {
  const jail = createJail({ ...SETTINGS, bantime: -1, maxretry: 1 }, fakeDeps({ '203.0.113.5': 3 }));
  const outcome = fail(jail, '203.0.113.5', 100);
  assert.equal(outcome.kind === 'ban' && outcome.ban.bantime, -1);
  assert.equal(jail.nextExpiry(), null);
  assert.deepEqual(jail.expire(1e12), []);
});

test('manual ban, prolong, unban and expiry each reach drainChanges', () => {
  const jail = createJail(SETTINGS, fakeDeps());
  fail(jail, '198.51.100.7', 10);
  const ban = jail.ban('198.51.100.7', 20, { failures: 0, matches: [] });
  assert.deepEqual(ban, { jail: 'sip', ip: '198.51.100.7', timeOfBan: 20, bantime: 3600, banCount: 1, failures: 0, matches: [] });
  assert.equal(jail.ban('198.51.100.7', 20), null, 'already banned, same end');
  assert.equal(jail.ban('198.51.100.7', 500), null, 'already banned, prolonged');
  let changes = jail.drainChanges();
  assert.deepEqual(changes.clearedIds, ['198.51.100.7']);
  assert.equal(changes.bans.length, 1);
  assert.deepEqual(changes.prolonged.map((b) => [b.timeOfBan, b.bantime]), [[20, 4080]]);
  assert.equal(jail.nextExpiry(), 4100);
  assert.equal(jail.banOf('198.51.100.7')?.bantime, 4080);
  assert.equal(jail.banOf('198.51.100.99'), null);
  jail.ban('198.51.100.8', 30);
  assert.equal(jail.unban('198.51.100.8')?.ip, '198.51.100.8');
  assert.equal(jail.unban('198.51.100.8'), null);
  assert.deepEqual(jail.expire(4099), []);
  assert.deepEqual(jail.expire(4100).map((b) => b.ip), ['198.51.100.7']);
  changes = jail.drainChanges();
  assert.deepEqual(changes.unbans.map((b) => b.ip), ['198.51.100.8', '198.51.100.7']);
  assert.equal(jail.status().currentlyBanned, 0);
  assert.equal(jail.status().totalBanned, 2);
  assert.equal(fail(jail, '198.51.100.7', 4200).kind, 'counted', 'counted again after the unban');
});

test('restore drops expired bans and re-counts failures in flight', () => {
  const jail = createJail(SETTINGS, fakeDeps());
  const live: BanRecord = { jail: 'sip', ip: '203.0.113.1', timeOfBan: 1000, bantime: 600, banCount: 1, failures: 3, matches: [] };
  const gone: BanRecord = { ...live, ip: '203.0.113.2', timeOfBan: 100 };
  const forever: BanRecord = { ...live, ip: '203.0.113.3', bantime: -1, timeOfBan: 0 };
  const failures = [
    { jail: 'sip', id: '198.51.100.1', time: 1100, matches: ['m1'] },
    { jail: 'sip', id: '198.51.100.1', time: 1150, matches: ['m2'] },
    { jail: 'sip', id: '198.51.100.2', time: 100, matches: [] },
    { jail: 'sip', id: '203.0.113.1', time: 1150, matches: [] },
  ];
  const result = jail.restore({ bans: [live, gone, forever], failures }, 1200);
  assert.deepEqual(result, { restoredBans: 2, expiredBans: [gone], restoredFailures: 2 });
  assert.deepEqual(jail.status().bans.map((b) => b.ip), ['203.0.113.1', '203.0.113.3']);
  assert.deepEqual(jail.drainChanges(), { addedFailures: [], clearedIds: [], bans: [], unbans: [], prolonged: [] });
  const outcome = fail(jail, '198.51.100.1', 1190);
  assert.equal(outcome.kind, 'ban');
  assert.deepEqual(outcome.kind === 'ban' && outcome.ban.matches, ['m2', '198.51.100.1 failed at 1190']);
  assert.equal(jail.nextExpiry(), 1600);
});

test('updateSettings keeps counters and bans and applies the new numbers', () => {
  const jail = createJail({ ...SETTINGS, maxretry: 5 }, fakeDeps());
  fail(jail, '203.0.113.5', 100);
  fail(jail, '203.0.113.5', 110);
  jail.ban('198.51.100.1', 100);
  jail.ignore.setResolved('gw.example', ['192.0.2.1']);
  const problems = jail.updateSettings({ ...SETTINGS, maxretry: 3, bantime: 60, ignoreip: ['::1', 'gw.example', '1.2.3.4/40'] });
  assert.deepEqual(problems, ['ignoreip 1.2.3.4/40: not an IP address, CIDR, DNS name or file: entry']);
  assert.deepEqual(jail.ignore.entries(), ['::1', 'gw.example']);
  assert.equal(jail.status().currentlyBanned, 1);
  const outcome = fail(jail, '203.0.113.5', 120);
  assert.equal(outcome.kind === 'ban' && outcome.ban.bantime, 60);
  assert.equal(jail.settings.maxretry, 3);
});

test('problems name a bad formula and bad ignoreip entries', () => {
  const increment = { ...NO_INCREMENT, enabled: true, formula: 'ban.Time *' };
  const jail = createJail({ ...SETTINGS, bantimeIncrement: increment, ignoreip: ['10.0.0.0/99'] }, fakeDeps());
  assert.equal(jail.problems.length, 2);
  assert.match(jail.problems[0], /bantime.formula/);
  assert.match(jail.problems[1], /^ignoreip 10.0.0.0\/99:/);
});

test('sweep forgets failures whose window has passed', () => {
  const jail = createJail(SETTINGS, fakeDeps());
  fail(jail, '203.0.113.5', 100);
  fail(jail, '203.0.113.6', 650);
  jail.sweep(701);
  assert.equal(jail.status().currentlyFailed, 1);
});
