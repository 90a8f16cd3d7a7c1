import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLineReader, type LineItem } from './line-reader.js';

function read(chunks: (string | Buffer)[], max = 10): LineItem[] {
  const items: LineItem[] = [];
  const reader = createLineReader(max, (item) => items.push(item));
  for (const c of chunks) reader.push(typeof c === 'string' ? Buffer.from(c) : c);
  return items;
}

test('lines split across chunks are joined; CRLF loses its CR; a partial last line waits', () => {
  assert.deepEqual(read(['ab', 'c\nde\r\nf', 'g']), [{ line: 'abc' }, { line: 'de' }]);
});

test('a UTF-8 character split across chunks decodes whole', () => {
  const bytes = Buffer.from('é\n');
  assert.deepEqual(read([bytes.subarray(0, 1), bytes.subarray(1)]), [{ line: 'é' }]);
});

test('a line over the limit is reported once, as soon as it passes the limit, and the next line is read', () => {
  const items = read(['0123456789', 'ABC', 'DEFGHIJKLMNOP', 'QR\nok\n']);
  assert.deepEqual(items, [{ tooLong: 13 }, { line: 'ok' }]);
});

test('a line of exactly the limit is kept', () => {
  assert.deepEqual(read(['0123456789\n']), [{ line: '0123456789' }]);
});
