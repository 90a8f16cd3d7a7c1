import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailCounter } from './fail-counter.js';

const SETTINGS = { maxretry: 5, findtime: 600, maxmatches: 5 };

/** Feed [time, now] pairs for one id; returns the count after each. */
function counts(times: readonly (number | [number, number])[], settings = SETTINGS): number[] {
  const counter = new FailCounter(settings);
  return times.map((t) => (Array.isArray(t) ? counter.add('10.0.0.1', t[0], t[1], 1, []) : counter.add('10.0.0.1', t, t, 1, [])));
}

test('counts failures in an exact findtime window, not fail2ban\'s estimate', () => {
  const cases: [string, (number | [number, number])[], object, number[]][] = [
    ['4 failures at 0..3 then one at 700: 1, where fail2ban estimates 4', [0, 1, 2, 3, 700], SETTINGS, [1, 2, 3, 4, 1]],
    ['one failure every 300 s: the window (t-600, t] holds 2, never 3', [0, 300, 600, 900, 1200], { ...SETTINGS, maxretry: 3 }, [1, 2, 2, 2, 2]],
    ['three within 599 s reach 3', [0, 299, 599], { ...SETTINGS, maxretry: 3 }, [1, 2, 3]],
    ['a failure exactly findtime older than the newest is out', [0, 600], SETTINGS, [1, 1]],
    ['at most maxretry are kept', [1, 2, 3, 4, 5, 6, 7], { ...SETTINGS, maxretry: 3 }, [1, 2, 3, 3, 3, 3, 3]],
    ['fractional times', [0.5, 600.4, 600.6], SETTINGS, [1, 2, 2]],
    ['fractional times on the edge', [0.5, 600.5], SETTINGS, [1, 1]],
  ];
  for (const [name, times, settings, expected] of cases) {
    assert.deepEqual(counts(times, { ...SETTINGS, ...settings }), expected, name);
  }
});

test('out-of-order times count by log time, whatever the arrival order', () => {
  const settings = { ...SETTINGS, findtime: 60, maxretry: 3 };
  for (const order of [[100, 50, 80], [50, 100, 80], [80, 50, 100], [100, 80, 50]]) {
    assert.equal(counts(order.map((t) => [t, 100] as [number, number]), settings).at(-1), 3, order.join());
  }
  // A late failure outside the newest failure's window is not counted.
  assert.deepEqual(counts([[1050, 1000], [985, 1000], [1000, 1000]], settings), [1, 1, 2]);
});

test('failures older than now - findtime are not counted, new or kept', () => {
  const counter = new FailCounter(SETTINGS);
  assert.equal(counter.add('a', 100, 800, 1, []), -1, 'log time 100 is older than 800 - 600');
  assert.equal(counter.size, 0);
  assert.equal(counter.add('b', 200, 800, 1, []), 1, 'exactly now - findtime still counts');
  assert.equal(counter.add('c', 0, 0, 1, []), 1);
  assert.equal(counter.add('c', 500, 650, 1, []), 1, 'the failure at 0 is older than 650 - 600');
});

test('a weighted failure counts several times', () => {
  const counter = new FailCounter({ ...SETTINGS, maxretry: 5 });
  assert.equal(counter.add('a', 10, 10, 3, []), 3);
  assert.equal(counter.add('a', 11, 11, 3, []), 5);
});

test('keeps the newest maxmatches lines; a window that starts over drops the old ones', () => {
  const counter = new FailCounter({ ...SETTINGS, maxmatches: 3, maxretry: 10 });
  for (let t = 1; t <= 5; t++) counter.add('a', t, t, 1, [`line ${t}`]);
  assert.deepEqual(counter.matches('a'), ['line 3', 'line 4', 'line 5']);
  counter.add('a', 1000, 1000, 1, ['line 1000']);
  assert.deepEqual(counter.matches('a'), ['line 1000']);
  const none = new FailCounter({ ...SETTINGS, maxmatches: 0 });
  none.add('a', 1, 1, 1, ['x']);
  assert.deepEqual(none.matches('a'), []);
});

test('past the match text cap new lines are not kept but counts stay exact', () => {
  const line = 'x'.repeat(100);
  const counter = new FailCounter({ ...SETTINGS, maxMatchBytes: 10 * (line.length + 32) });
  for (let k = 0; k < 50; k++) assert.equal(counter.add(`10.0.0.${k}`, 1, 1, 1, [line]), 1);
  assert.ok(counter.matchBytes <= 10 * (line.length + 32));
  assert.deepEqual(counter.matches('10.0.0.9'), [line]);
  assert.deepEqual(counter.matches('10.0.0.10'), []);
  assert.equal(counter.size, 50);
  counter.delete('10.0.0.0');
  counter.add('10.0.0.99', 2, 2, 1, [line]);
  assert.deepEqual(counter.matches('10.0.0.99'), [line], 'room freed by a cleared id is reused');
});

test('delete forgets an id and its slot is reused', () => {
  const counter = new FailCounter(SETTINGS);
  counter.add('a', 1, 1, 1, ['a1']);
  counter.add('a', 2, 2, 1, ['a2']);
  assert.equal(counter.delete('a'), true);
  assert.equal(counter.delete('a'), false);
  assert.equal(counter.count('a'), 0);
  assert.equal(counter.add('b', 3, 3, 1, ['b3']), 1);
  assert.deepEqual(counter.matches('b'), ['b3']);
});

test('sweep drops ids whose newest failure aged out, a chunk per call', () => {
  const counter = new FailCounter(SETTINGS);
  for (let k = 0; k < 20000; k++) counter.add(`id${k}`, k % 2 === 0 ? 0 : 1000, k % 2 === 0 ? 0 : 1000, 1, []);
  let dropped = 0;
  for (let call = 0; call < 30; call++) dropped += counter.sweep(1000);
  assert.equal(dropped, 10000);
  assert.equal(counter.size, 10000);
  assert.equal(counter.count('id1'), 1);
  assert.equal(counter.count('id0'), 0);
  const first = new FailCounter(SETTINGS);
  for (let k = 0; k < 20000; k++) first.add(`id${k}`, 0, 0, 1, []);
  assert.ok(first.sweep(1000) < 20000, 'one call does not scan everything');
});

test('reconfigure keeps counters: a lower maxretry keeps the newest failures', () => {
  const counter = new FailCounter({ ...SETTINGS, maxretry: 5 });
  for (let t = 1; t <= 4; t++) counter.add('a', t, t, 1, []);
  counter.add('b', 1, 1, 1, []);
  counter.reconfigure({ ...SETTINGS, maxretry: 2 });
  assert.equal(counter.count('a'), 2);
  assert.equal(counter.count('b'), 1);
  assert.equal(counter.add('a', 5, 5, 1, []), 2);
  counter.reconfigure({ ...SETTINGS, maxretry: 4 });
  assert.equal(counter.add('a', 6, 6, 1, []), 3, 'kept 4 and 5, plus 6');
});

test('matches a naive model of the window on random out-of-order traffic', () => {
  let seed = 12345;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const settings = { maxretry: 4, findtime: 100, maxmatches: 2 };
  const counter = new FailCounter(settings);
  const model = new Map<string, number[]>();
  let now = 1000;
  for (let step = 0; step < 5000; step++) {
    now += random(10);
    const id = `10.0.0.${random(20)}`;
    const time = now - random(130) + 10;
    if (random(50) === 0) {
      counter.delete(id);
      model.delete(id);
      continue;
    }
    if (random(40) === 0) counter.sweep(now);
    const got = counter.add(id, time, now, 1, []);
    if (time < now - settings.findtime) {
      assert.equal(got, -1);
      continue;
    }
    const times = [...(model.get(id) ?? []), time];
    model.set(id, times);
    const newest = Math.max(...times);
    const inWindow = times.filter((t) => t > newest - settings.findtime && t >= now - settings.findtime).length;
    assert.equal(got, Math.min(inWindow, settings.maxretry), `step ${step}`);
  }
});
