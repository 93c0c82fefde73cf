#!/usr/bin/env node
// npm run bench [-- --quick] [-- --repeats=N] [-- --large] [-- --only=scheduling,overhead] [-- --out=DIR] [-- --load-tasks=N]
// Runs the benchmarks one after the other in temporary Nx workspaces and writes REPORT.md with a
// chart per benchmark (and results.json). A full run writes into tools/bench/; --quick or --only
// write to a temporary folder unless --out says otherwise.
//   --quick       small sizes, single runs: a smoke test (about two minutes)
//   --repeats=N   run every measurement N times (medians of N) instead of the defaults
//   --large       also run the 400-task scheduling plan (adds well over ten minutes)
//   --load-tasks=N  tasks per plan of the run-load benchmark (default 2000; 10 with --quick)
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cachedRerun from './cached-rerun.mjs';
import * as inference from './inference.mjs';
import * as isolation from './isolation.mjs';
import * as load from './load.mjs';
import { currentLoad, describeMachine } from './lib/machine.mjs';
import { renderReport } from './lib/report.mjs';
import { cleanupAll, nxVersion, packedPlugin, REPO_ROOT } from './lib/workspace.mjs';
import * as overhead from './overhead.mjs';
import * as runLoad from './run-load.mjs';
import * as scheduling from './scheduling.mjs';
import * as writerContention from './writer-contention.mjs';

const BENCHMARKS = {
  scheduling,
  overhead,
  inference,
  load,
  'cached-rerun': cachedRerun,
  'writer-contention': writerContention,
  'run-load': runLoad,
  isolation,
};
const here = dirname(fileURLToPath(import.meta.url));

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const large = args.includes('--large');
const repeatsArg = args.find((a) => a.startsWith('--repeats='));
const repeats = repeatsArg ? Number(repeatsArg.slice('--repeats='.length)) : undefined;
if (repeats !== undefined && !(Number.isInteger(repeats) && repeats >= 1))
  throw new Error(`--repeats must be a whole number >= 1, got ${repeatsArg}`);
const loadTasksArg = args.find((a) => a.startsWith('--load-tasks='));
const loadTasks = loadTasksArg ? Number(loadTasksArg.slice('--load-tasks='.length)) : undefined;
if (loadTasks !== undefined && !(Number.isInteger(loadTasks) && loadTasks >= 1))
  throw new Error(`--load-tasks must be a whole number >= 1, got ${loadTasksArg}`);
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const outDir =
  args.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? (quick || only ? join(tmpdir(), 'nx-tasks-md-bench-report') : here);
for (const name of only ?? [])
  if (!BENCHMARKS[name]) throw new Error(`unknown benchmark ${name}; one of ${Object.keys(BENCHMARKS).join(', ')}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanupAll();
    process.exit(130);
  });
}

const started = Date.now();
const log = (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
log(`building the plugin${quick ? ' (quick mode)' : ''}`);
const plugin = packedPlugin();
const machine = describeMachine({
  nxVersion: nxVersion(),
  pluginVersion: plugin.version,
  pluginSourceHash: plugin.hash,
  repoRoot: REPO_ROOT,
});
log(`${machine.cpu}, ${machine.cores} cores, load ${machine.loadAverage.join(' ')}`);

const sections = [];
for (const [id, bench] of Object.entries(BENCHMARKS)) {
  if (only && !only.includes(id)) continue;
  const load = currentLoad();
  const benchStarted = Date.now();
  log(`${bench.title} (load ${load.join(' ')})`);
  const section = await bench.run({ quick, large, repeats, loadTasks, log });
  sections.push({ id, ...section, load, durationMs: Date.now() - benchStarted });
  for (const t of section.targets) log(`  ${t.name}: ${t.value}${t.met === undefined ? '' : t.met ? ' (met)' : ' (missed)'}`);
}

mkdirSync(outDir, { recursive: true });
const notesFile = join(here, 'notes.md');
const notes = existsSync(notesFile) ? parseNotes(readFileSync(notesFile, 'utf8')) : {};
const report = renderReport({ machine, sections, quick, durationMs: Date.now() - started, loadAtEnd: currentLoad(), notes });
writeFileSync(join(outDir, 'REPORT.md'), report);
for (const s of sections) if (s.chart) writeFileSync(join(outDir, s.chart.file), s.chart.svg);
writeFileSync(
  join(outDir, 'results.json'),
  `${JSON.stringify({ machine, quick, sections: sections.map(({ id, title, targets, data }) => ({ id, title, targets, data })) }, null, 2)}\n`,
);
log(`report: ${relative(process.cwd(), join(outDir, 'REPORT.md')) || join(outDir, 'REPORT.md')}`);

/** notes.md: `## <benchmark id>` sections of hand-written analysis, appended to that benchmark's section. */
function parseNotes(text) {
  const notes = {};
  let current;
  for (const line of text.split('\n')) {
    const heading = /^## (\S+)\s*$/.exec(line);
    if (heading) notes[(current = heading[1])] = '';
    else if (current) notes[current] += `${line}\n`;
  }
  return notes;
}
