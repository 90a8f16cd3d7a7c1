import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lookupKey, storedKey } from './id-key.js';

test('canonical IPv4 ids become distinct integers; everything else stays text', () => {
  const numeric = ['0.0.0.0', '1.2.3.4', '10.0.0.1', '255.255.255.255', '192.168.100.200'];
  const keys = numeric.map(lookupKey);
  for (const key of keys) assert.equal(typeof key, 'number');
  assert.equal(new Set(keys).size, numeric.length);
  assert.deepEqual(numeric.map(storedKey), keys);
  const text = ['01.2.3.4', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.4 ', '1..2.3', '.1.2.3', '1.2.3.', '2001:db8::1', 'user@example', '1.2.3.1000', ''];
  for (const id of text) assert.equal(lookupKey(id), id, JSON.stringify(id));
});

test('stored text keys equal the id', () => {
  const id = 'x'.repeat(40) + '2001:db8::1';
  assert.equal(storedKey(id.slice(40)), '2001:db8::1');
});
