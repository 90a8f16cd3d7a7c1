import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { loadAction } from './load-action.js';
import { createMemoryFs } from './memory-config-fs.js';
import { createConfigReader } from './read-config.js';

const FILES: Record<string, string> = {
  '/c/action.d/common.conf': '[Definition]\n_cmd = fw <lockingopt>\n[Init]\nlockingopt = -w\n',
  '/c/action.d/fw.conf': `[INCLUDES]
before = common.conf
after = fw-after.conf
[Definition]
actionstart = <_cmd> -N f2b-<name> %(start_extra)s
actionban = <_cmd> -A f2b-<name> -s <ip> -j <blocktype> # <matches>
actionunban = <_cmd> -D f2b-<name> -s <ip> -j <blocktype>
actioncheck = <_cmd> -C <chain_rule>
chain_rule = <rule_<type>/text>
start_extra = --type %(type)s
type = one
[rule_one]
text = -p <protocol> --dport <port>
[rule_all]
text = -p <protocol>
[Init]
name = default
port = ssh
protocol = tcp
blocktype = REJECT
timeout = 2m
[Init?family=inet6]
blocktype = REJECT6
`,
  '/c/action.d/fw-after.conf': '[Init]\nprotocol = udp\n',
  '/c/action.d/fw.local': '[Init]\nport = 5060\n',
  '/c/action.d/plain.conf': '[Definition]\nactionban = echo <ip> <greeting>\nnorestored = 1\nnative = nftables\n[Init]\ngreeting = hi <name>\n',
  '/c/action.d/known.conf': '[Definition]\nactionban = x <opts>\n[Init]\nopts = -a\n',
  '/c/action.d/broken.conf': '[Definition]\nactionban = %(nothing)s <ip>\n',
  '/c/action.d/loop.conf': '[Definition]\nactionban = <a>\n[Init]\na = <b>\nb = <a>\n',
  '/c/action.d/noinit.conf': '[Init]\nx = 1\n',
};

const fs = createMemoryFs(FILES);
const jail = { name: 'asterisk', options: { bantime: '600', logpath: '/var/log/asterisk/messages' } };

test('an action reads .conf, includes and .local; the reference overrides [Init]', () => {
  const { action, errors } = loadAction('/c', { name: 'fw', options: { blocktype: 'DROP' } }, jail, { fs });
  assert.deepEqual(errors, []);
  assert.ok(action);
  assert.equal(action.name, 'fw');
  assert.equal(action.file, '/c/action.d/fw.conf');
  assert.equal(action.hooks.actionstart, 'fw -w -N f2b-asterisk --type one');
  assert.equal(action.hooks.actioncheck, 'fw -w -C -p udp --dport 5060');
  // per-family and dynamic tags stay for run time
  assert.equal(action.hooks.actionban, 'fw -w -A f2b-asterisk -s <ip> -j <blocktype> # <matches>');
  assert.equal(action.hooks.timeout, '2m');
  assert.equal(action.init.blocktype, 'DROP');
  // as in fail2ban 1.0.2: the [Init?family=inet6] value still wins for inet6 over a jail's option
  assert.equal(action.init6.blocktype, 'REJECT6');
  assert.equal(action.init.port, '5060');
  assert.equal(action.init.protocol, 'udp');
  assert.equal(action.init.name, 'asterisk');
  assert.equal(action.perFamily, true);
});

test('[Init?family=inet6] values apply to inet6 only', () => {
  const { action } = loadAction('/c', { name: 'fw', options: {} }, jail, { fs });
  assert.equal(action?.init.blocktype, 'REJECT');
  assert.equal(action?.init6.blocktype, 'REJECT6');
});

test('a reference option can extend an [Init] value through <known/x>', () => {
  const { action } = loadAction('/c', { name: 'known', options: { opts: '<known/opts> -b' } }, jail, { fs });
  assert.equal(action?.hooks.actionban, 'x -a -b');
  assert.equal(action?.perFamily, false);
  assert.deepEqual(action?.init, action?.init6);
});

test('actname is the file name, suffixed when name differs from the jail, or as given', () => {
  const named = (options: Record<string, string>): string | undefined => loadAction('/c', { name: 'plain', options }, jail, { fs }).action?.name;
  assert.equal(named({}), 'plain');
  assert.equal(named({ name: 'asterisk-udp' }), 'plain-udp');
  assert.equal(named({ name: 'sip' }), 'plain-sip');
  assert.equal(named({ actname: 'mine' }), 'mine');
});

test('flags, native and resolved options are kept', () => {
  const { action } = loadAction('/c', { name: 'plain', options: {} }, jail, { fs });
  assert.equal(action?.hooks.norestored, '1');
  assert.equal(action?.native, 'nftables');
  assert.equal(action?.hooks.actionban, 'echo <ip> hi asterisk');
  assert.equal(action?.options.greeting, 'hi asterisk');
  assert.equal(action?.options.native, 'nftables');
  assert.equal(action?.init.greeting, 'hi asterisk');
});

test('problems are errors naming the file: unknown %(x)s, tag loops, no [Definition], missing file, .py', () => {
  const errorsOf = (name: string): string => loadAction('/c', { name, options: {} }, jail, { fs }).errors.map((e) => e.message).join('\n');
  assert.match(errorsOf('broken'), /broken\.conf.*actionban.*unknown option %\(nothing\)s/);
  assert.match(errorsOf('loop'), /loop\.conf/);
  assert.match(errorsOf('noinit'), /no \[Definition\]/);
  assert.match(errorsOf('absent'), /jail asterisk: action absent: .*no action\.d\/absent\.conf/);
  assert.match(errorsOf('smtp.py'), /python actions are not supported/);
  assert.equal(loadAction('/c', { name: 'broken', options: {} }, jail, { fs }).action, null);
});

const CONF = '/etc/fail2ban';
const skip = existsSync(`${CONF}/action.d/iptables.conf`) ? false : `${CONF} is not installed`;
/** Include-only building blocks: no [Definition] of their own. */
const HELPERS = new Set(['firewallcmd-common', 'helpers-common', 'mail-whois-common']);

test('every stock fail2ban action loads without errors', { skip }, () => {
  const reader = createConfigReader();
  const names = readdirSync(`${CONF}/action.d`).filter((f) => f.endsWith('.conf')).map((f) => f.slice(0, -5));
  assert.ok(names.length > 50, `only ${names.length} actions`);
  for (const name of names) {
    const { action, errors } = loadAction(CONF, { name, options: { port: '5060,5061', protocol: 'udp' } }, jail, { reader });
    if (HELPERS.has(name)) {
      assert.match(errors.map((e) => e.message).join('\n'), /no \[Definition\]/, name);
      continue;
    }
    assert.deepEqual(errors.map((e) => e.message), [], name);
    assert.ok(action !== null && Object.keys(action.hooks).length > 0, `${name} has hooks`);
    for (const hook of Object.values(action.hooks)) assert.doesNotMatch(hook ?? '', /%\(/, `${name}: ${hook}`);
  }
});

test('stock iptables-allports renders as fail2ban -d shows it, ip6tables for inet6', { skip }, () => {
  const { action } = loadAction(CONF, { name: 'iptables-allports', options: { name: 'ASTERISK', protocol: 'all' } }, jail, {});
  assert.ok(action);
  assert.equal(action.hooks.actionban, '<iptables> -I f2b-ASTERISK 1 -s <ip> -j <blocktype>');
  assert.equal(action.hooks.actionflush, '<iptables> -F f2b-ASTERISK');
  assert.match(action.hooks.actionstart ?? '', /for proto in \$\(echo 'all' \| sed 's\/,\/ \/g'\); do\n\{ <iptables> -C INPUT -p \$proto -j f2b-ASTERISK/);
  assert.equal(action.init.iptables, 'iptables -w');
  assert.equal(action.init6.iptables, 'ip6tables -w');
  assert.equal(action.init6.blocktype, 'REJECT --reject-with icmp6-port-unreachable');
  assert.equal(action.name, 'iptables-allports-ASTERISK');
});
