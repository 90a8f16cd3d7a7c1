/**
 * Ordinary (non-failure) lines for the synthetic Asterisk log: dialplan and channel chatter, qualify
 * and contact status, registrations, AMI logins, warnings, and near-misses the asterisk filter must not match.
 */
import { drawAddress, lanAddress, sourcePort } from './address-pools.js';
import { eventTv, noticePrefix, sipCallId, USERS, type LineContext, type LineShape } from './line-context.js';

const APPS = ['Answer("$CH", "")', 'Set("$CH", "CALLERID(name)=Reception")', 'Dial("$CH", "PJSIP/$EXT,30,tT")', 'Macro("$CH", "exten-vm,novm,$EXT,0,0,0")', 'NoOp("$CH", "Outbound call")', 'Wait("$CH", "1")', 'Hangup("$CH", "")'];
const CONTEXTS = ['from-internal', 'macro-dial', 'from-trunk', 'ext-local'];
const TRUNKS = ['trunk-out', 'provider-a', 'siptrunk'];

function channel(ctx: LineContext, ext: string): string {
  return `PJSIP/${ext}-${ctx.rng.hex(8)}`;
}

function verbose(ctx: LineContext, file: string, msg: string, withCall = true): string {
  return `VERBOSE[${ctx.lwp}]${withCall ? `[${ctx.callId}]` : ''} ${file}: ${msg}`;
}

function executing(ctx: LineContext): string {
  const { rng } = ctx;
  const ext = rng.pick(USERS.slice(0, 10));
  const app = rng.pick(APPS).replace('$CH', channel(ctx, rng.pick(USERS.slice(0, 10)))).replace('$EXT', ext);
  return verbose(ctx, 'pbx.c', `Executing [${ext}@${rng.pick(CONTEXTS)}:${rng.range(1, 12)}] ${app} in new stack`);
}

function dialProgress(ctx: LineContext): string {
  const { rng } = ctx;
  const ext = rng.pick(USERS.slice(0, 10));
  const kind = rng.int(4);
  if (kind === 0) return verbose(ctx, 'app_dial.c', `Called PJSIP/${ext}/sip:${ext}@${lanAddress(rng)}:5060`);
  if (kind === 1) return verbose(ctx, 'app_dial.c', `${channel(ctx, ext)} is ringing`);
  if (kind === 2) return verbose(ctx, 'app_dial.c', `${channel(ctx, ext)} answered ${channel(ctx, '100')}`);
  return verbose(ctx, 'pbx.c', `Spawn extension (from-internal, ${ext}, 1) exited non-zero on '${channel(ctx, ext)}'`);
}

function bridge(ctx: LineContext): string {
  const uuid = `${ctx.rng.hex(8)}-${ctx.rng.hex(4)}-${ctx.rng.hex(4)}-${ctx.rng.hex(4)}-${ctx.rng.hex(12)}`;
  const verb = ctx.rng.chance(0.5) ? 'joined' : 'left';
  return verbose(ctx, 'bridge_channel.c', `Channel ${channel(ctx, ctx.rng.pick(USERS.slice(0, 10)))} ${verb} 'simple_bridge' basic-bridge <${uuid}>`);
}

function contactStatus(ctx: LineContext): string {
  const { rng } = ctx;
  const ext = rng.pick(USERS.slice(0, 10));
  const contact = `${ext}/sip:${ext}@${lanAddress(rng)}:${rng.range(5060, 5090)};ob`;
  if (rng.chance(0.85)) return verbose(ctx, 'res_pjsip/pjsip_options.c', `Contact ${contact} is now Reachable. RTT: ${rng.range(1, 90)}.${rng.range(100, 999)} msec`, false);
  return verbose(ctx, 'res_pjsip/pjsip_options.c', `Contact ${contact} is now Unreachable. RTT: 0.000 msec`, false);
}

function registrar(ctx: LineContext): string {
  const { rng } = ctx;
  const ext = rng.pick(USERS.slice(0, 10));
  const uri = `sip:${ext}@${lanAddress(rng)}:${rng.range(5060, 5090)};ob`;
  const msg = rng.chance(0.8) ? `Added contact '${uri}' to AOR '${ext}' with expiration of 300 seconds` : `Removed contact '${uri}' from AOR '${ext}' due to request`;
  return verbose(ctx, 'res_pjsip_registrar.c', msg, false);
}

function peerQualify(ctx: LineContext): string {
  const { rng } = ctx;
  const peer = rng.pick(TRUNKS);
  const msg = rng.chance(0.8) ? `Peer '${peer}' is now Reachable. (${rng.range(5, 80)}ms / 2000ms)` : `Peer '${peer}' is now UNREACHABLE!  Last qualify: ${rng.range(5, 80)}`;
  return `${noticePrefix(ctx, 'chan_sip.c')} ${msg}`;
}

function warning(ctx: LineContext): string {
  const { rng } = ctx;
  const kind = rng.int(3);
  if (kind === 0) {
    const msg = `Retransmission timeout reached on transmission ${sipCallId(ctx)} for seqno ${rng.range(1, 200)} (Critical Response) -- See https://wiki.asterisk.org/wiki/display/AST/SIP+Retransmissions`;
    return `WARNING[${ctx.lwp}][${ctx.callId}] chan_sip.c: ${msg}`;
  }
  if (kind === 1) return `WARNING[${ctx.lwp}][${ctx.callId}] res_rtp_asterisk.c: RTP Read too short`;
  return `WARNING[${ctx.lwp}] taskprocessor.c: The 'stasis/m:manager:core-0000000${rng.int(9)}' task processor queue reached 500 scheduled tasks again.`;
}

function managerSession(ctx: LineContext): string {
  const how = ctx.rng.pick(['logged on from', 'logged off from']);
  return verbose(ctx, 'manager.c', `Manager 'admin' ${how} 127.0.0.1`, false);
}

function remoteConsole(ctx: LineContext): string {
  return verbose(ctx, 'asterisk.c', ctx.rng.chance(0.5) ? 'Remote UNIX connection' : 'Remote UNIX connection disconnected', false);
}

/** SuccessfulAuth / ChallengeSent: security events the filter deliberately does not ban on. */
function benignSecurityEvent(ctx: LineContext): string {
  const { rng } = ctx;
  const name = rng.chance(0.5) ? 'SuccessfulAuth' : 'ChallengeSent';
  const extra = name === 'SuccessfulAuth' ? 'UsingPassword="1"' : `Challenge="${rng.hex(8)}"`;
  const fields = `AccountID="${rng.pick(USERS.slice(0, 10))}",SessionID="${sipCallId(ctx)}",LocalAddress="IPV4/UDP/203.0.113.10/5060",RemoteAddress="IPV4/UDP/${lanAddress(rng)}/5060",${extra}`;
  return `SECURITY[${ctx.lwp}] res_security_log.c: SecurityEvent="${name}",EventTV="${eventTv(ctx.time, rng)}",Severity="Informational",Service="PJSIP",EventVersion="1",${fields}`;
}

/** Lines that look like failures but which fail2ban 1.0.2's asterisk filter does not match. */
function nearMiss(ctx: LineContext): string {
  const { rng } = ctx;
  const ip = drawAddress(rng, ctx.pools.v4);
  const kind = rng.int(4);
  if (kind === 0) {
    const reason = rng.chance(0.5) ? 'Device not configured to use this transport type' : 'RTP initialization failed';
    return `${noticePrefix(ctx, 'chan_sip.c')} Registration from '<sip:100@203.0.113.10>' failed for '${ip}:${sourcePort(rng)}' - ${reason}`;
  }
  if (kind === 1) {
    const tail = `(callid: ${sipCallId(ctx)}) - No matching endpoint found after 5 tries in ${rng.range(1, 4999)}.${rng.range(100, 999)} ms`;
    return `${noticePrefix(ctx, 'res_pjsip/pjsip_distributor.c')} Request 'REGISTER' from '<sip:100@203.0.113.10>' failed for '${ip}:${sourcePort(rng)}' ${tail}`;
  }
  if (kind === 2) return `${noticePrefix(ctx, 'chan_sip.c')} Failed to authenticate on REGISTER to '"trunk" <sip:4420@sip.provider.example>' (Tries 3)`;
  return `${noticePrefix(ctx, 'manager.c')} ${ip} failed to pass IP ACL as 'admin'`;
}

function noise(name: string, make: (ctx: LineContext) => string): LineShape {
  return { name, build: (ctx) => ({ body: make(ctx), ip: null }) };
}

/** Noise shapes and their share of the noise (percent). */
export const NOISE_MIX: readonly (readonly [LineShape, number])[] = [
  [noise('verbose dialplan', executing), 40],
  [noise('verbose dial progress', dialProgress), 15],
  [noise('verbose bridge', bridge), 6],
  [noise('pjsip contact status', contactStatus), 8],
  [noise('pjsip registrar', registrar), 8],
  [noise('chan_sip qualify notice', peerQualify), 5],
  [noise('warning', warning), 6],
  [noise('ami session', managerSession), 3],
  [noise('remote console', remoteConsole), 1],
  [noise('security benign', benignSecurityEvent), 4],
  [noise('near-miss', nearMiss), 4],
];
