/**
 * The control protocol on the wire (pure): one JSON object per line. Requests are checked against
 * the command table; anything wrong becomes an ERR_BAD_REQUEST (or ERR_BAD_IP) reply, never a throw.
 */
import type { ErrorCode } from '../core/errors.js';
import { checkVerbArgs, findVerb, type VerbSpec } from './protocol.js';

/** Longest request line the server reads (bytes, newline excluded). */
export const MAX_REQUEST_BYTES = 1024 * 1024;

export type RequestId = number | string | null;

export interface ControlRequest {
  readonly id: RequestId;
  readonly verb: string;
  readonly args: readonly string[];
}

export interface WireError {
  readonly code: string;
  readonly message: string;
}

export type ControlReply =
  | { readonly id: RequestId; readonly ok: true; readonly result: unknown }
  | { readonly id: RequestId; readonly ok: false; readonly error: WireError };

/** A request ready for dispatch (verb found, args checked and normalised), or the reply to send instead. */
export type DecodedRequest =
  | { readonly ok: true; readonly id: RequestId; readonly spec: VerbSpec; readonly args: string[] }
  | { readonly ok: false; readonly reply: ControlReply };

export function encodeRequest(request: ControlRequest): string {
  return JSON.stringify({ id: request.id, verb: request.verb, args: request.args }) + '\n';
}

export function errorReply(id: RequestId, code: ErrorCode, message: string): ControlReply {
  return { id, ok: false, error: { code, message } };
}

/** One reply line. Throws (TypeError) when result cannot be serialised: the server reports that. */
export function encodeReply(reply: ControlReply): string {
  const body = reply.ok
    ? { id: reply.id, ok: true, result: reply.result === undefined ? null : reply.result }
    : { id: reply.id, ok: false, error: { code: reply.error.code, message: reply.error.message } };
  return JSON.stringify(body) + '\n';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isId(v: unknown): v is RequestId {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

const bad = (id: RequestId, message: string): DecodedRequest => ({ ok: false, reply: errorReply(id, 'ERR_BAD_REQUEST', message) });

function parseJson(line: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(line) };
  } catch {
    return null;
  }
}

/** Decodes and checks one request line (newline excluded). */
export function decodeRequest(line: string): DecodedRequest {
  const parsed = parseJson(line);
  if (parsed === null) return bad(null, 'request is not valid JSON');
  const msg = parsed.value;
  if (!isRecord(msg)) return bad(null, 'request must be a JSON object {"id", "verb", "args"}');
  const id = msg.id === undefined ? null : msg.id;
  if (!isId(id)) return bad(null, 'request id must be a number, a string or null');
  if (typeof msg.verb !== 'string') return bad(id, 'request has no "verb" string');
  const spec = findVerb(msg.verb);
  if (!spec) return bad(id, `unknown verb '${msg.verb.slice(0, 100)}'`);
  const args = msg.args === undefined ? [] : msg.args;
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
    return bad(id, `${spec.verb}: "args" must be an array of strings`);
  }
  const checked = checkVerbArgs(spec, args);
  if (!checked.ok) return { ok: false, reply: errorReply(id, checked.code, checked.message) };
  return { ok: true, id, spec, args: checked.args };
}

/** Decodes one reply line; null when it is not a well-formed reply. */
export function decodeReply(line: string): ControlReply | null {
  const parsed = parseJson(line);
  if (parsed === null || !isRecord(parsed.value)) return null;
  const { id, ok, result, error } = parsed.value;
  if (!isId(id === undefined ? null : id)) return null;
  const rid = (id ?? null) as RequestId;
  if (ok === true) return { id: rid, ok: true, result };
  if (ok !== false || !isRecord(error)) return null;
  if (typeof error.code !== 'string' || typeof error.message !== 'string') return null;
  return { id: rid, ok: false, error: { code: error.code, message: error.message } };
}
