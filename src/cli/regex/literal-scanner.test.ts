import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiteralScanner } from './literal-scanner.js';

function lineRanges(buf: Buffer): [number, number][] {
  const out: [number, number][] = [];
  let pos = 0;
  for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, pos)) {
    out.push([pos, nl]);
    pos = nl + 1;
  }
  return out;
}

test('agrees with a per-line substring test on every line', () => {
  const lines = ['failed for x', 'nothing here', 'Wrong password', 'fail', 'xx failed for', '', 'Wrong passwordfailed for'];
  const buf = Buffer.from(lines.join('\n') + '\n');
  const literals = ['failed for', 'Wrong password'];
  const scanner = new LiteralScanner(literals.map((l) => Buffer.from(l)));
  const got = lineRanges(buf).map(([s, e]) => scanner.has(buf, s, e));
  assert.deepEqual(got, lines.map((l) => literals.some((lit) => l.includes(lit))));
});

test('starts over when given another buffer', () => {
  const scanner = new LiteralScanner([Buffer.from('abc')]);
  const a = Buffer.from('zzz\nabc\n');
  const b = Buffer.from('abc\nzzz\n');
  assert.equal(scanner.has(a, 4, 7), true);
  assert.equal(scanner.has(b, 0, 3), true);
  assert.equal(scanner.has(b, 4, 7), false);
});

test('a literal found in a later line does not make earlier lines match', () => {
  const scanner = new LiteralScanner([Buffer.from('key')]);
  const buf = Buffer.from('one\ntwo\nkey\n');
  assert.deepEqual([scanner.has(buf, 0, 3), scanner.has(buf, 4, 7), scanner.has(buf, 8, 11)], [false, false, true]);
});
