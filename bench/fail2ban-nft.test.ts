import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { copyActionWithIncludes, F2B_ACTIONS, F2B_NFT_ACTION, fail2banNftSets, nftSetSize } from './fail2ban-nft.js';

const META = '{"metainfo": {"version": "1.0.6", "json_schema_version": 1}}';

test('counts the elements of an nft -j set listing, plain or with timeouts, and 0 for an empty set', () => {
  const set = (elem: string): string => `{"nftables": [${META}, {"set": {"family": "inet", "name": "addr-set-asterisk", "table": "f2b-table", "type": "ipv4_addr"${elem}}}]}`;
  assert.equal(nftSetSize(set(', "elem": ["100.64.0.0", "100.64.0.1", "100.64.0.2"]')), 3);
  assert.equal(nftSetSize(set(', "elem": [{"elem": {"val": "192.0.2.1", "timeout": 3600}}]')), 1);
  assert.equal(nftSetSize(set('')), 0);
  assert.equal(nftSetSize(`{"nftables": [${META}]}`), 0);
  assert.throws(() => nftSetSize('Error: No such file or directory'));
});

test('names the sets the stock nftables action keeps for a jail, IPv4 and IPv6', () => {
  assert.deepEqual(fail2banNftSets('asterisk'), ['addr-set-asterisk', 'addr6-set-asterisk']);
});

test('copies an action and the files it includes, recursively, skipping missing and repeated ones', () => {
  const from = mkdtempSync(join(tmpdir(), 'b5-from-'));
  const to = mkdtempSync(join(tmpdir(), 'b5-to-'));
  try {
    writeFileSync(join(from, 'top.conf'), '[INCLUDES]\nbefore = base.conf\n[Definition]\ntype = x\n');
    writeFileSync(join(from, 'base.conf'), '[INCLUDES]\nbefore = top.conf\nafter = base.local\n[Definition]\n');
    writeFileSync(join(from, 'unrelated.conf'), '[Definition]\n');
    assert.deepEqual(copyActionWithIncludes('top', from, join(to, 'action.d')), ['top.conf', 'base.conf']);
    assert.deepEqual(readdirSync(join(to, 'action.d')).sort(), ['base.conf', 'top.conf']);
  } finally {
    rmSync(from, { recursive: true, force: true });
    rmSync(to, { recursive: true, force: true });
  }
});

test('the installed nftables-allports action comes with the files it needs', (t) => {
  if (!existsSync(join(F2B_ACTIONS, `${F2B_NFT_ACTION}.conf`))) return t.skip('fail2ban action.d not installed');
  const to = mkdtempSync(join(tmpdir(), 'b5-stock-'));
  try {
    const copied = copyActionWithIncludes(F2B_NFT_ACTION, F2B_ACTIONS, to);
    assert.equal(copied[0], `${F2B_NFT_ACTION}.conf`);
    assert.ok(copied.includes('nftables.conf'), copied.join(', '));
  } finally {
    rmSync(to, { recursive: true, force: true });
  }
});
