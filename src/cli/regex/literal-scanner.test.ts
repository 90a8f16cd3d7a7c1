import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from './line-splitter.js';
import { essentialLiterals, LiteralScanner } from './literal-scanner.js';
import { randomFrom } from '../../../test/helpers/seeded-random.js';

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


/** A log of lines built from literals, pieces of literals and filler; some end in CR LF. */
function randomLog(rand: () => number, literals: readonly string[], lines: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const piece = (): string => {
    const r = rand();
    if (r < 0.15) return pick(literals);
    if (r < 0.45) return pick(literals).slice(0, -1 - Math.floor(rand() * 3));
    if (r < 0.6) return pick(literals).slice(1 + Math.floor(rand() * 3));
    return ' abcx'.slice(0, 1 + Math.floor(rand() * 5));
  };
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const r = rand();
    if (r < 0.05) out.push('');
    else if (r < 0.1) out.push(pick(['a', 'x', '\r']));
    else out.push(Array.from({ length: Math.floor(rand() * 6) }, piece).join('') + (rand() < 0.2 ? '\r' : ''));
  }
  return out.join('\n') + (rand() < 0.5 ? '\n' : '');
}

/** has() for every line the splitter emits, with the input cut into chunks of the given sizes. */
function scanLines(literals: readonly string[], log: Buffer, chunkSize: () => number): { text: string; has: boolean }[] {
  const scanner = new LiteralScanner(literals.map((l) => Buffer.from(l)));
  const got: { text: string; has: boolean }[] = [];
  const sink = { line: (buf: Buffer, s: number, e: number) => got.push({ text: buf.toString('latin1', s, e), has: scanner.has(buf, s, e) }) };
  const splitter = new LineSplitter();
  for (let pos = 0; pos < log.length; ) {
    const next = Math.min(log.length, pos + chunkSize());
    splitter.push(log.subarray(pos, next), sink);
    pos = next;
  }
  splitter.end(sink);
  return got;
}

const LITERAL_SETS: Record<string, readonly string[]> = {
  'many long literals (one pass for all)': ['Registration from', 'failed for', 'Wrong password', 'password for', 'for user', 'from host'],
  'overlapping literals, some prefixes of others': ['abcab', 'bcabc', 'abcabcx', 'cabca', 'abcax', 'xabca'],
  'one literal (per-literal search)': ['abcab'],
  'two short literals (per-literal search)': ['cab', 'xbc'],
};

for (const [name, literals] of Object.entries(LITERAL_SETS)) {
  test(`agrees with a per-line substring test on random logs: ${name}`, () => {
    const rand = randomFrom(7);
    for (let round = 0; round < 30; round++) {
      const log = Buffer.from(randomLog(rand, literals, 200), 'latin1');
      const sizes = [() => 1 + Math.floor(rand() * 40), () => log.length][round % 2];
      const got = scanLines(literals, log, sizes);
      assert.deepEqual(got.map((l) => l.has), got.map((l) => literals.some((lit) => l.text.includes(lit))), `round ${round}`);
    }
  });
}

test('agrees with a per-line substring test over megabytes (many lanes and segments)', () => {
  const literals = LITERAL_SETS['many long literals (one pass for all)'];
  const log = Buffer.from(randomLog(randomFrom(11), literals, 40_000), 'latin1');
  assert.ok(log.length > 600_000);
  const got = scanLines(literals, log, () => 1 << 20);
  assert.deepEqual(got.map((l) => l.has), got.map((l) => literals.some((lit) => l.text.includes(lit))));
});

test('a literal that ends the input, without a final newline, counts', () => {
  for (const literals of [['needle', 'hay!!!', 'stack!'], ['needle']]) {
    const got = scanLines(literals, Buffer.from('hay\nmore hay\nthe needle'), () => 5);
    assert.deepEqual(got.map((l) => l.has), [false, false, true]);
  }
});

test('a literal with a newline counts for the line it starts in', () => {
  for (const literals of [['end\nnext', 'nothing here', 'not there'], ['end\nnext']]) {
    const buf = Buffer.from('the end\nnext line\nend\nnope\n');
    const scanner = new LiteralScanner(literals.map((l) => Buffer.from(l)));
    const got = lineRanges(buf).map(([s, e]) => scanner.has(buf, s, e));
    assert.deepEqual(got, [true, false, false, false]);
  }
});

test('a literal that starts at a line end (with its CR or LF) counts for no line', () => {
  for (const literals of [['\nnext', '\r\nnext', 'nothing here'], ['\r\nnext']]) {
    const buf = Buffer.from('the end\r\nnext line\nnext\n');
    const scanner = new LiteralScanner(literals.map((l) => Buffer.from(l)));
    const got = [[0, 7], [9, 18], [19, 23]].map(([s, e]) => scanner.has(buf, s, e));
    assert.deepEqual(got, [false, false, false]);
  }
});

test('essential literals: duplicates and literals containing another go, unless they span lines', () => {
  const lits = ['to authenticate', ' to authenticate', 'failed to authenticate\r', 'Wrong', 'to authenticate'];
  assert.deepEqual(essentialLiterals(lits.map((l) => Buffer.from(l))).map(String), ['to authenticate', 'failed to authenticate\r', 'Wrong']);
});
