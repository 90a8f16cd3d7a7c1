/**
 * Dev-time oracle, not part of `npm test` (it exits at once without arguments): runs warden's tag
 * expansion and Python-regex translation on every regex of dump-regexes.py's output and checks that
 * JS finds the same match (span and every named group) as Python on every recorded text.
 * Usage: node dist/test/regex-oracle/compare-regexes.js /tmp/f2b-regexes.json [--show N]
 */
import { readFileSync } from 'node:fs';
import { compileTranslated, pyGroupDict, translatePyRegex, type TranslatedRegex } from '../../src/filter/py-regex.js';
import { expandRegexTags } from '../../src/filter/regex-tags.js';

interface PyResult {
  readonly span: [number, number];
  readonly groups: Record<string, string | null>;
}

interface Entry {
  readonly raw: string;
  readonly multiline: boolean;
  readonly usedns: 'yes' | 'no' | 'warn' | 'raw';
  readonly kind: string;
  readonly filters: string[];
  readonly subjects: string[];
  readonly error?: string;
  readonly expanded?: string;
  readonly results?: (PyResult | null)[];
}

interface Tally {
  entries: number;
  translated: number;
  unsupported: string[];
  failed: string[];
  runs: number;
  agree: number;
  matched: number;
  differences: string[];
}

/** Python spans count code points; JS indexes count UTF-16 units. */
function toUtf16(text: string, codePoints: number): number {
  let units = 0;
  for (let k = 0; k < codePoints; k++) units += (text.codePointAt(units) ?? 0) > 0xffff ? 2 : 1;
  return units;
}

function expected(subject: string, r: PyResult | null): string {
  if (r === null) return 'null';
  const groups = Object.fromEntries(Object.entries(r.groups).map(([k, v]) => [k, v ?? undefined]));
  return JSON.stringify({ span: [toUtf16(subject, r.span[0]), toUtf16(subject, r.span[1])], groups });
}

function actual(re: RegExp, t: TranslatedRegex, subject: string): string {
  const m = re.exec(subject);
  if (m === null) return 'null';
  return JSON.stringify({ span: [m.index, m.index + m[0].length], groups: pyGroupDict(m, t) });
}

function checkEntry(entry: Entry, tally: Tally): void {
  tally.entries++;
  const label = `${entry.filters[0]} ${entry.kind} usedns=${entry.usedns}`;
  if (entry.error !== undefined || entry.results === undefined) return;
  let t: TranslatedRegex;
  try {
    const expanded = expandRegexTags(entry.raw, { usedns: entry.usedns, multiline: entry.multiline });
    t = translatePyRegex(expanded, { multiline: entry.multiline });
  } catch (err) {
    const e = err as { code?: string; message: string };
    (e.code === 'ERR_FILTER_UNSUPPORTED' ? tally.unsupported : tally.failed).push(`${label}: ${e.message}\n    ${entry.raw}`);
    return;
  }
  tally.translated++;
  const re = compileTranslated(t);
  entry.subjects.forEach((subject, k) => {
    const want = expected(subject, (entry.results as (PyResult | null)[])[k]);
    const got = actual(re, t, subject);
    tally.runs++;
    if (want !== 'null') tally.matched++;
    if (want === got) tally.agree++;
    else tally.differences.push(`${label}\n    regex   ${entry.raw}\n    text    ${JSON.stringify(subject)}\n    python  ${want}\n    warden  ${got}`);
  });
}

function main(argv: readonly string[]): void {
  if (argv.length === 0) {
    console.log('usage: compare-regexes.js <dump.json> [--show N]  (see test/regex-oracle/README.md)');
    return;
  }
  const show = argv.includes('--show') ? Number(argv[argv.indexOf('--show') + 1]) : 10;
  const { entries } = JSON.parse(readFileSync(argv[0], 'utf8')) as { entries: Entry[] };
  const tally: Tally = { entries: 0, translated: 0, unsupported: [], failed: [], runs: 0, agree: 0, matched: 0, differences: [] };
  for (const entry of entries) checkEntry(entry, tally);
  const unique = new Set(entries.map((e) => `${e.usedns}\u0000${e.raw}\u0000${e.multiline}`)).size;
  console.log(`${tally.translated}/${tally.entries} regexes translate (${unique} distinct regex x usedns x multiline)`);
  console.log(`${tally.unsupported.length} refused as unsupported, ${tally.failed.length} failed`);
  console.log(`${tally.agree}/${tally.runs} (regex, text) runs agree with Python (${tally.matched} of them are matches)`);
  for (const line of [...tally.failed, ...tally.unsupported].slice(0, show)) console.log(`  ${line}`);
  for (const line of tally.differences.slice(0, show)) console.log(`DIFF ${line}`);
  if (tally.failed.length > 0 || tally.differences.length > 0) process.exitCode = 1;
}

main(process.argv.slice(2));
