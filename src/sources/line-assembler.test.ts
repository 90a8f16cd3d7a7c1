import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineAssembler } from './line-assembler.js';
import { createLineDecoder, encodingProblem } from './line-decoder.js';

const utf8 = createLineDecoder();

test('complete lines come out with their end offset; a partial line is held until its newline', () => {
  const a = new LineAssembler(utf8, 0, false);
  assert.deepEqual(a.push(Buffer.from('one\ntw')), ['one']);
  assert.equal(a.end, 4);
  assert.equal(a.next, 6);
  assert.deepEqual(a.push(Buffer.from('o\r\nthree')), ['two']);
  assert.equal(a.end, 9);
  assert.equal(a.next, 14);
  assert.deepEqual(a.push(Buffer.from('\n')), ['three']);
  assert.equal(a.end, 15);
});

test('starting mid-line drops the bytes up to the first newline', () => {
  const a = new LineAssembler(utf8, 5, true);
  assert.deepEqual(a.push(Buffer.from('tail\nnext\n')), ['next']);
  assert.equal(a.end, 15);
});

test('a line over the limit is cut to the limit and the rest up to its newline is dropped', () => {
  const a = new LineAssembler(utf8, 0, false, 8);
  assert.deepEqual(a.push(Buffer.from('0123456')), []);
  assert.deepEqual(a.push(Buffer.from('789abcdef')), []);
  assert.deepEqual(a.push(Buffer.from('ghij\nok\n')), ['01234567', 'ok']);
  assert.equal(a.end, 24);
  assert.deepEqual(a.push(Buffer.from('0123456789\n')), ['01234567']);
});

test('invalid UTF-8 becomes U+FFFD; latin1 decodes bytes as code points', () => {
  const bytes = Buffer.from([0x61, 0xff, 0xe9, 0x62, 0x0a]);
  assert.deepEqual(new LineAssembler(utf8, 0, false).push(bytes), ['a\ufffd\ufffdb']);
  assert.deepEqual(new LineAssembler(createLineDecoder('latin1'), 0, false).push(bytes), ['a\u00ff\u00e9b']);
  assert.deepEqual(new LineAssembler(createLineDecoder('iso-8859-15'), 0, false).push(Buffer.from([0xa4, 0x0a])), ['\u20ac']);
});

test('encodings that cannot be cut on newline bytes, and unknown ones, are problems', () => {
  assert.equal(encodingProblem('auto'), null);
  assert.equal(encodingProblem('ISO-8859-15'), null);
  assert.match(encodingProblem('utf-16le') ?? '', /UTF-16/);
  assert.match(encodingProblem('klingon') ?? '', /unknown encoding/);
  assert.throws(() => createLineDecoder('klingon'), TypeError);
});
