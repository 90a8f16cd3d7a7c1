/**
 * fail2ban's regex tags (`<HOST>`, `<ADDR>`, `<F-USER>...</F-USER>`, `<SKIPLINES>`, ...) expanded into
 * Python-syntax regex text, ready for translatePyRegex. Group names are fail2ban's (`ip4`, `ip6`,
 * `dns`, `cidr`, `fid`, `user`, ...); the address sub-patterns are warden's own.
 */

export interface RegexTagOptions {
  /** `no` leaves `<HOST>` to IP addresses only; any other value also accepts a host name (`dns`). */
  readonly usedns: 'yes' | 'no' | 'warn' | 'raw';
  /** Kept for symmetry with the translator; tag expansion itself does not depend on it. */
  readonly multiline: boolean;
}

const HEX = '[0-9a-fA-F]{1,4}';
/** IPv4 as four 1-3 digit parts (range is checked later by parseIpLiteral), after an optional `::ffff:`. */
const IP4 = '(?:::[fF]{4}:)?(?P<ip4>[0-9]{1,3}(?:\\.[0-9]{1,3}){3})';
/**
 * IPv6 (RFC 4291 text forms): eight groups, or up to seven around one `::`. Every part is greedy and
 * the `::` can only sit in one place, so a match keeps the whole address yet can give back a
 * trailing `:port` group by group. The group count around `::` is not checked here (parseIpLiteral does).
 */
const HEX_GROUPS = `${HEX}(?::${HEX}){0,6}`;
const IP6 = `(?P<ip6>(?:${HEX}:){7}${HEX}|(?:${HEX_GROUPS})?::(?:${HEX_GROUPS})?)`;
/** A host name: word characters, dots and dashes, ending in a word character. */
const DNS = '(?P<dns>[\\w.-]*\\w)';
const CIDR = '(?P<cidr>[0-9]+)';
const ADDR = `\\[?(?:${IP4}|${IP6})\\]?`;
const SUBNET = `\\[?(?:${IP4}|${IP6})(?:/${CIDR})?\\]?`;

/** Tags with a fixed expansion; `F-xxx/` is the self-closing form. */
const FIXED: Readonly<Record<string, string>> = {
  IP4,
  'F-IP4/': IP4,
  IP6,
  'F-IP6/': IP6,
  ADDR,
  'F-ADDR/': ADDR,
  CIDR,
  'F-CIDR/': CIDR,
  SUBNET,
  'F-SUBNET/': SUBNET,
  DNS,
  'F-DNS/': DNS,
  'F-ID/': '(?P<fid>\\S+)',
  'F-PORT/': '(?P<fport>\\w+)',
};

/** `<F-ID>` captures into `fid`, `<F-PORT>` into `fport`; every other name is lower-cased. */
const NAME_MAP: Readonly<Record<string, string>> = { id: 'fid', port: 'fport' };

/** Any `<tag>`, `</tag>` or `<tag/>` made of word characters and dashes (Python `\w`, Unicode). */
const TAG = /<\/?[\p{L}\p{N}_-]+\/?>/gu;
const CUSTOM = /^(\/?)F-([A-Z0-9_-]+)$/;

/** Expands fail2ban regex tags; unknown tags and unmatched closing tags are left as written. */
export function expandRegexTags(regex: string, opts: RegexTagOptions): string {
  const opened = new Set<string>();
  let skiplines = 0;
  return regex.replace(TAG, (tag) => {
    const name = tag.slice(1, -1);
    if (name === 'HOST') return opts.usedns === 'no' ? ADDR : `(?:${ADDR}|${DNS})`;
    if (name === 'SKIPLINES') return `\\n(?P<skiplines${skiplines++}>(?:.*\\n)*?)`;
    const fixed = FIXED[name];
    if (fixed !== undefined) return fixed;
    const custom = CUSTOM.exec(name);
    if (custom === null) return tag;
    const [, closing, tagName] = custom;
    if (closing === '/') return opened.has(tagName) ? ')' : tag;
    opened.add(tagName);
    const lower = tagName.toLowerCase();
    return `(?P<${NAME_MAP[lower] ?? lower}>`;
  });
}
