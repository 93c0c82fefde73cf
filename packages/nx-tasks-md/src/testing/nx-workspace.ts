/**
 * Real-Nx test workspaces: a temporary git repository whose node_modules links every package of
 * this repository's node_modules (no copies) and holds the PACKED plugin as a real directory, so
 * tests exercise what `npm i nx-tasks-md` would install. Nothing is written into the repository.
 *
 *   const ws = createNxWorkspace({ files: { 'specs/001-x/tasks.md': '...' } });
 *   const result = ws.nx(['run', 'feature-001:plan']);   // { code, stdout, stderr, tasks }
 *   ws.cleanup();
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const PACK_CACHE = join(tmpdir(), 'nx-tasks-md-test-packages');
const RECORDS_DIR = '.test-records';
/** Test instrumentation plugin registered in every test workspace's nx.json. */
export const RECORDER_PLUGIN = 'nx-tasks-md-test-recorder';

export interface NxWorkspaceOptions {
  /** Workspace-relative path → content. */
  files?: Record<string, string>;
  /** `options` of the nx-tasks-md entry in nx.json. */
  pluginOptions?: Record<string, unknown>;
  /** Fields merged over the generated nx.json (a `plugins` array replaces the generated one). */
  nxJson?: Record<string, unknown>;
  /** Leave the plugin out of nx.json (e.g. to test `nx g nx-tasks-md:init`). */
  registerPlugin?: boolean;
  /**
   * Replace the package's `task` executor in this workspace by one that writes every declared
   * output (`<taskId> output`, the same each time) and logs the run; for tests about Nx scheduling
   * and caching that must not depend on how tasks are executed.
   */
  recordingTaskExecutor?: boolean;
  /** Write a package-lock.json listing nx, as every installed workspace has (default true). */
  lockfile?: boolean;
  /** node_modules whose entries are linked (default: this repository's). */
  nodeModules?: string;
  /** Make the initial git commit (default true). */
  commit?: boolean;
  /**
   * Run plugins in Nx's isolated plugin workers, as Nx does by default (default true). `false` runs
   * them in-process: several seconds faster per call on a busy machine, fine for tests about
   * hashing and scheduling, but not identical (Nx 23.2 in-process lets a project.json without a
   * name rename the inferred project after its folder).
   */
  isolatePlugins?: boolean;
}

export interface TaskRecord {
  status: string;
  code: number;
  hash: string;
}

export interface NxResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Per task ID (`project:target`), as Nx's postTasksExecution hook saw it; empty when none ran. */
  tasks: Record<string, TaskRecord>;
}

export interface NxWorkspace {
  root: string;
  /** The environment every nx call gets (daemon, cloud and TUI off; private cache directory). */
  env: NodeJS.ProcessEnv;
  nx(args: string | string[], options?: { env?: Record<string, string | undefined> }): NxResult;
  /** Like `nx`, without blocking this process (a server the test runs in-process keeps answering). */
  nxAsync(args: string | string[], options?: { env?: Record<string, string | undefined> }): Promise<NxResult>;
  /** Like `nx`, but throws with the output when the exit code is not 0. */
  nxOk(args: string | string[], options?: { env?: Record<string, string | undefined> }): NxResult;
  git(args: string[]): string;
  write(path: string, content: string): void;
  read(path: string): string;
  exists(path: string): boolean;
  remove(path: string): void;
  /** `project:target` of every run of the recording task executor, in order. */
  recordedRuns(): string[];
  cleanup(): void;
}

let packed: { tarball: string; packageDir: string; version: string } | undefined;

/** The plugin built and packed once per source state (tools/build-plugin.mjs --cached), shared by test files and workers. */
export function packedPlugin(): { tarball: string; packageDir: string; version: string } {
  packed ??= JSON.parse(
    execFileSync(process.execPath, [join(REPO_ROOT, 'tools', 'build-plugin.mjs'), '--cached', PACK_CACHE], {
      encoding: 'utf8',
      stdio: 'pipe',
    }),
  );
  return packed!;
}

export function createNxWorkspace(options: NxWorkspaceOptions = {}): NxWorkspace {
  const plugin = packedPlugin();
  const base = mkdtempSync(join(tmpdir(), 'nx-tasks-md-ws-'));
  const root = join(base, 'workspace');
  mkdirSync(root);
  const nodeModules = options.nodeModules ?? join(REPO_ROOT, 'node_modules');
  linkNodeModules(nodeModules, join(root, 'node_modules'));
  cpSync(plugin.packageDir, join(root, 'node_modules', 'nx-tasks-md'), { recursive: true });
  if (options.recordingTaskExecutor) installRecordingExecutor(join(root, 'node_modules', 'nx-tasks-md'));

  const nxVersion = JSON.parse(readFileSync(join(nodeModules, 'nx', 'package.json'), 'utf8')).version;
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  write(
    'package.json',
    JSON.stringify({ name: 'test-workspace', private: true, devDependencies: { nx: nxVersion, 'nx-tasks-md': plugin.version } }, null, 2),
  );
  if (options.lockfile !== false) write('package-lock.json', lockfile(nxVersion, plugin.version));
  write('.gitignore', `node_modules\n.nx\n${RECORDS_DIR}\n`);
  // A package, not a ./tools path: Nx 22 wants a tsconfig before it loads a local plugin file.
  write(`node_modules/${RECORDER_PLUGIN}/package.json`, JSON.stringify({ name: RECORDER_PLUGIN, version: '0.0.0', main: 'index.js' }));
  write(`node_modules/${RECORDER_PLUGIN}/index.js`, RECORD_TASK_RESULTS_PLUGIN);
  const pluginEntry = { plugin: 'nx-tasks-md', ...(options.pluginOptions ? { options: options.pluginOptions } : {}) };
  write(
    'nx.json',
    JSON.stringify(
      {
        $schema: './node_modules/nx/schemas/nx-schema.json',
        plugins: [...(options.registerPlugin === false ? [] : [pluginEntry]), RECORDER_PLUGIN],
        ...options.nxJson,
      },
      null,
      2,
    ),
  );
  for (const [path, content] of Object.entries(options.files ?? {})) write(path, content);

  const env: NodeJS.ProcessEnv = {
    ...withoutNxVariables(process.env),
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_CACHE_DIRECTORY: join(base, 'cache'),
    NX_ISOLATE_PLUGINS: options.isolatePlugins === false ? 'false' : 'true',
    CI: 'true',
    FORCE_COLOR: '0',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
  const git = (args: string[]) => execFileSync('git', args, { cwd: root, env, encoding: 'utf8', stdio: 'pipe' }).trim();
  git(['init', '-q', '-b', 'main']);
  if (options.commit !== false) {
    git(['add', '-A']);
    git(['commit', '-q', '-m', 'initial']);
  }

  const nxBin = join(root, 'node_modules', 'nx', JSON.parse(readFileSync(join(nodeModules, 'nx', 'package.json'), 'utf8')).bin.nx);
  const resultsFile = join(root, RECORDS_DIR, 'task-results.json');
  const argvOf = (args: string | string[]) => [nxBin, ...(typeof args === 'string' ? args.split(/\s+/).filter(Boolean) : args)];
  const recordedTasks = () => (existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {});
  const nx = (args: string | string[], callOptions: { env?: Record<string, string | undefined> } = {}): NxResult => {
    rmSync(resultsFile, { force: true });
    const run = spawnSync(process.execPath, argvOf(args), {
      cwd: root,
      env: { ...env, ...callOptions.env },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: run.status ?? 1, stdout: run.stdout, stderr: run.stderr, tasks: recordedTasks() };
  };
  const nxAsync = (args: string | string[], callOptions: { env?: Record<string, string | undefined> } = {}) =>
    new Promise<NxResult>((resolve, reject) => {
      rmSync(resultsFile, { force: true });
      const child = spawn(process.execPath, argvOf(args), { cwd: root, env: { ...env, ...callOptions.env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr, tasks: recordedTasks() }));
    });

  return {
    root,
    env,
    nx,
    nxAsync,
    nxOk(args, callOptions) {
      const result = nx(args, callOptions);
      if (result.code !== 0) {
        throw new Error(`nx ${[args].flat().join(' ')} exited with ${result.code}\n${result.stdout}\n${result.stderr}`);
      }
      return result;
    },
    git,
    write,
    read: (path) => readFileSync(join(root, path), 'utf8'),
    exists: (path) => existsSync(join(root, path)),
    remove: (path) => rmSync(join(root, path), { recursive: true, force: true }),
    recordedRuns() {
      const log = join(root, RECORDS_DIR, 'runs.log');
      return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

function linkNodeModules(from: string, to: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from)) {
    if (entry === 'nx-tasks-md' || entry === '.cache' || entry === '.package-lock.json') continue;
    symlinkSync(join(from, entry), join(to, entry), 'junction');
  }
}

function withoutNxVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('NX_') && key !== 'CI'));
}

function lockfile(nxVersion: string, pluginVersion: string): string {
  const entry = (name: string, version: string) => ({
    version,
    resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
    dev: true,
  });
  return JSON.stringify(
    {
      name: 'test-workspace',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'test-workspace', devDependencies: { nx: nxVersion, 'nx-tasks-md': pluginVersion } },
        'node_modules/nx': entry('nx', nxVersion),
        'node_modules/nx-tasks-md': entry('nx-tasks-md', pluginVersion),
      },
    },
    null,
    2,
  );
}

const RECORD_TASK_RESULTS_PLUGIN = `// Test instrumentation: records what Nx decided for every task of a run.
const fs = require('node:fs');
const path = require('node:path');
exports.name = 'record-task-results';
exports.postTasksExecution = async (_options, context) => {
  const results = {};
  for (const [id, result] of Object.entries(context.taskResults)) {
    results[id] = { status: result.status, code: result.code, hash: result.task.hash };
  }
  const dir = path.join(context.workspaceRoot, '${RECORDS_DIR}');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'task-results.json'), JSON.stringify(results, null, 2));
};
`;

const RECORDING_EXECUTOR = `// Test stand-in for the task executor: writes each declared output and logs the run.
const fs = require('node:fs');
const path = require('node:path');
exports.default = async function recordingTaskExecutor(options, context) {
  const dir = path.join(context.root, '${RECORDS_DIR}');
  fs.mkdirSync(dir, { recursive: true });
  const log = path.join(dir, 'runs.log');
  const target = context.projectsConfigurations.projects[context.projectName].targets[context.targetName];
  for (const output of target.outputs || []) {
    // Outputs are globs in which '[' is written '[[]'; the task's file is the literal path.
    const file = path.join(context.root, output.replace('{workspaceRoot}/', '').split('[[]').join('['));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, options.taskId + ' output\\n');
  }
  fs.appendFileSync(log, context.projectName + ':' + context.targetName + '\\n');
  console.log('recorded ' + options.taskId);
  return { success: true };
};
`;

function installRecordingExecutor(packageDir: string): void {
  const manifestFile = join(packageDir, 'executors.json');
  const manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : { executors: {} };
  mkdirSync(join(packageDir, 'testing'), { recursive: true });
  writeFileSync(join(packageDir, 'testing', 'recording-task-executor.js'), RECORDING_EXECUTOR);
  writeFileSync(
    join(packageDir, 'testing', 'recording-task-executor.json'),
    JSON.stringify({ type: 'object', properties: { taskId: { type: 'string' } }, required: ['taskId'] }),
  );
  manifest.executors.task = {
    implementation: './testing/recording-task-executor.js',
    schema: './testing/recording-task-executor.json',
    description: 'test stand-in',
  };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
}
