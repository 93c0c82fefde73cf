// Benchmark 5: N processes tick N tasks of one tasks.md at the same moment through the plugin's
// locked update (src/state/locked-update.ts): how long until every tick landed, against the same
// N updates made one after the other, and whether any tick was lost.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { freemem } from 'node:os';
import { join } from 'node:path';
import { formatMs, formatRatio, median } from './lib/stats.mjs';
import { barChart } from './lib/svg.mjs';
import { createWorkspace } from './lib/workspace.mjs';

/** Memory a writer process needs (Node + the plugin's state, writer and parser modules; ~62 MB measured), with margin. */
const MB_PER_WRITER = 75;

export const title = 'Writer contention';

export function settings(quick, repeats) {
  return quick ? { sizes: [8, 32], repeats: () => repeats ?? 1 } : { sizes: [8, 64, 256], repeats: (n) => repeats ?? (n > 8 ? 1 : 3) };
}

// Each writer ticks one task in one locked update, as the task executor does when a task ends.
// With SERIAL set, one process makes every update in turn instead (the uncontended reference).
const WRITER = `
const fs = require('node:fs');
const path = require('node:path');
// Internal modules, by path: the package exports only its entry point.
const plugin = (file) => require(path.join(path.dirname(require.resolve('nx-tasks-md/package.json')), file));
const { updateFeature } = plugin('src/state/locked-update');
const { featurePaths } = plugin('src/state/paths');
const { setTaskNote, setTaskState } = plugin('src/writer');
const { parseTasksMd } = plugin('src/parse');
const [root, ...ids] = process.argv.slice(2);
const paths = featurePaths(root, 'specs/001-x/tasks.md');
let heldMs = 0;
const tick = async (id) => {
  let acquired;
  await updateFeature(paths, ({ tasksText, state }) => {
    acquired = performance.now();
    const doc = parseTasksMd(tasksText, { path: 'specs/001-x/tasks.md' });
    state.tasks[id] = { status: 'completed', attempts: 1, exit_code: 0, ended_at: new Date().toISOString() };
    return { tasksText: setTaskNote(setTaskState(tasksText, id, 'done', { doc }), id, null), state };
  });
  heldMs += performance.now() - acquired;
};
fs.mkdirSync(paths.workDir, { recursive: true });
// Ready once loaded; released by a line on stdin (a blocked read costs no CPU, unlike polling).
process.stdout.write('ready\\n');
process.stdin.once('data', () => {
  const started = Date.now();
  (async () => {
    for (const id of ids) await tick(id);
    process.stdout.write(JSON.stringify({ started, ended: Date.now(), heldMs }) + '\\n');
  })().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
});
`;

export function tasksMd(count) {
  const lines = ['# Tasks: writer contention', '', '## Phase 1: Everything at once', ''];
  for (let i = 1; i <= count; i++) lines.push(`- [ ] ${taskId(i)} [P] Build part ${i} of the system`);
  lines.push('');
  return lines.join('\n');
}

export function taskId(i) {
  return `T${String(i).padStart(3, '0')}`;
}

/** What changed between two versions of tasks.md, character by character (same length expected). */
export function changedCharacters(before, after) {
  if (before.length !== after.length) return undefined;
  const changes = [];
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) changes.push(`${before[i]}→${after[i]}`);
  return changes;
}

export async function run({ quick, repeats: asked, log }) {
  const { sizes, repeats } = settings(quick, asked);
  const ws = createWorkspace();
  const rows = [];
  try {
    ws.write('writer.cjs', WRITER);
    for (const requested of sizes) {
      const affordable = Math.floor((availableMemoryMB() - 1536) / MB_PER_WRITER);
      const n = Math.min(requested, affordable);
      if (n < requested) log(`  only ${n} writers fit in free memory (asked for ${requested})`);
      const samples = { contended: [], serial: [] };
      const busy = [];
      let lost = 0;
      let otherChanges = 0;
      let lockLeft = false;
      for (let repeat = 0; repeat < repeats(requested); repeat++) {
        const ids = Array.from({ length: n }, (_, i) => taskId(i + 1));
        for (const mode of ['contended', 'serial']) {
          const text = tasksMd(n);
          ws.remove('specs');
          ws.write('specs/001-x/tasks.md', text);
          const groups = mode === 'contended' ? ids.map((id) => [id]) : [ids];
          const writers = groups.map((group) => startWriter(ws, group));
          await Promise.all(writers.map((w) => w.ready));
          const released = Date.now();
          for (const w of writers) w.release();
          const results = await Promise.all(writers.map((w) => w.done));
          const failed = results.filter((r) => r.code !== 0);
          if (failed.length) throw new Error(`${failed.length} writers failed: ${failed[0].stderr.slice(0, 2000)}`);
          const reports = results.map((r) => JSON.parse(r.stdout.split('\n').filter(Boolean).at(-1)));
          const ended = Math.max(...reports.map((r) => r.ended));
          const started = Math.min(...reports.map((r) => r.started));
          samples[mode].push(mode === 'contended' ? ended - released : ended - started);
          if (mode === 'contended') busy.push(reports.reduce((sum, r) => sum + r.heldMs, 0) / (ended - released));
          const after = ws.read('specs/001-x/tasks.md');
          const changes = changedCharacters(text, after);
          const ticks = changes ? changes.filter((c) => c === ' →x').length : 0;
          lost += n - ticks;
          otherChanges += changes ? changes.length - ticks : Infinity;
          const state = JSON.parse(readFileSync(join(ws.root, 'specs/001-x/.implementation-state.json'), 'utf8'));
          lost += n - Object.values(state.tasks).filter((t) => t.status === 'completed').length;
          lockLeft ||= existsSync(join(ws.root, 'specs/001-x/.nx-tasks-md/tasks.md.lock'));
          log(`  ${n} writers, ${mode}: ${formatMs(samples[mode].at(-1))}, ${ticks}/${n} ticks`);
        }
      }
      rows.push({
        requested,
        n,
        repeats: repeats(requested),
        contended: median(samples.contended),
        serial: median(samples.serial),
        ratio: median(samples.contended.map((v, i) => v / samples.serial[i])),
        busy: median(busy),
        lost,
        otherChanges,
        lockLeft,
      });
    }
  } finally {
    ws.cleanup();
  }
  return report(rows);
}

/** A writer process: `ready` once it has loaded the plugin, `release()` lets it tick, `done` when it exited. */
function startWriter(ws, ids) {
  const child = spawn(process.execPath, [join(ws.root, 'writer.cjs'), ws.root, ...ids], { cwd: ws.root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markReady;
  const ready = new Promise((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise((resolve) =>
    child.on('close', (code) => {
      markReady();
      resolve({ code: code ?? 1, stdout, stderr });
    }),
  );
  return { ready, done, release: () => child.stdin.end('go\n') };
}

function report(rows) {
  const lines = [
    'N processes, started first and released together, each tick one task of the same N-task tasks.md and record it in the state file through ' +
      '`updateFeature` (the cross-process lock + atomic writes every task executor uses when a task ends; the update parses the file, flips one box, writes tasks.md and the state). ' +
      '**Contended**: time from the release to the last tick. **Serial**: one process making the same N updates one after the other (the uncontended cost of the work itself). ' +
      '**Lock held**: the share of the contended time during which some writer was inside its update (from taking the lock to its release); the rest is the lock lying free while the waiters sleep between retries. ' +
      'Lost ticks: boxes not ticked + state records missing, checked character by character (nothing else in tasks.md may change).',
    '',
    '| writers | contended | serial (one process) | contended / serial | per tick (contended) | lock held | lost ticks | other changed characters | lock left behind |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.n}${r.n < r.requested ? ` (of ${r.requested}: memory)` : ''} | ${formatMs(r.contended)} | ${formatMs(r.serial)} | ${formatRatio(r.ratio)} | ${formatMs(r.contended / r.n)} | ${Math.round(100 * r.busy)}% | **${r.lost}** | ${r.otherChanges} | ${r.lockLeft ? 'yes' : 'no'} |`,
    );
  }
  const chart = barChart({
    title: 'Writer contention: time until every tick landed (lower is better)',
    yLabel: 'seconds',
    categories: rows.map((r) => `${r.n} writers`),
    series: [
      { name: 'N processes at once (contended)', values: rows.map((r) => r.contended / 1000) },
      { name: 'one process, N updates in turn', values: rows.map((r) => r.serial / 1000) },
    ],
  });
  const lost = rows.reduce((sum, r) => sum + r.lost, 0);
  return {
    title,
    markdown: lines.join('\n'),
    chart: { file: 'writer-contention.svg', svg: chart },
    targets: [
      {
        name: 'zero lost ticks',
        value: `${lost} lost over ${rows.map((r) => `${r.n}×${r.repeats}`).join(', ')} ticks`,
        met: lost === 0 && rows.every((r) => r.otherChanges === 0 && !r.lockLeft),
        applies: true,
      },
    ],
    data: rows,
  };
}

/** MemAvailable (what can be used without swapping), or free memory where /proc/meminfo is missing. */
function availableMemoryMB() {
  try {
    const match = /MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux
  }
  return freemem() / 2 ** 20;
}
