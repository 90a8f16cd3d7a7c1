/**
 * Test helper: does a UDP packet from one lab namespace reach the server namespace? A listener in
 * `server` prints the payload of every datagram it receives; senders are one-shot node processes.
 */
import { once } from 'node:events';
import { ADDRESSES, waitUntil, type Lab, type Role } from './netns-lab.js';
import type { Family } from './sipp-register.js';

export const PROBE_PORT = 5099;

const LISTENER = `const dgram = require('node:dgram');
let ready = 0;
for (const [type, addr] of [['udp4', process.argv[1]], ['udp6', process.argv[2]]]) {
  const s = dgram.createSocket(type === 'udp6' ? { type, ipv6Only: true } : { type });
  s.on('message', (m) => console.log('got ' + m.toString()));
  s.bind(${PROBE_PORT}, addr, () => { if (++ready === 2) console.log('ready'); });
}`;

const SENDER = `const dgram = require('node:dgram');
const [type, addr, payload] = process.argv.slice(1);
const s = dgram.createSocket(type);
s.send(payload, ${PROBE_PORT}, addr, (err) => { s.close(); if (err) { console.error(err.message); process.exit(1); } });`;

export interface UdpProbe {
  /** Send `payload` from `role` to the server; resolves once the datagram has left. */
  send(role: Role, family: Family, payload: string): Promise<void>;
  /** Whether the listener has received `payload`. */
  received(payload: string): boolean;
  /** Wait (bounded) until `payload` arrived; throws naming it otherwise. */
  waitReceived(payload: string, timeoutMs?: number): Promise<void>;
}

export async function startUdpProbe(lab: Lab): Promise<UdpProbe> {
  const { v4, v6 } = ADDRESSES.server;
  const listener = lab.spawn('server', [process.execPath, '-e', LISTENER, v4, v6]);
  let output = '';
  listener.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  listener.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(listener, 'exit');
  await Promise.race([
    waitUntil('the UDP listener in the server namespace', () => output.includes('ready'), 5000, () => output),
    exited.then(() => { throw new Error(`UDP listener exited: ${output}`); }),
  ]);
  const received = (payload: string): boolean => output.split('\n').includes(`got ${payload}`);
  return {
    async send(role, family, payload) {
      const type = family === 'v4' ? 'udp4' : 'udp6';
      const res = await lab.runAsync(role, [process.execPath, '-e', SENDER, type, ADDRESSES.server[family], payload], { timeoutMs: 5000 });
      if (res.code !== 0) throw new Error(`UDP send from ${role} failed: ${res.stderr}`);
    },
    received,
    waitReceived: (payload, timeoutMs = 3000) => waitUntil(`UDP payload ${payload} at the server`, () => received(payload), timeoutMs, () => output).then(() => undefined),
  };
}
