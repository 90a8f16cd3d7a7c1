import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLineDecoder } from './line-decoder.js';

test('utf-8 is the canonical name for its spellings and replaces bad bytes with U+FFFD', () => {
  for (const label of ['utf-8', 'UTF8', 'utf_8']) assert.equal(createLineDecoder(label).name, 'utf-8');
  const bytes = Buffer.from([0x41, 0xc3, 0xa9, 0xff, 0x42]);
  assert.equal(createLineDecoder('utf-8').decode(bytes, 0, bytes.length), 'A\u00e9\ufffdB');
});

test('latin1 decodes every byte to the same code point', () => {
  const bytes = Buffer.from([0x41, 0xe9, 0xff]);
  assert.equal(createLineDecoder('ISO-8859-1').decode(bytes, 0, 3), 'A\u00e9\u00ff');
});

test('other ASCII-compatible encodings go through TextDecoder', () => {
  const dec = createLineDecoder('ISO-8859-2');
  assert.equal(dec.name, 'iso-8859-2');
  assert.equal(dec.decode(Buffer.from([0xa1, 0x41]), 0, 2), '\u0104A');
  assert.deepEqual(dec.literalBytes('abc'), Buffer.from('abc'));
  assert.equal(dec.literalBytes('\u00e9t\u00e9'), null, 'non-ASCII literal bytes are unknown: no pre-filter');
});

test('pre-filter literals are encoded like the log, or refused when that is impossible', () => {
  assert.deepEqual(createLineDecoder('utf-8').literalBytes('\u00e9'), Buffer.from([0xc3, 0xa9]));
  assert.deepEqual(createLineDecoder('latin1').literalBytes('\u00e9'), Buffer.from([0xe9]));
  assert.equal(createLineDecoder('latin1').literalBytes('\u20ac'), null);
  assert.equal(createLineDecoder('utf-8').literalBytes('a\ufffd'), null);
});

test('unknown and non-ASCII-compatible encodings are usage errors', () => {
  assert.throws(() => createLineDecoder('klingon'), { code: 'ERR_CLI_USAGE' });
  assert.throws(() => createLineDecoder('utf-16le'), { code: 'ERR_CLI_USAGE' });
});
