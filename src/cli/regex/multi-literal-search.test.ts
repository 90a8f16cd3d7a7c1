import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileLiteralSearch, type LiteralSearch } from './multi-literal-search.js';
import { randomFrom } from '../../../test/helpers/seeded-random.js';


function randomText(rand: () => number, alphabet: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = alphabet.charCodeAt(Math.floor(rand() * alphabet.length));
  return out;
}

/** Every start in [from, to) of any literal, one literal at a time. */
function naiveStarts(buf: Buffer, lits: readonly Buffer[], from: number, to: number): number[] {
  const starts = new Set<number>();
  for (const lit of lits) for (let p = buf.indexOf(lit, from); p >= 0 && p < to; p = buf.indexOf(lit, p + 1)) starts.add(p);
  return [...starts].sort((a, b) => a - b);
}

function searchOf(lits: readonly Buffer[]): LiteralSearch {
  const search = compileLiteralSearch(lits);
  assert.ok(search !== null, 'expected a multi-literal search for these literals');
  return search;
}

function found(search: LiteralSearch, buf: Buffer, from: number, to: number): number[] {
  const out: number[] = [];
  search(buf, from, to, out);
  return out;
}

test('finds every start of overlapping literals and literals that prefix others, in order', () => {
  const lits = ['ababa', 'babab', 'abababa', 'abbab', 'aabba'].map((s) => Buffer.from(s));
  const buf = Buffer.from('abababab abbab aabbababa ab aabba');
  assert.deepEqual(found(searchOf(lits), buf, 0, buf.length), naiveStarts(buf, lits, 0, buf.length));
});

test('finds a literal that ends the buffer and not one cut off by its end', () => {
  const lits = ['needle', 'pins!!', 'threads'].map((s) => Buffer.from(s));
  const search = searchOf(lits);
  assert.deepEqual(found(search, Buffer.from('xx threads'), 0, 10), [3]);
  assert.deepEqual(found(search, Buffer.from('xx thread'), 0, 9), []);
  assert.deepEqual(found(search, Buffer.from('needle'), 0, 6), [0]);
});

test('reports only starts inside [from, to), even when the literal runs past to', () => {
  const buf = Buffer.from('hello world hello');
  const search = searchOf(['hello', 'world', 'other', 'thing'].map((s) => Buffer.from(s)));
  assert.deepEqual(found(search, buf, 1, 8), [6]);
  assert.deepEqual(found(search, buf, 0, 7), [0, 6]);
  assert.deepEqual(found(search, buf, 13, 17), []);
});

test('agrees with brute force on random text, short and long ranges (several lanes)', () => {
  const rand = randomFrom(42);
  for (let round = 0; round < 40; round++) {
    const alphabet = round % 2 === 0 ? 'ab' : 'abc\n';
    const count = 4 + Math.floor(rand() * 6);
    const lits = Array.from({ length: count }, () => randomText(rand, alphabet, 5 + Math.floor(rand() * 9)));
    const search = searchOf(lits);
    const buf = randomText(rand, alphabet, round < 20 ? 300 : 70_000);
    const from = Math.floor(rand() * 50);
    const to = buf.length - Math.floor(rand() * 50);
    assert.deepEqual(found(search, buf, from, to), naiveStarts(buf, lits, from, to), `round ${round}`);
  }
});

test('a literal at every position: each lane and the range end are exact', () => {
  const buf = Buffer.alloc(100_003, 'a');
  const search = searchOf(['aaaaa', 'aaaaaaaa', 'bbbbbb', 'cccccc'].map((s) => Buffer.from(s)));
  for (const [from, to] of [[0, buf.length], [7, buf.length - 20], [1, 65_541]]) {
    const expected = naiveStarts(buf, [Buffer.from('aaaaa')], from, to);
    assert.deepEqual(found(search, buf, from, to), expected, `[${from}, ${to})`);
  }
});

test('bytes above 0x7f are told apart', () => {
  const lits = [Buffer.from('\u00e9t\u00e9 chaud'), Buffer.from('\u20ac10,00')];
  const lookalike = Buffer.from(lits[0].map((b) => b & 0x7f));
  const buf = Buffer.concat([Buffer.from('prix: '), lits[1], Buffer.from(' '), lookalike, lits[0]]);
  assert.deepEqual(found(searchOf(lits), buf, 0, buf.length), naiveStarts(buf, lits, 0, buf.length));
});

test('declines when per-literal search is cheaper: one literal, or few short ones', () => {
  assert.equal(compileLiteralSearch([Buffer.from('only one literal')]), null);
  assert.equal(compileLiteralSearch([Buffer.from('fail'), Buffer.from('deny')]), null);
  assert.equal(compileLiteralSearch([Buffer.from('abc'), Buffer.from('a longer literal')]), null);
  assert.equal(compileLiteralSearch([]), null);
  assert.notEqual(compileLiteralSearch([Buffer.from('to authenticate'), Buffer.from('Wrong password')]), null);
});
