/**
 * Proof with a real attack (issue 4): Kamailio and warden in the server namespace, sipp guessing
 * passwords from the attacker namespace. After maxretry failures the attacker gets no answer while
 * the legit client still registers; after bantime the attacker is answered again. IPv4 and IPv6.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { ADDRESSES, waitUntil, type Lab } from './netns-lab.js';
import { ACCOUNT, register, WRONG_PASSWORD, type Family } from './sipp-register.js';
import { startSipLab } from './sip-lab.js';
import { startWarden } from './warden-in-lab.js';

const MAXRETRY = 3;
const BANTIME = 8;

const JAIL = `[kamailio]
enabled   = true
logpath   = @DIR@/kamailio.log
maxretry  = ${MAXRETRY}
findtime  = 60
bantime   = ${BANTIME}
banaction = nftables-allports
`;

const now = (): number => Date.now() / 1000;

/** Whether the server namespace's ruleset names `ip` (nft or iptables-nft); soft wait, never throws. */
async function firewallMentions(lab: Lab, ip: string, timeoutMs: number): Promise<boolean> {
  return waitUntil(`${ip} in the server's ruleset`, () => lab.run('server', ['nft', 'list', 'ruleset']).stdout.includes(ip), timeoutMs)
    .then(() => true, () => false);
}

async function attackScenario(t: TestContext, family: Family): Promise<void> {
  const sip = await startSipLab(t, ['nft']);
  if (sip === null) return;
  const { dir, lab, kamailio } = sip;
  const warden = await startWarden(lab, dir, JAIL);
  const attacker = ADDRESSES.attacker[family];
  const kamailioLog = (): string => `--- kamailio ---\n${kamailio.output().slice(-3000)}\n--- warden ---\n${warden.serverLog().slice(-3000)}`;

  assert.equal((await register(lab, dir, 'legit', family, ACCOUNT.password)).outcome, 'registered', 'legit registers before the attack');
  for (let i = 1; i <= MAXRETRY; i++) {
    const guess = await register(lab, dir, 'attacker', family, WRONG_PASSWORD);
    assert.equal(guess.outcome, 'rejected', `guess ${i} answered with 401 then 403: ${guess.stderr}`);
  }
  const ban = await warden.waitBanned('kamailio', attacker);
  assert.ok(ban.expiresAt !== null && Math.abs(ban.expiresAt - ban.timeOfBan - BANTIME) < 1, `bantime ${BANTIME} s from the jail`);
  assert.deepEqual(warden.status('kamailio').banned.map((b) => b.ip), [attacker], 'only the attacker is banned');
  const inFirewall = await firewallMentions(lab, attacker, 3000);

  const silenced = await register(lab, dir, 'attacker', family, WRONG_PASSWORD);
  assert.equal(silenced.outcome, 'no-answer', `the banned attacker still got an answer (${attacker} in the server's ` +
    `ruleset: ${inFirewall}; is nftables-allports a native firewall action yet?)\n${silenced.stderr}\n${kamailioLog()}`);
  const legit = await register(lab, dir, 'legit', family, ACCOUNT.password);
  assert.equal(legit.outcome, 'registered', `legit client registers during the ban: ${legit.stderr}`);

  const end = ban.expiresAt ?? 0;
  await waitUntil(`warden to lift the ban of ${attacker}`, () => warden.status('kamailio').banned.length === 0, (end - now() + 5) * 1000, kamailioLog);
  assert.ok(now() >= end - 1, `ban lasted its bantime (lifted ${(end - now()).toFixed(1)} s early)`);
  const answered = await register(lab, dir, 'attacker', family, WRONG_PASSWORD);
  assert.equal(answered.outcome, 'rejected', `attacker answered again after bantime: ${answered.stderr}`);
}

test('a real SIP password-guessing attack over IPv4 is silenced after maxretry, legit users keep registering', (t) => attackScenario(t, 'v4'));

test('the same attack over IPv6 is silenced the same way', (t) => attackScenario(t, 'v6'));
