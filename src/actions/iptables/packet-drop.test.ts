import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test, type TestContext } from 'node:test';
import { createIpsetAction } from './ipset-action.js';
import { createIptablesAction } from './iptables-action.js';
import { ban, freshNetns, memoryLogger, type TestNs } from './netns-kit.js';
import { resetConntrackCheck } from '../conntrack.js';

const TOOLS = ['iptables', 'ip6tables', 'iptables-restore', 'ip6tables-restore', 'iptables-save', 'ip6tables-save'];
const A4 = '10.200.0.1';
const B4 = '10.200.0.2';
const A6 = 'fd00:200::1';
const B6 = 'fd00:200::2';
const PORT = 5060;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Attacker namespace A and server namespace B joined by a veth pair, IPv4 and IPv6. */
async function pair(t: TestContext, tools: readonly string[]): Promise<{ a: TestNs; b: TestNs } | null> {
  const a = await freshNetns(t, tools);
  if (a === null) return null;
  const b = await freshNetns(t, tools);
  if (b === null) return null;
  await a.out('ip', 'link', 'add', 'wa', 'type', 'veth', 'peer', 'name', 'wb', 'netns', b.name);
  for (const [ns, dev, v4, v6] of [[a, 'wa', A4, A6], [b, 'wb', B4, B6]] as const) {
    await ns.out('ip', 'addr', 'add', `${v4}/24`, 'dev', dev);
    await ns.out('ip', '-6', 'addr', 'add', `${v6}/64`, 'dev', dev, 'nodad');
    await ns.out('ip', 'link', 'set', dev, 'up');
  }
  // IPv6 routes appear once the link has carrier: wait for them on both sides.
  for (const [ns, peer] of [[a, B6], [b, A6]] as const) {
    for (let k = 0; k < 60 && (await ns.run('ip', '-6', 'route', 'get', peer)).code !== 0; k++) await sleep(50);
  }
  return { a, b };
}

/** A UDP listener in `ns` on both families; returns the sources of the datagrams it got so far. */
async function listen(t: TestContext, ns: TestNs): Promise<() => string[]> {
  const script = `const d=require('dgram');for(const f of ['udp4','udp6']){const s=d.createSocket({type:f,ipv6Only:f==='udp6'});` +
    `s.on('message',(m,r)=>console.log('got '+r.address+' '+m));s.bind(${PORT},()=>console.log('ready '+f));}`;
  const child = spawn('ip', ['netns', 'exec', ns.name, process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => void child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  for (let k = 0; k < 100 && (out.match(/ready/g) ?? []).length < 2; k++) await sleep(50);
  return () => out.split('\n').filter((l) => l.startsWith('got ')).map((l) => l.split(' ')[2]);
}

/** Sends one datagram from `ns` and waits a little for it to arrive (or not). */
async function send(ns: TestNs, to: string, text: string): Promise<void> {
  const family = to.includes(':') ? 'udp6' : 'udp4';
  const script = `const s=require('dgram').createSocket('${family}');s.send('${text}',${PORT},'${to}',(e)=>{s.close();if(e)throw e;});`;
  await ns.out(process.execPath, '-e', script);
  await sleep(200);
}

test('a banned address (IPv4 and IPv6) gets no datagram through; after the unban it does again', async (t) => {
  const net = await pair(t, TOOLS);
  if (net === null) return;
  const received = await listen(t, net.b);
  const action = createIptablesAction({ jail: 'asterisk', name: 'ASTERISK', protocol: 'all', allports: true }, { logger: memoryLogger(), exec: net.b.exec });
  await action.start();
  await send(net.a, B4, 'before4');
  await send(net.a, B6, 'before6');
  assert.deepEqual(received(), ['before4', 'before6']);
  await action.ban([ban(A4), ban(A6)], { restored: false });
  await send(net.a, B4, 'banned4');
  await send(net.a, B6, 'banned6');
  assert.deepEqual(received(), ['before4', 'before6']);
  await action.unban([ban(A4), ban(A6)]);
  await send(net.a, B4, 'after4');
  await send(net.a, B6, 'after6');
  assert.deepEqual(received(), ['before4', 'before6', 'after4', 'after6']);
});

test('the ipset variant drops a banned address on the jail port until the kernel timeout lifts the ban', async (t) => {
  const net = await pair(t, [...TOOLS, 'ipset']);
  if (net === null) return;
  const received = await listen(t, net.b);
  const action = createIpsetAction({ jail: 'sip', name: 'sip', port: '5060,5061', protocol: 'udp', blocktype: 'DROP' }, { logger: memoryLogger(), exec: net.b.exec });
  await action.start();
  await action.ban([ban(A4, 2)], { restored: false });
  await send(net.a, B4, 'banned');
  assert.deepEqual(received(), []);
  await sleep(2600);
  await send(net.a, B4, 'expired');
  assert.deepEqual(received(), ['expired']);
});

test('conntrackFlush removes the tracked flows of a newly banned address', async (t) => {
  const net = await pair(t, [...TOOLS, 'conntrack']);
  if (net === null) return;
  resetConntrackCheck();
  await listen(t, net.b);
  // A stateful rule makes the namespace track connections (as on a real server).
  await net.b.out('iptables', '-w', '-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT');
  const action = createIptablesAction({ jail: 'j', name: 'j', protocol: 'all', allports: true, conntrackFlush: true }, { logger: memoryLogger(), exec: net.b.exec });
  await action.start();
  await send(net.a, B4, 'flow');
  const flows = async (): Promise<string> => (await net.b.run('conntrack', '-L', '-s', A4)).stdout;
  assert.match(await flows(), /src=10\.200\.0\.1 dst=10\.200\.0\.2/);
  await action.ban([ban(A4)], { restored: false });
  assert.equal((await flows()).trim(), '');
});
