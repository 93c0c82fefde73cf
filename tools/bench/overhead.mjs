// Benchmark 2: the cost of one task through our executor against nx:run-commands running the same
// trivial command, on the same plan shape, in the same workspace and the same Nx process setup.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { executorBreakdown, readProfile } from './lib/cpu-profile.mjs';
import { checkboxCounts, pluginModules, resetFeature } from './lib/feature.mjs';
import { generatePlan } from './lib/plan.mjs';
import { formatMs, formatRatio, median } from './lib/stats.mjs';
import { barChart } from './lib/svg.mjs';
import { createWorkspace, taskPhase } from './lib/workspace.mjs';

const FEATURE = 'specs/001-overhead';
const PROJECT = 'feature-001';
const BASELINE = 'baseline';
const SMALL_FEATURE = 'specs/002-overhead-forked';
const SMALL_PROJECT = 'feature-002';
const SMALL_BASELINE = 'baseline-forked';
/** The same targets running an empty Node program: the floor of any design that starts Node per task. */
const NODE_FLOOR = 'node-floor';
const TARGET_RATIO = 1.5;
const PROFILE_HOOK = new URL('./lib/cpu-profile-hook.cjs', import.meta.url).pathname;

export const title = 'Overhead per task';

export function settings(quick, repeats) {
  // The forked variants cost a Node process (and Nx's start-up in it) per task: a smaller plan of the
  // same shape keeps the whole benchmark run within its time budget; per task is what compares.
  return quick
    ? { tasks: 20, forkedTasks: 10, repeats: repeats ?? 1, parallel: 2 }
    : { tasks: 200, forkedTasks: 50, repeats: repeats ?? 1, parallel: 2 };
}

/**
 * project.json targets that reproduce the plugin's graph with stock executors: each task runs
 * `command` with nx:run-commands, each phase gate and implement are nx:noop.
 */
export function baselineTargets(graphNodes, command) {
  const targets = {};
  for (const node of graphNodes) {
    targets[node.id] =
      node.kind === 'task'
        ? { executor: 'nx:run-commands', options: { command }, cache: false, dependsOn: [...node.dependsOn] }
        : { executor: 'nx:noop', cache: false, dependsOn: [...node.dependsOn] };
  }
  targets.implement = { executor: 'nx:noop', cache: false, dependsOn: graphNodes.map((n) => n.id) };
  return targets;
}

export async function run({ quick, repeats: asked, log }) {
  const { tasks, forkedTasks, repeats, parallel } = settings(quick, asked);
  // Every task [P]: both cores stay busy, so this measures the cost per task, not the plan's chain.
  const planOf = (count) =>
    generatePlan({ tasks: count, seed: 30_000 + count, parallelShare: 1, command: () => 'true', title: `${count} trivial tasks` });
  const plan = planOf(tasks);
  const small = planOf(forkedTasks);
  const ws = createWorkspace({ files: { [`${FEATURE}/tasks.md`]: plan.text, [`${SMALL_FEATURE}/tasks.md`]: small.text } });
  try {
    const { analyzeFeature } = pluginModules(ws);
    const graphOf = (feature, text) => {
      const analysis = analyzeFeature(text, { tasksFile: `${feature}/tasks.md`, workspaceRoot: ws.root });
      if (analysis.hasErrors) throw new Error('generated plan has errors');
      return analysis.graph;
    };
    const graph = graphOf(FEATURE, plan.text);
    const smallGraph = graphOf(SMALL_FEATURE, small.text);
    const gates = graph.nodes.filter((n) => n.kind === 'gate').length;
    const baseline = (name, nodes, command) =>
      ws.write(
        `tools/${name}/project.json`,
        JSON.stringify({ name, root: `tools/${name}`, targets: baselineTargets(nodes, command) }, null, 2),
      );
    baseline(BASELINE, graph.nodes, 'true');
    baseline(NODE_FLOOR, graph.nodes, 'node -e 0');
    baseline(SMALL_BASELINE, smallGraph.nodes, 'true');
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'baselines']);
    const args = (project) => ['run', `${project}:implement`, `--parallel=${parallel}`, '--skip-nx-cache'];
    const ours =
      (project, feature, text, count, extra = []) =>
      async () => {
        resetFeature(ws, feature, text);
        const result = await ws.runOk([...args(project), ...extra]);
        const boxes = checkboxCounts(ws, feature);
        if (boxes.ticked !== count) throw new Error(`overhead: ${boxes.ticked}/${count} ticked`);
        return result;
      };
    const variants = [
      { key: 'ours', label: 'nx-tasks-md:task (batch mode, the default)', tasks, run: ours(PROJECT, FEATURE, plan.text, tasks) },
      { key: 'direct', label: "nx:run-commands (in Nx's process, the default)", tasks, run: () => ws.runOk(args(BASELINE)) },
      { key: 'node', label: 'nx:run-commands running `node -e 0` (one Node start per task)', tasks, run: () => ws.runOk(args(NODE_FLOOR)) },
      {
        key: 'oursForked',
        label: `nx-tasks-md:task with --batch=false (one process per task; ${forkedTasks} tasks)`,
        tasks: forkedTasks,
        run: ours(SMALL_PROJECT, SMALL_FEATURE, small.text, forkedTasks, ['--batch=false']),
      },
      {
        key: 'forked',
        label: `nx:run-commands forked (NX_RUN_COMMANDS_DIRECTLY=false; ${forkedTasks} tasks)`,
        tasks: forkedTasks,
        run: () => ws.runOk(args(SMALL_BASELINE), { NX_RUN_COMMANDS_DIRECTLY: 'false' }),
      },
    ];
    const samples = Object.fromEntries(variants.map((v) => [v.key, []]));
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const variant of variants) {
        const result = await variant.run();
        const phase = taskPhase(result.record);
        if (phase.statuses.success !== phase.count) throw new Error(`${variant.key}: ${JSON.stringify(phase.statuses)}`);
        samples[variant.key].push({ wallMs: result.wallMs, spanMs: phase.spanMs });
        log(`  ${variant.key}: wall ${formatMs(result.wallMs)}, task phase ${formatMs(phase.spanMs)}`);
      }
    }

    // Where the time goes: CPU profile of the batch process of one more default run.
    const profileDir = join(ws.root, '..', 'profiles');
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
    resetFeature(ws, FEATURE, plan.text);
    await ws.runOk(args(PROJECT), {
      NODE_OPTIONS: `--require ${PROFILE_HOOK}`,
      BENCH_PROFILE_DIR: profileDir,
      BENCH_PROFILE_MATCH: 'run-batch',
    });
    const breakdowns = readdirSync(profileDir).map((file) => executorBreakdown(readProfile(join(profileDir, file))));
    return report({ tasks, gates, parallel, repeats, samples, variants, breakdowns, quick });
  } finally {
    ws.cleanup();
  }
}

function report({ tasks, gates, parallel, repeats, samples, variants, breakdowns, quick }) {
  const sizeOf = Object.fromEntries(variants.map((v) => [v.key, v.tasks]));
  const perTask = (key, field) => median(samples[key].map((s) => s[field] / sizeOf[key]));
  // Per-task ratios, so that variants measured on the smaller plan compare too.
  const ratio = (a, b, field) => median(samples[a].map((s, i) => s[field] / sizeOf[a] / (samples[b][i][field] / sizeOf[b])));
  const lines = [
    `One plan of ${tasks} tasks (${gates} phases, every task \`[P]\` so that both cores stay busy), every task the trivial command \`true\`, run with \`--parallel=${parallel}\` (the machine's cores) and \`--skip-nx-cache\`: ` +
      `as a tasks.md through our executor, and as a project.json with the same targets and the same \`dependsOn\` through \`nx:run-commands\` (gates and implement: \`nx:noop\`), once more with \`node -e 0\` as the command, in the same workspace. ` +
      `The two variants that fork a process per task run a plan of the same shape with fewer tasks (each costs a Node process and Nx's start-up in it); per task is what compares` +
      `${repeats > 1 ? `; ${repeats} repeats side by side (median of the per-repeat ratios)` : ''}. Per task = task phase (Nx-timed, first start to last end) / tasks; the ratios are of the per-task figures.`,
    '',
    '| variant | tasks | wall (whole command) | task phase | per task | ours / this per task (task phase) | ours / this per task (wall) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const v of variants) {
    lines.push(
      `| ${v.label} | ${v.tasks} | ${formatMs(median(samples[v.key].map((s) => s.wallMs)))} | ${formatMs(median(samples[v.key].map((s) => s.spanMs)))} | ${formatMs(perTask(v.key, 'spanMs'))} | ${v.key === 'ours' ? '—' : formatRatio(ratio('ours', v.key, 'spanMs'))} | ${v.key === 'ours' ? '—' : formatRatio(ratio('ours', v.key, 'wallMs'))} |`,
    );
  }
  const categories = new Map();
  let total = 0;
  for (const b of breakdowns) {
    total += b.total;
    for (const [name, ms] of b.categories) categories.set(name, (categories.get(name) ?? 0) + ms);
  }
  const merged = [...categories.entries()]
    .map(([name, ms]) => [name.startsWith('loading plugin code: ') && ms / tasks < 0.5 ? 'loading plugin code: other packages' : name, ms])
    .reduce((acc, [name, ms]) => acc.set(name, (acc.get(name) ?? 0) + ms), new Map());
  lines.push(
    '',
    `Where the batch process spends its time (V8 CPU profile of the process Nx forked for one more default run of the ${tasks} tasks; ` +
      `${formatMs(total)} in all, per task = / ${tasks}):`,
    '',
    '| part | ms per task | share |',
    '| --- | ---: | ---: |',
  );
  for (const [name, ms] of [...merged.entries()].sort((a, b) => b[1] - a[1])) {
    if (ms / tasks < 0.1) continue;
    lines.push(`| ${name} | ${(ms / tasks).toFixed(1)} | ${((100 * ms) / total).toFixed(0)}% |`);
  }
  const direct = ratio('ours', 'direct', 'spanMs');
  const chart = barChart({
    title: `Overhead: time per task, ${tasks} trivial tasks (lower is better)`,
    yLabel: 'ms per task (task phase / tasks)',
    categories: ['per task'],
    series: variants.map((v) => ({ name: v.label, values: [perTask(v.key, 'spanMs')] })),
    format: (v) => `${Math.round(v)}`,
  });
  return {
    title,
    markdown: lines.join('\n'),
    chart: { file: 'overhead.svg', svg: chart },
    targets: [
      {
        name: `per-task overhead at most ${TARGET_RATIO}x nx:run-commands (${tasks} tasks)`,
        value: `${formatRatio(direct)} (--batch=false: ${formatRatio(ratio('oursForked', 'direct', 'spanMs'))}; vs forked run-commands: ${formatRatio(ratio('ours', 'forked', 'spanMs'))})`,
        met: direct <= TARGET_RATIO,
        applies: !quick,
      },
    ],
    data: { samples, breakdown: [...merged.entries()].map(([name, ms]) => [name, ms / tasks]) },
  };
}
