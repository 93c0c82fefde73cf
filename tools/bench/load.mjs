// Benchmark: project-graph load of many corpus-like plans. `nx show projects` on a workspace of N
// features inferred by the plugin, beside a workspace declaring the same projects with the same
// targets (nx:noop, same dependsOn) in project.json files: time and peak memory per 1,000 targets,
// cold and warm, as ratios plugin / project.json.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { corpusLikePlan } from './lib/corpus-plan.mjs';
import { sampleProcessTree } from './lib/process-memory.mjs';
import { bareProjectJsonFiles } from './lib/bare-projects.mjs';
import { formatMs, formatRatio, median, medianRatio, perThousand } from './lib/stats.mjs';
import { barChart } from './lib/svg.mjs';
import { createWorkspace } from './lib/workspace.mjs';

const TASKS_PER_FEATURE = 60;
/**
 * Ratios plugin / project.json. The project.json side is the floor: Nx reading ready-made targets.
 * The plugin also parses every tasks.md (cold), reads its inference cache and every tasks.md and
 * state file (warm), runs a worker process, and its targets carry what a bare nx:noop target has
 * not: inputs, outputs, options and a description, each of which Nx copies, records the source of
 * and writes to its graph cache.
 */
export const TARGETS = { cold: 2.5, warm: 2, nxMemory: 1.6 };

export const title = 'Load: project graph of many plans';

export function settings(quick, repeats) {
  return quick
    ? { sizes: [10], repeats: () => repeats ?? 1, warmRuns: 1 }
    : { sizes: [100, 1000], repeats: (size) => repeats ?? (size >= 1000 ? 1 : 2), warmRuns: 2 };
}

export function featureFolder(i) {
  return `specs/${String(i + 1).padStart(4, '0')}-feature`;
}

function directoryBytes(dir) {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(full) : statSync(full).size;
  }
  return total;
}

const MB = 1024 * 1024;
const formatMB = (bytes) => (bytes === undefined ? 'n/a' : `${(bytes / MB).toFixed(bytes >= 10 * MB ? 0 : 1)} MB`);

export async function run({ quick, repeats: asked, log }) {
  const { sizes, repeats, warmRuns } = settings(quick, asked);
  const rows = [];
  for (const size of sizes) {
    const files = {};
    for (let i = 0; i < size; i++) {
      files[`${featureFolder(i)}/tasks.md`] = corpusLikePlan({
        tasks: TASKS_PER_FEATURE,
        seed: 50_000 + i,
        feature: `feature-${i + 1}`,
      }).text;
    }
    const inferred = createWorkspace({ files });
    let declared;
    let bare;
    try {
      const samples = {};
      const measure = async (key, ws, mode) => {
        if (mode === 'cold') ws.remove('.nx/workspace-data');
        let peaks = {};
        const result = await ws.runOk(
          ['show', 'projects'],
          {},
          {
            onSpawn: (child) => {
              const sampler = sampleProcessTree(child.pid, 50);
              return () => (peaks = sampler.stop());
            },
          },
        );
        const listed = result.stdout.split('\n').filter((l) => l.trim()).length;
        if (listed !== size) throw new Error(`${key} ${mode}: listed ${listed} projects, expected ${size}`);
        const sample = {
          ms: result.wallMs,
          nxRss: peaks.nx,
          workerRss: peaks['plugin:nx-tasks-md'],
          dataBytes: mode === 'cold' ? directoryBytes(join(ws.root, '.nx', 'workspace-data')) : undefined,
        };
        ((samples[key] ??= {})[mode] ??= []).push(sample);
        log(
          `  ${size} features, ${key} ${mode}: ${formatMs(sample.ms)}, nx ${formatMB(sample.nxRss)}${sample.workerRss ? `, worker ${formatMB(sample.workerRss)}` : ''}`,
        );
      };
      for (let repeat = 0; repeat < repeats(size); repeat++) {
        await measure('inferred', inferred, 'cold');
        if (!declared) {
          // The projects as the plugin inferred them, as bare project.json files beside the same tasks.md files.
          await inferred.runOk(['graph', '--file=graph.json']);
          const graph = JSON.parse(readFileSync(join(inferred.root, 'graph.json'), 'utf8'));
          inferred.remove('graph.json');
          bare = bareProjectJsonFiles(graph);
          declared = createWorkspace({ plugin: false, files: { ...files, ...bare.files } });
        }
        await measure('declared', declared, 'cold');
        for (let i = 0; i < warmRuns; i++) {
          await measure('inferred', inferred, 'warm');
          await measure('declared', declared, 'warm');
        }
      }
      const pick = (key, mode, field) => samples[key][mode].map((s) => s[field]);
      const med = (key, mode, field) => {
        const values = pick(key, mode, field).filter((v) => v !== undefined);
        return values.length ? median(values) : undefined;
      };
      const ratio = (mode, field) => {
        const a = pick('inferred', mode, field);
        const b = pick('declared', mode, field);
        return a.every((v) => v !== undefined) && b.every((v) => v !== undefined) ? medianRatio(a, b) : undefined;
      };
      const side = (key) => ({
        coldMs: med(key, 'cold', 'ms'),
        warmMs: med(key, 'warm', 'ms'),
        coldNxRss: med(key, 'cold', 'nxRss'),
        warmNxRss: med(key, 'warm', 'nxRss'),
        coldWorkerRss: med(key, 'cold', 'workerRss'),
        warmWorkerRss: med(key, 'warm', 'workerRss'),
        dataBytes: med(key, 'cold', 'dataBytes'),
      });
      rows.push({
        size,
        targets: bare.targets,
        repeats: repeats(size),
        inferred: side('inferred'),
        declared: side('declared'),
        cold: ratio('cold', 'ms'),
        warm: ratio('warm', 'ms'),
        coldNxRss: ratio('cold', 'nxRss'),
        warmNxRss: ratio('warm', 'nxRss'),
        dataBytes: ratio('cold', 'dataBytes'),
      });
    } finally {
      inferred.cleanup();
      declared?.cleanup();
    }
  }
  return report(rows, quick);
}

function report(rows, quick) {
  const k = (r, value, format) => (value === undefined ? 'n/a' : format(perThousand(value, r.targets)));
  const lines = [
    `\`nx show projects\` (NX_DAEMON=false) on N feature folders, each a ${TASKS_PER_FEATURE}-task tasks.md shaped like the plans of the corpus ` +
      '(agent tasks without shell blocks, most naming a file; `tools/bench/lib/corpus-plan.mjs`), with the plugin, against a workspace with the same ' +
      'tasks.md files and the same projects declared in project.json files: the same targets with the same `dependsOn`, as `nx:noop` and nothing else. ' +
      '**Cold**: `.nx/workspace-data` deleted first; **warm**: run again (twice per repeat; once with `--quick`). Memory is the peak resident set (VmHWM, sampled every 50 ms from /proc) of the ' +
      "nx process and of the plugin's worker process; **data** is the size of `.nx/workspace-data` after a cold run (Nx's graph, its source maps and " +
      "the plugin's inference cache). Ratios are medians of the ratios of runs made side by side.",
    '',
    '| features | targets | repeats | | cold | warm | nx peak cold | nx peak warm | plugin worker cold | plugin worker warm | data |',
    '| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    for (const [label, s] of [
      ['plugin', r.inferred],
      ['project.json', r.declared],
    ]) {
      lines.push(
        `| ${r.size} | ${r.targets} | ${r.repeats} | ${label} | ${formatMs(s.coldMs)} | ${formatMs(s.warmMs)} | ${formatMB(s.coldNxRss)} | ${formatMB(s.warmNxRss)} | ` +
          `${formatMB(s.coldWorkerRss)} | ${formatMB(s.warmWorkerRss)} | ${formatMB(s.dataBytes)} |`,
      );
    }
  }
  lines.push(
    '',
    "Per 1,000 targets (the whole figure divided by thousands of targets, Nx's fixed start-up included), and the ratios plugin / project.json:",
    '',
    '| features | | cold / 1k targets | warm / 1k targets | nx peak cold / 1k targets | data / 1k targets |',
    '| ---: | --- | ---: | ---: | ---: | ---: |',
  );
  for (const r of rows) {
    for (const [label, s] of [
      ['plugin', r.inferred],
      ['project.json', r.declared],
    ]) {
      lines.push(
        `| ${r.size} | ${label} | ${k(r, s.coldMs, formatMs)} | ${k(r, s.warmMs, formatMs)} | ${k(r, s.coldNxRss, formatMB)} | ${k(r, s.dataBytes, formatMB)} |`,
      );
    }
    lines.push(
      `| ${r.size} | **ratio** | **${formatRatio(r.cold)}** | **${formatRatio(r.warm)}** | **${formatRatio(r.coldNxRss)}** | ${formatRatio(r.dataBytes)} |`,
    );
  }
  const chart = barChart({
    title: 'Load: nx show projects, plugin / project.json (lower is better)',
    yLabel: 'ratio (plugin / project.json)',
    categories: rows.map((r) => `${r.size} features (${r.targets} targets)`),
    series: [
      { name: 'time, cold', values: rows.map((r) => r.cold) },
      { name: 'time, warm', values: rows.map((r) => r.warm) },
      { name: 'nx peak memory, cold', values: rows.map((r) => r.coldNxRss) },
    ],
    lines: [
      { value: TARGETS.cold, label: `cold target ${TARGETS.cold}x` },
      { value: TARGETS.warm, label: `warm target ${TARGETS.warm}x` },
    ],
  });
  const worst = (field) => Math.max(...rows.map((r) => r[field] ?? Infinity));
  const values = (field) => rows.map((r) => `${r.size}: ${formatRatio(r[field])}`).join(' · ');
  return {
    title,
    markdown: lines.join('\n'),
    chart: { file: 'load.svg', svg: chart },
    targets: [
      {
        name: `cold within ${TARGETS.cold}x of project.json (every size)`,
        value: values('cold'),
        met: worst('cold') <= TARGETS.cold,
        applies: !quick,
      },
      {
        name: `warm within ${TARGETS.warm}x of project.json (every size)`,
        value: values('warm'),
        met: worst('warm') <= TARGETS.warm,
        applies: !quick,
      },
      {
        name: `nx process peak memory within ${TARGETS.nxMemory}x of project.json, cold (every size)`,
        value: values('coldNxRss'),
        met: worst('coldNxRss') <= TARGETS.nxMemory,
        applies: !quick,
      },
    ],
    data: rows,
  };
}
