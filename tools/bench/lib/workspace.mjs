// Temporary Nx workspaces for the benchmarks, built like the test harness
// (packages/nx-tasks-md/src/testing/nx-workspace.ts): node_modules made of symlinks to this
// repository's node_modules plus the PACKED plugin as a real directory. Nothing is written into
// the repository.
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  cpSync,
  openSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packedPlugin as buildAndPack } from '../../build-plugin.mjs';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PACK_CACHE = join(tmpdir(), 'nx-tasks-md-bench-packages');
export const RECORDER_PLUGIN = 'nx-tasks-md-bench-recorder';
/** Temporary folders of the workspaces not cleaned up yet (removed on Ctrl-C by run.mjs). */
const live = new Set();

export function cleanupAll() {
  for (const base of live) rmSync(base, { recursive: true, force: true });
  live.clear();
}
const RECORDS_FILE = '.bench-records/run.json';

/** The plugin built and packed from the current sources (cached per source hash). */
export function packedPlugin() {
  return buildAndPack(PACK_CACHE);
}

export function nxVersion() {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'nx', 'package.json'), 'utf8')).version;
}

/**
 * @param {object} options
 * @param {Record<string,string>} [options.files] workspace-relative path → content
 * @param {boolean} [options.plugin] register nx-tasks-md in nx.json (default true)
 * @param {object} [options.nxJson] merged over the generated nx.json
 */
export function createWorkspace(options = {}) {
  const plugin = packedPlugin();
  const base = mkdtempSync(join(tmpdir(), 'nx-tasks-md-bench-'));
  live.add(base);
  const root = join(base, 'workspace');
  mkdirSync(root);
  const nodeModules = join(REPO_ROOT, 'node_modules');
  linkNodeModules(nodeModules, join(root, 'node_modules'));
  cpSync(plugin.packageDir, join(root, 'node_modules', 'nx-tasks-md'), { recursive: true });
  const write = (path, content) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  const nx = nxVersion();
  write(
    'package.json',
    JSON.stringify({ name: 'bench-workspace', private: true, devDependencies: { nx, 'nx-tasks-md': plugin.version } }, null, 2),
  );
  write('.gitignore', 'node_modules\n.nx\n.bench-records\n');
  write(`node_modules/${RECORDER_PLUGIN}/package.json`, JSON.stringify({ name: RECORDER_PLUGIN, version: '0.0.0', main: 'index.js' }));
  write(`node_modules/${RECORDER_PLUGIN}/index.js`, RECORDER_SOURCE);
  const plugins = [...(options.plugin === false ? [] : ['nx-tasks-md']), RECORDER_PLUGIN];
  write('nx.json', JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json', plugins, ...options.nxJson }, null, 2));
  for (const [path, content] of Object.entries(options.files ?? {})) write(path, content);

  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NX_') && key !== 'CI')),
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_CACHE_DIRECTORY: join(base, 'cache'),
    CI: 'true',
    FORCE_COLOR: '0',
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
  };
  const git = (args) => execFileSync('git', args, { cwd: root, env, encoding: 'utf8', stdio: 'pipe' }).trim();
  git(['init', '-q', '-b', 'main']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'initial']);
  const nxBin = join(root, 'node_modules', 'nx', JSON.parse(readFileSync(join(nodeModules, 'nx', 'package.json'), 'utf8')).bin.nx);
  const recordsFile = join(root, RECORDS_FILE);

  /**
   * Runs nx; resolves with exit code, output, wall time (ms) and Nx's own record of the run.
   * `onSpawn(child)` is called as the process starts; the function it returns, if any, as it ends. The
   * output goes to files, not pipes: Nx exits without waiting for its writes to a pipe to drain,
   * which cuts long outputs (`nx show projects` of 1000 projects) short.
   */
  const run = (args, callEnv = {}, { onSpawn } = {}) =>
    new Promise((resolve) => {
      rmSync(recordsFile, { force: true });
      const outFile = join(base, 'stdout.txt');
      const errFile = join(base, 'stderr.txt');
      const out = openSync(outFile, 'w');
      const err = openSync(errFile, 'w');
      const started = process.hrtime.bigint();
      const child = spawn(process.execPath, [nxBin, ...args], { cwd: root, env: { ...env, ...callEnv }, stdio: ['ignore', out, err] });
      closeSync(out);
      closeSync(err);
      const spawned = onSpawn?.(child);
      child.on('close', (code) => {
        spawned?.();
        const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
        const record = existsSync(recordsFile) ? JSON.parse(readFileSync(recordsFile, 'utf8')) : undefined;
        resolve({ code: code ?? 1, stdout: readFileSync(outFile, 'utf8'), stderr: readFileSync(errFile, 'utf8'), wallMs, record });
      });
    });
  const runOk = async (args, callEnv, hooks) => {
    const result = await run(args, callEnv, hooks);
    if (result.code !== 0) {
      throw new Error(
        `nx ${args.join(' ')} exited with ${result.code} in ${root}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
      );
    }
    return result;
  };
  const requireHere = createRequire(join(root, 'package.json'));
  return {
    root,
    env,
    run,
    runOk,
    git,
    write,
    read: (path) => readFileSync(join(root, path), 'utf8'),
    remove: (path) => rmSync(join(root, path), { recursive: true, force: true }),
    /** require() from inside the workspace. */
    require: requireHere,
    /** One of the installed plugin's internal modules, by its path in the package (not exported). */
    pluginModule: (file) => requireHere(join(dirname(requireHere.resolve('nx-tasks-md/package.json')), file)),
    cleanup: () => {
      rmSync(base, { recursive: true, force: true });
      live.delete(base);
    },
  };
}

/**
 * The span of the task phase of a run, as Nx's postTasksExecution hook saw it: from the first
 * task's start to the last task's end (ms), and the tasks per status.
 */
export function taskPhase(record, { exclude = [] } = {}) {
  if (!record) return undefined;
  const tasks = Object.entries(record.tasks).filter(([id]) => !exclude.some((suffix) => id.endsWith(suffix)));
  const starts = tasks.map(([, t]) => t.startTime).filter(Number.isFinite);
  const ends = tasks.map(([, t]) => t.endTime).filter(Number.isFinite);
  const statuses = {};
  for (const [, t] of tasks) statuses[t.status] = (statuses[t.status] ?? 0) + 1;
  return {
    spanMs: starts.length && ends.length ? Math.max(...ends) - Math.min(...starts) : undefined,
    runMs: record.endTime - record.startTime,
    statuses,
    count: tasks.length,
  };
}

const RECORDER_SOURCE = `// Benchmark instrumentation: Nx's own timings of each task of a run.
const fs = require('node:fs');
const path = require('node:path');
exports.name = 'bench-recorder';
exports.postTasksExecution = async (_options, context) => {
  const tasks = {};
  for (const [id, result] of Object.entries(context.taskResults)) {
    tasks[id] = { status: result.status, code: result.code, startTime: result.task.startTime, endTime: result.task.endTime };
  }
  const file = path.join(context.workspaceRoot, ${JSON.stringify(RECORDS_FILE)});
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ startTime: context.startTime, endTime: context.endTime, tasks }));
};
`;

function linkNodeModules(from, to) {
  mkdirSync(to);
  for (const entry of readdirSync(from)) {
    if (entry === 'nx-tasks-md' || entry === '.cache' || entry === '.package-lock.json') continue;
    symlinkSync(join(from, entry), join(to, entry), 'junction');
  }
}
