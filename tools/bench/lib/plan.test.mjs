import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatePlan, parallelFlags, phaseCountFor } from './plan.mjs';
import { seededRandom } from './random.mjs';

test('the same seed gives the same plan, another seed another one', () => {
  const a = generatePlan({ tasks: 50, seed: 7 });
  assert.equal(generatePlan({ tasks: 50, seed: 7 }).text, a.text);
  assert.notEqual(generatePlan({ tasks: 50, seed: 8 }).text, a.text);
});

for (const tasks of [1, 2, 20, 100, 400]) {
  test(`a plan of ${tasks} tasks: every task once, in phases, with its own sh block`, () => {
    const plan = generatePlan({ tasks, seed: tasks, command: (id) => `sleep 0.1 # ${id}` });
    assert.equal(plan.ids.length, tasks);
    assert.deepEqual(plan.phases.flat(), plan.ids);
    assert.ok(plan.phases.every((p) => p.length > 0));
    assert.equal(plan.phases.length, Math.min(phaseCountFor(tasks), tasks));
    const taskLines = plan.text.split('\n').filter((l) => /^- \[ \] T\d{3}/.test(l));
    assert.deepEqual(
      taskLines.map((l) => l.slice(6, 10)),
      plan.ids,
    );
    for (const id of plan.ids) assert.ok(plan.text.includes(`  \`\`\`sh\n  sleep 0.1 # ${id}\n  \`\`\``), id);
    const headings = plan.text.split('\n').filter((l) => l.startsWith('## Phase '));
    assert.equal(headings.length, plan.phases.length);
  });
}

test('35% of the tasks are [P], marked on their lines', () => {
  const plan = generatePlan({ tasks: 200, seed: 3 });
  assert.equal(plan.parallel.size, 70);
  for (const id of plan.ids) {
    const line = plan.text.split('\n').find((l) => l.startsWith(`- [ ] ${id} `));
    assert.equal(line.includes(' [P] '), plan.parallel.has(id), line);
  }
});

test('dependency lines go from an earlier to a later task of the same phase, without repeats', () => {
  const plan = generatePlan({ tasks: 300, seed: 11 });
  assert.equal(plan.dependencies.length, 30);
  const phaseOf = new Map(plan.phases.flatMap((p, i) => p.map((id) => [id, i])));
  const seen = new Set();
  for (const [before, after] of plan.dependencies) {
    assert.equal(phaseOf.get(before), phaseOf.get(after));
    assert.ok(plan.ids.indexOf(before) < plan.ids.indexOf(after));
    assert.ok(plan.text.includes(`- ${after} depends on ${before}`));
    assert.ok(!seen.has(`${before}>${after}`));
    seen.add(`${before}>${after}`);
  }
});

test('parallelFlags: the share is exact and the [P] tasks come in runs of the asked mean length', () => {
  const flags = parallelFlags(1000, 0.35, 4, seededRandom(5));
  assert.equal(flags.length, 1000);
  assert.equal(flags.filter(Boolean).length, 350);
  let runs = 0;
  flags.forEach((f, i) => {
    if (f && !flags[i - 1]) runs++;
  });
  // Runs that land in the same gap merge, so there are at most 350 / 4 of them, and not many fewer.
  assert.ok(runs <= 88 && runs >= 70, `runs ${runs}`);
  assert.deepEqual(parallelFlags(10, 0, 4, seededRandom(1)), Array(10).fill(false));
  assert.deepEqual(parallelFlags(3, 1, 4, seededRandom(1)), [true, true, true]);
});

test('a plan needs a positive whole number of tasks', () => {
  assert.throws(() => generatePlan({ tasks: 0, seed: 1 }), /positive integer/);
  assert.throws(() => generatePlan({ tasks: 2.5, seed: 1 }), /positive integer/);
});

test('command: null gives tasks without shell blocks', () => {
  const plan = generatePlan({ tasks: 10, seed: 1, command: null, describe: (id) => `Write ${id}.ts` });
  assert.ok(!plan.text.includes('```'));
  assert.ok(plan.text.includes('- [ ] T001 Write T001.ts'));
});
