/**
 * Workspaces made the way a user makes them (README, "Use it in your workspace"): an empty git
 * repository with package.json and nx.json, `npm install` of a real Nx release from the npm
 * registry, `nx add` of the packed plugin, the agent runner set in nx.json. One such base per Nx
 * version is built per run; every scenario works in its own full copy (node_modules included)
 * with a private Nx cache directory. Everything lives under one temporary folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const FIXTURE_SPECS = join(__dirname, '..', '..', 'fixtures', 'specs');

/** The oldest and the newest Nx the plugin supports (peer range >=22 <25). */
export const NX_VERSIONS = ['22.7.12', '24.0.6'] as const;

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'E2E User',
  GIT_AUTHOR_EMAIL: 'e2e@example.com',
  GIT_COMMITTER_NAME: 'E2E User',
  GIT_COMMITTER_EMAIL: 'e2e@example.com',
};

/**
 * The environment of the machine, without what the test run itself brings (Nx variables of an
 * outer `nx run`, npm's lifecycle variables of `npm test`), plus a git identity.
 */
export function userEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('NX_') || key.startsWith('npm_') || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  Object.assign(env, GIT_IDENTITY, extra);
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Called once the process runs; its pid is also the id of its own process group. */
  onStart?: (pid: number) => void;
}

/**
 * Runs a command asynchronously (the remote cache server lives in this process and must keep
 * answering), in its own process group as a terminal's foreground job is, so Ctrl-C can be
 * simulated by signalling the group.
 */
export function run(command: string, args: string[], options: RunOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('spawn', () => {
      runningGroups.add(child.pid!);
      options.onStart?.(child.pid!);
    });
    child.once('close', (code, signal) => {
      runningGroups.delete(child.pid!);
      resolve({ code, signal, output });
    });
  });
}

const runningGroups = new Set<number>();

/** Kills the process groups of commands started here that are still running (after a failed or timed-out test). */
export function stopRunningCommands(): void {
  for (const group of runningGroups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  runningGroups.clear();
}

async function runOk(command: string, args: string[], options: RunOptions): Promise<CommandResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${options.cwd}) exited with ${result.code ?? result.signal}:\n${result.output}`);
  }
  return result;
}

/** `npm run pack:plugin` in this repository; returns the tarball (dist/nx-tasks-md.tgz). */
export async function packPlugin(): Promise<string> {
  await runOk('npm', ['run', 'pack:plugin'], { cwd: REPO_ROOT, env: userEnv() });
  const tarball = join(REPO_ROOT, 'dist', 'nx-tasks-md.tgz');
  if (!existsSync(tarball)) throw new Error(`npm run pack:plugin did not write ${tarball}`);
  return tarball;
}

export interface BaseWorkspace {
  root: string;
  nxVersion: string;
  /** Output of `nx add`, to assert on. */
  addOutput: string;
}

/** Where the README's commands say the tarball is: this repository's dist/, checked out somewhere. */
export const README_TARBALL = '/path/to/nx-tasks-md/dist/nx-tasks-md.tgz';

/**
 * The README's setup commands ("Use it in your workspace", steps 2 and 3), run through bash in
 * the new workspace folder; a test checks the README shows each of them. `npx nx add
 * nx-tasks-md` alone would ask the registry for a package that is not published there; `nx add
 * <name>@<spec>` hands the spec to npm, so `nx-tasks-md@file:<tarball>` installs the local build
 * and then runs its init generator, as `nx add` does for a published plugin.
 */
export function setupCommands(nxVersion: string, tarball: string): { install: string[]; commit: string } {
  return {
    install: [
      'git init -b main',
      `echo '{ "name": "my-workspace", "private": true }' > package.json`,
      `echo '{ "$schema": "./node_modules/nx/schemas/nx-schema.json" }' > nx.json`,
      `printf 'node_modules\\n.nx\\n.nx-tasks-md\\n' > .gitignore`,
      `npm install --save-dev --save-exact --prefer-offline --no-audit --no-fund nx@${nxVersion}`,
      `npx nx add nx-tasks-md@file:${tarball}`,
    ],
    commit: 'git add -A && git commit -m "Nx workspace with nx-tasks-md"',
  };
}

/** The runner the README's step 3 sets in nx.json, as the plugin entry's options. */
export const README_PLUGIN_ENTRY = { plugin: 'nx-tasks-md', options: { runner: 'claude' } };

export async function createBaseWorkspace(root: string, nxVersion: string, tarball: string): Promise<BaseWorkspace> {
  if (/[@\s]/.test(tarball)) throw new Error(`nx add cannot take a tarball path with "@" or spaces: ${tarball}`);
  mkdirSync(root, { recursive: true });
  const env = userEnv({ NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', FORCE_COLOR: '0' });
  const sh = (command: string) => runOk('bash', ['-c', command], { cwd: root, env });
  const commands = setupCommands(nxVersion, tarball);
  let addOutput = '';
  for (const command of commands.install) addOutput = (await sh(command)).output;
  // Step 3: the entry `nx add` wrote gets the runner (an edit a user makes by hand).
  const nxJson = JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8'));
  const entry = nxJson.plugins?.find((p: unknown) => typeof p === 'object' && (p as { plugin: string }).plugin === 'nx-tasks-md');
  if (!entry) throw new Error(`nx add did not register nx-tasks-md in nx.json:\n${addOutput}`);
  entry.options = { ...entry.options, ...README_PLUGIN_ENTRY.options };
  writeFileSync(join(root, 'nx.json'), JSON.stringify(nxJson, null, 2) + '\n');
  await sh(commands.commit);
  return { root, nxVersion, addOutput };
}

export interface NxRun extends CommandResult {
  /** `project:target` → how Nx reported it (`remote cache`, `local cache`, ... or `ran`). */
  reported: Record<string, string>;
}

export interface UserWorkspace {
  root: string;
  /** The private Nx cache directory of this checkout (NX_CACHE_DIRECTORY). */
  cacheDir: string;
  /** `node_modules/.bin/nx` (what `npx nx` runs) with the workspace's environment. */
  nx(args: string[], options?: { env?: Record<string, string>; onStart?: (pid: number) => void }): Promise<NxRun>;
  git(args: string[]): string;
  read(path: string): string;
  write(path: string, content: string): void;
  exists(path: string): boolean;
  /** A `git clone` of this checkout (committed files only) with its own node_modules copy and an empty cache. */
  clone(): UserWorkspace;
}

/**
 * A copy of `base` holding the given fixture features under specs/, committed. `dir` is removed
 * by the caller's cleanup.
 */
export function copyWorkspace(base: BaseWorkspace, dir: string, features: string[], env: Record<string, string>): UserWorkspace {
  const root = join(dir, 'workspace');
  cpSync(base.root, root, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  rmSync(join(root, '.nx'), { recursive: true, force: true });
  for (const feature of features) {
    cpSync(join(FIXTURE_SPECS, feature), join(root, 'specs', feature), { recursive: true });
  }
  const ws = workspaceAt(root, join(dir, 'nx-cache'), env);
  if (features.length) {
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', `Specs: ${features.join(', ')}`]);
  }
  return ws;
}

let clones = 0;

function workspaceAt(root: string, cacheDir: string, extraEnv: Record<string, string>): UserWorkspace {
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const env = userEnv({
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    CI: 'true',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    NX_CACHE_DIRECTORY: cacheDir,
    ...extraEnv,
  });
  const nxBin = join(root, 'node_modules', '.bin', 'nx');
  const ws: UserWorkspace = {
    root,
    cacheDir,
    async nx(args, options = {}) {
      const result = await run(nxBin, args, { cwd: root, env: { ...env, ...options.env }, onStart: options.onStart });
      return { ...result, reported: reportedTasks(result.output) };
    },
    git: (args) => execFileSync('git', args, { cwd: root, env, encoding: 'utf8', stdio: 'pipe' }).trim(),
    read: (path) => readFileSync(join(root, path), 'utf8'),
    write(path, content) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    },
    exists: (path) => existsSync(join(root, path)),
    clone() {
      const dir = join(dirname(root), `clone-${++clones}`);
      mkdirSync(dir);
      const cloneRoot = join(dir, 'workspace');
      execFileSync('git', ['clone', '-q', root, cloneRoot], { env, stdio: 'pipe' });
      cpSync(join(root, 'node_modules'), join(cloneRoot, 'node_modules'), { recursive: true, verbatimSymlinks: true });
      return workspaceAt(cloneRoot, join(dir, 'nx-cache'), extraEnv);
    },
  };
  return ws;
}

/**
 * What Nx printed per task: `> nx run feature-001:T001  [remote cache]` (static output, as in CI).
 * A task line without a bracket note ran.
 */
export function reportedTasks(output: string): Record<string, string> {
  const reported: Record<string, string> = {};
  for (const match of output.matchAll(/^> +nx run (\S+?:\S+?)(?: +\[([^\]]+)\])?\s*$/gm)) {
    reported[match[1]] = match[2] ?? 'ran';
  }
  return reported;
}

/** Checkbox marks of a tasks.md by task ID (`x`, ` `, `!`, `>`...), read with a plain regex. */
export function checkboxes(tasksMd: string): Record<string, string> {
  const marks: Record<string, string> = {};
  for (const match of tasksMd.matchAll(/^\s*- \[(.)\] (T\d{3})\b/gm)) marks[match[2]] = match[1];
  return marks;
}

export interface FeatureState {
  file: string;
  tasks: Record<string, { status: string; restored?: boolean; error?: string; runner?: string; exit_code?: number | null }>;
  completed_at?: string;
}

/** The feature's state file: `.implementation-state.json`, or its archive once every task is done. */
export function readFeatureState(ws: UserWorkspace, feature: string): FeatureState | undefined {
  for (const name of ['.implementation-state.json', '.implementation-completed.json']) {
    const path = `specs/${feature}/${name}`;
    if (ws.exists(path)) return { file: name, ...JSON.parse(ws.read(path)) };
  }
  return undefined;
}

/** The file each fixture task names, by task ID (the last path on the task line). */
export function fixtureTaskFiles(feature: string): Record<string, string> {
  const text = readFileSync(join(FIXTURE_SPECS, feature, 'tasks.md'), 'utf8');
  const files: Record<string, string> = {};
  for (const match of text.matchAll(/^- \[ \] (T\d{3}) .* ([\w./-]+\.\w+)(?: \(depends on [^)]*\))?$/gm)) files[match[1]] = match[2];
  return files;
}
