import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from './random.mjs';
import { listScheduleMakespan, lowerBound, packedMakespan, sequentialWalk, waveMakespan } from './schedule.mjs';

const task = (id, dependsOn = []) => ({ id, kind: 'task', dependsOn });
const gate = (id, dependsOn = []) => ({ id, kind: 'gate', dependsOn });
const one = () => 1;

test('lower bound: the critical path when it is longer than the work per slot, else the work per slot', () => {
  assert.equal(lowerBound({ criticalPath: 10, totalWork: 20, slots: 4 }), 10);
  assert.equal(lowerBound({ criticalPath: 2, totalWork: 20, slots: 4 }), 5);
  assert.throws(() => lowerBound({ criticalPath: 1, totalWork: 1, slots: 0 }), /slots/);
});

test('the sequential walk is the sum of the durations', () => {
  assert.equal(
    sequentialWalk(['a', 'b', 'c'], (id) => ({ a: 1, b: 2, c: 4 })[id]),
    7,
  );
});

test('packing independent jobs on slots', () => {
  assert.equal(packedMakespan([1, 1, 1, 1, 1], 2), 3);
  assert.equal(packedMakespan([3, 1, 1, 1], 2), 3);
  assert.equal(packedMakespan([], 4), 0);
});

test('waves: each wave takes as long as its slowest slot', () => {
  const durations = { a: 1, b: 3, c: 1, d: 2 };
  assert.equal(
    waveMakespan(
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      (id) => durations[id],
      2,
    ),
    3 + 2,
  );
  assert.equal(
    waveMakespan(
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      (id) => durations[id],
      1,
    ),
    4 + 3,
  );
});

test('greedy list scheduling: a chain takes its sum, independent tasks share the slots', () => {
  assert.equal(listScheduleMakespan([task('a'), task('b', ['a']), task('c', ['b'])], one, 4), 3);
  const flat = Array.from({ length: 7 }, (_, i) => task(`t${i}`));
  assert.equal(listScheduleMakespan(flat, one, 3), 3);
  assert.equal(listScheduleMakespan(flat, one, 8), 1);
});

test('greedy list scheduling: gates take no time and no slot', () => {
  const nodes = [task('a'), task('b'), gate('g1', ['a', 'b']), task('c', ['g1']), task('d', ['g1']), gate('g2', ['c', 'd'])];
  assert.equal(listScheduleMakespan(nodes, one, 2), 2);
  assert.equal(listScheduleMakespan(nodes, one, 1), 4);
});

test('greedy list scheduling starts a task as soon as its own prerequisites are done (not a whole wave)', () => {
  // a(3) → c(1); b(1) → d(1): with 2 slots d starts at 1, not after the slowest of the first wave.
  const durations = { a: 3, b: 1, c: 1, d: 1 };
  const nodes = [task('a'), task('b'), task('c', ['a']), task('d', ['b'])];
  assert.equal(
    listScheduleMakespan(nodes, (id) => durations[id], 2),
    4,
  );
  assert.equal(
    waveMakespan(
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      (id) => durations[id],
      2,
    ),
    4,
  );
  const uneven = [task('a'), task('b'), task('c', ['a']), task('d', ['b']), task('e', ['d'])];
  assert.equal(
    listScheduleMakespan(uneven, (id) => ({ ...durations, e: 1 })[id], 2),
    4,
  );
  assert.equal(
    waveMakespan([['a', 'b'], ['c', 'd'], ['e']], (id) => ({ ...durations, e: 1 })[id], 2),
    5,
  );
});

test('greedy list scheduling refuses a dependency on an unknown node', () => {
  assert.throws(() => listScheduleMakespan([task('a', ['x'])], one, 1), /unknown node x/);
});

test('on random graphs: bound ≤ greedy ≤ sequential, and bound ≤ waves', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const random = seededRandom(seed);
    const count = 1 + Math.floor(random() * 30);
    const durations = Array.from({ length: count }, () => 1 + Math.floor(random() * 5));
    const nodes = durations.map((_, i) =>
      task(
        `t${i}`,
        Array.from({ length: i }, (_, j) => `t${j}`).filter(() => random() < 0.15),
      ),
    );
    const duration = (id) => durations[Number(id.slice(1))];
    const finish = [];
    nodes.forEach((n, i) => (finish[i] = Math.max(0, ...n.dependsOn.map((d) => finish[Number(d.slice(1))])) + durations[i]));
    const level = [];
    nodes.forEach((n, i) => (level[i] = Math.max(-1, ...n.dependsOn.map((d) => level[Number(d.slice(1))])) + 1));
    const waves = [];
    level.forEach((l, i) => (waves[l] ??= []).push(`t${i}`));
    const slots = 1 + Math.floor(random() * 4);
    const total = durations.reduce((a, b) => a + b, 0);
    const greedy = listScheduleMakespan(nodes, duration, slots);
    const bound = lowerBound({ criticalPath: Math.max(...finish), totalWork: total, slots });
    assert.ok(bound <= greedy + 1e-9, `seed ${seed}: bound ${bound} > greedy ${greedy}`);
    assert.ok(
      greedy <=
        sequentialWalk(
          nodes.map((n) => n.id),
          duration,
        ),
      `seed ${seed}`,
    );
    if (slots === 1) assert.equal(greedy, total);
    assert.ok(bound <= waveMakespan(waves, duration, slots) + 1e-9, `seed ${seed}`);
  }
});
