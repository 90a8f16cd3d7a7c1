import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { BanRecord } from '../../core/records.js';
import { createNftAction } from './nft-action.js';
import type { NftOptions } from './nft-options.js';
import { createNetns, listRuleset, memoryLogger, netnsUnavailable, setElements, type TestNetns } from './test-netns.js';

const skip = netnsUnavailable();
const NOW = 1_700_000_000;

function ban(ip: string, bantime: number, timeOfBan = NOW, jail = 'j'): BanRecord {
  return { jail, ip, timeOfBan, bantime, banCount: 1, failures: 5, matches: [] };
}

describe('nftables action in a fresh network namespace', { skip: skip ?? false }, () => {
  let ns: TestNetns;
  let clock = NOW;
  const logger = memoryLogger();
  const make = (opts: Omit<NftOptions, 'jail'> & { jail?: string }) =>
    createNftAction({ jail: 'j', allports: true, ...opts }, { logger, exec: ns.exec, now: () => clock });

  before(() => {
    ns = createNetns();
  });
  after(() => ns.remove());
  beforeEach(() => {
    ns.run(['nft', 'flush', 'ruleset']); // a failed test leaves nothing behind for the next
    clock = NOW;
  });

  test('start creates table, base chain, both sets and both rules; stop removes them', async () => {
    const action = make({ jail: 'sip', protocol: 'udp', port: '5060,5061' });
    await action.start();
    await action.start(); // idempotent: rules replaced, not doubled
    const rs = listRuleset(ns);
    assert.deepEqual(rs.tables, ['inet warden']);
    assert.deepEqual(rs.chains.map((c) => [c.name, c.hook, c.prio]), [['input', 'input', -150]]);
    assert.equal(rs.sets.get('sip4')?.type, 'ipv4_addr');
    assert.equal(rs.sets.get('sip6')?.type, 'ipv6_addr');
    assert.deepEqual(rs.sets.get('sip4')?.flags, ['timeout']);
    assert.equal(rs.rules.filter((r) => r.comment === 'warden:sip').length, 2);
    await action.stop();
    assert.deepEqual(listRuleset(ns).tables, []);
  });

  test('priority option sets the base chain priority (first jail to create the chain wins)', async () => {
    const a = make({ jail: 'p1', priority: 'filter - 10' });
    const b = make({ jail: 'p2', priority: -300 });
    await a.start();
    await b.start();
    assert.deepEqual(listRuleset(ns).chains.map((c) => c.prio), [-10]);
    await b.stop();
    await a.stop();
  });

  test('start after a crash keeps the kernel bans and does not double the rules', async () => {
    const first = make({ jail: 'crash', allports: false, port: '5060', protocol: 'udp' });
    await first.start();
    await first.ban([ban('192.0.2.60', 600)], { restored: false });
    // A new process: the table, sets, elements and rules are all still there.
    const second = make({ jail: 'crash', allports: false, port: '5060,5061', protocol: 'udp' });
    await second.start();
    await second.ban([ban('192.0.2.60', 600), ban('192.0.2.61', 600)], { restored: true });
    const rs = listRuleset(ns);
    const own = rs.rules.filter((r) => r.comment === 'warden:crash');
    assert.equal(own.length, 2);
    assert.match(JSON.stringify(own[0].expr), /5061/, 'rules follow the new options');
    assert.deepEqual([...setElements(rs, 'crash4').keys()].sort(), ['192.0.2.60', '192.0.2.61']);
    await second.stop();
    assert.deepEqual(listRuleset(ns).tables, []);
  });

  test('ban puts v4 and v6 addresses in with their remaining time; unban takes them out', async () => {
    const action = make({});
    await action.start();
    clock = NOW + 100; // the bans started 100 s ago: 3500 s remain
    await action.ban([ban('192.0.2.1', 3600), ban('2001:db8::7', 3600), ban('192.0.2.2', -1)], { restored: false });
    let rs = listRuleset(ns);
    const v4 = setElements(rs, 'j4');
    assert.ok(Math.abs((v4.get('192.0.2.1')?.timeout ?? 0) - 3500) <= 1, JSON.stringify([...v4]));
    assert.deepEqual(v4.get('192.0.2.2'), { timeout: null, expires: null }, 'permanent: no timeout');
    assert.ok(Math.abs((setElements(rs, 'j6').get('2001:db8::7')?.expires ?? 0) - 3500) <= 2);
    await action.unban([ban('192.0.2.1', 3600), ban('2001:db8::7', 3600)]);
    rs = listRuleset(ns);
    assert.deepEqual([...setElements(rs, 'j4').keys()], ['192.0.2.2']);
    assert.equal(setElements(rs, 'j6').size, 0);
    await action.stop();
    clock = NOW;
  });

  test('re-banning an address already in the set replaces its timeout', async () => {
    const action = make({});
    await action.start();
    await action.ban([ban('198.51.100.9', 600)], { restored: false });
    await action.ban([ban('198.51.100.9', 86400 * 3650)], { restored: false });
    assert.equal(setElements(listRuleset(ns), 'j4').get('198.51.100.9')?.timeout, 86400 * 3650);
    await action.ban([ban('198.51.100.9', -1)], { restored: false });
    assert.equal(setElements(listRuleset(ns), 'j4').get('198.51.100.9')?.timeout, null);
    await action.stop();
  });

  test('unban of an element the kernel already expired (or never had) does not fail the batch', async () => {
    const action = make({});
    await action.start();
    await action.ban([ban('203.0.113.5', 1), ban('203.0.113.6', 600)], { restored: false });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(setElements(listRuleset(ns), 'j4').has('203.0.113.5'), false, 'expired in the kernel');
    await action.unban([ban('203.0.113.5', 1), ban('203.0.113.6', 600), ban('203.0.113.77', 600)]);
    assert.equal(setElements(listRuleset(ns), 'j4').size, 0);
    await action.stop();
  });

  test('expired bans and non-IP ids are skipped, duplicates collapse, the batch still applies', async () => {
    const action = make({});
    await action.start();
    const batch = [ban('192.0.2.50', 10, NOW - 20), ban('not-an-ip', 60), ban('192.0.2.51', 60), ban('192.0.2.51', 120)];
    await action.ban(batch, { restored: true });
    const v4 = setElements(listRuleset(ns), 'j4');
    assert.deepEqual([...v4.keys()], ['192.0.2.51']);
    assert.equal(v4.get('192.0.2.51')?.timeout, 120);
    assert.ok(logger.lines.some((l) => l.includes('"not-an-ip" is not an IP address')));
    await action.stop();
  });

  test('every protocol/port/blocktype combination gives a rule nft accepts', async () => {
    const combos: Omit<NftOptions, 'jail'>[] = [
      { allports: true, protocol: 'all' },
      { allports: true, protocol: 'tcp' },
      { allports: true, protocol: 'udp', blocktype: 'reject' },
      { allports: true, protocol: 'sctp' },
      { allports: false, protocol: 'all', port: '5060,5061' },
      { allports: false, protocol: 'tcp', port: 'ssh,http,8000:8100', blocktype: 'reject' },
      { allports: false, protocol: 'udp', port: '0:65535' },
      { allports: false, protocol: 'sctp', port: 'sip-tls' },
      { allports: false, protocol: 'tcp,udp', port: '5060' },
    ];
    const actions = combos.map((c, i) => make({ ...c, jail: `c${i}` }));
    for (const a of actions) await a.start();
    const rs = listRuleset(ns);
    const rulesOf = (i: number) => rs.rules.filter((r) => r.comment === `warden:c${i}`);
    const verdictOf = (i: number) => JSON.stringify(rulesOf(i)[0].expr.at(-1));
    assert.equal(rs.rules.length, combos.length * 2);
    assert.equal(rulesOf(0)[0].expr.length, 2, 'protocol all + allports: address match and verdict only');
    assert.match(verdictOf(2), /reject/);
    assert.match(verdictOf(0), /drop/);
    assert.match(JSON.stringify(rulesOf(4)[0].expr), /"th".*"dport"/);
    assert.match(JSON.stringify(rulesOf(5)[1].expr), /\{"range":\[8000,8100\]\}/);
    assert.match(JSON.stringify(rulesOf(7)[0].expr), /5061/, 'service name resolved by nft');
    for (const a of actions) await a.stop();
    assert.deepEqual(listRuleset(ns).tables, []);
  });

  test('two jails share the table; stopping one leaves the other intact', async () => {
    const a = make({ jail: 'a' });
    const b = make({ jail: 'b', allports: false, port: '5060', protocol: 'udp' });
    await Promise.all([a.start(), b.start()]);
    await b.ban([ban('192.0.2.9', 600)], { restored: false });
    await a.stop();
    const rs = listRuleset(ns);
    assert.deepEqual([...rs.sets.keys()].sort(), ['b4', 'b6']);
    assert.deepEqual(rs.rules.map((r) => r.comment), ['warden:b', 'warden:b']);
    assert.equal(setElements(rs, 'b4').size, 1);
    await b.stop();
    assert.deepEqual(listRuleset(ns).tables, []);
  });

  test('check() rebuilds everything after `nft flush ruleset` with the active bans', async () => {
    const action = make({ jail: 'k' });
    await action.start();
    const active = [ban('192.0.2.30', 600), ban('2001:db8::30', -1)];
    await action.ban(active, { restored: false });
    await action.check!(active);
    assert.ok(!logger.lines.some((l) => l.includes('check: table/set')), 'nothing to repair yet');
    ns.run(['nft', 'flush', 'ruleset']);
    await action.check!(active);
    const rs = listRuleset(ns);
    assert.equal(rs.rules.filter((r) => r.comment === 'warden:k').length, 2);
    assert.equal(setElements(rs, 'k4').get('192.0.2.30')?.timeout, 600);
    assert.equal(setElements(rs, 'k6').get('2001:db8::30')?.timeout, null);
    assert.ok(logger.lines.some((l) => l.includes('check: table/set')));
    await action.stop();
  });

  test('a ban after the table vanished rebuilds it with every ban the action knows', async () => {
    const action = make({ jail: 'h' });
    await action.start();
    await action.ban([ban('192.0.2.40', 600)], { restored: false });
    ns.run(['nft', 'delete', 'table', 'inet', 'warden']);
    await action.ban([ban('192.0.2.41', 600)], { restored: false });
    assert.deepEqual([...setElements(listRuleset(ns), 'h4').keys()].sort(), ['192.0.2.40', '192.0.2.41']);
    await action.stop();
  });

  test('10 000 bans (v4 and v6) go into the sets in one transaction', async () => {
    const action = make({ jail: 'big' });
    await action.start();
    const bans = Array.from({ length: 10_000 }, (_, i) =>
      i % 2 === 0 ? ban(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 3600) : ban(`2001:db8::${i.toString(16)}`, 3600),
    );
    const t0 = performance.now();
    await action.ban(bans, { restored: false });
    const ms = performance.now() - t0;
    const rs = listRuleset(ns);
    assert.equal(setElements(rs, 'big4').size + setElements(rs, 'big6').size, 10_000);
    assert.ok(ms < 5000, `took ${ms} ms`);
    await action.stop();
  });
});
