// Benchmark 4: re-running a completed feature, against the same number of nx:noop targets (and of
// cached nx:run-commands targets): in the same checkout, and as a fresh clone restoring from the cache.
import { checkboxCounts, pluginModules, resetFeature } from './lib/feature.mjs';
import { generatePlan } from './lib/plan.mjs';
import { formatMs, formatRatio, median } from './lib/stats.mjs';
import { barChart } from './lib/svg.mjs';
import { createWorkspace, taskPhase } from './lib/workspace.mjs';
import { baselineTargets } from './overhead.mjs';

const FEATURE = 'specs/001-rerun';
const PROJECT = 'feature-001';

export const title = 'Cached rerun of a completed feature';

export function settings(quick, repeats) {
  return quick ? { tasks: 10, repeats: repeats ?? 1 } : { tasks: 100, repeats: repeats ?? 1 };
}

const noteFile = (dir, id) => `${dir}/${id.toLowerCase()}.txt`;

export async function run({ quick, repeats: asked, log }) {
  const { tasks, repeats } = settings(quick, asked);
  const plan = generatePlan({
    tasks,
    seed: 50_000 + tasks,
    title: `${tasks} cacheable tasks`,
    describe: (id) => `Write the note \`${noteFile('notes', id)}\``,
    command: (id) => `mkdir -p notes && echo ${id} > ${noteFile('notes', id)}`,
  });
  const ws = createWorkspace({
    files: { [`${FEATURE}/tasks.md`]: plan.text, '.gitignore': 'node_modules\n.nx\n.bench-records\nnotes\nnotes-rc\n' },
  });
  try {
    const { analyzeFeature } = pluginModules(ws);
    const analysis = analyzeFeature(plan.text, { tasksFile: `${FEATURE}/tasks.md`, workspaceRoot: ws.root });
    if (analysis.hasErrors) throw new Error('generated plan has errors');
    const noop = baselineTargets(analysis.graph.nodes, 'true');
    for (const target of Object.values(noop)) {
      target.executor = 'nx:noop';
      delete target.options;
    }
    const runCommands = baselineTargets(analysis.graph.nodes, 'true');
    for (const [name, target] of Object.entries(runCommands)) {
      if (target.executor !== 'nx:run-commands') continue;
      target.options = { command: `mkdir -p notes-rc && echo ${name} > ${noteFile('notes-rc', name)}` };
      target.outputs = [`{workspaceRoot}/${noteFile('notes-rc', name)}`];
      target.inputs = [];
      target.cache = true;
    }
    ws.write('tools/noop/project.json', JSON.stringify({ name: 'noop', root: 'tools/noop', targets: noop }, null, 2));
    ws.write('tools/cached/project.json', JSON.stringify({ name: 'cached', root: 'tools/cached', targets: runCommands }, null, 2));
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'baselines']);

    const first = await ws.runOk(['run', `${PROJECT}:implement`]);
    if (checkboxCounts(ws, FEATURE).ticked !== tasks) throw new Error('first run did not tick every task');
    const completedText = ws.read(`${FEATURE}/tasks.md`);
    const completedState = ws.read(`${FEATURE}/.implementation-completed.json`);
    await ws.runOk(['run', 'cached:implement']);
    log(`  first run of the feature: ${formatMs(first.wallMs)}`);

    const asFreshClone = () => {
      // A clone of the repository after the feature was completed and committed: ticked tasks.md,
      // no state file, no generated files, Nx's cache at hand (local here, remote in real life).
      resetFeature(ws, FEATURE, completedText);
      ws.remove('notes');
      ws.remove('notes-rc');
    };
    const variants = [
      {
        key: 'same',
        label: 'tasks.md rerun, same checkout',
        run: () => {
          resetFeature(ws, FEATURE, completedText);
          ws.write(`${FEATURE}/.implementation-completed.json`, completedState);
          return ws.runOk(['run', `${PROJECT}:implement`]);
        },
      },
      {
        key: 'clone',
        label: 'tasks.md rerun, fresh clone (cache hits)',
        run: () => {
          asFreshClone();
          return ws.runOk(['run', `${PROJECT}:implement`]);
        },
      },
      { key: 'noop', label: `${tasks} nx:noop targets`, run: () => ws.runOk(['run', 'noop:implement']) },
      {
        key: 'cached',
        label: `${tasks} cached nx:run-commands targets (restored)`,
        run: () => {
          asFreshClone();
          return ws.runOk(['run', 'cached:implement']);
        },
      },
    ];
    const samples = Object.fromEntries(variants.map((v) => [v.key, []]));
    const statuses = {};
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const variant of variants) {
        const result = await variant.run();
        const phase = taskPhase(result.record);
        statuses[variant.key] = phase.statuses;
        samples[variant.key].push(result.wallMs);
        log(`  ${variant.key}: wall ${formatMs(result.wallMs)} ${JSON.stringify(phase.statuses)}`);
      }
      if (checkboxCounts(ws, FEATURE).ticked !== tasks) throw new Error('a rerun unticked tasks');
    }
    return report({ tasks, repeats, variants, samples, statuses, firstMs: first.wallMs, quick });
  } finally {
    ws.cleanup();
  }
}

function report({ tasks, repeats, variants, samples, statuses, firstMs, quick }) {
  const ratio = (key) => median(samples[key].map((v, i) => v / samples.noop[i]));
  const lines = [
    `A completed ${tasks}-task feature (shaped like the scheduling plans; every task writes the file it names, so its result is cacheable; the first run took ${formatMs(firstMs)}) ` +
      "is run again with `nx run feature-001:implement` (Nx's default parallelism), against `nx run noop:implement` over the same graph of `nx:noop` targets, " +
      'and against the same graph of cacheable `nx:run-commands` targets restored from the cache. ' +
      '**Same checkout**: the feature\'s state file says every task completed here, so the plugin turns caching off for them and each task reaches the executor, which only says "already complete" ' +
      '(a deliberate choice of the plugin: a ticked task is never restored over newer files). **Fresh clone**: no state file and no generated files, Nx restores every task from its cache. ' +
      `${repeats > 1 ? `Medians of ${repeats} repeats, ratios per repeat.` : ''}`,
    '',
    '| variant | task statuses | wall | / noop |',
    '| --- | --- | ---: | ---: |',
  ];
  for (const v of variants) {
    const status = Object.entries(statuses[v.key] ?? {})
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    lines.push(
      `| ${v.label} | ${status} | ${formatMs(median(samples[v.key]))} | ${v.key === 'noop' ? '1.00x' : formatRatio(ratio(v.key))} |`,
    );
  }
  const chart = barChart({
    title: `Rerun of a completed ${tasks}-task feature / ${tasks} nx:noop targets (lower is better)`,
    yLabel: 'wall time / noop run',
    categories: variants.map((v) => v.label.replace(/ \(.*\)$/, '')),
    series: [{ name: 'wall time / nx:noop run', values: variants.map((v) => ratio(v.key)) }],
  });
  return {
    title,
    markdown: lines.join('\n'),
    chart: { file: 'cached-rerun.svg', svg: chart },
    targets: [
      {
        name: `cached rerun vs ${tasks} nx:noop targets (no target set; for the record)`,
        value: `same checkout ${formatRatio(ratio('same'))} · fresh clone ${formatRatio(ratio('clone'))} · cached run-commands ${formatRatio(ratio('cached'))}`,
        met: undefined,
        applies: !quick,
      },
    ],
    data: { samples, statuses },
  };
}
