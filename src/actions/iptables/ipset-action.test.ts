import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createIpsetAction, IPSET_MAX_TIMEOUT, ipsetTimeout } from './ipset-action.js';
import { ban, countingExec, freshNetns, manyIps, memoryLogger } from './netns-kit.js';

const TOOLS = ['ipset', 'iptables', 'ip6tables', 'iptables-restore', 'ip6tables-restore', 'iptables-save', 'ip6tables-save'];

const members = async (out: (...argv: string[]) => Promise<string>, set: string): Promise<string[]> =>
  (await out('ipset', 'save', set)).split('\n').filter((l) => l.startsWith('add ')).map((l) => l.split(' ').slice(2).join(' '));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('ipset timeouts: remaining time of the ban, 0 for permanent, capped at the kernel maximum, null when over', () => {
  assert.equal(ipsetTimeout(ban('192.0.2.1', 600, 1000), 1100.2), 500);
  assert.equal(ipsetTimeout(ban('192.0.2.1', -1, 1000), 5000), 0);
  assert.equal(ipsetTimeout(ban('192.0.2.1', 600, 1000), 1600), null);
  assert.equal(ipsetTimeout(ban('192.0.2.1', 10 * IPSET_MAX_TIMEOUT, 0), 1), IPSET_MAX_TIMEOUT);
});

test('start creates sets f2b-<name> (inet) and f2b-<name>6 (inet6) and one matching rule per family', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const action = createIpsetAction({ jail: 'sip', name: 'sip', port: '5060,5061', protocol: 'udp' }, { logger: memoryLogger(), exec: ns.exec });
  assert.equal(action.name, 'iptables-ipset-proto6');
  await action.start();
  const header = await ns.out('ipset', 'list', '-t');
  assert.match(header, /Name: f2b-sip\nType: hash:ip\n[^]*family inet [^]*timeout 0/);
  assert.match(header, /Name: f2b-sip6\nType: hash:ip\n[^]*family inet6 [^]*timeout 0/);
  const v4 = (await ns.out('iptables', '-w', '-S', 'INPUT')).trim().split('\n');
  assert.deepEqual(v4.slice(1), ['-A INPUT -p udp -m multiport --dports 5060,5061 -m set --match-set f2b-sip src -j REJECT --reject-with icmp-port-unreachable']);
  const v6 = (await ns.out('ip6tables', '-w', '-S', 'INPUT')).trim().split('\n');
  assert.deepEqual(v6.slice(1), ['-A INPUT -p udp -m multiport --dports 5060,5061 -m set --match-set f2b-sip6 src -j REJECT --reject-with icmp6-port-unreachable']);
  await action.start(); // restart: rules renewed, not duplicated
  assert.equal((await ns.out('iptables', '-w', '-S', 'INPUT')).trim().split('\n').length, 2);
});

test('a batch of 1 000 bans and their unbans are one ipset restore each', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const counted = countingExec(t, ns.exec);
  const action = createIpsetAction({ jail: 'j', name: 'j', allports: true, protocol: 'all' }, { logger: memoryLogger(), exec: counted.exec });
  await action.start();
  const ips = manyIps(1000);
  const before = counted.commands().length;
  await action.ban([...ips.map((ip) => ban(ip)), ban('2001:db8::1', -1)], { restored: false });
  assert.deepEqual(counted.commands().slice(before).map((c) => c.split(' ').slice(4).join(' ')), ['ipset restore -exist']);
  const v4 = await members(ns.out, 'f2b-j');
  assert.equal(v4.length, 1000);
  assert.ok(v4.every((m) => /^10\.\S+ timeout (59\d|600)$/.test(m)), v4[0]);
  assert.deepEqual(await members(ns.out, 'f2b-j6'), ['2001:db8::1 timeout 0']);
  const mid = counted.commands().length;
  await action.unban([...ips.map((ip) => ban(ip)), ban('2001:db8::1'), ban('203.0.113.77')]);
  assert.deepEqual(counted.commands().slice(mid).map((c) => c.split(' ').slice(4).join(' ')), ['ipset restore -exist']);
  assert.deepEqual(await members(ns.out, 'f2b-j'), []);
  assert.deepEqual(await members(ns.out, 'f2b-j6'), []);
});

test('the kernel lifts a ban at its end: a 2 s ban is gone from the set after 2 s', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const action = createIpsetAction({ jail: 'j', name: 'j', allports: true }, { logger: memoryLogger(), exec: ns.exec });
  await action.start();
  await action.ban([ban('192.0.2.1', 2), ban('192.0.2.2', 60)], { restored: false });
  assert.equal((await members(ns.out, 'f2b-j')).length, 2);
  await sleep(3100);
  assert.deepEqual((await members(ns.out, 'f2b-j')).map((m) => m.split(' ')[0]), ['192.0.2.2']);
});

test('restored bans get their remaining time; expired ones are not added', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const now = 10_000;
  const action = createIpsetAction({ jail: 'j', name: 'j', allports: true }, { logger: memoryLogger(), exec: ns.exec, now: () => now });
  await action.start();
  await action.ban([ban('192.0.2.1', 600, now - 500), ban('192.0.2.2', 600, now - 700)], { restored: true });
  const got = await members(ns.out, 'f2b-j');
  assert.equal(got.length, 1, got.join());
  assert.match(got[0], /^192\.0\.2\.1 timeout (99|100)$/); // the kernel counts down from 100
});

test('stop removes the rules and destroys both sets', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const action = createIpsetAction({ jail: 'j', name: 'j', port: '22', protocol: 'all' }, { logger: memoryLogger(), exec: ns.exec });
  await action.start();
  assert.equal((await ns.out('iptables', '-w', '-S', 'INPUT')).trim().split('\n').length, 4); // tcp, udp, sctp
  await action.ban([ban('192.0.2.1'), ban('2001:db8::2')], { restored: false });
  await action.stop();
  assert.equal((await ns.out('ipset', 'list', '-n')).trim(), '');
  assert.equal((await ns.out('iptables', '-w', '-S', 'INPUT')).trim(), '-P INPUT ACCEPT');
  assert.equal((await ns.out('ip6tables', '-w', '-S', 'INPUT')).trim(), '-P INPUT ACCEPT');
});

test('check recreates rules and sets after iptables -F and ipset destroy, with the active bans', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const logger = memoryLogger();
  const action = createIpsetAction({ jail: 'j', name: 'j', allports: true }, { logger, exec: ns.exec });
  await action.start();
  const active = [ban('192.0.2.1'), ban('2001:db8::3')];
  await action.ban(active, { restored: false });
  await ns.out('iptables', '-w', '-F');
  await ns.out('ip6tables', '-w', '-F');
  await ns.out('ipset', 'destroy');
  await ns.out('ipset', 'list', '-n').then((names) => assert.equal(names.trim(), ''));
  await action.check?.(active);
  assert.deepEqual((await members(ns.out, 'f2b-j')).map((m) => m.split(' ')[0]), ['192.0.2.1']);
  assert.deepEqual((await members(ns.out, 'f2b-j6')).map((m) => m.split(' ')[0]), ['2001:db8::3']);
  assert.match(await ns.out('iptables', '-w', '-S', 'INPUT'), /--match-set f2b-j src/);
  assert.match(await ns.out('ip6tables', '-w', '-S', 'INPUT'), /--match-set f2b-j6 src/);
  assert.ok(logger.lines.some((l) => l.includes('sets recreated')), logger.lines.join('\n'));
  // A ban into a vanished set recreates it too.
  await ns.out('iptables', '-w', '-F');
  await ns.out('ipset', 'destroy', 'f2b-j');
  await action.ban([ban('192.0.2.9')], { restored: false });
  assert.deepEqual((await members(ns.out, 'f2b-j')).map((m) => m.split(' ')[0]), ['192.0.2.9']);
});
