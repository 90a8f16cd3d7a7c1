/**
 * Self-test of the SIP harness, without warden: Kamailio answers both clients over IPv4 and IPv6,
 * logs one line per failed check that warden's kamailio filter counts, and a hand-made nft drop rule
 * for the attacker in the server namespace makes sipp time out while the legit client still registers.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAIN, SHIPPED_CONFIG } from '../daemon-harness.js';
import { ADDRESSES, must } from './netns-lab.js';
import { ACCOUNT, register, WRONG_PASSWORD, type Family } from './sipp-register.js';
import { startSipLab } from './sip-lab.js';

const FAMILIES: readonly Family[] = ['v4', 'v6'];

function dropRules(): string {
  const { v4, v6 } = ADDRESSES.attacker;
  return `table inet sip_selftest {\n  chain input {\n    type filter hook input priority -300; policy accept;\n` +
    `    ip saddr ${v4} drop\n    ip6 saddr ${v6} drop\n  }\n}\n`;
}

/** Hosts warden's shipped kamailio filter finds in a log file (via `warden regex --json`). */
function filterHosts(logFile: string): string[] {
  const res = spawnSync(process.execPath, [MAIN, 'regex', '--json', logFile, join(SHIPPED_CONFIG, 'filter.d/kamailio.conf')], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(res.status, 0, res.stderr);
  return res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { match: boolean; host?: string })
    .filter((r) => r.match).map((r) => r.host ?? '');
}

test('harness: Kamailio answers, logs failures the filter counts, and an nft drop rule silences only the attacker', async (t) => {
  const sip = await startSipLab(t, ['nft']);
  if (sip === null) return;
  const { dir, lab, kamailio } = sip;
  for (const family of FAMILIES) {
    assert.equal((await register(lab, dir, 'legit', family, ACCOUNT.password)).outcome, 'registered', `legit ${family}`);
    assert.equal((await register(lab, dir, 'attacker', family, WRONG_PASSWORD)).outcome, 'rejected', `attacker ${family}`);
  }
  assert.deepEqual(filterHosts(kamailio.logFile), [ADDRESSES.attacker.v4, ADDRESSES.attacker.v6],
    `one counted line per failed check, legit never:\n${kamailio.output()}`);

  const added = lab.run('server', ['nft', '-f', '-'], { input: dropRules() });
  assert.equal(added.code, 0, added.stderr);
  assert.match(lab.run('server', ['nft', 'list', 'table', 'inet', 'sip_selftest']).stdout, /drop/);
  for (const family of FAMILIES) {
    const silenced = await register(lab, dir, 'attacker', family, WRONG_PASSWORD);
    assert.equal(silenced.outcome, 'no-answer', `attacker ${family} dropped: ${silenced.stderr}`);
    assert.equal((await register(lab, dir, 'legit', family, ACCOUNT.password)).outcome, 'registered', `legit ${family} while attacker dropped`);
  }
  must(['ip', 'netns', 'exec', lab.ns.server, 'nft', 'delete', 'table', 'inet', 'sip_selftest']);
  assert.equal((await register(lab, dir, 'attacker', 'v6', WRONG_PASSWORD)).outcome, 'rejected', 'answered again once the rule is gone');
});
