/**
 * Table-driven checks of the Python-regex translation: every expected result below is what Python
 * 3.11's `re.search` returns for the same pattern and text (after fail2ban's `((?i)x)` rewrite).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTranslated, pyGroupDict, PyRegexSyntaxError, translatePyRegex, UnsupportedRegexError } from './py-regex.js';

interface Found {
  /** UTF-16 index of the match start. */
  readonly at: number;
  readonly text: string;
  /** Python's groupdict(); null is Python's None. */
  readonly groups?: Readonly<Record<string, string | null>>;
}

interface Case {
  readonly name: string;
  readonly pattern: string;
  readonly multiline?: boolean;
  readonly texts: readonly (readonly [string, Found | null])[];
}

/** Generated with Python 3.11 (`re.search(pattern, text)`), see the file header. */
const CASES: readonly Case[] = [
  { name: "named group and (?P=name)", pattern: "(?P<n>a+)-(?P=n)", texts: [["aa-aa", { at: 0, text: "aa-aa", groups: { "n": "aa" } }], ["aa-a", { at: 1, text: "a-a", groups: { "n": "a" } }], ["a-aa", { at: 0, text: "a-a", groups: { "n": "a" } }]] },
  { name: "numbered back-references", pattern: "(a)(b)\\2\\1", texts: [["abba", { at: 0, text: "abba" }], ["abab", null]] },
  { name: "back-reference to a group of another branch never matches", pattern: "(?P<a>x)|y(?P=a)", texts: [["y", null], ["yx", { at: 1, text: "x", groups: { "a": "x" } }], ["x", { at: 0, text: "x", groups: { "a": "x" } }]] },
  { name: "back-reference to an optional group that did not match fails", pattern: "(?P<a>x)?y(?P=a)", texts: [["xyx", { at: 0, text: "xyx", groups: { "a": "x" } }], ["y", null], ["yz", null]] },
  { name: "unnamed groups are not reported", pattern: "(a)(?P<b>b)", texts: [["ab", { at: 0, text: "ab", groups: { "b": "b" } }]] },
  { name: "leading (?i)", pattern: "(?i)abc", texts: [["ABC", { at: 0, text: "ABC" }], ["aBc", { at: 0, text: "aBc" }], ["abd", null]] },
  { name: "leading (?s)", pattern: "(?s)a.b", texts: [["a\nb", { at: 0, text: "a\nb" }]] },
  { name: "leading (?m)", pattern: "(?m)^b$", texts: [["a\nb\nc", { at: 2, text: "b" }]] },
  { name: "leading (?a) makes \\w ASCII", pattern: "(?a)\\w+", texts: [["j\u00fcrgen", { at: 0, text: "j" }]] },
  { name: "leading (?u) keeps \\w Unicode", pattern: "(?u)\\w+", texts: [["j\u00fcrgen", { at: 0, text: "j\u00fcrgen" }]] },
  { name: "several leading flags", pattern: "(?i)(?s)A.B", texts: [["a\nb", { at: 0, text: "a\nb" }]] },
  { name: "fail2ban rewrites ((?i)x) to (?i:x)", pattern: "((?i)abc)d", texts: [["ABCd", { at: 0, text: "ABCd" }], ["ABCD", null]] },
  { name: "fail2ban rewrites (?:(?i)x) to (?i:x)", pattern: "x(?:(?i)a|b)y", texts: [["xAy", { at: 0, text: "xAy" }], ["xBy", { at: 0, text: "xBy" }], ["XAy", null]] },
  { name: "scoped (?i:...)", pattern: "(?i:ab)c", texts: [["ABc", { at: 0, text: "ABc" }], ["ABC", null]] },
  { name: "scoped (?-i:...) inside (?i:...)", pattern: "x(?i:a(?-i:b)c)", texts: [["xAbC", { at: 0, text: "xAbC" }], ["xABC", null]] },
  { name: "scoped (?-i:...) under a global (?i)", pattern: "(?i)a(?-i:b)", texts: [["Ab", { at: 0, text: "Ab" }], ["AB", null]] },
  { name: "scoped (?s:.)", pattern: "a(?s:.)b.", texts: [["a\nbc", { at: 0, text: "a\nbc" }], ["a\nb\n", null]] },
  { name: "scoped (?a:\\w)", pattern: "(?a:\\w)\\w", texts: [["\u00e9\u00e9", null], ["e\u00e9", { at: 0, text: "e\u00e9" }]] },
  { name: "postfix-style (?i:) alternation", pattern: "SASL ((?i)LOGIN|PLAIN|(?:CRAM|DIGEST)-MD5) authentication", texts: [["SASL login authentication", { at: 0, text: "SASL login authentication" }], ["SASL Cram-md5 authentication", { at: 0, text: "SASL Cram-md5 authentication" }], ["SASL NTLM authentication", null]] },
  { name: "(?i) matches the Kelvin sign like k", pattern: "(?i)k", texts: [["\u212a", { at: 0, text: "\u212a" }], ["K", { at: 0, text: "K" }]] },
  { name: "(?i) matches long s like s", pattern: "(?i)s", texts: [["\u017f", { at: 0, text: "\u017f" }], ["S", { at: 0, text: "S" }]] },
  { name: "(?i) dotted and dotless i", pattern: "(?i)i", texts: [["\u0131", { at: 0, text: "\u0131" }], ["\u0130", { at: 0, text: "\u0130" }], ["I", { at: 0, text: "I" }]] },
  { name: "(?ai) folds ASCII only", pattern: "(?ai)k", texts: [["\u212a", null], ["K", { at: 0, text: "K" }]] },
  { name: "(?i) set range", pattern: "(?i)[a-c]+", texts: [["AbCd", { at: 0, text: "AbC" }]] },
  { name: "(?i) negated set", pattern: "(?i)[^a-c]+", texts: [["ABCxyz", { at: 3, text: "xyz" }]] },
  { name: "(?i) non-ASCII letters", pattern: "(?i)\\u00e9t\\u00e9", texts: [["\u00c9T\u00c9", { at: 0, text: "\u00c9T\u00c9" }]] },
  { name: "(?i) letters with the same full uppercase", pattern: "(?i)\u0390\ufb05", texts: [["\u1fd3\ufb06", { at: 0, text: "\u1fd3\ufb06" }]] },
  { name: "(?i) Greek set with symbols", pattern: "(?i)[\\u03b8\\u03c3]+", texts: [["\u03d1\u03f4\u03c2\u03a3", { at: 0, text: "\u03d1\u03f4\u03c2\u03a3" }]] },
  { name: "\\A and \\Z", pattern: "\\Aa\\Z", texts: [["a", { at: 0, text: "a" }], ["a\n", null], ["ba", null]] },
  { name: "$ matches before a final newline", pattern: "a$", texts: [["a\n", { at: 0, text: "a" }], ["a\n\n", null], ["a", { at: 0, text: "a" }]] },
  { name: "$ with MULTILINE matches before any newline", pattern: "a$", multiline: true, texts: [["a\nb", { at: 0, text: "a" }], ["ba\r\n", null]] },
  { name: "^ with MULTILINE follows \\n only", pattern: "^b", multiline: true, texts: [["a\nb", { at: 2, text: "b" }], ["a\rb", null]] },
  { name: "^ without MULTILINE is the start only", pattern: "^b", texts: [["a\nb", null], ["b", { at: 0, text: "b" }]] },
  { name: ". does not match \\n only", pattern: "a.b", texts: [["a\nb", null], ["a\rb", { at: 0, text: "a\rb" }], ["a\u2028b", { at: 0, text: "a\u2028b" }]] },
  { name: ". matches one code point", pattern: "a.c", texts: [["a\ud83d\ude00c", { at: 0, text: "a\ud83d\ude00c" }]] },
  { name: "{,n} means {0,n}", pattern: "a{,3}b", texts: [["aaaab", { at: 1, text: "aaab" }], ["b", { at: 0, text: "b" }]] },
  { name: "{n,}", pattern: "a{2,}", texts: [["a", null], ["aaaa", { at: 0, text: "aaaa" }]] },
  { name: "{,} means *", pattern: "a{,}b", texts: [["aaab", { at: 0, text: "aaab" }]] },
  { name: "{ that is not a quantifier is literal", pattern: "a{", texts: [["a{", { at: 0, text: "a{" }], ["a", null]] },
  { name: "{} is literal", pattern: "a{}", texts: [["a{}", { at: 0, text: "a{}" }]] },
  { name: "unterminated {m,n is literal", pattern: "x{1,2", texts: [["x{1,2", { at: 0, text: "x{1,2" }]] },
  { name: "lazy quantifiers", pattern: "<(.+?)>", texts: [["<a><b>", { at: 0, text: "<a>" }]] },
  { name: "\\d is Unicode", pattern: "\\d+", texts: [["\u0663\u0664", { at: 0, text: "\u0663\u0664" }], ["12", { at: 0, text: "12" }]] },
  { name: "\\w is Unicode", pattern: "\\w+", texts: [["j\u00fcrgen", { at: 0, text: "j\u00fcrgen" }], ["\u0416\u0436", { at: 0, text: "\u0416\u0436" }]] },
  { name: "\\s is Python's whitespace", pattern: "a\\sb", texts: [["a\u001cb", { at: 0, text: "a\u001cb" }], ["a\u0085b", { at: 0, text: "a\u0085b" }], ["a\ufeffb", null]] },
  { name: "\\S", pattern: "\\S+", texts: [["\u00a0x\u0085y", { at: 1, text: "x" }]] },
  { name: "\\b is a Unicode word boundary", pattern: "\\bfoo\\b", texts: [["\u00e9foo", null], ["foo\u00e9", null], [" foo ", { at: 1, text: "foo" }]] },
  { name: "\\b between two unknown sides", pattern: "a.\\b.", texts: [["a\u00e9 x", { at: 0, text: "a\u00e9 " }], ["a \u00e9x", { at: 0, text: "a \u00e9" }]] },
  { name: "\\B never matches an empty string", pattern: "\\B", texts: [["", null], ["a", null], [" ", { at: 0, text: "" }]] },
  { name: "(?a)\\b is an ASCII boundary", pattern: "(?a)\\bfoo", texts: [["\u00e9foo", { at: 1, text: "foo" }]] },
  { name: "\\N{name}", pattern: "\\N{EM DASH}", texts: [["a\u2014b", { at: 1, text: "\u2014" }]] },
  { name: "hex, \\u, \\U and octal escapes", pattern: "\\x41\\u0042\\U00000043\\101", texts: [["ABCA", { at: 0, text: "ABCA" }]] },
  { name: "\\0 and short octal", pattern: "\\0\\07", texts: [["\u0000\u0007", { at: 0, text: "\u0000\u0007" }]] },
  { name: "octal escape in a set", pattern: "[\\101]", texts: [["A", { at: 0, text: "A" }]] },
  { name: "identity escapes", pattern: "\\'\\-\\ \\#", texts: [["'- #", { at: 0, text: "'- #" }]] },
  { name: "escaped non-ASCII char", pattern: "\\\u00e9", texts: [["\u00e9", { at: 0, text: "\u00e9" }]] },
  { name: "conditional on a named group", pattern: "(?P<n>a)?(?(n)b|c)", texts: [["ab", { at: 0, text: "ab", groups: { "n": "a" } }], ["c", { at: 0, text: "c", groups: { "n": null } }], ["ac", { at: 1, text: "c", groups: { "n": null } }]] },
  { name: "conditional on a numbered group", pattern: "(a)?(?(1)b|c)", texts: [["ab", { at: 0, text: "ab" }], ["c", { at: 0, text: "c" }], ["ac", { at: 1, text: "c" }]] },
  { name: "conditional without a no-branch", pattern: "(?P<a>x)?(?(a)y)z", texts: [["xyz", { at: 0, text: "xyz", groups: { "a": "x" } }], ["z", { at: 0, text: "z", groups: { "a": null } }], ["xz", { at: 1, text: "z", groups: { "a": null } }]] },
  { name: "conditional on a group defined later", pattern: "(?(1)a|b)(x)", texts: [["bx", { at: 0, text: "bx" }], ["ax", null]] },
  { name: "nested conditionals", pattern: "(?P<a>x)?(?P<b>y)?(?(a)A|(?(b)B|C))", texts: [["xA", { at: 0, text: "xA", groups: { "a": "x", "b": null } }], ["yB", { at: 0, text: "yB", groups: { "a": null, "b": "y" } }], ["C", { at: 0, text: "C", groups: { "a": null, "b": null } }], ["xyA", { at: 0, text: "xyA", groups: { "a": "x", "b": "y" } }], ["xyB", { at: 1, text: "yB", groups: { "a": null, "b": "y" } }]] },
  { name: "conditional after a group decided in a branch", pattern: "(?P<o>(?P<a>x)|y)z(?(a)1|2)(?P=o)", texts: [["xz1x", { at: 0, text: "xz1x", groups: { "o": "x", "a": "x" } }], ["yz2y", { at: 0, text: "yz2y", groups: { "o": "y", "a": null } }], ["xz2x", null]] },
  { name: "conditional after a greedy loop", pattern: "(?P<a>x)*(?(a)1|2)", texts: [["xx1", { at: 0, text: "xx1", groups: { "a": "x" } }], ["2", { at: 0, text: "2", groups: { "a": null } }], ["x2", { at: 1, text: "2", groups: { "a": null } }]] },
  { name: "conditional after a lazy loop", pattern: "(?P<a>x)*?(?(a)1|2)", texts: [["xx1", { at: 0, text: "xx1", groups: { "a": "x" } }], ["2", { at: 0, text: "2", groups: { "a": null } }], ["x2", { at: 1, text: "2", groups: { "a": null } }]] },
  { name: "sshd-style conditionals", pattern: "^Failed (?P<cond_inv>invalid user )?(?P<user>(?P<cond_user>\\S+)|(?(cond_inv)(?:(?! from ).)*?|[^:]+)) from (?P<ip>\\S+)(?: port \\d+)?(?: ssh\\d*)?(?(cond_user): |(?:(?:(?! from ).)*)$)", texts: [["Failed password for root from 1.2.3.4 port 22 ssh2\n", { at: 0, text: "Failed password for root from 1.2.3.4 port 22 ssh2", groups: { "cond_inv": null, "user": "password for root", "cond_user": null, "ip": "1.2.3.4" } }], ["Failed password for invalid user foo bar from 1.2.3.4 port 22 ssh2\n", { at: 0, text: "Failed password for invalid user foo bar from 1.2.3.4 port 22 ssh2", groups: { "cond_inv": null, "user": "password for invalid user foo bar", "cond_user": null, "ip": "1.2.3.4" } }], ["Failed password for root from 1.2.3.4 port 22 ssh2: RSA x\n", { at: 0, text: "Failed password for root from 1.2.3.4 port 22 ssh2: RSA x", groups: { "cond_inv": null, "user": "password for root", "cond_user": null, "ip": "1.2.3.4" } }], ["Failed publickey for invalid user a from b from 1.2.3.4 port 5 ssh2\n", { at: 0, text: "Failed publickey for invalid user a from b from 1.2.3.4 port 5 ssh2", groups: { "cond_inv": null, "user": "publickey for invalid user a from b", "cond_user": null, "ip": "1.2.3.4" } }], ["Failed password for foo bar from 1.2.3.4 port 22 ssh2\n", { at: 0, text: "Failed password for foo bar from 1.2.3.4 port 22 ssh2", groups: { "cond_inv": null, "user": "password for foo bar", "cond_user": null, "ip": "1.2.3.4" } }]] },
  { name: "look-ahead keeps its group", pattern: "(?=(?P<x>a))a", texts: [["a", { at: 0, text: "a", groups: { "x": "a" } }]] },
  { name: "look-behind", pattern: "(?<=a)b", texts: [["ab", { at: 1, text: "b" }], ["b", null]] },
  { name: "negative look-behind", pattern: "(?<!a)b", texts: [["ab", null], ["cb", { at: 1, text: "b" }]] },
  { name: "negative look-ahead", pattern: "a(?!b)", texts: [["ab", null], ["ac", { at: 0, text: "a" }]] },
  { name: "atomic group does not give back", pattern: "(?>a+)b", texts: [["aab", { at: 0, text: "aab" }]] },
  { name: "atomic group keeps its first alternative", pattern: "(?>a|ab)c", texts: [["abc", null], ["ac", { at: 0, text: "ac" }]] },
  { name: "possessive quantifier", pattern: "a*+a", texts: [["aaa", null]] },
  { name: "possessive + then more", pattern: "x++y", texts: [["xxy", { at: 0, text: "xxy" }]] },
  { name: "comment group", pattern: "(?#comment)a(?#x)b", texts: [["ab", { at: 0, text: "ab" }]] },
  { name: "comment between an atom and its quantifier", pattern: "a(?#c)*b", texts: [["aaab", { at: 0, text: "aaab" }]] },
  { name: "leading ] is literal", pattern: "[]a]+", texts: [["]a]", { at: 0, text: "]a]" }]] },
  { name: "[^]] is not-]", pattern: "[^]]+", texts: [["ab]c", { at: 0, text: "ab" }]] },
  { name: "trailing - is literal", pattern: "[a-]+", texts: [["-a-b", { at: 0, text: "-a-" }]] },
  { name: "leading - is literal", pattern: "[-a]+", texts: [["-a-b", { at: 0, text: "-a-" }]] },
  { name: "\\] inside a set", pattern: "[\\]x]+", texts: [["a]x]", { at: 1, text: "]x]" }]] },
  { name: "[[:alpha:]] is not POSIX", pattern: "[[:alpha:]]", texts: [["a]", { at: 0, text: "a]" }], ["[:", null], ["a", null]] },
  { name: "[\\b] is a backspace", pattern: "[\\b]", texts: [["\b", { at: 0, text: "\b" }]] },
  { name: "category next to a literal -", pattern: "[\\d-]+", texts: [["1-2", { at: 0, text: "1-2" }]] },
  { name: "\\W with other members", pattern: "[\\W\\d]+", texts: [["a1 b", { at: 1, text: "1 " }]] },
  { name: "negated set with \\W", pattern: "[^\\W\\d]+", texts: [["1ab2", { at: 1, text: "ab" }]] },
  { name: "\\S and \\n in one set", pattern: "[\\S\\n]+", texts: [[" a\nb ", { at: 1, text: "a\nb" }]] },
  { name: "astral range", pattern: "[\ud83d\ude00-\ud83d\ude02]", texts: [["\ud83d\ude01", { at: 0, text: "\ud83d\ude01" }]] },
  { name: "range and a literal -", pattern: "[a-c-e]+", texts: [["-ab-e", { at: 0, text: "-ab-e" }]] },
  { name: "optional group that matches empty is set", pattern: "(?P<a>a*)?b", texts: [["b", { at: 0, text: "b", groups: { "a": "" } }], ["aab", { at: 0, text: "aab", groups: { "a": "aa" } }]] },
  { name: "lazy body inside ?", pattern: "(?P<a>a??)?", texts: [["a", { at: 0, text: "", groups: { "a": "" } }]] },
  { name: "loop keeps the last value of an optional group", pattern: "(?:(?P<a>a)|b)*", texts: [["ab", { at: 0, text: "ab", groups: { "a": "a" } }], ["abbbbbbbbbbbbbbbbbbbbb", { at: 0, text: "abbbbbbbbbbbbbbbbbbbbb", groups: { "a": "a" } }], ["bbbbbbbbbbbbbbbbbbbbbbbbbabbbbbbbbb", { at: 0, text: "bbbbbbbbbbbbbbbbbbbbbbbbbabbbbbbbbb", groups: { "a": "a" } }]] },
  { name: "lazy loop with an optional group", pattern: "(?:(?P<a>a)|b)*?c", texts: [["abc", { at: 0, text: "abc", groups: { "a": "a" } }], ["c", { at: 0, text: "c", groups: { "a": null } }]] },
  { name: "bounded loop with an optional group", pattern: "(?:(?P<a>a)|b){2,3}", texts: [["abbb", { at: 0, text: "abb", groups: { "a": "a" } }], ["bab", { at: 0, text: "bab", groups: { "a": "a" } }], ["bb", { at: 0, text: "bb", groups: { "a": null } }]] },
  { name: "groups in several branches of a loop", pattern: "(?:(?P<a>a)|(?P<b>b)|c)+d", texts: [["abcd", { at: 0, text: "abcd", groups: { "a": "a", "b": "b" } }], ["cbd", { at: 0, text: "cbd", groups: { "a": null, "b": "b" } }], ["bcccccccccccccccccccccaccccccccccccccd", { at: 0, text: "bcccccccccccccccccccccaccccccccccccccd", groups: { "a": "a", "b": "b" } }]] },
  { name: "nested loops with optional groups", pattern: "(?:x(?:(?P<a>a)|b)+y)+", texts: [["xaybbyxby", { at: 0, text: "xay", groups: { "a": "a" } }], ["xbybyxaby", { at: 0, text: "xby", groups: { "a": null } }]] },
  { name: "courier-style key=value loop", pattern: "FAILED, (?:(?!ip=)(?:user=(?P<user>[^,]*)|\\w+=[^,]*), )*ip=\\[(?P<ip>[^\\]]*)\\]", texts: [["FAILED, user=bob, ip=[1.2.3.4]", { at: 0, text: "FAILED, user=bob, ip=[1.2.3.4]", groups: { "user": "bob", "ip": "1.2.3.4" } }], ["FAILED, method=x, user=al, a=b, c=d, e=f, g=h, ip=[::1]", { at: 0, text: "FAILED, method=x, user=al, a=b, c=d, e=f, g=h, ip=[::1]", groups: { "user": "al", "ip": "::1" } }], ["FAILED, a=b, ip=[x]", { at: 0, text: "FAILED, a=b, ip=[x]", groups: { "user": null, "ip": "x" } }]] },
  { name: "empty iteration with a clear exit", pattern: "\\[(?:[^\\]\\\"]*|\\\"[^\\\"]*\\\")*\\]", texts: [["[a\"b]c\"]", { at: 0, text: "[a\"b]c\"]" }], ["[abc]", { at: 0, text: "[abc]" }], ["[\"]\"]", { at: 0, text: "[\"]\"]" }]] },
  { name: "empty iterations in a loop of a greedy body", pattern: "(?:a*)*b", texts: [["aab", { at: 0, text: "aab" }]] },

];

function search(pattern: string, text: string, multiline: boolean): Found | null {
  const t = translatePyRegex(pattern, { multiline });
  const m = compileTranslated(t).exec(text);
  if (m === null) return null;
  const groups = Object.fromEntries(Object.entries(pyGroupDict(m, t)).map(([k, v]) => [k, v ?? null]));
  return t.groupNames.length === 0 ? { at: m.index, text: m[0] } : { at: m.index, text: m[0], groups };
}

for (const c of CASES) {
  test(`matches like Python: ${c.name}`, () => {
    for (const [text, expected] of c.texts) {
      assert.deepEqual(search(c.pattern, text, c.multiline ?? false), expected, `${c.pattern} on ${JSON.stringify(text)}`);
    }
  });
}

/** Patterns Python's `re` rejects (message from Python 3.11 in the comment). */
const PYTHON_ERRORS: readonly (readonly [string, string])[] = [
  ['a(?i)b', 'global flags not at the start of the expression'],
  ['(?i)a|(?s)b', 'global flags not at the start of the expression'],
  ['\\q', 'bad escape \\q'],
  ['\\x4', 'incomplete escape \\x4'],
  ['\\400', 'octal escape value \\400 outside of range 0-0o377'],
  ['[\\400]', 'octal escape value'],
  ['\\8', 'invalid group reference 8'],
  ['(a)\\2', 'invalid group reference 2'],
  ['(a\\1)', 'cannot refer to an open group'],
  ['(?<=a+)b', 'look-behind requires fixed-width pattern'],
  ['x{2,1}', 'min repeat greater than max repeat'],
  ['a**', 'multiple repeat'],
  ['a*?+', 'multiple repeat'],
  ['^*', 'nothing to repeat'],
  ['*a', 'nothing to repeat'],
  ['(?P<1a>x)', "bad character in group name '1a'"],
  ['(?P<a>x)(?P<a>y)', 'redefinition of group name'],
  ['(?P=b)', "unknown group name 'b'"],
  ['(?(b)x)', "unknown group name 'b'"],
  ['(?(1)a|b|c)(x)', 'conditional backref with more than two branches'],
  ['(?(2)a)(x)', 'invalid group reference 2'],
  ['[a', 'unterminated character set'],
  ['[\\d-z]', 'bad character range'],
  ['[z-a]', 'bad character range'],
  ['(a', 'missing ), unterminated subpattern'],
  ['a)', 'unbalanced parenthesis'],
  ['(?<n>a)', 'unknown extension ?<n'],
  ['(?Q)', 'unknown extension ?Q'],
  ['(?a)(?u)x', 'ASCII and UNICODE flags are incompatible'],
  ['(?L)x', "cannot use 'L' flag with a str pattern"],
  ['(?-i)x', 'missing :'],
  ['(?i-i:x)', 'flag turned on and off'],
  ['(?#x', 'missing ), unterminated comment'],
];

for (const [pattern, message] of PYTHON_ERRORS) {
  test(`rejects what Python rejects: ${pattern}`, () => {
    assert.throws(
      () => translatePyRegex(pattern, { multiline: false }),
      (err: unknown) => err instanceof PyRegexSyntaxError && err.code === 'ERR_FILTER_REGEX' && err.message.includes(message),
    );
  });
}

/** Valid Python that has no faithful JS form: refused, naming the construct and its position. */
const UNSUPPORTED: readonly (readonly [string, string, number])[] = [
  ['(?x)a b', '(?x)', 0],
  ['ab(?t:c)', '(?t)', 2],
  ['(?i)(?P<a>x)(?P=a)', '\\1', 12],
  ['x(?:|a)*', 'repeat of a part that can match empty', 1],
  ['(?:(?P<a>a?))*', 'repeat of a part that can match empty (group a)', 0],
  ['\\N{SNOWMAN}', '\\N{SNOWMAN}', 0],
  ['(?:a(?P<g>b)?c)+(?(g)X|Y)', '(?(...)...)', 0],
  ['(?=(?P<a>x)|y)\\w(?(a)1|2)', '(?(...)...)', 0],
];

for (const [pattern, construct, position] of UNSUPPORTED) {
  test(`refuses what JS cannot mirror: ${pattern}`, () => {
    assert.throws(
      () => translatePyRegex(pattern, { multiline: false }),
      (err: unknown) =>
        err instanceof UnsupportedRegexError &&
        err.code === 'ERR_FILTER_UNSUPPORTED' &&
        err.construct === construct &&
        err.position === position,
    );
  });
}

test('emits a u-flag regex without JS i/m/s flags', () => {
  const t = translatePyRegex('(?ims)^a.b$', { multiline: false });
  assert.equal(t.flags, 'u');
  assert.doesNotThrow(() => compileTranslated(t));
});

test('reports named groups in Python order and maps copies made for conditionals', () => {
  const t = translatePyRegex('(?P<x>a)?(?P<user>\\w+)(?(x)!|\\?)', { multiline: false });
  assert.deepEqual(t.groupNames, ['x', 'user']);
  assert.deepEqual(t.groupAliases.user, ['user', 'user$2']);
  const m = compileTranslated(t).exec('bob?') as RegExpExecArray;
  assert.deepEqual(pyGroupDict(m, t), { x: undefined, user: 'bob' });
});

test('a back-reference after a copied group refers to whichever copy matched', () => {
  const t = translatePyRegex('(?P<x>a)?(?P<w>\\w)(?(x)!|\\?)(?P=w)', { multiline: false });
  const re = compileTranslated(t);
  assert.equal(re.exec('ab!b')?.[0], 'ab!b');
  assert.equal(re.exec('c?c')?.[0], 'c?c');
  assert.equal(re.exec('c?d'), null);
});

test('loops beyond the unrolled depth are re-run deeper to read the last value', () => {
  const t = translatePyRegex('(?:(?P<a>a\\d)|b)*', { multiline: false });
  assert.ok(t.loopTails.length > 0);
  const text = `${'b'.repeat(10)}a1${'b'.repeat(20)}a2${'b'.repeat(40)}`;
  const m = compileTranslated(t).exec(text) as RegExpExecArray;
  assert.deepEqual(pyGroupDict(m, t), { a: 'a2' });
});

test('\\b next to a literal word character needs a single look-behind only', () => {
  assert.equal(translatePyRegex('\\bfoo', { multiline: false }).source, '(?<![\\p{L}\\p{N}_])foo');
});

test('leaves patterns without Python-only constructs recognisable', () => {
  assert.equal(translatePyRegex('^Host (?P<ip>[0-9.]+) failed$', { multiline: false }).source, '^Host (?<ip>[.0-9]+) failed(?=\\n?$)');
});
