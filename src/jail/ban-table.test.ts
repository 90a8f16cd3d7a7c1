import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BanRecord } from '../core/records.js';
import { BanTable } from './ban-table.js';

function ban(ip: string, timeOfBan: number, bantime: number): BanRecord {
  return { jail: 'sip', ip, timeOfBan, bantime, banCount: 1, failures: 3, matches: [] };
}

test('bans expire in order of their end; permanent bans never do', () => {
  const table = new BanTable();
  table.add(ban('10.0.0.1', 100, 50));
  table.add(ban('10.0.0.2', 100, -1));
  table.add(ban('10.0.0.3', 90, 20));
  table.add(ban('10.0.0.4', 120, 10));
  assert.equal(table.nextExpiry(), 110);
  assert.deepEqual(table.popExpired(129.9).map((b) => b.ip), ['10.0.0.3']);
  assert.deepEqual(table.popExpired(150).map((b) => b.ip), ['10.0.0.4', '10.0.0.1']);
  assert.equal(table.nextExpiry(), null);
  assert.deepEqual(table.popExpired(1e12), []);
  assert.equal(table.size, 1);
  assert.equal(table.get('10.0.0.2')?.bantime, -1);
});

test('re-banning a banned ip prolongs it only when the new end is later', () => {
  const table = new BanTable();
  assert.equal(table.add(ban('10.0.0.1', 100, 600)).kind, 'new');
  assert.equal(table.add(ban('10.0.0.1', 200, 100)).kind, 'kept');
  const prolonged = table.add(ban('10.0.0.1', 300, 600));
  assert.equal(prolonged.kind, 'prolonged');
  assert.deepEqual([prolonged.ban.timeOfBan, prolonged.ban.bantime], [100, 800]);
  assert.equal(table.nextExpiry(), 900, 'the old heap entry is stale');
  assert.deepEqual(table.popExpired(899), []);
  assert.equal(table.add(ban('10.0.0.1', 400, -1)).ban.bantime, -1);
  assert.equal(table.add(ban('10.0.0.1', 500, 1e9)).kind, 'kept', 'nothing outlasts a permanent ban');
  assert.equal(table.nextExpiry(), null);
});

test('an unbanned ip does not come back at its old expiry', () => {
  const table = new BanTable();
  table.add(ban('10.0.0.1', 100, 10));
  table.add(ban('10.0.0.2', 100, 20));
  assert.equal(table.remove('10.0.0.1')?.ip, '10.0.0.1');
  assert.equal(table.remove('10.0.0.1'), null);
  assert.equal(table.nextExpiry(), 120);
  assert.deepEqual(table.popExpired(200).map((b) => b.ip), ['10.0.0.2']);
});

test('after many prolongs, many bans still expire once each, in order of their end', () => {
  const table = new BanTable();
  for (let k = 0; k < 1000; k++) table.add(ban('10.0.0.1', k, 10 + k));
  for (let k = 0; k < 500; k++) table.add(ban(`10.1.${k >> 8}.${k & 255}`, 0, 1000 - k));
  const out = table.popExpired(1e6);
  assert.equal(out.length, 501);
  const ends = out.map((b) => b.timeOfBan + b.bantime);
  assert.deepEqual(ends, [...ends].sort((a, b) => a - b));
  assert.equal(table.size, 0);
});
