// Benchmark 3: `nx show projects` on workspaces whose projects come from tasks.md files (inferred by
// the plugin) against the same projects declared by project.json files, cold and warm.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePlan } from './lib/plan.mjs';
import { formatMs, formatRatio, median } from './lib/stats.mjs';
import { barChart } from './lib/svg.mjs';
import { createWorkspace, RECORDER_PLUGIN } from './lib/workspace.mjs';

const TASKS_PER_FEATURE = 60;
/** Warm runs are cheap next to cold ones: several per repeat make the warm ratio steadier. */
const WARM_RUNS = 2;
const TARGETS = { warm: 1.2, cold: 2 };

export const title = 'Inference: nx show projects';

export function settings(quick, repeats) {
  return quick
    ? { sizes: [10, 50], repeats: () => repeats ?? 1 }
    : { sizes: [10, 100, 1000], repeats: (size) => repeats ?? (size >= 1000 ? 1 : 2) };
}

/**
 * A plugin whose createNodes matches nothing, added to the project.json workspace: what any plugin
 * costs a warm run (Nx starts an isolated worker process per plugin and loads it there).
 */
const EMPTY_PLUGIN = {
  files: {
    'node_modules/empty-nx-plugin/package.json': JSON.stringify({ name: 'empty-nx-plugin', version: '0.0.0', main: 'index.js' }),
    'node_modules/empty-nx-plugin/index.js': "exports.createNodesV2 = ['**/no-such-file.md', async () => []];\n",
  },
  nxJson: { plugins: ['empty-nx-plugin', RECORDER_PLUGIN] },
};

export function featureFolder(i) {
  return `specs/${String(i + 1).padStart(4, '0')}-feature`;
}

/** Project configurations as Nx resolved them (from `nx graph --file`), written back as project.json. */
export function projectJsonFiles(graphJson) {
  const files = {};
  for (const node of Object.values(graphJson.graph.nodes)) {
    const { root, name, tags, targets, metadata, implicitDependencies } = node.data;
    files[`${root}/project.json`] = JSON.stringify({ name, root, tags, implicitDependencies, metadata, targets }, null, 2);
  }
  return files;
}

export async function run({ quick, repeats: asked, log }) {
  const { sizes, repeats } = settings(quick, asked);
  const rows = [];
  for (const size of sizes) {
    const files = {};
    for (let i = 0; i < size; i++) {
      files[`${featureFolder(i)}/tasks.md`] = generatePlan({
        tasks: TASKS_PER_FEATURE,
        seed: 40_000 + i,
        command: (id) => `echo ${id}`,
        title: `feature ${i + 1}`,
      }).text;
    }
    const inferred = createWorkspace({ files });
    let declared;
    let emptyPlugin;
    try {
      const samples = { inferred: { cold: [], warm: [] }, declared: { cold: [], warm: [] }, emptyPlugin: { cold: [], warm: [] } };
      const measure = async (key, ws, mode) => {
        if (mode === 'cold') ws.remove('.nx/workspace-data');
        const result = await ws.runOk(['show', 'projects']);
        const listed = result.stdout.split('\n').filter((l) => l.trim()).length;
        if (listed !== size) throw new Error(`${key} ${mode}: listed ${listed} projects, expected ${size}`);
        samples[key][mode].push(result.wallMs);
        log(`  ${size} features, ${key} ${mode}: ${formatMs(result.wallMs)}`);
      };
      for (let repeat = 0; repeat < repeats(size); repeat++) {
        await measure('inferred', inferred, 'cold');
        for (let i = 0; i < WARM_RUNS; i++) await measure('inferred', inferred, 'warm');
        if (!declared) {
          // The projects as Nx resolved them, declared in project.json files in a second workspace.
          await inferred.runOk(['graph', '--file=graph.json']);
          const graph = JSON.parse(readFileSync(join(inferred.root, 'graph.json'), 'utf8'));
          inferred.remove('graph.json');
          declared = createWorkspace({ plugin: false, files: projectJsonFiles(graph) });
          emptyPlugin = createWorkspace({
            plugin: false,
            files: { ...projectJsonFiles(graph), ...EMPTY_PLUGIN.files },
            nxJson: EMPTY_PLUGIN.nxJson,
          });
        }
        await measure('declared', declared, 'cold');
        for (let i = 0; i < WARM_RUNS; i++) {
          await measure('declared', declared, 'warm');
          await measure('emptyPlugin', emptyPlugin, 'warm');
        }
      }
      const ratio = (mode, key = 'inferred') => median(samples[key][mode].map((v, i) => v / samples.declared[mode][i]));
      rows.push({
        size,
        repeats: repeats(size),
        inferred: { cold: median(samples.inferred.cold), warm: median(samples.inferred.warm) },
        declared: { cold: median(samples.declared.cold), warm: median(samples.declared.warm) },
        cold: ratio('cold'),
        warm: ratio('warm'),
        emptyPluginWarm: ratio('warm', 'emptyPlugin'),
      });
    } finally {
      inferred.cleanup();
      declared?.cleanup();
      emptyPlugin?.cleanup();
    }
  }
  return report(rows, quick);
}

function report(rows, quick) {
  const lines = [
    `\`nx show projects\` (NX_DAEMON=false) on workspaces of N feature folders with a ${TASKS_PER_FEATURE}-task tasks.md each (projects inferred by the plugin, ` +
      `${TASKS_PER_FEATURE} task targets + gates + implement/plan/status each), against a workspace declaring the same projects with the same targets in project.json files ` +
      "(copied from what Nx resolved for the first). **Cold**: `.nx/workspace-data` deleted first (Nx's project graph cache and the plugin's inference cache); " +
      `**warm**: run again (${WARM_RUNS} warm runs per repeat). Ratios are medians of the ratios of runs made side by side. ` +
      '**Empty plugin**: the project.json workspace plus one more plugin whose createNodes matches no file, warm: the cost of having any plugin.',
    '',
    '| features | repeats (cold) | tasks.md cold | project.json cold | **cold ratio** | tasks.md warm | project.json warm | **warm ratio** | empty plugin warm ratio |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.size} | ${r.repeats} | ${formatMs(r.inferred.cold)} | ${formatMs(r.declared.cold)} | **${formatRatio(r.cold)}** | ${formatMs(r.inferred.warm)} | ${formatMs(r.declared.warm)} | **${formatRatio(r.warm)}** | ${formatRatio(r.emptyPluginWarm)} |`,
    );
  }
  const chart = barChart({
    title: 'Inference: nx show projects, tasks.md / project.json (lower is better)',
    yLabel: 'time ratio (tasks.md / project.json)',
    categories: rows.map((r) => `${r.size} features`),
    series: [
      { name: 'cold', values: rows.map((r) => r.cold) },
      { name: 'warm', values: rows.map((r) => r.warm) },
      { name: 'warm, empty plugin (any plugin)', values: rows.map((r) => r.emptyPluginWarm) },
    ],
    lines: [
      { value: TARGETS.cold, label: 'cold target 2x' },
      { value: TARGETS.warm, label: 'warm target 1.2x' },
    ],
  });
  const worst = (mode) => Math.max(...rows.map((r) => r[mode]));
  return {
    title,
    markdown: lines.join('\n'),
    chart: { file: 'inference.svg', svg: chart },
    targets: [
      {
        name: `warm within ${TARGETS.warm}x of project.json (every size)`,
        value: rows.map((r) => `${r.size}: ${formatRatio(r.warm)}`).join(' · '),
        met: worst('warm') <= TARGETS.warm,
        applies: !quick,
      },
      {
        name: `cold within ${TARGETS.cold}x of project.json (every size)`,
        value: rows.map((r) => `${r.size}: ${formatRatio(r.cold)}`).join(' · '),
        met: worst('cold') <= TARGETS.cold,
        applies: !quick,
      },
    ],
    data: rows,
  };
}
