/**
 * Attack lines for the daemon benchmark: Asterisk file-logger failure lines (chan_sip and PJSIP) with
 * the current local time, and distinct addresses from ranges no real host uses.
 */

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

let cachedSecond = NaN;
let cachedStamp = '';

/** `[YYYY-MM-DD HH:MM:SS]` in local time, as Asterisk's `dateformat=%F %T` writes it. */
export function asteriskStamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedStamp = formatStamp(ms);
  }
  return cachedStamp;
}

function formatStamp(ms: number): string {
  const d = new Date(ms);
  return `[${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}]`;
}

export function chanSipLine(ms: number, ip: string): string {
  return `${asteriskStamp(ms)} NOTICE[2711] chan_sip.c: Registration from '"100" <sip:100@pbx.example.com>' failed for '${ip}:5060' - Wrong password`;
}

export function pjsipLine(ms: number, ip: string): string {
  const addr = ip.includes(':') ? `[${ip}]:5060` : `${ip}:5060`;
  return `${asteriskStamp(ms)} NOTICE[3021] res_pjsip/pjsip_distributor.c: Request 'REGISTER' from '"100" <sip:100@pbx.example.com>' failed for '${addr}' (callid: a84b4c76e66710) - Failed to authenticate`;
}

/** The k-th IPv4 address of 100.64.0.0/10 (shared address space, 4 194 304 addresses). */
export function ipv4(k: number): string {
  const n = 0x64400000 + k;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The k-th IPv6 address of 2001:db8::/32 (documentation range). */
export function ipv6(k: number): string {
  return `2001:db8:${(k >>> 16).toString(16)}:${(k & 0xffff).toString(16)}::1`;
}

/**
 * The k-th distinct attacker: even k chan_sip over IPv4, odd k PJSIP (over IPv6 when `withIpv6`,
 * else IPv4), so both line shapes and, if asked, both address families are exercised.
 */
export function attacker(k: number, withIpv6: boolean): { ip: string; line: (ms: number) => string } {
  if (k % 2 === 0) {
    const ip = ipv4(k);
    return { ip, line: (ms) => chanSipLine(ms, ip) };
  }
  const ip = withIpv6 ? ipv6(k) : ipv4(k);
  return { ip, line: (ms) => pjsipLine(ms, ip) };
}
