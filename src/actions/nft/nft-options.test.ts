import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WardenError } from '../../core/errors.js';
import { l4Match, nftIdentifier, resolveNftOptions, verdict } from './nft-options.js';
import { addElementsScript, deleteElementsScript, formatTimeout, teardownScript } from './nft-script.js';

const jail = 'asterisk';

test('set names derive from name (default the jail) and are valid nft identifiers', () => {
  const plan = resolveNftOptions({ jail: 'sshd', allports: true });
  assert.equal(plan.set4, 'sshd4');
  assert.equal(plan.set6, 'sshd6');
  assert.equal(resolveNftOptions({ jail, name: 'ASTERISK', allports: true }).set4, 'ASTERISK4');
  assert.equal(nftIdentifier('my jail.v2'), 'my_jail_v2');
  assert.equal(nftIdentifier('9lives'), 'j9lives');
  assert.equal(nftIdentifier('ip'), 'ip_', 'ip6 would be an nft keyword');
});

test('allports: protocol list, single protocol, or nothing at all for protocol all', () => {
  assert.equal(l4Match({ jail, allports: true, protocol: 'all' }), '');
  assert.equal(l4Match({ jail, allports: true, protocol: 'udp' }), 'meta l4proto udp');
  assert.equal(l4Match({ jail, allports: true, protocol: 'tcp,udp' }), 'meta l4proto { tcp, udp }');
});

test('multiport: fail2ban port syntax becomes an nft port set', () => {
  assert.equal(l4Match({ jail, port: '5060,5061', protocol: 'udp' }), 'udp dport { 5060, 5061 }');
  assert.equal(l4Match({ jail, port: 'ssh,http' }), 'tcp dport { ssh, http }');
  assert.equal(l4Match({ jail, port: '0:65535', protocol: 'sctp' }), 'sctp dport { 0-65535 }');
  assert.equal(l4Match({ jail, port: '5060', protocol: 'all' }), 'meta l4proto { tcp, udp, sctp } th dport { 5060 }');
  assert.equal(l4Match({ jail, port: '5060', protocol: 'tcp, udp' }), 'meta l4proto { tcp, udp } th dport { 5060 }');
});

test('bad ports and protocols are config errors, never nft syntax errors', () => {
  const code = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof WardenError);
      return err.code;
    }
    return 'no error';
  };
  assert.equal(code(() => l4Match({ jail, port: '70000' })), 'ERR_CONFIG_VALUE');
  assert.equal(code(() => l4Match({ jail, port: 'ssh; flush ruleset' })), 'ERR_CONFIG_VALUE');
  assert.equal(code(() => l4Match({ jail, port: '' })), 'ERR_CONFIG_VALUE');
  assert.equal(code(() => l4Match({ jail, port: '1:2:3' })), 'ERR_CONFIG_VALUE');
  assert.equal(code(() => l4Match({ jail, allports: true, protocol: 'icmp' })), 'ERR_CONFIG_VALUE');
  assert.equal(code(() => resolveNftOptions({ jail, allports: true, table: 'a b' })), 'ERR_CONFIG_VALUE');
  assert.equal(code(() => resolveNftOptions({ jail, allports: true, priority: '0; flush ruleset' })), 'ERR_CONFIG_VALUE');
});

test('blocktype: drop by default, reject also in its iptables wording', () => {
  assert.equal(verdict({ jail }), 'drop');
  assert.equal(verdict({ jail, blocktype: 'REJECT --reject-with icmp-port-unreachable' }), 'reject');
  assert.equal(verdict({ jail, blocktype: 'DROP' }), 'drop');
  assert.throws(() => verdict({ jail, blocktype: 'accept' }), /blocktype/);
});

test('rules: one per family, tagged with the jail comment', () => {
  const plan = resolveNftOptions({ jail, port: '5060', protocol: 'udp', blocktype: 'reject' });
  assert.deepEqual(plan.rules, [
    'ip saddr @asterisk4 udp dport { 5060 } reject comment "warden:asterisk"',
    'ip6 saddr @asterisk6 udp dport { 5060 } reject comment "warden:asterisk"',
  ]);
});

test('timeouts are written with days so nft 1.0.6 accepts long bans', () => {
  assert.equal(formatTimeout(3600), '1h');
  assert.equal(formatTimeout(0.2), '1s');
  assert.equal(formatTimeout(59.1), '1m');
  assert.equal(formatTimeout(315360000), '3650d');
  assert.equal(formatTimeout(90061), '1d1h1m1s');
});

test('a re-ban adds, deletes and re-adds each element; an unban adds then deletes', () => {
  const plan = resolveNftOptions({ jail: 'j', allports: true });
  const elements = [
    { ip: '1.2.3.4', family: 4 as const, timeout: 60 },
    { ip: '2001:db8::1', family: 6 as const, timeout: null },
  ];
  assert.deepEqual(addElementsScript(plan, elements, true), [
    'add element inet warden j4 { 1.2.3.4 }',
    'delete element inet warden j4 { 1.2.3.4 }',
    'add element inet warden j4 { 1.2.3.4 timeout 1m }',
    'add element inet warden j6 { 2001:db8::1 }',
    'delete element inet warden j6 { 2001:db8::1 }',
    'add element inet warden j6 { 2001:db8::1 }',
  ]);
  assert.deepEqual(addElementsScript(plan, elements.slice(0, 1), false), ['add element inet warden j4 { 1.2.3.4 timeout 1m }']);
  assert.deepEqual(deleteElementsScript(plan, elements.slice(0, 1)), [
    'add element inet warden j4 { 1.2.3.4 }',
    'delete element inet warden j4 { 1.2.3.4 }',
  ]);
});

test('large batches are split into statements of at most 2000 elements', () => {
  const plan = resolveNftOptions({ jail: 'j', allports: true });
  const elements = Array.from({ length: 4500 }, (_, i) => ({ ip: `10.0.${i >> 8}.${i & 255}`, family: 4 as const, timeout: 10 }));
  const lines = addElementsScript(plan, elements, false);
  assert.equal(lines.length, 3);
  assert.equal(lines[2].split(',').length, 500);
});

test('teardown keeps the table while another jail has sets in it', () => {
  const plan = resolveNftOptions({ jail: 'j', allports: true });
  const shared = { sets: ['j4', 'j6', 'k4', 'k6'], otherSets: ['k4', 'k6'], chainPresent: true, ownRuleHandles: [4, 5] };
  assert.deepEqual(teardownScript(plan, shared), [
    'delete rule inet warden input handle 4',
    'delete rule inet warden input handle 5',
    'delete set inet warden j4',
    'delete set inet warden j6',
  ]);
  assert.deepEqual(teardownScript(plan, { ...shared, sets: ['j4', 'j6'], otherSets: [] }), ['delete table inet warden']);
  assert.deepEqual(teardownScript(plan, null), []);
});
