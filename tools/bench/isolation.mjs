// Benchmark 7: what git worktree isolation costs per task (snapshot of the working tree, worktree
// checkout with node_modules linked, capture of the agent's change, three-way merge back, removal)
// on repositories of 1,000 and 10,000 tracked files, against the same edit made in place; and the
// most a feature can gain from running tasks side by side (tasks ÷ waves) over the corpus plans,
// with phaseParallelism false, "auto" and true.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatMs, median } from './lib/stats.mjs';
import { barChart } from './lib/svg.mjs';
import { createWorkspace, REPO_ROOT } from './lib/workspace.mjs';

export const title = 'Worktree isolation';

const TARGET_MS_AT_10K = 300;

export function settings(quick, repeats) {
  return quick ? { sizes: [1000], tasks: repeats ?? 2 } : { sizes: [1000, 10000], tasks: repeats ?? 7 };
}

export async function run({ quick, repeats, log }) {
  const { sizes, tasks } = settings(quick, repeats);
  // The packed plugin, loaded from a workspace whose node_modules has its dependencies.
  const ws = createWorkspace({ plugin: false });
  const load = (module) => ws.pluginModule(`src/${module}`);
  try {
    return await measure({ sizes, tasks, load, log, quick });
  } finally {
    ws.cleanup();
  }
}

async function measure({ sizes, tasks, load, log, quick }) {
  const { findRepository, snapshotWorkingTree } = load('isolation/snapshot');
  const { acquireTaskWorktree, releaseTaskWorktree, pruneWorktrees } = load('isolation/worktree');
  const { captureTaskChanges } = load('isolation/capture');
  const { mergeTaskChanges } = load('isolation/merge');
  const rows = [];
  for (const files of sizes) {
    const top = makeRepository(files);
    try {
      const repo = await findRepository(top);
      const steps = { snapshot: [], worktree: [], capture: [], merge: [], release: [], total: [], inPlace: [] };
      for (let i = 0; i < tasks; i++) {
        const file = `src/d${i % 100}/f${i}.ts`;
        let t = performance.now();
        writeFileSync(join(top, file), `in place ${i}\n`);
        steps.inPlace.push(performance.now() - t);
        const started = (t = performance.now());
        const lap = (step) => {
          const now = performance.now();
          steps[step].push(now - t);
          t = now;
        };
        const base = await snapshotWorkingTree(top, { seedIndex: repo.indexFile });
        lap('snapshot');
        const worktree = await acquireTaskWorktree(repo, `bench-T${i}-${files}`, base);
        lap('worktree');
        writeFileSync(join(worktree.dir, file), `isolated ${i}\n`);
        const change = await captureTaskChanges(worktree, ['**/tasks.md', '**/.nx-tasks-md/**']);
        lap('capture');
        const merged = await mergeTaskChanges(repo, worktree.key, base, change.commit);
        if (merged.kind !== 'merged') throw new Error(`task ${i}: ${JSON.stringify(merged)}`);
        lap('merge');
        await releaseTaskWorktree(repo, worktree);
        lap('release');
        steps.total.push(performance.now() - started);
      }
      await pruneWorktrees(repo, { removeIdle: true });
      const row = { files, tasks, ...Object.fromEntries(Object.entries(steps).map(([step, values]) => [step, median(values)])) };
      log(`  ${files} files: ${formatMs(row.total)} per task (worktree ${formatMs(row.worktree)}, merge ${formatMs(row.merge)})`);
      rows.push(row);
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  }
  return report(rows, await parallelismBound(load), quick);
}

/** A git repository of `files` tracked files in 100 folders, a node_modules folder, and one commit. */
function makeRepository(files) {
  const top = mkdtempSync(join(tmpdir(), 'nx-tasks-md-bench-iso-'));
  const git = (...args) => execFileSync('git', args, { cwd: top, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  for (let i = 0; i < files; i++) {
    const dir = join(top, 'src', `d${i % 100}`);
    if (i < 100) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${i}.ts`), `export const v${i} = ${i};\n`);
  }
  mkdirSync(join(top, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(join(top, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;\n');
  writeFileSync(join(top, '.gitignore'), 'node_modules/\n');
  git('add', '-A');
  git('-c', 'user.email=bench@localhost', '-c', 'user.name=bench', 'commit', '-q', '-m', 'files');
  return top;
}

/** tasks ÷ waves (longest chain of tasks) per corpus plan, for each phaseParallelism setting. */
async function parallelismBound(load) {
  const corpus = join(REPO_ROOT, '..', 'shared', 'corpus');
  if (!existsSync(corpus)) return undefined;
  const { parseTasksMd } = load('parse');
  const { buildTaskGraph } = load('graph/build-task-graph');
  const settingsList = [false, 'auto', true];
  const bounds = Object.fromEntries(settingsList.map((s) => [String(s), []]));
  let plans = 0;
  for (const name of readdirSync(corpus)
    .filter((file) => file.endsWith('.md'))
    .sort()) {
    const doc = parseTasksMd(readFileSync(join(corpus, name), 'utf8'), { path: name });
    if (doc.tasks.length === 0) continue;
    plans++;
    for (const setting of settingsList) {
      const graph = buildTaskGraph(doc, { phaseParallelism: setting });
      bounds[String(setting)].push(doc.tasks.length / waves(graph));
    }
  }
  const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
  return {
    plans,
    rows: settingsList.map((setting) => {
      const values = bounds[String(setting)];
      return { setting: String(setting), median: quantile(values, 0.5), p75: quantile(values, 0.75), p90: quantile(values, 0.9), on: 0 };
    }),
  };
}

/** The number of tasks on the longest chain of the graph (gates count for nothing). */
function waves(graph) {
  const depth = new Map();
  let longest = 1;
  for (const node of graph.nodes) {
    const own = node.kind === 'task' ? 1 : 0;
    const level = own + Math.max(0, ...node.dependsOn.map((id) => depth.get(id) ?? 0));
    depth.set(node.id, level);
    longest = Math.max(longest, level);
  }
  return longest;
}

function report(rows, bound, quick) {
  const lines = [
    'Per task, in a git repository of N tracked files: a snapshot of the working tree (uncommitted work included, a scratch index), ' +
      'a worktree of it under the git directory with node_modules linked (the first task adds it with `git worktree add`; later tasks reset the idle one: only changed files are written), the agent writing one file, the capture of its change, ' +
      'the three-way merge into the main tree, and its release for the next task. **In place**: the same one-file write in the main tree. Medians.',
    '',
    '| tracked files | tasks | snapshot | worktree | capture | merge | release | total per task | in place |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.files} | ${r.tasks} | ${formatMs(r.snapshot)} | ${formatMs(r.worktree)} | ${formatMs(r.capture)} | ${formatMs(r.merge)} | ${formatMs(r.release)} | **${formatMs(r.total)}** | ${formatMs(r.inPlace)} |`,
    ),
  ];
  if (bound) {
    lines.push(
      '',
      `The most a feature can gain from running its tasks side by side: tasks ÷ waves (the longest chain), over the ${bound.plans} corpus plans, by \`phaseParallelism\`.`,
      '',
      '| phaseParallelism | median | 75th percentile | 90th percentile |',
      '| --- | ---: | ---: | ---: |',
      ...bound.rows.map((r) => `| ${r.setting} | ${r.median.toFixed(2)}x | ${r.p75.toFixed(2)}x | ${r.p90.toFixed(2)}x |`),
    );
  }
  const at10k = rows.find((r) => r.files === 10000);
  return {
    title,
    markdown: lines.join('\n'),
    chart: {
      file: 'isolation.svg',
      svg: barChart({
        title: 'Worktree isolation: cost per task (lower is better)',
        yLabel: 'ms',
        categories: rows.map((r) => `${r.files} files`),
        series: ['snapshot', 'worktree', 'capture', 'merge', 'release'].map((step) => ({ name: step, values: rows.map((r) => r[step]) })),
      }),
    },
    targets: [
      {
        name: `isolation at most ${TARGET_MS_AT_10K} ms per task at 10,000 files`,
        value: at10k ? formatMs(at10k.total) : 'not measured (quick)',
        met: at10k ? at10k.total <= TARGET_MS_AT_10K : undefined,
        applies: !quick,
      },
    ],
    data: { rows, bound },
  };
}
