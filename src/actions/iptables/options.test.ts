import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planXtables, type IptablesOptions } from './options.js';

const plan = (o: Partial<IptablesOptions>) => planXtables({ jail: 'asterisk', name: 'asterisk', ...o }, 'iptables');

test('defaults follow fail2ban: INPUT, tcp, port ssh, REJECT with icmp(6)-port-unreachable', () => {
  const p = plan({});
  assert.equal(p.chain, 'f2b-asterisk');
  assert.equal(p.parent, 'INPUT');
  assert.deepEqual(p.matches, ['-p tcp -m multiport --dports ssh']);
  assert.deepEqual(p.target, { 4: 'REJECT --reject-with icmp-port-unreachable', 6: 'REJECT --reject-with icmp6-port-unreachable' });
});

test('allports: protocol all matches every packet, a list gives one jump per protocol', () => {
  assert.deepEqual(plan({ allports: true, protocol: 'all' }).matches, ['']);
  assert.deepEqual(plan({ allports: true, protocol: 'tcp,udp' }).matches, ['-p tcp', '-p udp']);
  assert.deepEqual(plan({ allports: true, protocol: 'UDP' }).matches, ['-p udp']);
});

test('multiport with protocol all expands to tcp, udp and sctp (multiport needs a protocol)', () => {
  assert.deepEqual(plan({ port: '5060,5061', protocol: 'all' }).matches, [
    '-p tcp -m multiport --dports 5060,5061',
    '-p udp -m multiport --dports 5060,5061',
    '-p sctp -m multiport --dports 5060,5061',
  ]);
});

test('ports: ranges a-b become a:b, more than 15 slots are split over several rules', () => {
  assert.deepEqual(plan({ port: '10000-20000, sip-tls', protocol: 'udp' }).matches, ['-p udp -m multiport --dports 10000:20000,sip-tls']);
  const many = Array.from({ length: 14 }, (_, k) => String(1000 + k)).join(',') + ',2000:2010,3000';
  assert.deepEqual(plan({ port: many }).matches, [
    `-p tcp -m multiport --dports ${Array.from({ length: 14 }, (_, k) => String(1000 + k)).join(',')}`,
    '-p tcp -m multiport --dports 2000:2010,3000',
  ]);
});

test('blocktype: DROP, bare REJECT, and v4/v6 reject types mapped to each other', () => {
  assert.deepEqual(plan({ blocktype: 'DROP' }).target, { 4: 'DROP', 6: 'DROP' });
  assert.deepEqual(plan({ blocktype: 'reject' }).target, { 4: 'REJECT --reject-with icmp-port-unreachable', 6: 'REJECT --reject-with icmp6-port-unreachable' });
  assert.deepEqual(plan({ blocktype: 'REJECT --reject-with icmp-host-prohibited' }).target, {
    4: 'REJECT --reject-with icmp-host-prohibited',
    6: 'REJECT --reject-with icmp6-adm-prohibited',
  });
  assert.deepEqual(plan({ blocktype: 'REJECT --reject-with icmp6-port-unreachable' }).target, {
    4: 'REJECT --reject-with icmp-port-unreachable',
    6: 'REJECT --reject-with icmp6-port-unreachable',
  });
});

test('bad values are ERR_CONFIG_VALUE naming the jail and key (nothing reaches iptables-restore)', () => {
  const bad: Partial<IptablesOptions>[] = [
    { name: 'a b' },
    { name: 'x'.repeat(25) },
    { name: 'evil\n-F INPUT' },
    { chain: 'INPUT\n-F' },
    { protocol: 'icmp' },
    { port: '5060;reboot' },
    { port: ' , ' },
    { blocktype: 'ACCEPT' },
    { blocktype: 'REJECT --reject-with nonsense' },
  ];
  for (const o of bad) {
    assert.throws(() => plan(o), (err: Error & { code?: string }) => err.code === 'ERR_CONFIG_VALUE' && err.message.includes('jail asterisk'), JSON.stringify(o));
  }
});
