/**
 * The seed's jail end to end (issue 4): `[asterisk-iptables]` exactly as the seed wrote it, on an
 * Asterisk log the test writes, with warden in the server namespace. After 5 failures the
 * attacker's UDP packets no longer reach the server (IPv4 through iptables, IPv6 through ip6tables)
 * while the legit client's still do.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chanSipFailure, pjsipFailure, SEED_JAIL } from '../daemon-harness.js';
import { ADDRESSES, createLab, labUnavailable, waitUntil, type Lab } from './netns-lab.js';
import { tempDir } from './sip-lab.js';
import { startUdpProbe } from './udp-probe.js';
import { startWarden } from './warden-in-lab.js';

const JAIL = 'asterisk-iptables';
const now = (): number => Math.floor(Date.now() / 1000);

/** Whether iptables-save / ip6tables-save in the server namespace name `ip`; soft wait, never throws. */
function inRules(lab: Lab, ip: string): Promise<boolean> {
  const save = ip.includes(':') ? 'ip6tables-save' : 'iptables-save';
  return waitUntil(`${ip} in ${save}`, () => lab.run('server', [save]).stdout.includes(ip), 3000).then(() => true, () => false);
}

test('the seed jail (iptables-allports) drops the attacker\'s UDP packets after 5 failures, not the legit client\'s', async (t) => {
  const reason = labUnavailable(['iptables', 'ip6tables', 'iptables-save', 'ip6tables-save']);
  if (reason !== null) {
    t.skip(reason);
    return;
  }
  const lab = createLab(t);
  const dir = tempDir(t);
  const messages = join(dir, 'messages');
  writeFileSync(messages, '');
  const warden = await startWarden(lab, dir, SEED_JAIL);
  const probe = await startUdpProbe(lab);
  const attacker = ADDRESSES.attacker;

  await probe.send('attacker', 'v4', 'before-v4');
  await probe.send('attacker', 'v6', 'before-v6');
  await probe.waitReceived('before-v4');
  await probe.waitReceived('before-v6');

  const lines = [1, 2, 3, 4, 5].flatMap(() => [chanSipFailure(now(), attacker.v4), pjsipFailure(now(), attacker.v6)]);
  writeFileSync(messages, lines.map((l) => `${l}\n`).join(''));
  await warden.waitBanned(JAIL, attacker.v4);
  await warden.waitBanned(JAIL, attacker.v6);
  const inserted = { v4: await inRules(lab, attacker.v4), v6: await inRules(lab, attacker.v6) };

  for (const family of ['v4', 'v6'] as const) {
    // Same path, sent first: once the legit packet is in, the attacker's would be too.
    await probe.send('attacker', family, `banned-${family}`);
    await probe.send('legit', family, `legit-${family}`);
    await probe.waitReceived(`legit-${family}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(probe.received(`banned-${family}`), false, `the banned attacker's ${family} packet reached the server ` +
      `(address in the rules: ${inserted[family]}; is iptables-allports native yet?)\n${warden.serverLog().slice(-3000)}`);
  }
  assert.equal(warden.status(JAIL).banned.length, 2, 'only the attacker\'s two addresses are banned');
});
