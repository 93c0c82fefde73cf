import { seededRandom } from './random.mjs';

/**
 * Phase count of a synthetic plan: spec-kit files have a handful of phases (Setup, Foundational,
 * one per user story, Polish), more for bigger plans.
 */
export function phaseCountFor(taskCount) {
  return Math.max(3, Math.min(12, Math.round(Math.sqrt(taskCount) / 1.5)));
}

/**
 * A synthetic spec-kit style tasks.md: phases (Setup, Foundational, user stories, Polish), a share of
 * `[P]` tasks (35% by default) placed in runs of consecutive `[P]` siblings (4 long on average), as
 * in real spec-kit files (the corpus has 30-60% `[P]` in runs of 2-5), and dependency lines
 * between tasks of the same phase (earlier → later, so they never contradict the plan's order).
 * Every task carries its own fenced `sh` block, `command(id)`, after its description `describe(id)`;
 * with `command: null` none does (tasks for an agent, as in most real plans).
 *
 * Pure: the same options give the same text.
 *
 * @param {{ tasks: number, seed: number, parallelShare?: number, meanParallelRun?: number, dependencyLines?: number,
 *   command?: ((id: string) => string) | null, describe?: (id: string) => string, title?: string }} options
 * @returns {{ text: string, ids: string[], phases: string[][], parallel: Set<string>,
 *   dependencies: Array<[string, string]> }}
 */
export function generatePlan(options) {
  const { tasks, seed, parallelShare = 0.35, meanParallelRun = 4, title = 'Synthetic plan', command = () => 'sleep 1' } = options;
  const describe = options.describe ?? ((id) => `Carry out step ${Number(id.slice(1))} of the plan`);
  if (!Number.isInteger(tasks) || tasks < 1) throw new Error(`tasks must be a positive integer, got ${tasks}`);
  const dependencyLines = options.dependencyLines ?? Math.round(tasks / 10);
  const random = seededRandom(seed);
  const ids = Array.from({ length: tasks }, (_, i) => `T${String(i + 1).padStart(3, '0')}`);
  const flags = parallelFlags(tasks, parallelShare, meanParallelRun, random);
  const parallel = new Set(ids.filter((_, i) => flags[i]));

  const phaseCount = Math.min(phaseCountFor(tasks), tasks);
  // Every phase gets at least one task; the rest are spread at random.
  const sizes = Array(phaseCount).fill(1);
  for (let i = phaseCount; i < tasks; i++) sizes[Math.floor(random() * phaseCount)]++;
  const phases = [];
  let next = 0;
  for (const size of sizes) {
    phases.push(ids.slice(next, next + size));
    next += size;
  }

  const dependencies = [];
  const seen = new Set();
  const candidates = phases.filter((p) => p.length >= 2);
  for (let attempt = 0; candidates.length && dependencies.length < dependencyLines && attempt < dependencyLines * 20; attempt++) {
    const phase = candidates[Math.floor(random() * candidates.length)];
    const a = Math.floor(random() * phase.length);
    const b = Math.floor(random() * phase.length);
    if (a === b) continue;
    const pair = [phase[Math.min(a, b)], phase[Math.max(a, b)]];
    const key = pair.join('>');
    if (seen.has(key)) continue;
    seen.add(key);
    dependencies.push(pair);
  }

  const lines = [
    `# Tasks: ${title}`,
    '',
    '## Format: `[ID] [P?] Description`',
    '',
    '- **[P]**: Can run in parallel (different files, no dependencies)',
    '',
  ];
  phases.forEach((phaseIds, p) => {
    lines.push(`## Phase ${p + 1}: ${phaseTitle(p, phaseCount)}`, '');
    for (const id of phaseIds) {
      lines.push(`- [ ] ${id}${parallel.has(id) ? ' [P]' : ''} ${describe(id)}`);
      if (command)
        lines.push(
          '  ```sh',
          ...command(id)
            .split('\n')
            .map((l) => `  ${l}`),
          '  ```',
        );
    }
    lines.push('');
  });
  if (dependencies.length) {
    lines.push('## Dependencies', '');
    for (const [before, after] of dependencies) lines.push(`- ${after} depends on ${before}`);
    lines.push('');
  }
  return { text: lines.join('\n'), ids, phases, parallel, dependencies };
}

function phaseTitle(index, count) {
  if (index === 0) return 'Setup';
  if (index === 1 && count > 2) return 'Foundational';
  if (index === count - 1) return 'Polish';
  return `User Story ${index - 1}`;
}

/**
 * Which of `count` tasks in plan order are `[P]`: round(count × share) of them, in runs whose
 * lengths add up to that and average `meanRun`, placed at random between the other tasks
 * (two runs in the same gap merge into one).
 */
export function parallelFlags(count, share, meanRun, random) {
  const parallelCount = Math.round(count * share);
  const sequentialCount = count - parallelCount;
  const runCount = parallelCount === 0 ? 0 : Math.max(1, Math.round(parallelCount / meanRun));
  const lengths = Array(runCount).fill(1);
  for (let i = runCount; i < parallelCount; i++) lengths[Math.floor(random() * runCount)]++;
  const inGap = Array(sequentialCount + 1).fill(0);
  for (const length of lengths) inGap[Math.floor(random() * inGap.length)] += length;
  const flags = [];
  inGap.forEach((length, gap) => {
    for (let i = 0; i < length; i++) flags.push(true);
    if (gap < sequentialCount) flags.push(false);
  });
  return flags;
}
