import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { evaluateConstraint, knownConstraints, normalizeExpression } from './constraints.js';

const LOGS = '/usr/lib/python3/dist-packages/fail2ban/tests/files/logs';

test('normalizeExpression drops whitespace outside string literals only', () => {
  assert.equal(normalizeExpression(" opts.get( 'mode' ) != 'a b' "), "opts.get('mode')!='a b'");
  assert.equal(normalizeExpression('name == "x y"'), 'name=="x y"');
});

test('name == sshd is true only for the sshd sample', () => {
  assert.equal(evaluateConstraint("name == 'sshd'", { name: 'sshd', opts: {} }), true);
  assert.equal(evaluateConstraint("name=='sshd'", { name: 'zzz-sshd-obsolete-multiline', opts: {} }), false);
});

test("opts.get('mode') reads the option set, None when absent", () => {
  const aggressive = { name: 'sshd', opts: { mode: 'aggressive' } };
  const none = { name: 'sshd', opts: {} };
  assert.equal(evaluateConstraint("opts.get('mode') == 'aggressive'", aggressive), true);
  assert.equal(evaluateConstraint("opts.get('mode') == 'aggressive'", none), false);
  assert.equal(evaluateConstraint("opts.get('mode') != 'aggressive'", none), true);
  assert.equal(evaluateConstraint("opts.get('mode') != 'aggressive'", aggressive), false);
});

test('an expression outside the map is unsupported (undefined), never true', () => {
  assert.equal(evaluateConstraint("opts.get('logtype') == 'journal'", { name: 'x', opts: { logtype: 'journal' } }), undefined);
  assert.equal(evaluateConstraint('True', { name: 'x', opts: {} }), undefined);
});

function sampleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sampleFiles(p) : [p];
  });
}

test('every constraint and test.condition in the installed fail2ban samples is mapped', (t) => {
  if (!existsSync(LOGS)) return t.skip('fail2ban sample logs not installed');
  const found = new Set<string>();
  for (const file of sampleFiles(LOGS)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^#+ ?(?:failJSON|fileOptions|filterOptions):(.+)$/.exec(line.replace(/\r$/, ''));
      if (m === null) continue;
      const data: unknown = JSON.parse(m[1]);
      for (const obj of Array.isArray(data) ? data : [data]) {
        for (const key of ['constraint', 'test.condition']) {
          const v = (obj as Record<string, unknown>)[key];
          if (typeof v === 'string') found.add(normalizeExpression(v));
        }
      }
    }
  }
  assert.ok(found.size > 0, 'expected some constraints in the samples');
  const unknown = [...found].filter((e) => !knownConstraints().includes(e));
  assert.deepEqual(unknown, []);
});
