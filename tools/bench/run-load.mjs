// Benchmark 6: a plan of thousands of tasks (issue 12, Load): a completed plan run again, against
// the same graph of nx:noop targets, and every task a no-op at --parallel=8, against the same graph
// on nx:run-commands. Both sides of each ratio run in the same workspace, one after the other.
import { checkboxCounts, pluginModules, resetFeature } from './lib/feature.mjs';
import { generatePlan } from './lib/plan.mjs';
import { formatMs, formatRatio, median } from './lib/stats.mjs';
import { barChart } from './lib/svg.mjs';
import { createWorkspace, taskPhase } from './lib/workspace.mjs';
import { baselineTargets } from './overhead.mjs';

const NOOP_FEATURE = 'specs/001-load';
const NOOP_PROJECT = 'feature-001';
const RERUN_FEATURE = 'specs/002-rerun';
const RERUN_PROJECT = 'feature-002';
const PARALLEL = 8;
const RERUN_TARGET = 2;
const NOOP_TARGET = 1.5;

export const title = 'Run load: thousands of tasks';

/** `tasks` (default 2,000; `--load-tasks=N`) in a full run, 10 in a quick one. */
export function settings(quick, repeats, tasks) {
  return { tasks: tasks ?? (quick ? 10 : 2000), repeats: repeats ?? 1 };
}

const noteFile = (id) => `notes/${id.toLowerCase()}.txt`;

export async function run({ quick, repeats: asked, loadTasks, log }) {
  const { tasks, repeats } = settings(quick, asked, loadTasks);
  const noopPlan = generatePlan({ tasks, seed: 60_000 + tasks, parallelShare: 1, command: () => 'true', title: `${tasks} no-op tasks` });
  // Every task writes the file it names: its result is cacheable, so its target has a fingerprint input.
  const rerunPlan = generatePlan({
    tasks,
    seed: 61_000 + tasks,
    title: `${tasks} cacheable tasks`,
    describe: (id) => `Write the note \`${noteFile(id)}\``,
    command: (id) => `mkdir -p notes && echo ${id} > ${noteFile(id)}`,
  });
  const ws = createWorkspace({
    files: {
      [`${NOOP_FEATURE}/tasks.md`]: noopPlan.text,
      [`${RERUN_FEATURE}/tasks.md`]: rerunPlan.text,
      '.gitignore': 'node_modules\n.nx\n.bench-records\nnotes\n',
    },
  });
  try {
    const { analyzeFeature } = pluginModules(ws);
    const graphOf = (feature, text) => {
      const analysis = analyzeFeature(text, { tasksFile: `${feature}/tasks.md`, workspaceRoot: ws.root });
      if (analysis.hasErrors) throw new Error(`generated plan ${feature} has errors`);
      return analysis.graph;
    };
    const noopGraph = graphOf(NOOP_FEATURE, noopPlan.text);
    const rerunGraph = graphOf(RERUN_FEATURE, rerunPlan.text);
    const noopTargets = baselineTargets(rerunGraph.nodes, 'true');
    for (const target of Object.values(noopTargets)) {
      target.executor = 'nx:noop';
      delete target.options;
    }
    const project = (name, targets) =>
      ws.write(`tools/${name}/project.json`, JSON.stringify({ name, root: `tools/${name}`, targets }, null, 2));
    project('run-commands', baselineTargets(noopGraph.nodes, 'true'));
    project('noop', noopTargets);
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'baselines']);

    const parallelArgs = (name) => ['run', `${name}:implement`, `--parallel=${PARALLEL}`, '--skip-nx-cache'];
    const expectTicked = (feature) => {
      const boxes = checkboxCounts(ws, feature);
      if (boxes.ticked !== tasks) throw new Error(`load: ${feature}: ${boxes.ticked}/${tasks} ticked`);
    };
    const noopVariants = [
      {
        key: 'ours',
        label: `${tasks} no-op tasks.md tasks (nx-tasks-md:task)`,
        run: async () => {
          resetFeature(ws, NOOP_FEATURE, noopPlan.text);
          const result = await ws.runOk(parallelArgs(NOOP_PROJECT));
          expectTicked(NOOP_FEATURE);
          return result;
        },
      },
      { key: 'runCommands', label: `the same graph on nx:run-commands`, run: () => ws.runOk(parallelArgs('run-commands')) },
    ];

    resetFeature(ws, RERUN_FEATURE, rerunPlan.text);
    const first = await ws.runOk(['run', `${RERUN_PROJECT}:implement`]);
    expectTicked(RERUN_FEATURE);
    const completedText = ws.read(`${RERUN_FEATURE}/tasks.md`);
    const completedState = ws.read(`${RERUN_FEATURE}/.implementation-completed.json`);
    log(`  first run of the ${tasks}-task feature: ${formatMs(first.wallMs)}`);
    const rerunVariants = [
      {
        key: 'same',
        label: 'completed tasks.md run again, same checkout',
        run: () => {
          resetFeature(ws, RERUN_FEATURE, completedText);
          ws.write(`${RERUN_FEATURE}/.implementation-completed.json`, completedState);
          return ws.runOk(['run', `${RERUN_PROJECT}:implement`]);
        },
      },
      {
        key: 'clone',
        label: 'completed tasks.md run again, fresh clone (cache hits)',
        run: () => {
          // Ticked tasks.md, no state file, no generated files; Nx's cache at hand.
          resetFeature(ws, RERUN_FEATURE, completedText);
          ws.remove('notes');
          return ws.runOk(['run', `${RERUN_PROJECT}:implement`]);
        },
      },
      { key: 'noop', label: `${tasks} nx:noop targets`, run: () => ws.runOk(['run', 'noop:implement']) },
    ];

    const samples = {};
    const statuses = {};
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const variant of [...noopVariants, ...rerunVariants]) {
        const result = await variant.run();
        const phase = taskPhase(result.record);
        statuses[variant.key] = phase.statuses;
        (samples[variant.key] ??= []).push({ wallMs: result.wallMs, spanMs: phase.spanMs });
        log(`  ${variant.key}: wall ${formatMs(result.wallMs)}, task phase ${formatMs(phase.spanMs)} ${JSON.stringify(phase.statuses)}`);
      }
      expectTicked(RERUN_FEATURE);
    }
    return report({ tasks, repeats, noopVariants, rerunVariants, samples, statuses, firstMs: first.wallMs, quick });
  } finally {
    ws.cleanup();
  }
}

function report({ tasks, repeats, noopVariants, rerunVariants, samples, statuses, firstMs, quick }) {
  const ratio = (a, b) => median(samples[a].map((s, i) => s.wallMs / samples[b][i].wallMs));
  const wall = (key) => formatMs(median(samples[key].map((s) => s.wallMs)));
  const span = (key) => formatMs(median(samples[key].map((s) => s.spanMs)));
  const statusOf = (key) =>
    Object.entries(statuses[key] ?? {})
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
  const lines = [
    `Two plans of ${tasks} tasks in one workspace, each against the same graph of stock Nx targets in a project.json (same \`dependsOn\`; gates and implement \`nx:noop\`); ` +
      'ratios of the wall time of the whole `nx run <project>:implement` command, side by side' +
      `${repeats > 1 ? ` (median of ${repeats} per-repeat ratios)` : ''}.`,
    '',
    `**No-op tasks at \`--parallel=${PARALLEL}\`**: every task \`[P]\` and the command \`true\`, \`--skip-nx-cache\`, from a fresh tasks.md; ` +
      'the reference runs `true` through `nx:run-commands`.',
    '',
    '| variant | task statuses | wall | task phase | / run-commands (wall) |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  for (const v of noopVariants) {
    lines.push(
      `| ${v.label} | ${statusOf(v.key)} | ${wall(v.key)} | ${span(v.key)} | ${v.key === 'runCommands' ? '1.00x' : formatRatio(ratio(v.key, 'runCommands'))} |`,
    );
  }
  lines.push(
    '',
    `**A completed plan run again** (every task writes the file it names, so it is cacheable; the first run took ${formatMs(firstMs)}), at Nx's default parallelism. ` +
      '**Same checkout**: the state file says every task completed here, so the plugin turns caching off for them and each reaches the executor, which only says "already complete". ' +
      '**Fresh clone**: no state file and no generated files; Nx restores every task from its cache. The reference is the same graph of `nx:noop` targets.',
    '',
    '| variant | task statuses | wall | task phase | / nx:noop (wall) |',
    '| --- | --- | ---: | ---: | ---: |',
  );
  for (const v of rerunVariants) {
    lines.push(
      `| ${v.label} | ${statusOf(v.key)} | ${wall(v.key)} | ${span(v.key)} | ${v.key === 'noop' ? '1.00x' : formatRatio(ratio(v.key, 'noop'))} |`,
    );
  }
  const chart = barChart({
    title: `${tasks} tasks: wall time / the same graph on stock Nx executors (lower is better)`,
    yLabel: 'wall time / stock Nx',
    categories: [`no-op, --parallel=${PARALLEL} / run-commands`, 'rerun, same checkout / noop', 'rerun, fresh clone / noop'],
    series: [{ name: 'ratio', values: [ratio('ours', 'runCommands'), ratio('same', 'noop'), ratio('clone', 'noop')] }],
  });
  const rerun = ratio('same', 'noop');
  const noop = ratio('ours', 'runCommands');
  return {
    title,
    markdown: lines.join('\n'),
    chart: { file: 'run-load.svg', svg: chart },
    targets: [
      {
        name: `completed ${tasks}-task plan run again at most ${RERUN_TARGET}x ${tasks} nx:noop targets`,
        value: `${formatRatio(rerun)} (fresh clone: ${formatRatio(ratio('clone', 'noop'))})`,
        met: rerun <= RERUN_TARGET,
        applies: !quick,
      },
      {
        name: `${tasks} no-op tasks at --parallel=${PARALLEL} at most ${NOOP_TARGET}x nx:run-commands`,
        value: formatRatio(noop),
        met: noop <= NOOP_TARGET,
        applies: !quick,
      },
    ],
    data: { tasks, parallel: PARALLEL, samples, statuses, firstMs },
  };
}
