import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ActionDefinition } from '../config/action-definition.js';
import type { BanRecord } from '../core/records.js';
import { banValues, bindDynamicTags, renderHook, reversePointer, staticHook } from './action-tags.js';
import { runShell } from './run-command.js';

const HOSTS = { fq: 'pbx.example.net', short: 'pbx' };

function definition(hooks: ActionDefinition['hooks'], init: Record<string, string> = {}, init6 = init): ActionDefinition {
  return { name: 't', file: '/x/t.conf', hooks, init, init6, perFamily: init !== init6, native: null, options: {} };
}

const BAN: BanRecord = { jail: 'sip', ip: '192.0.2.7', timeOfBan: 1700000000, bantime: 600, banCount: 2, failures: 5, matches: ['line one', 'line two'] };

test('static tags are inlined recursively, per family, with <br>, <sp> and host names', () => {
  const def = definition(
    { actionban: '<cmd> -s <ip> -j <blocktype><br>echo<sp><fq-hostname>/<sh-hostname> <unknown>' },
    { cmd: '<tool> -w', tool: 'iptables', blocktype: 'DROP' },
    { cmd: '<tool> -w', tool: 'ip6tables', blocktype: 'DROP6' },
  );
  assert.equal(staticHook(def, 'actionban', 'inet4', HOSTS), 'iptables -w -s <ip> -j DROP\necho pbx.example.net/pbx <unknown>');
  assert.equal(staticHook(def, 'actionban', 'inet6', HOSTS), 'ip6tables -w -s <ip> -j DROP6\necho pbx.example.net/pbx <unknown>');
  assert.equal(staticHook(def, 'actionunban', 'inet4', HOSTS), '');
});

test('a static value named matches is backslash-escaped, as fail2ban does', () => {
  const def = definition({ actionban: 'echo <matches>' }, { matches: 'a;b $(c)' });
  assert.equal(staticHook(def, 'actionban', 'inet4', HOSTS), 'echo a\\;b \\$\\(c\\)');
});

test('dynamic values go in as positional arguments, never into the script text', () => {
  const rendered = bindDynamicTags('echo <ip> "<matches>" <F-USER> <F-NONE> <other>', { values: { ip: '1.2.3.4', matches: '$(id)' }, fields: { USER: 'bob' } });
  assert.equal(rendered.script, 'f2bV_ip="${1}" f2bV_matches="${2}" f2bV_F_USER="${3}" f2bV_F_NONE="${4}"\necho "${f2bV_ip}" "${f2bV_matches}" "${f2bV_F_USER}" "${f2bV_F_NONE}" <other>');
  assert.deepEqual(rendered.args, ['1.2.3.4', '$(id)', 'bob', '']);
  assert.ok(!rendered.script.includes('$(id)'));
});

test('ban values: family, ip-rev, times, counts, matches joined by newlines, lookup values', () => {
  const v = banValues(BAN, { restored: true, lookup: { ipmatches: ['a', 'b', 'c'], ipfailures: 9, fields: { USER: 'bob' } } });
  assert.equal(v.values.family, 'inet4');
  assert.equal(v.values['ip-rev'], '7.2.0.192.');
  assert.equal(v.values.time, '1700000000');
  assert.equal(v.values.bantime, '600');
  assert.equal(v.values.bancount, '2');
  assert.equal(v.values.failures, '5');
  assert.equal(v.values.matches, 'line one\nline two');
  assert.equal(v.values.ipjailmatches, 'line one\nline two');
  assert.equal(v.values.ipmatches, 'a\nb\nc');
  assert.equal(v.values.ipfailures, '9');
  assert.equal(v.values.restored, '1');
  assert.equal(v.fields?.USER, 'bob');
  assert.equal(banValues({ ...BAN, ip: '2001:db8::1' }, { restored: false }).values.family, 'inet6');
  assert.equal(reversePointer('2001:db8::1'), `1.${'0.'.repeat(23)}8.b.d.0.1.0.0.2.`);
});

const HOSTILE = [
  `$(touch MARK)`,
  '`touch MARK`',
  `; touch MARK; echo "x" 'y'`,
  `a"b'c\\d $HOME * ? ~ <ip> # & | ^ ( ) [ ] { }`,
  `first\nsecond; touch MARK\r\n`,
];

test('hostile values print exactly in every quoting context and never run (CVE-2012-5642 class)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-tags-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const mark = join(dir, 'pwned');
  const contexts = [
    'printf "%s|" <matches>',
    'printf "%s|" "<matches>"',
    "printf '%s|' '<matches>'",
    'printf "%s|" "$(printf %s "<matches>")"',
    'printf "%s|" "`printf %s \'<matches>\'`"',
    'x=<matches>; printf "%s|" "$x"',
    'printf "%s|" "${unset:-<matches>}"',
    'cat <<EOF\n<matches>|\nEOF',
    'cat <<-EOF\n\t<matches>|\n\tEOF',
  ];
  for (const raw of HOSTILE) {
    const value = raw.replaceAll('MARK', mark);
    for (const context of contexts) {
      const rendered = bindDynamicTags(context, { values: { matches: value } });
      const result = await runShell(rendered.script, { args: rendered.args });
      assert.equal(result.code, 0, `${context}: ${result.stderr}`);
      // command substitution drops trailing newlines: that is the shell, not the binding
      const shown = /\$\(|`/.test(context) ? value.replace(/\n+$/, '') : value;
      const expected = context.startsWith('cat') ? `${shown}|\n` : `${shown}|`;
      assert.equal(result.stdout, expected, `${JSON.stringify(context)} with ${JSON.stringify(value)}`);
      assert.equal(existsSync(mark), false, `${context} ran code from ${JSON.stringify(value)}`);
    }
  }
});

test('a quoted here-document takes the value as text; a line break can never end it early', async () => {
  const rendered = bindDynamicTags("cat <<'EOF'\n<matches>\nEOF\necho after", { values: { matches: 'x\nEOF\necho injected' } });
  const result = await runShell(rendered.script, { args: rendered.args });
  assert.equal(result.stdout, 'x EOF echo injected\nafter\n');
});

test('renderHook: arithmetic and comments keep working around tags', async () => {
  const def = definition({ actionban: "# don't <ip>\necho $((<bantime> + 1)) <ip>" });
  const rendered = renderHook(def, 'actionban', 'inet4', banValues(BAN, { restored: false }), HOSTS);
  const result = await runShell(rendered.script, { args: rendered.args });
  assert.equal(result.stdout, '601 192.0.2.7\n');
});
