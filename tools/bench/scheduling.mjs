// Benchmark 1: how close `nx run <f>:implement --parallel=K` gets to the lower bound of a plan whose
// tasks sleep a fixed time, next to the sequential walk of spec-kit's /implement and wave-by-wave
// execution.
import { checkboxCounts, pluginModules, resetFeature } from './lib/feature.mjs';
import { baselineTargets } from './overhead.mjs';
import { generatePlan } from './lib/plan.mjs';
import { runBreakdown } from './lib/run-analysis.mjs';
import { listScheduleMakespan, lowerBound, sequentialWalk, waveMakespan } from './lib/schedule.mjs';
import { formatMs, formatRatio, median } from './lib/stats.mjs';
import { barChart } from './lib/svg.mjs';
import { createWorkspace, taskPhase } from './lib/workspace.mjs';

const FEATURE = 'specs/001-schedule';
const PROJECT = 'feature-001';
/** The same graph as project.json targets of stock executors (nx:run-commands sleeping, nx:noop gates). */
const REFERENCE = 'stock-nx';
const TARGET_RATIO = 1.1;

export const title = 'Scheduling against the lower bound';

/** Cases: plan size, task duration (s), parallelism values, repeats. The headline case is the target's. */
export function cases(quick, large = false, repeats = undefined) {
  if (quick) {
    return [{ tasks: 12, sleep: 0.2, ks: [1, 4], forkedKs: [4], repeats: repeats ?? 1, headline: true }];
  }
  return [
    // forkedKs: also run with --batch=false (one executor process per task), for comparison.
    { tasks: 20, sleep: 0.1, ks: [1, 2, 4, 8], forkedKs: [4], repeats: repeats ?? 1 },
    // One run is ~80 s of sleeping on the critical path plus the overhead; more repeats with --repeats.
    { tasks: 100, sleep: 1, ks: [4], repeats: repeats ?? 1, headline: true },
    // Measured (--large), this case alone takes longer than the whole benchmark may.
    { tasks: 400, sleep: 1, ks: [4, 8], repeats: repeats ?? 1, measure: large },
  ];
}

export async function run({ quick, large, repeats, log }) {
  const rows = [];
  // One workspace for every case: each run starts by writing its plan afresh.
  const ws = createWorkspace();
  try {
    const { analyzeFeature, graph: graphApi } = pluginModules(ws);
    for (const c of cases(quick, large, repeats)) {
      const plan = generatePlan({
        tasks: c.tasks,
        seed: 20_000 + c.tasks,
        command: () => `sleep ${c.sleep}`,
        title: `${c.tasks} sleeping tasks`,
      });
      const analysis = analyzeFeature(plan.text, { tasksFile: `${FEATURE}/tasks.md`, workspaceRoot: ws.root });
      if (analysis.hasErrors) throw new Error(`generated plan has errors: ${JSON.stringify(analysis.diagnostics.slice(0, 3))}`);
      const ms = c.sleep * 1000;
      const duration = () => ms;
      const taskIds = analysis.doc.tasks.map((t) => t.id);
      const criticalPath = graphApi.criticalPath(analysis.graph, duration).length;
      const waves = graphApi.waves(analysis.graph);
      const gates = analysis.graph.nodes.filter((n) => n.kind === 'gate').length;
      ws.write(
        'tools/stock-nx/project.json',
        JSON.stringify(
          { name: REFERENCE, root: 'tools/stock-nx', targets: baselineTargets(analysis.graph.nodes, `sleep ${c.sleep}`) },
          null,
          2,
        ),
      );
      for (const k of c.ks) {
        const runs = [];
        const stock = [];
        const forked = [];
        for (let repeat = 0; repeat < (c.measure === false ? 0 : c.repeats); repeat++) {
          resetFeature(ws, FEATURE, plan.text);
          const result = await ws.runOk(['run', `${PROJECT}:implement`, `--parallel=${k}`, '--skip-nx-cache']);
          const phase = taskPhase(result.record);
          const boxes = checkboxCounts(ws, FEATURE);
          if (boxes.ticked !== c.tasks || phase.statuses.success !== phase.count) {
            throw new Error(`run ${c.tasks} tasks K=${k}: ${boxes.ticked}/${c.tasks} ticked, statuses ${JSON.stringify(phase.statuses)}`);
          }
          const breakdown = runBreakdown(analysis.graph.nodes, result.record.tasks, (id) => `${PROJECT}:${id}`, ms);
          runs.push({ wallMs: result.wallMs, spanMs: phase.spanMs, ...breakdown });
          log(`  ${c.tasks} tasks × ${c.sleep}s, K=${k}: wall ${formatMs(result.wallMs)}, task phase ${formatMs(phase.spanMs)}`);
          const reference = await ws.runOk(['run', `${REFERENCE}:implement`, `--parallel=${k}`, '--skip-nx-cache']);
          stock.push({ wallMs: reference.wallMs, spanMs: taskPhase(reference.record).spanMs });
          log(`  same graph on stock executors, K=${k}: wall ${formatMs(reference.wallMs)}`);
          if (c.forkedKs?.includes(k)) {
            resetFeature(ws, FEATURE, plan.text);
            const result = await ws.runOk(['run', `${PROJECT}:implement`, `--parallel=${k}`, '--skip-nx-cache', '--batch=false']);
            if (checkboxCounts(ws, FEATURE).ticked !== c.tasks)
              throw new Error(`--batch=false run of ${c.tasks} tasks: not every box ticked`);
            forked.push({ wallMs: result.wallMs });
            log(`  one process per task (--batch=false), K=${k}: wall ${formatMs(result.wallMs)}`);
          }
        }
        const bound = lowerBound({ criticalPath, totalWork: c.tasks * ms, slots: k });
        rows.push({
          tasks: c.tasks,
          sleep: c.sleep,
          k,
          gates,
          repeats: c.repeats,
          headline: !!c.headline,
          waveCount: waves.length,
          criticalPath,
          bound,
          greedy: listScheduleMakespan(analysis.graph.nodes, duration, k),
          waves: waveMakespan(waves, duration, k),
          sequential: sequentialWalk(taskIds, duration),
          measured: runs.length > 0,
          wallMs: medianOf(runs.map((r) => r.wallMs)),
          spanMs: medianOf(runs.map((r) => r.spanMs)),
          stockWallMs: medianOf(stock.map((r) => r.wallMs)),
          forkedWallMs: medianOf(forked.map((r) => r.wallMs)),
          wallAll: runs.map((r) => r.wallMs),
          inTask: medianOf(runs.map((r) => r.inTask)),
          gate: medianOf(runs.map((r) => r.gate)),
          gap: medianOf(runs.map((r) => r.gap)),
          criticalTasks: graphApi.criticalPath(analysis.graph).path.length,
        });
      }
    }
  } finally {
    ws.cleanup();
  }
  return report(rows, quick);
}

function medianOf(values) {
  return values.length ? median(values) : undefined;
}

function report(rows, quick) {
  const headline = rows.find((r) => r.headline && r.k === 4);
  const ratio = headline ? headline.wallMs / headline.bound : undefined;
  const lines = [];
  lines.push(
    'Synthetic spec-kit plans (seeded): phases, 35% `[P]`, one dependency line per 10 tasks; every task is a fenced `sh` block that sleeps. ' +
      '`nx run feature-001:implement --parallel=K --skip-nx-cache` from a fresh state, wall time of the whole command (Nx start-up included) and the task phase ' +
      "(first task start to last task end, as Nx timed it). References from the plugin's own graph (`criticalPath`, `waves`): " +
      'lower bound = max(critical path, total work / K); ideal greedy = dependency-driven list scheduling with zero overhead; ' +
      'waves = each wave waits for its slowest task (K slots); sequential = spec-kit `/implement` walking the list. ' +
      "**Stock Nx** = the same graph declared in a project.json whose tasks are `nx:run-commands` sleeping (run inside Nx's process) and whose gates are `nx:noop`, run the same way: " +
      "what Nx's scheduling costs without a plugin executor. Our runs use Nx's batch mode (the default: one executor process runs the connected task targets); " +
      '**--batch=false** = the same run with one executor process per task, where measured.',
    '',
    '| plan | K | lower bound | ideal greedy | waves | sequential | **nx wall** | nx task phase | wall / bound | task phase / bound | stock Nx wall / bound | --batch=false wall / bound | waves / bound | sequential / wall |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of rows) {
    lines.push(
      `| ${r.tasks} tasks × ${r.sleep} s (${r.waveCount} waves, ${r.gates} phases${!r.measured ? ', references only: not run without --large' : r.repeats > 1 ? `, median of ${r.repeats}` : ''}) | ${r.k} | ${formatMs(r.bound)} | ${formatMs(r.greedy)} | ${formatMs(r.waves)} | ${formatMs(r.sequential)} | **${formatMs(r.wallMs)}** | ${formatMs(r.spanMs)} | ${formatRatio(r.wallMs / r.bound)} | ${formatRatio(r.spanMs / r.bound)} | ${r.stockWallMs === undefined ? 'n/a' : formatRatio(r.stockWallMs / r.bound)} | ${r.forkedWallMs === undefined ? '—' : formatRatio(r.forkedWallMs / r.bound)} | ${formatRatio(r.waves / r.bound)} | ${formatRatio(r.sequential / r.wallMs)} |`,
    );
  }
  lines.push(
    '',
    "Where the time above the bound goes (medians per node, from Nx's own start/end times): **in-task** = a task target's time beyond its sleep " +
      "(the two locked updates of tasks.md and the state file, the shell; the first task of a batch also pays the batch process's start: Node, Nx, the plugin); " +
      "**gate** = a phase gate target (`nx:noop`: these plans configure no gate commands); **gap** = from the last prerequisite's end to the node's start (Nx: cache bookkeeping, hashing, scheduling).",
    '',
    '| plan | K | tasks on the critical path | in-task overhead | gate | gap | (task phase − bound) / critical tasks |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of rows.filter((row) => row.measured)) {
    lines.push(
      `| ${r.tasks} × ${r.sleep} s | ${r.k} | ${r.criticalTasks} | ${formatMs(r.inTask)} | ${formatMs(r.gate)} | ${formatMs(r.gap)} | ${formatMs((r.spanMs - r.bound) / r.criticalTasks)} |`,
    );
  }
  const chart = barChart({
    title: 'Scheduling: time / lower bound (lower is better)',
    yLabel: 'time / max(critical path, work / K)',
    categories: rows.map((r) => `${r.tasks}×${r.sleep}s K=${r.k}`),
    series: [
      { name: 'nx wall (whole command)', values: rows.map((r) => r.wallMs / r.bound) },
      { name: 'nx task phase', values: rows.map((r) => r.spanMs / r.bound) },
      { name: 'stock Nx executors, wall', values: rows.map((r) => (r.stockWallMs ?? 0) / r.bound) },
      { name: 'ideal greedy (no overhead)', values: rows.map((r) => r.greedy / r.bound) },
      { name: 'wave by wave', values: rows.map((r) => r.waves / r.bound) },
      { name: 'sequential walk', values: rows.map((r) => r.sequential / r.bound) },
    ],
    lines: [{ value: TARGET_RATIO, label: 'target 1.1x' }],
  });
  const target = {
    name: `${headline ? `${headline.tasks} tasks of ${headline.sleep} s` : 'headline'} at K = 4 within 10% of the lower bound`,
    value:
      ratio === undefined
        ? 'n/a'
        : `${formatRatio(ratio)} (wall) · ${formatRatio(headline.spanMs / headline.bound)} (task phase) · same graph on stock Nx executors ${formatRatio(headline.stockWallMs / headline.bound)}`,
    met: ratio !== undefined && ratio <= TARGET_RATIO,
    applies: !quick,
  };
  return { title, markdown: lines.join('\n'), chart: { file: 'scheduling.svg', svg: chart }, targets: [target], data: rows };
}
