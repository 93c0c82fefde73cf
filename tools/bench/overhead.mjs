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
/** The same targets running an empty Node program: the floor of any design that starts Node per task. */
const NODE_FLOOR = 'node-floor';
const TARGET_RATIO = 1.5;
const PROFILE_HOOK = new URL('./lib/cpu-profile-hook.cjs', import.meta.url).pathname;

export const title = 'Overhead per task';

export function settings(quick, repeats) {
  return quick ? { tasks: 20, repeats: repeats ?? 1, parallel: 2, profiles: 1 } : { tasks: 200, repeats: repeats ?? 1, parallel: 2, profiles: 2 };
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
  const { tasks, repeats, parallel, profiles } = settings(quick, asked);
  // Every task [P]: both cores stay busy, so this measures the cost per task, not the plan's chain.
  const plan = generatePlan({ tasks, seed: 30_000 + tasks, parallelShare: 1, command: () => 'true', title: `${tasks} trivial tasks` });
  const ws = createWorkspace({ files: { [`${FEATURE}/tasks.md`]: plan.text } });
  try {
    const { analyzeFeature } = pluginModules(ws);
    const analysis = analyzeFeature(plan.text, { tasksFile: `${FEATURE}/tasks.md`, workspaceRoot: ws.root });
    if (analysis.hasErrors) throw new Error('generated plan has errors');
    const gates = analysis.graph.nodes.filter((n) => n.kind === 'gate').length;
    ws.write(
      'tools/baseline/project.json',
      JSON.stringify({ name: BASELINE, root: 'tools/baseline', targets: baselineTargets(analysis.graph.nodes, 'true') }, null, 2),
    );
    ws.write(
      'tools/node-floor/project.json',
      JSON.stringify({ name: NODE_FLOOR, root: 'tools/node-floor', targets: baselineTargets(analysis.graph.nodes, 'node -e 0') }, null, 2),
    );
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'baselines']);
    const args = (project) => ['run', `${project}:implement`, `--parallel=${parallel}`, '--skip-nx-cache'];
    const variants = [
      {
        key: 'ours',
        label: 'nx-tasks-md:task',
        run: async () => {
          resetFeature(ws, FEATURE, plan.text);
          const result = await ws.runOk(args(PROJECT));
          const boxes = checkboxCounts(ws, FEATURE);
          if (boxes.ticked !== tasks) throw new Error(`overhead: ${boxes.ticked}/${tasks} ticked`);
          return result;
        },
      },
      { key: 'direct', label: 'nx:run-commands (in Nx\'s process, the default)', run: () => ws.runOk(args(BASELINE)) },
      { key: 'node', label: 'nx:run-commands running `node -e 0` (one Node start per task)', run: () => ws.runOk(args(NODE_FLOOR)) },
      {
        key: 'forked',
        label: 'nx:run-commands forked (NX_RUN_COMMANDS_DIRECTLY=false)',
        run: () => ws.runOk(args(BASELINE), { NX_RUN_COMMANDS_DIRECTLY: 'false' }),
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

    // Where one task's time goes: CPU profile of the executor process of single-task runs.
    const profileDir = join(ws.root, '..', 'profiles');
    const breakdowns = [];
    for (let i = 0; i < profiles; i++) {
      rmSync(profileDir, { recursive: true, force: true });
      mkdirSync(profileDir, { recursive: true });
      resetFeature(ws, FEATURE, plan.text);
      const id = plan.ids[Math.floor(((i + 1) * plan.ids.length) / (profiles + 1))];
      await ws.runOk(['run', `${PROJECT}:${id}`, '--excludeTaskDependencies', '--skip-nx-cache'], {
        NODE_OPTIONS: `--require ${PROFILE_HOOK}`,
        BENCH_PROFILE_DIR: profileDir,
        BENCH_PROFILE_MATCH: 'run-executor',
      });
      for (const file of readdirSync(profileDir)) breakdowns.push(executorBreakdown(readProfile(join(profileDir, file))));
    }
    return report({ tasks, gates, parallel, repeats, samples, variants, breakdowns, quick });
  } finally {
    ws.cleanup();
  }
}

function report({ tasks, gates, parallel, repeats, samples, variants, breakdowns, quick }) {
  const perTask = (key, field) => median(samples[key].map((s) => s[field])) / tasks;
  const ratio = (a, b, field) => median(samples[a].map((s, i) => s[field] / samples[b][i][field]));
  const lines = [
    `One plan of ${tasks} tasks (${gates} phases, every task \`[P]\` so that both cores stay busy), every task the trivial command \`true\`, run with \`--parallel=${parallel}\` (the machine's cores) and \`--skip-nx-cache\`: ` +
      `as a tasks.md through our executor, and as a project.json with the same targets and the same \`dependsOn\` through \`nx:run-commands\` (gates and implement: \`nx:noop\`), once more with \`node -e 0\` as the command, in the same workspace` +
      `${repeats > 1 ? `, ${repeats} repeats side by side (median of the per-repeat ratios)` : ''}. Per task = task phase (Nx-timed, first start to last end) / ${tasks}.`,
    '',
    '| variant | wall (whole command) | task phase | per task | ours / this (task phase) | ours / this (wall) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const v of variants) {
    lines.push(
      `| ${v.label} | ${formatMs(median(samples[v.key].map((s) => s.wallMs)))} | ${formatMs(median(samples[v.key].map((s) => s.spanMs)))} | ${formatMs(perTask(v.key, 'spanMs'))} | ${v.key === 'ours' ? '—' : formatRatio(ratio('ours', v.key, 'spanMs'))} | ${v.key === 'ours' ? '—' : formatRatio(ratio('ours', v.key, 'wallMs'))} |`,
    );
  }
  const categories = new Map();
  let total = 0;
  for (const b of breakdowns) {
    total += b.total;
    for (const [name, ms] of b.categories) categories.set(name, (categories.get(name) ?? 0) + ms);
  }
  const count = Math.max(1, breakdowns.length);
  const merged = [...categories.entries()]
    .map(([name, ms]) => [name.startsWith('loading plugin code: ') && ms / count < 5 ? 'loading plugin code: other packages' : name, ms])
    .reduce((acc, [name, ms]) => acc.set(name, (acc.get(name) ?? 0) + ms), new Map());
  lines.push(
    '',
    `Where one task's executor process spends its time (V8 CPU profile of the forked process of ${count} single-task run${count === 1 ? '' : 's'}, mean; ` +
      `wall ${formatMs(total / count)} per process):`,
    '',
    '| part | ms per task | share |',
    '| --- | ---: | ---: |',
  );
  for (const [name, ms] of [...merged.entries()].sort((a, b) => b[1] - a[1])) {
    if (ms / count < 1) continue;
    lines.push(`| ${name} | ${(ms / count).toFixed(0)} | ${((100 * ms) / total).toFixed(0)}% |`);
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
        value: `${formatRatio(direct)} (vs forked run-commands: ${formatRatio(ratio('ours', 'forked', 'spanMs'))})`,
        met: direct <= TARGET_RATIO,
        applies: !quick,
      },
    ],
    data: { samples, breakdown: [...merged.entries()].map(([name, ms]) => [name, ms / count]) },
  };
}
