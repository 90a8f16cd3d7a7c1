/**
 * Read a few numbered lines back from a large log (only used to show where two tools' matches differ).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Lines `from`..`to` (1-based, inclusive) with their numbers. */
export async function readLineRange(path: string, from: number, to: number): Promise<{ line: number; text: string }[]> {
  const out: { line: number; text: string }[] = [];
  const reader = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of reader) {
    n++;
    if (n >= from) out.push({ line: n, text });
    if (n >= to) break;
  }
  reader.close();
  return out;
}
