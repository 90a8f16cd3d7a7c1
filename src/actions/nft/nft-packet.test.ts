/**
 * Real packets: a client namespace and a server namespace joined by a veth pair. UDP datagrams from
 * a banned address must be dropped by the nftables action while other addresses get through.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { BanRecord } from '../../core/records.js';
import { createNftAction } from './nft-action.js';
import { createNetns, memoryLogger, netnsUnavailable, type TestNetns } from './test-netns.js';

const skip = netnsUnavailable();
const PORT = 5060;

// Server: answers every datagram (so conntrack sees the flow as established) and prints its source.
const LISTENER = `
const dgram = require('node:dgram');
const s = dgram.createSocket({ type: 'udp6', ipv6Only: false });
s.on('message', (m, r) => { process.stdout.write(r.address.replace(/^::ffff:/, '') + ' ' + m + '\\n'); s.send('ok', r.port, r.address); });
s.bind(${PORT}, '::', () => process.stdout.write('ready\\n'));`;

// Client: sends one datagram from a given source address, from a fixed source port.
const SENDER = `
const dgram = require('node:dgram');
const [from, to, text] = process.argv.slice(1);
const s = dgram.createSocket(from.includes(':') ? 'udp6' : 'udp4');
s.bind(40000, from, () => s.send(text, ${PORT}, to, () => setTimeout(() => s.close(), 50)));`;

function ban(ip: string, bantime: number): BanRecord {
  return { jail: 'sip', ip, timeOfBan: Date.now() / 1000, bantime, banCount: 1, failures: 5, matches: [] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a banned address loses its packets (veth pair between two namespaces)', { skip: skip ?? false }, () => {
  let client: TestNetns;
  let server: TestNetns;
  let listener: ChildProcess;
  let received = '';
  let counter = 0;

  before(async () => {
    client = createNetns();
    server = createNetns();
    spawnSync('ip', ['link', 'add', 'wc0', 'netns', client.name, 'type', 'veth', 'peer', 'name', 'ws0', 'netns', server.name]);
    for (const a of ['10.200.0.1/24', '10.200.0.3/24']) client.run(['ip', 'addr', 'add', a, 'dev', 'wc0']);
    for (const a of ['fd00:200::1/64', 'fd00:200::3/64']) client.run(['ip', 'addr', 'add', a, 'dev', 'wc0', 'nodad']);
    server.run(['ip', 'addr', 'add', '10.200.0.2/24', 'dev', 'ws0']);
    server.run(['ip', 'addr', 'add', 'fd00:200::2/64', 'dev', 'ws0', 'nodad']);
    client.run(['ip', 'link', 'set', 'wc0', 'up']);
    server.run(['ip', 'link', 'set', 'ws0', 'up']);
    // The host's own firewall accepts established flows first (priority -200, before warden's -150).
    server.run(['nft', '-f', '-'], 'table inet host {\n chain input {\n type filter hook input priority -200;\n ct state established accept\n }\n}\n');
    listener = spawn(server.exec[0], [...server.exec.slice(1), 'node', '-e', LISTENER], { stdio: ['ignore', 'pipe', 'inherit'] });
    listener.stdout!.on('data', (b: Buffer) => (received += b.toString()));
    for (let i = 0; i < 100 && !received.includes('ready'); i++) await sleep(50);
    assert.ok(received.includes('ready'), 'listener up');
  });

  after(() => {
    listener?.kill('SIGKILL');
    client?.remove();
    server?.remove();
  });

  /** Sends one datagram from `from`; true when the server got it within `waitMs`. */
  async function delivered(from: string, waitMs: number): Promise<boolean> {
    const token = `t${++counter}`;
    const to = from.includes(':') ? 'fd00:200::2' : '10.200.0.2';
    client.run(['node', '-e', SENDER, from, to, token]);
    for (let waited = 0; waited <= waitMs; waited += 25) {
      if (received.includes(`${from} ${token}\n`)) return true;
      await sleep(25);
    }
    return false;
  }

  test('drop while banned (even on an established flow), pass for others, pass again after the kernel timeout', async () => {
    const logger = memoryLogger();
    const action = createNftAction(
      { jail: 'sip', protocol: 'udp', port: '5060,5061', conntrackFlush: true },
      { logger, exec: server.exec },
    );
    await action.start();
    for (const ip of ['10.200.0.1', 'fd00:200::1', '10.200.0.3']) assert.equal(await delivered(ip, 2000), true, `${ip} before the ban`);

    await action.ban([ban('10.200.0.1', 2), ban('fd00:200::1', 2)], { restored: false });
    const bannedAt = Date.now();
    assert.equal(await delivered('10.200.0.1', 400), false, 'banned IPv4 dropped');
    assert.equal(await delivered('fd00:200::1', 400), false, 'banned IPv6 dropped');
    assert.equal(await delivered('10.200.0.3', 2000), true, 'other IPv4 passes');
    assert.equal(await delivered('fd00:200::3', 2000), true, 'other IPv6 passes');

    await sleep(Math.max(0, bannedAt + 2300 - Date.now()));
    assert.equal(await delivered('10.200.0.1', 2000), true, 'IPv4 passes after the ban expired in the kernel');
    assert.equal(await delivered('fd00:200::1', 2000), true, 'IPv6 passes after the ban expired in the kernel');
    await action.stop();
  });

  test('conntrackFlush removes the banned address flows', { skip: spawnSync('conntrack', ['-V']).error ? 'conntrack missing' : false }, async () => {
    const action = createNftAction(
      { jail: 'ct', allports: true, protocol: 'all', conntrackFlush: true },
      { logger: memoryLogger(), exec: server.exec },
    );
    await action.start();
    assert.equal(await delivered('10.200.0.1', 2000), true);
    const flows = () =>
      spawnSync(server.exec[0], [...server.exec.slice(1), 'conntrack', '-L', '-s', '10.200.0.1'], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter((l) => l.includes('udp')).length;
    assert.ok(flows() >= 1, 'a flow exists before the ban');
    await action.ban([ban('10.200.0.1', 60)], { restored: false });
    await action.stop(); // waits for the flush
    assert.equal(flows(), 0);
  });
});
