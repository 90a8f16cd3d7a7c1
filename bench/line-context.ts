/**
 * What a synthetic log line builder gets (randomness, clock, thread and call ids, address pools) and
 * returns (the line after its `[date] ` stamp, plus the failure address it must yield, if any).
 */
import type { AddressPools } from './address-pools.js';
import type { Rng } from './seeded-random.js';

export interface LineContext {
  readonly rng: Rng;
  readonly pools: AddressPools;
  /** Time of the line, unix seconds (wall clock as printed, read as UTC). */
  readonly time: number;
  /** Asterisk thread id (`lwp`). */
  readonly lwp: number;
  /** Call id of the current call thread, `C-0000abcd` (without brackets). */
  readonly callId: string;
}

export interface BuiltLine {
  /** The line without the leading `[YYYY-MM-DD HH:MM:SS] `. */
  readonly body: string;
  /** The address fail2ban's asterisk filter reports for this line (normalised), or null for noise. */
  readonly ip: string | null;
}

export interface LineShape {
  /** Short stable name, used in the mix table and the generator's statistics. */
  readonly name: string;
  readonly build: (ctx: LineContext) => BuiltLine;
}

export const USERS = ['100', '101', '1000', '1001', '1002', '2000', '200', '300', '5000', '9999', '12345', 'admin', 'test', 'guest', 'sip', 'user', 'asterisk', 'operator', 'support', '99'];
export const PBX_NAMES = ['pbx.example.com', 'voip.example.net', '203.0.113.10'];

export function noticePrefix(ctx: LineContext, file: string, withCall = false): string {
  return `NOTICE[${ctx.lwp}]${withCall ? `[${ctx.callId}]` : ''} ${file}:`;
}

/** A SIP Call-ID as real clients send them: bare hex, hex@host, or base64-ish with dots. */
export function sipCallId(ctx: LineContext): string {
  const { rng } = ctx;
  const kind = rng.int(3);
  if (kind === 0) return rng.hex(32);
  if (kind === 1) return `${rng.hex(8)}-${rng.hex(6)}-${rng.hex(8)}@${rng.pick(PBX_NAMES)}`;
  return `${rng.hex(22)}..`;
}

/** Security-event EventTV in the 12+ ISO shape, `2024-05-06T10:00:06.123+0000`. */
export function eventTv(time: number, rng: Rng): string {
  const iso = new Date(time * 1000).toISOString().slice(0, 19);
  return `${iso}.${String(rng.int(1000)).padStart(3, '0')}+0000`;
}
