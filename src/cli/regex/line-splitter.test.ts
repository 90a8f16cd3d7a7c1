import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, type LineSink } from './line-splitter.js';
import { createLineDecoder } from './line-decoder.js';

/** Collects lines as raw bytes (copied) so tests can compare exactly. */
function collect(chunks: readonly Buffer[]): { lines: Buffer[]; consumed: number[] } {
  const lines: Buffer[] = [];
  const consumed: number[] = [];
  const sink: LineSink = { line: (buf, s, e) => lines.push(Buffer.from(buf.subarray(s, e))) };
  const splitter = new LineSplitter();
  for (const c of chunks) {
    splitter.push(c, sink);
    consumed.push(splitter.consumedBytes);
  }
  splitter.end(sink);
  consumed.push(splitter.consumedBytes);
  return { lines, consumed };
}

const texts = (lines: readonly Buffer[]): string[] => lines.map((l) => l.toString('latin1'));

test('splits on \\n and keeps a last line without newline', () => {
  assert.deepEqual(texts(collect([Buffer.from('a\nbb\nccc')]).lines), ['a', 'bb', 'ccc']);
});

test('a final newline does not add an empty line; inner empty lines are kept', () => {
  assert.deepEqual(texts(collect([Buffer.from('a\n\nb\n')]).lines), ['a', '', 'b']);
});

test('drops one trailing \\r (CRLF files) but keeps \\r elsewhere', () => {
  assert.deepEqual(texts(collect([Buffer.from('a\r\nb\rc\r\nd\r\r\n')]).lines), ['a', 'b\rc', 'd\r']);
});

test('gives the same lines for every split of the input into two chunks', () => {
  const input = Buffer.from('first line\r\nsecond\n\nthird\r\nlast');
  const expected = texts(collect([input]).lines);
  for (let cut = 0; cut <= input.length; cut++) {
    const got = texts(collect([input.subarray(0, cut), input.subarray(cut)]).lines);
    assert.deepEqual(got, expected, `cut at ${cut}`);
  }
});

test('handles a line spread over many one-byte chunks, and a CR split from its LF', () => {
  const input = Buffer.from('ab\r\ncd\r\n');
  const chunks = [...input].map((b) => Buffer.from([b]));
  assert.deepEqual(texts(collect(chunks).lines), ['ab', 'cd']);
});

test('keeps NUL bytes inside lines', () => {
  const { lines } = collect([Buffer.from([0x61, 0x00, 0x62, 0x0a, 0x00, 0x0a])]);
  assert.deepEqual(lines, [Buffer.from([0x61, 0x00, 0x62]), Buffer.from([0x00])]);
});

test('invalid UTF-8 decodes to U+FFFD without throwing', () => {
  const bytes = Buffer.from([0x6f, 0x6b, 0xff, 0xc3, 0x28, 0x0a, 0xe2, 0x82]);
  const { lines } = collect([bytes]);
  const dec = createLineDecoder('utf-8');
  assert.deepEqual(lines.map((l) => dec.decode(l, 0, l.length)), ['ok\ufffd\ufffd(', '\ufffd']);
});

test('a 1 MB line across several chunks arrives whole', () => {
  const big = Buffer.alloc(1024 * 1024, 0x78);
  const input = Buffer.concat([Buffer.from('before\n'), big, Buffer.from('\nafter\n')]);
  const chunks: Buffer[] = [];
  for (let i = 0; i < input.length; i += 300_000) chunks.push(input.subarray(i, i + 300_000));
  const { lines } = collect(chunks);
  assert.equal(lines.length, 3);
  assert.equal(lines[0].toString(), 'before');
  assert.ok(lines[1].equals(big));
  assert.equal(lines[2].toString(), 'after');
});

test('copies a partial line, so the caller may reuse its chunk buffer', () => {
  const chunk = Buffer.from('abc');
  const lines: string[] = [];
  const sink: LineSink = { line: (buf, s, e) => lines.push(buf.toString('latin1', s, e)) };
  const splitter = new LineSplitter();
  splitter.push(chunk, sink);
  chunk.write('d\nx');
  splitter.push(chunk, sink);
  splitter.end(sink);
  assert.deepEqual(lines, ['abcd', 'x']);
});

test('consumedBytes counts only bytes of complete lines until the end', () => {
  const { consumed } = collect([Buffer.from('ab\ncd'), Buffer.from('e\nf')]);
  assert.deepEqual(consumed, [3, 7, 8]);
});

test('empty input gives no lines', () => {
  assert.deepEqual(collect([]).lines, []);
  assert.deepEqual(collect([Buffer.alloc(0)]).lines, []);
});
