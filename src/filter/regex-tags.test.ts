/**
 * fail2ban regex tags: every expected capture below is what fail2ban 1.0.2's own tag expansion
 * (Regex._resolveHostTag) and Python's `re` give for the same regex and line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTranslated, pyGroupDict, translatePyRegex } from './py-regex.js';
import { expandRegexTags } from './regex-tags.js';

interface TagCase {
  readonly name: string;
  readonly regex: string;
  readonly usedns: 'yes' | 'no' | 'warn' | 'raw';
  /** [line, groups that are set (fail2ban's groupdict without None values), or null for no match]. */
  readonly lines: readonly (readonly [string, Readonly<Record<string, string>> | null])[];
}

const CASES: readonly TagCase[] = [
  {
    name: "<HOST>, usedns=no: IPv4",
    regex: "^from <HOST> port \\d+$",
    usedns: 'no',
    lines: [
      ["from 192.0.2.7 port 22", { ip4: "192.0.2.7" }],
      ["from 192.0.2.300 port 22", { ip4: "192.0.2.300" }],
      ["from host.example.com port 22", null],
    ],
  },
  {
    name: "<HOST>, usedns=warn: IPv4 or a name",
    regex: "^from <HOST> port \\d+$",
    usedns: 'warn',
    lines: [
      ["from 192.0.2.7 port 22", { ip4: "192.0.2.7" }],
      ["from host.example.com port 22", { dns: "host.example.com" }],
      ["from h_1-x port 22", { dns: "h_1-x" }],
    ],
  },
  {
    name: "<HOST>: IPv4-mapped IPv6",
    regex: "^from <HOST>$",
    usedns: 'no',
    lines: [
      ["from ::ffff:192.0.2.7", { ip4: "192.0.2.7" }],
      ["from [::ffff:192.0.2.7]", { ip4: "192.0.2.7" }],
    ],
  },
  {
    name: "<HOST>: IPv6 forms",
    regex: "^from <HOST>(?: port \\d+)?$",
    usedns: 'no',
    lines: [
      ["from 2001:db8::1", { ip6: "2001:db8::1" }],
      ["from [2001:db8::1] port 22", { ip6: "2001:db8::1" }],
      ["from ::1", { ip6: "::1" }],
      ["from fe80::", { ip6: "fe80::" }],
      ["from 2001:db8:0:0:1:0:0:1", { ip6: "2001:db8:0:0:1:0:0:1" }],
    ],
  },
  {
    name: "<HOST>: IPv6 gives back a :port",
    regex: "failed for '<HOST>:\\d+'",
    usedns: 'no',
    lines: [
      ["failed for '2001:db8::1:5060'", { ip6: "2001:db8::1" }],
      ["failed for '192.0.2.1:5060'", { ip4: "192.0.2.1" }],
      ["failed for '[2001:db8::7]:5060'", { ip6: "2001:db8::7" }],
    ],
  },
  {
    name: "<HOST>: IPv6 then any text",
    regex: "from <HOST>.*$",
    usedns: 'no',
    lines: [
      ["from 2001:db8::1:2 port 22", { ip6: "2001:db8::1:2" }],
      ["from aaaa:bbbb:cccc:1234::1:1 x", { ip6: "aaaa:bbbb:cccc:1234::1:1" }],
    ],
  },
  {
    name: "<ADDR> ignores usedns",
    regex: "^<ADDR>$",
    usedns: 'yes',
    lines: [
      ["192.0.2.9", { ip4: "192.0.2.9" }],
      ["host.example.com", null],
    ],
  },
  {
    name: "<IP4> and <IP6>",
    regex: "^(?:v4 <IP4>|v6 <IP6>)$",
    usedns: 'no',
    lines: [
      ["v4 10.0.0.1", { ip4: "10.0.0.1" }],
      ["v6 ::1", { ip6: "::1" }],
      ["v6 10.0.0.1", null],
    ],
  },
  {
    name: "<DNS>",
    regex: "^name <DNS>$",
    usedns: 'no',
    lines: [
      ["name mail.example.org", { dns: "mail.example.org" }],
      ["name a-b.c", { dns: "a-b.c" }],
    ],
  },
  {
    name: "<SUBNET>",
    regex: "^net <SUBNET>$",
    usedns: 'no',
    lines: [
      ["net 192.0.2.0/24", { ip4: "192.0.2.0", cidr: "24" }],
      ["net 2001:db8::/32", { ip6: "2001:db8::", cidr: "32" }],
      ["net 192.0.2.1", { ip4: "192.0.2.1" }],
      ["net [192.0.2.0/24]", { ip4: "192.0.2.0", cidr: "24" }],
    ],
  },
  {
    name: "<ADDR>/<CIDR>",
    regex: "^cidr <ADDR>/<CIDR>$",
    usedns: 'no',
    lines: [
      ["cidr 10.0.0.0/8", { ip4: "10.0.0.0", cidr: "8" }],
      ["cidr 10.0.0.0", null],
    ],
  },
  {
    name: "<F-USER> and <F-ALT_USER1>",
    regex: "^user (?:<F-USER>\\w+</F-USER>|'<F-ALT_USER1>[^']+</F-ALT_USER1>') from <HOST>$",
    usedns: 'no',
    lines: [
      ["user bob from 192.0.2.1", { user: "bob", ip4: "192.0.2.1" }],
      ["user 'bob smith' from 192.0.2.1", { alt_user1: "bob smith", ip4: "192.0.2.1" }],
    ],
  },
  {
    name: "<F-ID>...</F-ID> and <F-PORT/>",
    regex: "^id <F-ID>\\d+</F-ID> port <F-PORT/>$",
    usedns: 'no',
    lines: [
      ["id 42 port http", { fid: "42", fport: "http" }],
      ["id x port http", null],
    ],
  },
  {
    name: "<F-ID/> and <F-PORT>...</F-PORT>",
    regex: "^tok <F-ID/> on <F-PORT>\\d+</F-PORT>$",
    usedns: 'no',
    lines: [
      ["tok a:b on 22", { fid: "a:b", fport: "22" }],
    ],
  },
  {
    name: "custom <F-NAME> groups are lower-cased",
    regex: "^<F-MLFID>sshd\\[\\d+\\]:</F-MLFID> <F-NOFAIL>Connection from</F-NOFAIL> <HOST> <F-MLFFORGET>closed</F-MLFFORGET>$",
    usedns: 'no',
    lines: [
      ["sshd[12]: Connection from 192.0.2.1 closed", { mlfid: "sshd[12]:", nofail: "Connection from", ip4: "192.0.2.1", mlfforget: "closed" }],
    ],
  },
  {
    name: "<F-CONTENT> and <F-MLFGAINED>",
    regex: "^pfx <F-CONTENT><F-MLFGAINED>ok</F-MLFGAINED> .+</F-CONTENT>$",
    usedns: 'no',
    lines: [
      ["pfx ok rest of line", { content: "ok rest of line", mlfgained: "ok" }],
    ],
  },
  {
    name: "unknown tags and unmatched closing tags stay literal",
    regex: "^<foo> </F-USER> <F-USER/> <HOST>$",
    usedns: 'no',
    lines: [
      ["<foo> </F-USER> <F-USER/> 192.0.2.1", { ip4: "192.0.2.1" }],
    ],
  },
];

function capture(regex: string, usedns: TagCase['usedns'], line: string): Record<string, string> | null {
  const t = translatePyRegex(expandRegexTags(regex, { usedns, multiline: false }), { multiline: false });
  const m = compileTranslated(t).exec(line);
  if (m === null) return null;
  return Object.fromEntries(Object.entries(pyGroupDict(m, t)).filter((e): e is [string, string] => e[1] !== undefined));
}

for (const c of CASES) {
  test(`captures like fail2ban: ${c.name}`, () => {
    for (const [line, expected] of c.lines) assert.deepEqual(capture(c.regex, c.usedns, line), expected, line);
  });
}

test('<HOST> with usedns=no has no dns group', () => {
  const t = translatePyRegex(expandRegexTags('<HOST>', { usedns: 'no', multiline: false }), { multiline: false });
  assert.deepEqual(t.groupNames, ['ip4', 'ip6']);
});

test('<HOST> with any other usedns adds the dns group', () => {
  for (const usedns of ['yes', 'warn', 'raw'] as const) {
    const t = translatePyRegex(expandRegexTags('<HOST>', { usedns, multiline: false }), { multiline: false });
    assert.deepEqual(t.groupNames, ['ip4', 'ip6', 'dns'], usedns);
  }
});

test('<SKIPLINES> groups are numbered in order and span whole lines', () => {
  const expanded = expandRegexTags('^a <HOST>$<SKIPLINES>^b$<SKIPLINES>^c$', { usedns: 'no', multiline: true });
  const t = translatePyRegex(expanded, { multiline: true });
  assert.deepEqual(t.groupNames, ['ip4', 'ip6', 'skiplines0', 'skiplines1']);
  const m = compileTranslated(t).exec('a 192.0.2.1\nx\nb\ny\nz\nc\n') as RegExpExecArray;
  assert.deepEqual(pyGroupDict(m, t), { ip4: '192.0.2.1', ip6: undefined, skiplines0: 'x\n', skiplines1: 'y\nz\n' });
});

test('<F-ID> maps to fid and <F-PORT> to fport, other names are lower-cased', () => {
  assert.equal(expandRegexTags('<F-ID>x</F-ID><F-PORT>1</F-PORT><F-Alt>', { usedns: 'no', multiline: false }), '(?P<fid>x)(?P<fport>1)<F-Alt>');
  assert.equal(expandRegexTags('<F-ALT_USER2>u</F-ALT_USER2>', { usedns: 'no', multiline: false }), '(?P<alt_user2>u)');
});

test('a closing tag is only a group end after its opening tag', () => {
  assert.equal(expandRegexTags('</F-X><F-X>a</F-X>', { usedns: 'no', multiline: false }), '</F-X>(?P<x>a)');
});

test('accepts the unspecified IPv6 address :: (fail2ban\'s own pattern does not)', () => {
  assert.deepEqual(capture('^from <HOST>$', 'no', 'from ::'), { ip6: '::' });
});

test('accepts ::FFFF: in upper case before an IPv4 address (fail2ban only lower case)', () => {
  assert.deepEqual(capture('^from <HOST>$', 'no', 'from ::FFFF:192.0.2.7'), { ip4: '192.0.2.7' });
});

test('an IPv4 address inside a host name is not taken for the address', () => {
  assert.deepEqual(capture('^from <HOST> port', 'warn', 'from 1.2.3.4.example.com port'), { dns: '1.2.3.4.example.com' });
});
