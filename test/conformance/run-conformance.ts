/**
 * The conformance suite: every stock fail2ban filter against fail2ban's own annotated sample logs,
 * with the suite's pinned clock and zone. Also a debugging CLI:
 *   node dist/test/conformance/run-conformance.js [--filter NAME] [--verbose] [--conf DIR] [--samples DIR]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadEngine, type Engine } from './engine.js';
import { parsePosixZone } from './local-time.js';
import { formatReport } from './report-format.js';
import { runSamples, type ConformanceResult } from './run-samples.js';

/** fail2ban's tests fix "now" at 2005-08-14 12:00:00 CEST ... */
export const TEST_NOW = 1124013600;
/** ... and run with this zone (tests/utils.py). */
export const TEST_TZ = 'CET-01CEST-02,M3.5.0,M10.5.0';
export const FAIL2BAN_CONF = '/etc/fail2ban';
export const FAIL2BAN_SAMPLES = '/usr/lib/python3/dist-packages/fail2ban/tests/files/logs';

/** Filters fail2ban's suite tests: `filter.d/*.conf` except `*common.conf`, sorted. */
export function filterNames(confDir: string): string[] {
  const dir = join(confDir, 'filter.d');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.conf') && !f.endsWith('common.conf') && !f.startsWith('.'))
    .map((f) => f.slice(0, -'.conf'.length))
    .sort();
}

/** Reads `<samplesDir>/<file>`, null when it is not a regular file. */
export function sampleReader(samplesDir: string): (file: string) => string | null {
  return (file) => {
    const path = join(samplesDir, file);
    try {
      return statSync(path).isFile() ? readFileSync(path, 'utf8') : null;
    } catch {
      return null;
    }
  };
}

export interface ConformanceOptions {
  readonly engine: Engine;
  readonly confDir?: string;
  readonly samplesDir?: string;
  /** Run only this filter. */
  readonly only?: string;
  readonly verbose?: boolean;
}

/** Runs the stock filters (or `only`) of `confDir` against the samples in `samplesDir`. */
export function runConformance(opts: ConformanceOptions): ConformanceResult {
  const confDir = opts.confDir ?? FAIL2BAN_CONF;
  const zone = parsePosixZone(TEST_TZ);
  if (zone === null) throw new Error(`cannot parse ${TEST_TZ}`);
  const filters = opts.only === undefined ? filterNames(confDir) : [opts.only];
  return runSamples({
    engine: opts.engine, confDir, filters, readSample: sampleReader(opts.samplesDir ?? FAIL2BAN_SAMPLES),
    now: TEST_NOW, zone, defaultTimezone: TEST_TZ, verbose: opts.verbose,
  });
}

function parseArgs(argv: readonly string[]): { only?: string; verbose: boolean; confDir?: string; samplesDir?: string } | string {
  const out: { only?: string; verbose: boolean; confDir?: string; samplesDir?: string } = { verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--verbose' || arg === '-v') out.verbose = true;
    else if (arg === '--filter' && i + 1 < argv.length) out.only = argv[++i];
    else if (arg === '--conf' && i + 1 < argv.length) out.confDir = argv[++i];
    else if (arg === '--samples' && i + 1 < argv.length) out.samplesDir = argv[++i];
    else return `unknown or incomplete argument: ${arg}`;
  }
  return out;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`${args}\nusage: run-conformance.js [--filter NAME] [--verbose] [--conf DIR] [--samples DIR]`);
    return 2;
  }
  const loaded = await loadEngine();
  if (!loaded.ok) {
    console.error(`filter engine not available: ${loaded.error}`);
    return 2;
  }
  const result = runConformance({ engine: loaded.engine, ...args });
  console.log(formatReport('conformance', result).join('\n'));
  return result.disagree === 0 && result.problems.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
    console.error(err);
    process.exitCode = 2;
  });
}
