/**
 * Failure lines for the synthetic Asterisk log: only shapes fail2ban 1.0.2's stock asterisk filter
 * matches (checked by gen-asterisk-log.test.ts against fail2ban-regex), each returning the address it must yield.
 */
import { drawAddress, sourcePort } from './address-pools.js';
import { eventTv, noticePrefix, PBX_NAMES, sipCallId, USERS, type BuiltLine, type LineContext, type LineShape } from './line-context.js';
import { draw, weighted } from './seeded-random.js';

const SIP_REASONS = weighted([
  ['Wrong password', 70], ['No matching peer found', 10], ['Username/auth name mismatch', 5], ['Not a local domain', 4],
  ['Device does not match ACL', 4], ['Peer is not supposed to register', 4], ['ACL error (permit/deny)', 3],
]);
const PJSIP_REASONS = weighted([
  ['No matching endpoint found', 50], ['Failed to authenticate', 40], ['Not match Endpoint ACL', 4],
  ['Not match Endpoint Contact ACL', 3], ['Error to authenticate', 3],
]);
const PJSIP_METHODS = weighted([['REGISTER', 75], ['INVITE', 20], ['OPTIONS', 5]]);
const EXTENSIONS = ['011972595', '9011441772285411', '00441613941234', '+4420376902', '900972592', '1000', 's'];
const CONTEXTS = ['default', 'from-external', 'public', 'from-sip-external'];

function v4(ctx: LineContext): string {
  return drawAddress(ctx.rng, ctx.pools.v4);
}

function v6(ctx: LineContext): string {
  return drawAddress(ctx.rng, ctx.pools.v6);
}

function toHeader(ctx: LineContext, user: string): string {
  const host = ctx.rng.pick(PBX_NAMES);
  const kind = ctx.rng.int(3);
  if (kind === 0) return `<sip:${user}@${host}>`;
  if (kind === 1) return `"${user}"<sip:${user}@${host}>`;
  return `sip:${user}@${host};transport=UDP`;
}

/** chan_sip handle_request_register; `addr` is `ip`, `ip:port` or `[ip6]:port` by Asterisk version. */
function sipRegistration(ctx: LineContext, addr: string, ip: string): BuiltLine {
  const to = toHeader(ctx, ctx.rng.pick(USERS));
  const body = `${noticePrefix(ctx, 'chan_sip.c')} Registration from '${to}' failed for '${addr}' - ${draw(ctx.rng, SIP_REASONS)}`;
  return { body, ip };
}

function pjsipFrom(ctx: LineContext): string {
  const user = ctx.rng.pick(USERS);
  const host = ctx.rng.pick(PBX_NAMES);
  return ctx.rng.chance(0.5) ? `"${user}" <sip:${user}@${host}>` : `<sip:${user}@${host}>`;
}

/** res_pjsip log_failed_request (13.10+ with the method; 13.0-13.9 without it). */
function pjsipRequest(ctx: LineContext, addr: string, ip: string): BuiltLine {
  const { rng } = ctx;
  const method = rng.chance(0.02) ? '' : `'${draw(rng, PJSIP_METHODS)}' `;
  const tail = `failed for '${addr}:${sourcePort(rng)}' (callid: ${sipCallId(ctx)}) - ${draw(rng, PJSIP_REASONS)}`;
  return { body: `${noticePrefix(ctx, 'res_pjsip/pjsip_distributor.c')} Request ${method}from '${pjsipFrom(ctx)}' ${tail}`, ip };
}

function callRejected(ctx: LineContext, sip: boolean): BuiltLine {
  const { rng } = ctx;
  const ip = v4(ctx);
  const who = sip ? `'' (${ip}:${sourcePort(rng)})` : `'anonymous' (${rng.pick(['UDP', 'TCP'])}:${ip}:${sourcePort(rng)})`;
  const file = sip ? 'chan_sip.c' : 'res_pjsip_session.c';
  const tail = `to extension '${rng.pick(EXTENSIONS)}' rejected because extension not found in context '${rng.pick(CONTEXTS)}'.`;
  return { body: `${noticePrefix(ctx, file, true)} Call from ${who} ${tail}`, ip };
}

function iaxFailure(ctx: LineContext): BuiltLine {
  const { rng } = ctx;
  const ip = v4(ctx);
  const user = rng.pick(USERS);
  const kind = rng.int(3);
  const msg = kind === 0 ? `Host ${ip} failed to authenticate as '${user}'`
    : kind === 1 ? `Host ${ip} failed MD5 authentication for '${user}' (${rng.hex(32)} != ${rng.hex(32)})`
      : `No registration for peer '${user}' (from ${ip})`;
  return { body: `${noticePrefix(ctx, 'chan_iax2.c')} ${msg}`, ip };
}

function amiFailure(ctx: LineContext): BuiltLine {
  const { rng } = ctx;
  const ip = rng.chance(0.2) ? v6(ctx) : v4(ctx);
  const what = rng.chance(0.5) ? 'tried to authenticate with nonexistent user' : 'failed to authenticate as';
  return { body: `${noticePrefix(ctx, 'manager.c')} ${ip} ${what} '${rng.pick(USERS)}'`, ip };
}

function remote(ctx: LineContext, transport: string): { ip: string; field: string } {
  const six = ctx.rng.chance(0.2);
  const ip = six ? v6(ctx) : v4(ctx);
  return { ip, field: `RemoteAddress="IPV${six ? 6 : 4}/${transport}/${ip}/${sourcePort(ctx.rng)}"` };
}

/** res_security_log events the filter bans on (InvalidPassword, ChallengeResponseFailed, FailedACL, InvalidAccountID). */
function securityEvent(ctx: LineContext): BuiltLine {
  const { rng, time } = ctx;
  const head = (name: string, service: string, version: number): string =>
    `SECURITY[${ctx.lwp}] res_security_log.c: SecurityEvent="${name}",EventTV="${eventTv(time, rng)}",Severity="Error",Service="${service}",EventVersion="${version}"`;
  const local = 'LocalAddress="IPV4/UDP/203.0.113.10/5060"';
  const user = rng.pick(USERS);
  const kind = rng.int(4);
  if (kind === 0) {
    const { ip, field } = remote(ctx, 'UDP');
    const tail = `Challenge="${rng.hex(8)}",ReceivedChallenge="${rng.hex(8)}",ReceivedHash="${rng.hex(32)}"`;
    return { body: `${head('InvalidPassword', 'SIP', 2)},AccountID="${user}",SessionID="0x${rng.hex(8)}",${local},${field},${tail}`, ip };
  }
  if (kind === 1) {
    const { ip, field } = remote(ctx, 'UDP');
    const tail = `Challenge="${rng.range(1e9, 2e9)}/${rng.hex(32)}",Response="${rng.hex(32)}",ExpectedResponse=""`;
    return { body: `${head('ChallengeResponseFailed', 'PJSIP', 1)},AccountID="<unknown>",SessionID="${sipCallId(ctx)}",${local},${field},${tail}`, ip };
  }
  if (kind === 2) {
    const { ip, field } = remote(ctx, 'TCP');
    const rest = `AccountID="admin",SessionID="0x${rng.hex(12)}",LocalAddress="IPV4/TCP/0.0.0.0/5038",${field},SessionTV="1970-01-01T00:00:00.000+0000"`;
    return { body: `${head('FailedACL', 'AMI', 1)},${rest}`, ip };
  }
  const { ip, field } = remote(ctx, 'UDP');
  return { body: `${head('InvalidAccountID', 'PJSIP', 1)},AccountID="${user}",SessionID="${sipCallId(ctx)}",${local},${field}`, ip };
}

/** FreePBX dialplan `Log(WARNING, ...)`: the "file" slot holds the extension. */
function rejectingUnknown(ctx: LineContext): BuiltLine {
  const ip = v4(ctx);
  return { body: `WARNING[${ctx.lwp}][${ctx.callId}] Ext. s: "Rejecting unknown SIP connection from ${ip}:${sourcePort(ctx.rng)}"`, ip };
}

/** Failure shapes and their share of the failures (percent). */
export const FAILURE_MIX: readonly (readonly [LineShape, number])[] = [
  [{ name: 'chan_sip register ip', build: (ctx) => { const ip = v4(ctx); return sipRegistration(ctx, ip, ip); } }, 4],
  [{ name: 'chan_sip register ip:port', build: (ctx) => { const ip = v4(ctx); return sipRegistration(ctx, `${ip}:${sourcePort(ctx.rng)}`, ip); } }, 25],
  [{ name: 'chan_sip register [ip6]:port', build: (ctx) => { const ip = v6(ctx); return sipRegistration(ctx, `[${ip}]:${sourcePort(ctx.rng)}`, ip); } }, 6],
  [{ name: 'pjsip request ipv4', build: (ctx) => { const ip = v4(ctx); return pjsipRequest(ctx, ip, ip); } }, 29],
  [{ name: 'pjsip request ipv6', build: (ctx) => { const ip = v6(ctx); return pjsipRequest(ctx, `[${ip}]`, ip); } }, 9],
  [{ name: 'pjsip request v4-mapped', build: (ctx) => { const ip = v4(ctx); return pjsipRequest(ctx, `[::ffff:${ip}]`, ip); } }, 2],
  [{ name: 'chan_sip call rejected', build: (ctx) => callRejected(ctx, true) }, 4],
  [{ name: 'pjsip call rejected', build: (ctx) => callRejected(ctx, false) }, 4],
  [{ name: 'iax2 auth', build: iaxFailure }, 3],
  [{ name: 'ami auth', build: amiFailure }, 4],
  [{ name: 'security event', build: securityEvent }, 8],
  [{ name: 'freepbx rejecting unknown', build: rejectingUnknown }, 2],
];
