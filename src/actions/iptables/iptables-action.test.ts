import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createIptablesAction } from './iptables-action.js';
import { ban, countingExec, freshNetns, manyIps, memoryLogger } from './netns-kit.js';

const TOOLS = ['iptables', 'ip6tables', 'iptables-restore', 'ip6tables-restore', 'iptables-save', 'ip6tables-save'];

const rules = (s: string): string[] => s.split('\n').filter((l) => l.startsWith('-A '));

test('start creates chain f2b-<name> ending in RETURN and a jump from INPUT, for IPv4 and IPv6', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const action = createIptablesAction({ jail: 'asterisk', name: 'ASTERISK', protocol: 'all', allports: true }, { logger: memoryLogger(), exec: ns.exec });
  assert.equal(action.name, 'iptables-allports');
  await action.start();
  for (const tool of ['iptables', 'ip6tables']) {
    assert.deepEqual(rules(await ns.out(tool, '-w', '-S')), ['-A INPUT -j f2b-ASTERISK', '-A f2b-ASTERISK -j RETURN'], tool);
  }
  await action.start(); // a second start (restart) does not duplicate the jump
  assert.deepEqual(rules(await ns.out('iptables', '-w', '-S', 'INPUT')), ['-A INPUT -j f2b-ASTERISK']);
});

test('multiport with protocol all jumps once per tcp, udp and sctp; allports udp only matches udp', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const logger = memoryLogger();
  const multi = createIptablesAction({ jail: 'sip', name: 'sip', port: '5060,5061', protocol: 'all' }, { logger, exec: ns.exec });
  assert.equal(multi.name, 'iptables-multiport');
  await multi.start();
  const udp = createIptablesAction({ jail: 'rtp', name: 'rtp', protocol: 'udp', allports: true }, { logger, exec: ns.exec });
  await udp.start();
  const tcp = createIptablesAction({ jail: 'ssh', name: 'ssh', port: 'ssh,10000-10010', protocol: 'tcp' }, { logger, exec: ns.exec });
  await tcp.start();
  assert.deepEqual(rules(await ns.out('iptables', '-w', '-S', 'INPUT')).sort(), [
    '-A INPUT -p sctp -m multiport --dports 5060,5061 -j f2b-sip',
    '-A INPUT -p tcp -m multiport --dports 22,10000:10010 -j f2b-ssh',
    '-A INPUT -p tcp -m multiport --dports 5060,5061 -j f2b-sip',
    '-A INPUT -p udp -j f2b-rtp',
    '-A INPUT -p udp -m multiport --dports 5060,5061 -j f2b-sip',
  ]);
  await multi.stop();
  assert.equal(rules(await ns.out('iptables', '-w', '-S', 'INPUT')).filter((l) => l.includes('f2b-sip')).length, 0);
});

test('a batch of 1 000 bans and then their unbans take one iptables-restore call each', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const counted = countingExec(t, ns.exec);
  const action = createIptablesAction({ jail: 'j', name: 'j', allports: true, protocol: 'all' }, { logger: memoryLogger(), exec: counted.exec });
  await action.start();
  const ips = manyIps(1000);
  const before = counted.commands().length;
  await action.ban(ips.map((ip) => ban(ip)), { restored: false });
  const banCalls = counted.commands().slice(before);
  assert.deepEqual(banCalls.map((c) => c.split(' ').slice(4).join(' ')), ['iptables-restore --noflush -w']);
  const listed = rules(await ns.out('iptables', '-w', '-S', 'f2b-j'));
  assert.equal(listed.length, 1001);
  assert.ok(listed.includes('-A f2b-j -s 10.0.3.231/32 -j REJECT --reject-with icmp-port-unreachable'));
  assert.equal(listed.at(-1), '-A f2b-j -j RETURN');
  const mid = counted.commands().length;
  await action.unban(ips.slice(0, 600).map((ip) => ban(ip)));
  assert.deepEqual(counted.commands().slice(mid).map((c) => c.split(' ').slice(4).join(' ')), ['iptables-restore --noflush -w']);
  const left = rules(await ns.out('iptables', '-w', '-S', 'f2b-j'));
  assert.equal(left.length, 401);
  assert.ok(left.includes('-A f2b-j -s 10.0.3.231/32 -j REJECT --reject-with icmp-port-unreachable'));
  assert.ok(!left.some((l) => l.includes(' 10.0.2.87/32 ')));
  assert.equal(left.at(-1), '-A f2b-j -j RETURN');
  assert.ok(rules(await ns.out('iptables', '-w', '-S', 'INPUT')).includes('-A INPUT -j f2b-j'));
  await action.unban(ips.map((ip) => ban(ip)));
  assert.deepEqual(rules(await ns.out('iptables', '-w', '-S', 'f2b-j')), ['-A f2b-j -j RETURN']);
});

test('unban of an address that is not (or no longer) in the chain does not fail the batch', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const logger = memoryLogger();
  const action = createIptablesAction({ jail: 'j', name: 'j', allports: true, blocktype: 'DROP' }, { logger, exec: ns.exec });
  await action.start();
  await action.ban([ban('192.0.2.1'), ban('192.0.2.2'), ban('192.0.2.3')], { restored: false });
  // Someone removes one rule by hand behind warden's back.
  await ns.out('iptables', '-w', '-D', 'f2b-j', '-s', '192.0.2.2', '-j', 'DROP');
  await action.unban([ban('192.0.2.2'), ban('198.51.100.9'), ban('192.0.2.3')]);
  assert.deepEqual(rules(await ns.out('iptables', '-w', '-S', 'f2b-j')), ['-A f2b-j -s 192.0.2.1/32 -j DROP', '-A f2b-j -j RETURN']);
  assert.ok(logger.lines.some((l) => l.includes('did not apply')), logger.lines.join('\n'));
});

test('a ban seen twice (prolonged) stays one rule, so one unban lifts it', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const action = createIptablesAction({ jail: 'j', name: 'j', allports: true }, { logger: memoryLogger(), exec: ns.exec });
  await action.start();
  await action.ban([ban('192.0.2.7')], { restored: false });
  await action.ban([ban('192.0.2.7', 1200)], { restored: false });
  assert.equal(rules(await ns.out('iptables', '-w', '-S', 'f2b-j')).length, 2);
  await action.unban([ban('192.0.2.7')]);
  assert.deepEqual(rules(await ns.out('iptables', '-w', '-S', 'f2b-j')), ['-A f2b-j -j RETURN']);
});

test('IPv6 bans go to ip6tables with an icmp6 reject; ids that are not addresses are skipped with a warning', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const logger = memoryLogger();
  const action = createIptablesAction({ jail: 'j', name: 'j', allports: true }, { logger, exec: ns.exec });
  await action.start();
  await action.ban([ban('2001:db8::1'), ban('192.0.2.1'), ban('alice')], { restored: false });
  assert.deepEqual(rules(await ns.out('ip6tables', '-w', '-S', 'f2b-j')), [
    '-A f2b-j -s 2001:db8::1/128 -j REJECT --reject-with icmp6-port-unreachable',
    '-A f2b-j -j RETURN',
  ]);
  assert.equal(rules(await ns.out('iptables', '-w', '-S', 'f2b-j')).length, 2);
  assert.ok(logger.lines.some((l) => l.includes('alice')));
  await action.unban([ban('2001:db8::1')]);
  assert.deepEqual(rules(await ns.out('ip6tables', '-w', '-S', 'f2b-j')), ['-A f2b-j -j RETURN']);
});

test('stop removes the jump and the chain in both families', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const action = createIptablesAction({ jail: 'j', name: 'j', port: '5060', protocol: 'udp' }, { logger: memoryLogger(), exec: ns.exec });
  await action.start();
  await action.ban([ban('192.0.2.1'), ban('2001:db8::5')], { restored: false });
  await action.stop();
  for (const tool of ['iptables', 'ip6tables']) {
    const all = await ns.out(tool, '-w', '-S');
    assert.ok(!all.includes('f2b-j'), `${tool}: ${all}`);
  }
  await action.stop(); // stopping twice is harmless
});

test('check rebuilds chain, jump and the active bans after iptables -F; iptables -X, and removes stale rules', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const logger = memoryLogger();
  const action = createIptablesAction({ jail: 'j', name: 'j', allports: true, protocol: 'all' }, { logger, exec: ns.exec });
  await action.start();
  const active = [ban('192.0.2.1'), ban('192.0.2.2'), ban('2001:db8::9')];
  await action.ban(active, { restored: false });
  await ns.out('iptables', '-w', '-F');
  await ns.out('iptables', '-w', '-X');
  await ns.out('ip6tables', '-w', '-I', 'f2b-j', '1', '-s', '2001:db8::dead', '-j', 'REJECT', '--reject-with', 'icmp6-port-unreachable');
  await action.check?.(active);
  const v4 = rules(await ns.out('iptables', '-w', '-S'));
  assert.ok(v4.includes('-A INPUT -j f2b-j'));
  assert.ok(v4.includes('-A f2b-j -s 192.0.2.1/32 -j REJECT --reject-with icmp-port-unreachable'));
  assert.ok(v4.includes('-A f2b-j -s 192.0.2.2/32 -j REJECT --reject-with icmp-port-unreachable'));
  assert.equal(v4.at(-1), '-A f2b-j -j RETURN');
  assert.deepEqual(rules(await ns.out('ip6tables', '-w', '-S', 'f2b-j')), [
    '-A f2b-j -s 2001:db8::9/128 -j REJECT --reject-with icmp6-port-unreachable',
    '-A f2b-j -j RETURN',
  ]);
  assert.ok(logger.lines.some((l) => l.includes('recreated')), logger.lines.join('\n'));
  // After the repair the action's own bookkeeping is right again: unban works in one go.
  await action.unban(active);
  assert.deepEqual(rules(await ns.out('iptables', '-w', '-S', 'f2b-j')), ['-A f2b-j -j RETURN']);
});

test('a ban after the chain vanished repairs it and keeps the earlier bans', async (t) => {
  const ns = await freshNetns(t, TOOLS);
  if (ns === null) return;
  const action = createIptablesAction({ jail: 'j', name: 'j', allports: true }, { logger: memoryLogger(), exec: ns.exec });
  await action.start();
  await action.ban([ban('192.0.2.1')], { restored: false });
  await ns.out('iptables', '-w', '-F');
  await ns.out('iptables', '-w', '-X');
  await action.ban([ban('192.0.2.2')], { restored: false });
  const v4 = rules(await ns.out('iptables', '-w', '-S'));
  assert.ok(v4.includes('-A INPUT -p tcp -j f2b-j'), v4.join('\n'));
  assert.ok(v4.some((l) => l.includes('192.0.2.1/32')) && v4.some((l) => l.includes('192.0.2.2/32')), v4.join('\n'));
});
