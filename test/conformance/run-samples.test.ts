import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FilterDefinition } from '../../src/config/filter-definition.js';
import type { LineResult } from '../../src/filter/filter-types.js';
import type { Filter } from '../../src/filter/filter.js';
import type { Engine } from './engine.js';
import { parsePosixZone, type PosixZone } from './local-time.js';
import { runSamples, type RunSamplesOptions } from './run-samples.js';

const NOW = 1124013600;
const ZONE = parsePosixZone('CET-01CEST-02,M3.5.0,M10.5.0') as PosixZone;

interface Call { set: string; line: string; now: number; time?: number }

/** A stand-in engine: failregex 0 is `from (\S+)`, 1 is `never`; mode=broken fails to load. */
function fakeEngine(calls: Call[], compiled: string[]): Engine {
  return {
    loadFilter(_confDir, ref, opts) {
      const jail = opts?.options ?? {};
      if (jail.mode === 'broken') return { ok: false, errors: [new Error('bad mode')] };
      const place = { file: `${ref}.conf` };
      const def: FilterDefinition = {
        name: ref, file: place.file, prefregex: null, failregex: [{ regex: 'from <HOST>', place }, { regex: 'never', place }],
        ignoreregex: [], datepattern: null, maxlines: 1, journalmatch: [], usedns: 'no', lineshapes: [], options: jail,
      };
      return { ok: true, filter: def };
    },
    compileFilter(def, opts) {
      assert.equal(def.usedns, null);
      assert.deepEqual(opts, { checkAllRegex: true, usedns: 'raw', defaultTimezone: 'CET' });
      const set = JSON.stringify(def.options);
      compiled.push(set);
      const filter = {
        name: def.name, failregex: def.failregex.map((r) => r.regex), ignoreregex: [], prefregex: null, maxlines: 1, requiredLiterals: null,
      suspectOpen: false,
        skipLine() {},
        processLine(line: string, now: number, o?: { time?: number }): LineResult {
          calls.push({ set, line, now, time: o?.time });
          const m = /from (\S+)/.exec(line);
          const time = o?.time ?? NOW;
          const failures = m === null ? [] : [{ regex: 0, id: m[1], ip: m[1], time, fields: { ip4: m[1] }, users: [], matches: [line], nofail: false }];
          return { kind: m ? 'match' : 'missed', time, dateTemplate: null, failures, regex: m ? 0 : null, allRegex: m ? [0] : [] };
        },
      };
      return filter as Filter;
    },
    translate: () => '/x/',
  };
}

function run(files: Record<string, string>, filters = ['f']): { result: ReturnType<typeof runSamples>; calls: Call[]; compiled: string[] } {
  const calls: Call[] = [];
  const compiled: string[] = [];
  const opts: RunSamplesOptions = {
    engine: fakeEngine(calls, compiled), confDir: '/conf', filters, readSample: (f) => files[f] ?? null,
    now: NOW, zone: ZONE, defaultTimezone: 'CET',
  };
  return { result: runSamples(opts), calls, compiled };
}

test('one filter instance per option set, reused for every line of the sample', () => {
  const { result, compiled, calls } = run({
    f: '# filterOptions: [{}, {"mode": "aggressive"}]\n# failJSON: {"match": true, "host": "192.0.2.1"}\nfrom 192.0.2.1\n# failJSON: {"match": false}\nnothing\n',
  });
  assert.deepEqual(compiled, ['{}', '{"mode":"aggressive"}']);
  assert.equal(calls.length, 4);
  assert.deepEqual([result.lines, result.agree, result.disagree, result.skipped], [2, 2, 0, 0]);
  assert.deepEqual(result.byFilter, [{ filter: 'f', lines: 2, agree: 2, disagree: 0, skipped: 0 }]);
});

test('a line agrees only if it agrees under every option set', () => {
  const { result } = run({ f: '# filterOptions: [{}, {"mode": "broken"}]\n# failJSON: {"match": true, "host": "192.0.2.1"}\nfrom 192.0.2.1\n' });
  assert.deepEqual([result.lines, result.agree, result.disagree], [1, 0, 1]);
  assert.equal(result.disagreements.length, 1);
  assert.equal(result.disagreements[0].optionSet, "f{'mode': 'broken'}");
  assert.match(result.disagreements[0].reason, /load: bad mode/);
  assert.deepEqual(result.problems, [{ filter: 'f', message: "f{'mode': 'broken'}: load: bad mode" }]);
});

test('a constraint limits the option sets; a line no set applies to is skipped', () => {
  const { result, calls } = run({
    f: '# filterOptions: [{}, {"mode": "aggressive"}]\n'
      + '# failJSON: {"match": true, "host": "192.0.2.1", "constraint": "opts.get(\'mode\') == \'aggressive\'"}\nfrom 192.0.2.1\n'
      + '# failJSON: {"match": true, "constraint": "name == \'sshd\'"}\nfrom 192.0.2.2\n',
  });
  assert.deepEqual(calls.map((c) => [c.set, c.line]), [['{"mode":"aggressive"}', 'from 192.0.2.1']]);
  assert.deepEqual([result.lines, result.agree, result.disagree, result.skipped], [2, 1, 0, 1]);
});

test('an unmapped constraint is reported and the line disagrees', () => {
  const { result, calls } = run({ f: '# failJSON: {"match": true, "constraint": "1 == 1"}\nfrom 192.0.2.1\n' });
  assert.equal(calls.length, 0);
  assert.deepEqual(result.unsupported, { '1 == 1': 1 });
  assert.equal(result.disagree, 1);
});

test('journal sets get the prefix line and the time of now, like samplestestcase', () => {
  const { result, calls } = run({
    f: '# filterOptions: [{"logtype": "journal", "test.prefix-line": "srv f[1]: "}]\n# failJSON: {"match": true, "host": "192.0.2.1", "time": "2005-08-14T12:00:00"}\nfrom 192.0.2.1\n',
  });
  assert.deepEqual(calls, [{ set: '{"logtype":"journal"}', line: 'srv f[1]: from 192.0.2.1', now: NOW, time: NOW }]);
  assert.equal(result.agree, 1);
});

test('disagreements carry expected and got; failregexes no line hit are listed', () => {
  const { result } = run({ f: '# failJSON: {"match": true, "host": "192.0.2.9"}\nfrom 192.0.2.1\n' });
  const [d] = result.disagreements;
  assert.equal(d.reason, 'host: got "192.0.2.1", expected "192.0.2.9"');
  assert.deepEqual([d.file, d.lineNo, d.line], ['f', 2, 'from 192.0.2.1']);
  assert.equal(d.got?.failures[0].id, '192.0.2.1');
  assert.deepEqual(result.uncoveredRegex, [{ optionSet: 'f', regex: 1, text: 'never' }]);
});

test('a filter without a sample is a problem; added files are recorded as read', () => {
  const { result } = run({ f: '# addFILE: "g"\n', g: '# failJSON: {"match": false}\nx\n' }, ['f', 'h']);
  assert.deepEqual(result.problems, [{ filter: 'h', message: 'no sample log "h"' }]);
  assert.deepEqual(result.filesRead, ['f', 'g']);
  assert.equal(result.agree, 1);
});
