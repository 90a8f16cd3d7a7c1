import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeIniFiles, type ConfigSet } from './config-set.js';
import { parseIni } from './ini.js';
import { getOption, type Scope } from './interpolate.js';

function set(...texts: string[]): ConfigSet {
  return mergeIniFiles(texts.map((text, i) => parseIni(text, `/c/f${i}.conf`)));
}

function value(scope: Scope, key: string): string {
  const resolved = getOption(scope, key);
  assert.ok(resolved?.ok, resolved?.ok === false ? resolved.error.message : `${key} missing`);
  return resolved.value;
}

function error(scope: Scope, key: string): string {
  const resolved = getOption(scope, key);
  assert.ok(resolved !== undefined && !resolved.ok, `${key} should fail`);
  return resolved.error.message;
}

test('%(name)s reads the same section, then [DEFAULT]; %% is a percent sign', () => {
  const s = set('[DEFAULT]\nport = 0:65535\nmode = normal\n[sshd]\nport = ssh\nx = %(port)s/%(mode)s 100%%\n');
  assert.equal(value({ set: s, section: 'sshd' }, 'x'), 'ssh/normal 100%');
});

test('values from [DEFAULT] expand in the asking section: %(__name__)s is the jail', () => {
  const s = set('[DEFAULT]\nmode = normal\nfilter = %(__name__)s[mode=%(mode)s]\n[sshd]\nmode = aggressive\n[asterisk]\n');
  assert.equal(value({ set: s, section: 'sshd' }, 'filter'), 'sshd[mode=aggressive]');
  assert.equal(value({ set: s, section: 'asterisk' }, 'filter'), 'asterisk[mode=normal]');
});

test('references nest (a value that refers to a value)', () => {
  const s = set('[DEFAULT]\naction_ = %(banaction)s[port="%(port)s"]\naction = %(action_)s\nbanaction = iptables\nport = 22\n[j]\n');
  assert.equal(value({ set: s, section: 'j' }, 'action'), 'iptables[port="22"]');
});

test('%(section/name)s and %(default/name)s read other sections, expanded in the asking section', () => {
  const s = set('[DEFAULT]\nx = dflt\nname = D\n[lt_short]\np = short-%(name)s\n[lt_journal]\nname = J\np = %(lt_short/p)s\nq = %(default/x)s\nr = %(lt_short/x)s\n');
  const scope = { set: s, section: 'lt_journal' };
  assert.equal(value(scope, 'p'), 'short-J');
  assert.equal(value(scope, 'q'), 'dflt');
  assert.equal(value(scope, 'r'), 'dflt', 'an option missing in the other section falls back to [DEFAULT]');
});

test('%(known/name)s is the value before the last override, or [DEFAULT] when never overridden', () => {
  const s = set('[DEFAULT]\nz = dz\n[Definition]\nx = first\n', '[Definition]\nx = %(known/x)s second\ny = %(known/z)s\n');
  const scope = { set: s, section: 'Definition' };
  assert.equal(value(scope, 'x'), 'first second');
  assert.equal(value(scope, 'y'), 'dz');
});

test('vars win over the section and are visible to references', () => {
  const s = set('[Definition]\nmode = normal\nre = <mdre-%(mode)s>\n');
  const scope = { set: s, section: 'Definition', vars: new Map([['mode', 'ddos']]) };
  assert.equal(value(scope, 're'), '<mdre-ddos>');
  assert.equal(value(scope, 'mode'), 'ddos');
});

test('an unknown option is an error naming file, line, section and key', () => {
  const s = set('[j]\n\naction = %(missing)s\n');
  const resolved = getOption({ set: s, section: 'j' }, 'action');
  assert.ok(resolved !== undefined && !resolved.ok);
  assert.equal(resolved.error.code, 'ERR_CONFIG_INTERPOLATION');
  assert.deepEqual(resolved.error.place, { file: '/c/f0.conf', line: 3, section: 'j', key: 'action' });
  assert.match(resolved.error.message, /%\(missing\)s/);
});

test('an unknown section in %(sec/name)s is an error', () => {
  assert.match(error({ set: set('[j]\nx = %(nope/y)s\n'), section: 'j' }, 'x'), /nope\/y/);
});

test('cycles are errors instead of endless recursion', () => {
  const s = set('[j]\na = %(b)s\nb = x%(c)s\nc = %(a)s\nself = %(self)s\n');
  assert.match(error({ set: s, section: 'j' }, 'a'), /circular reference: %\(a\)s -> %\(b\)s -> %\(c\)s -> %\(a\)s/);
  assert.match(error({ set: s, section: 'j' }, 'self'), /circular/);
});

test('a lone % is a syntax error', () => {
  assert.match(error({ set: set('[d]\ndatepattern = %Y-%m\n'), section: 'd' }, 'datepattern'), /'%' must be followed/);
  assert.match(error({ set: set('[d]\nx = %(open\n'), section: 'd' }, 'x'), /'%' must be followed/);
});

test('a missing option is undefined, not an error', () => {
  assert.equal(getOption({ set: set('[j]\n'), section: 'j' }, 'nothing'), undefined);
});
