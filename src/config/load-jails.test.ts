import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FAIL2BAN_VERSION, loadJails, type LoadJailsOptions, type LoadJailsResult } from './load-jails.js';
import { createMemoryFs } from './memory-config-fs.js';

const JAIL_CONF = `[INCLUDES]
before = paths.conf

[DEFAULT]
bantime = 10m
findtime = 10m
maxretry = 5
maxmatches = %(maxretry)s
mode = normal
filter = %(__name__)s[mode=%(mode)s]
port = 0:65535
banaction = iptables-multiport
action_ = %(banaction)s[port="%(port)s", protocol="tcp"]
action = %(action_)s
agent = Fail2Ban/%(fail2ban_version)s
enabled = false

[sshd]
port = ssh
logpath = %(sshd_log)s

[asterisk]
port = 5060,5061
action_ = %(banaction)s[name=%(__name__)s-tcp, port="%(port)s", protocol="tcp"]
          %(banaction)s[name=%(__name__)s-udp, port="%(port)s", protocol="udp"]
logpath = /var/log/asterisk/messages
maxretry = 10

[fake]
ignorecommand = %(fail2ban_confpath)s/filter.d/ignorecommands/x <ip>
`;

const FILES: Record<string, string> = {
  '/c/jail.conf': JAIL_CONF,
  '/c/paths.conf': '[DEFAULT]\nsshd_log = /var/log/auth.log\n',
  '/c/jail.d/defaults-debian.conf': '[sshd]\nenabled = true\n',
  '/c/filter.d/sshd.conf': '[Definition]\nmdre-normal = ^normal <HOST>\nmdre-extra = ^extra <HOST>\nfailregex = <mdre-<mode>>\nlogtype = file\n',
  '/c/filter.d/asterisk.conf': '[Definition]\nfailregex = ^one <HOST>\n  ^two <HOST>\ndatepattern = {^LN-BEG}\n',
  '/c/filter.d/fake.conf': '[Definition]\nfailregex = ^fake <HOST>\n',
};

function load(extra: Record<string, string> = {}, opts: LoadJailsOptions = {}): LoadJailsResult {
  return loadJails('/c', { fs: createMemoryFs({ ...FILES, ...extra }), ...opts });
}

function jail(result: LoadJailsResult, name: string) {
  const found = result.jails.find((j) => j.name === name);
  assert.ok(found, `jail ${name}`);
  return found;
}

test('every jail section is listed in order, disabled ones with enabled=false', () => {
  const result = load();
  assert.deepEqual(result.errors.map((e) => e.message), []);
  assert.deepEqual(result.jails.map((j) => [j.name, j.enabled]), [['sshd', true], ['asterisk', false], ['fake', false]]);
  assert.deepEqual(jail(result, 'sshd').place, { file: '/c/jail.conf', line: 18, section: 'sshd' });
});

test('[DEFAULT] values expand per jail: filter name, mode, maxmatches, actions', () => {
  const result = load();
  const asterisk = jail(result, 'asterisk');
  assert.deepEqual(asterisk.filter, { name: 'asterisk', options: { mode: 'normal' } });
  assert.equal(asterisk.maxretry, 10);
  assert.equal(asterisk.maxmatches, 10);
  assert.deepEqual(asterisk.actions, [
    { name: 'iptables-multiport', options: { name: 'asterisk-tcp', port: '5060,5061', protocol: 'tcp' } },
    { name: 'iptables-multiport', options: { name: 'asterisk-udp', port: '5060,5061', protocol: 'udp' } },
  ]);
  assert.deepEqual(asterisk.logpath, [{ glob: '/var/log/asterisk/messages', position: 'head' }]);
  assert.equal(jail(result, 'sshd').logpath[0].glob, '/var/log/auth.log');
  assert.deepEqual(jail(result, 'sshd').actions[0].options, { port: 'ssh', protocol: 'tcp' });
});

test('fail2ban_version and fail2ban_confpath are available to every jail', () => {
  const fake = jail(load(), 'fake');
  assert.equal(fake.ignorecommand, '/c/filter.d/ignorecommands/x <ip>');
  assert.equal(fake.options.agent, undefined, 'only the options fail2ban reads are kept');
  const result = load({ '/c/jail.local': '[fake]\nignorecommand = %(agent)s\n' });
  assert.equal(jail(result, 'fake').ignorecommand, `Fail2Ban/${FAIL2BAN_VERSION}`);
});

test('each jail gets its resolved filter; the jail mode selects the variant', () => {
  const result = load({ '/c/jail.local': '[sshd]\nmode = extra\n' });
  assert.deepEqual(jail(result, 'sshd').filterDefinition?.failregex.map((e) => e.regex), ['^extra <HOST>']);
  assert.deepEqual(jail(result, 'asterisk').filterDefinition?.failregex.map((e) => e.regex), ['^one <HOST>', '^two <HOST>']);
});

test('a jail failregex replaces the filter one; %(known/failregex)s extends it instead', () => {
  const result = load({
    '/c/jail.local': '[asterisk]\nfailregex = ^mine <HOST>\n[fake]\nfailregex = %(known/failregex)s\n  ^added <HOST>\ndatepattern = %(known/datepattern)s\n',
  });
  assert.deepEqual(jail(result, 'asterisk').filterDefinition?.failregex.map((e) => e.regex), ['^mine <HOST>']);
  const fake = jail(result, 'fake').filterDefinition;
  assert.deepEqual(fake?.failregex.map((e) => e.regex), ['^fake <HOST>', '^added <HOST>']);
  assert.equal(fake?.failregex[1].place.file, '/c/jail.local');
});

test('a filter read for a systemd jail uses the journal logtype unless the filter fixes it', () => {
  const result = load({
    '/c/jail.local': '[asterisk]\nbackend = systemd\n',
    '/c/filter.d/asterisk.local': '[Definition]\nfailregex = ^<logtype> <HOST>\n',
  });
  assert.equal(jail(result, 'asterisk').filterDefinition?.failregex[0].regex, '^journal <HOST>');
  assert.equal(jail(result, 'asterisk').backend.name, 'systemd');
});

test('all problems of all jails are reported at once, naming file, line and key', () => {
  const result = load({
    '/c/jail.local': '[sshd]\nmaxretry = many\nbantime = forever\n[asterisk]\nfilter = nope\n[fake]\naction = %(undefined_thing)s\n',
  });
  assert.deepEqual(result.errors.map((e) => [e.code, e.place.file, e.place.line, e.place.key]), [
    ['ERR_CONFIG_VALUE', '/c/jail.local', 2, 'maxretry'],
    ['ERR_CONFIG_VALUE', '/c/jail.conf', 8, 'maxmatches'],
    ['ERR_CONFIG_VALUE', '/c/jail.local', 3, 'bantime'],
    ['ERR_CONFIG_MISSING', '/c/jail.local', 5, 'filter'],
    ['ERR_CONFIG_INTERPOLATION', '/c/jail.local', 7, 'action'],
  ]);
  assert.match(result.errors[3].message, /jail asterisk, filter nope: .*filter\.d\/nope\.conf/);
  assert.equal(result.errors[1].place.section, 'sshd', 'a [DEFAULT] value is reported for the jail that uses it');
  assert.equal(jail(result, 'asterisk').filterDefinition, null);
  assert.equal(result.jails.length, 3, 'jails with problems are still listed');
});

test('with filters: "enabled" the filters of disabled jails are not read', () => {
  const result = load({ '/c/jail.local': '[asterisk]\nfilter = nope\n' }, { filters: 'enabled' });
  assert.deepEqual(result.errors, []);
  assert.equal(jail(result, 'asterisk').filterDefinition, null);
  assert.ok(jail(result, 'sshd').filterDefinition);
});

test('syntax errors in jail files are reported, and a missing jail.conf is an error', () => {
  const result = load({ '/c/jail.local': '[sshd]\nnot an option\n' });
  assert.deepEqual(result.errors.map((e) => [e.code, e.place.file, e.place.line]), [['ERR_CONFIG_SYNTAX', '/c/jail.local', 2]]);
  const empty = loadJails('/c', { fs: createMemoryFs({ '/c/filter.d/x.conf': '' }) });
  assert.equal(empty.errors[0].code, 'ERR_CONFIG_MISSING');
  assert.deepEqual(empty.jails, []);
});
