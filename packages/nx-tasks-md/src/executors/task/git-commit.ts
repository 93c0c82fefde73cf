import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Execa from 'execa';
import { resolveTasksFile } from '../../state/safe-write';

/** Loaded when a task commits, not with the executor. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadExeca = () => require('execa') as typeof Execa;

export interface TaskCommit {
  workspaceRoot: string;
  /** Workspace-relative files the task names (missing or gitignored ones are left out). */
  files: readonly string[];
  /** Workspace-relative tasks.md and the exact text to commit for it. */
  tasksFile: string;
  tasksText: string;
  message: string;
}

/** Runs git and returns its output; throws `git <command> failed (exit code N): <what git said>`. */
function git(cwd: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  const result = loadExeca().execaSync('git', args, { cwd, env: options.env, input: options.input, reject: false });
  if (!result.failed) return result.stdout;
  const said = result.stderr.trim().split('\n')[0] || result.shortMessage;
  const how = result.exitCode === undefined ? '' : ` (exit code ${result.exitCode})`;
  throw new Error(`git ${args[0]} failed${how}: ${said}`, { cause: result });
}

function succeeds(cwd: string, args: string[], env?: NodeJS.ProcessEnv): boolean {
  try {
    git(cwd, args, { env });
    return true;
  } catch {
    return false;
  }
}

/**
 * Commits the task's files and the given tasks.md text, and nothing else: the commit is built in a
 * temporary index from HEAD, so changes the user staged, and the `[>]` marks of tasks still running
 * in parallel, stay out of it. Runs with the feature lock held, which serialises commits of parallel
 * tasks. Git hooks do not run (plumbing commands). Returns the new commit, or undefined when the
 * task changed nothing git tracks.
 */
export function commitTask(commit: TaskCommit): string | undefined {
  const cwd = commit.workspaceRoot;
  const head = succeeds(cwd, ['rev-parse', '--verify', '-q', 'HEAD']) ? git(cwd, ['rev-parse', 'HEAD']) : undefined;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-tasks-md-index-'));
  const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
  try {
    git(cwd, head ? ['read-tree', head] : ['read-tree', '--empty'], { env });
    const paths = commit.files.filter(
      (file) =>
        (fs.existsSync(path.join(cwd, file)) || succeeds(cwd, ['cat-file', '-e', `HEAD:./${file}`])) &&
        !succeeds(cwd, ['check-ignore', '-q', '--', file]),
    );
    if (paths.length) git(cwd, ['add', '-A', '--', ...paths], { env });
    const blob = git(cwd, ['hash-object', '-w', '--stdin'], { input: commit.tasksText });
    const prefix = git(cwd, ['rev-parse', '--show-prefix']);
    const tasksFile = committedTasksFile(cwd, commit.tasksFile);
    git(cwd, ['update-index', '--add', '--cacheinfo', `100644,${blob},${prefix}${tasksFile}`], { env });
    const tree = git(cwd, ['write-tree'], { env });
    if (head && tree === git(cwd, ['rev-parse', `${head}^{tree}`])) return undefined;
    const created = git(cwd, ['commit-tree', tree, ...(head ? ['-p', head] : []), '-m', commit.message]);
    git(cwd, ['update-ref', '-m', `nx-tasks-md: ${commit.message}`, 'HEAD', created, ...(head ? [head] : [])]);
    // The real index still holds the old versions of these paths; bring them in line with HEAD.
    git(cwd, ['reset', '-q', '--', ...paths, tasksFile]);
    return created;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Where the text goes: tasks.md, or the file it links to (inside the workspace), so the link stays a link. */
function committedTasksFile(cwd: string, tasksFile: string): string {
  const target = resolveTasksFile({ root: cwd }, path.resolve(cwd, tasksFile));
  return path.relative(fs.realpathSync(cwd), fs.realpathSync(target)).split(path.sep).join('/');
}

/** `feat(feature-001): complete T005 - Create the user model` */
export function commitMessage(project: string, taskId: string, description: string): string {
  const text = description.replace(/\s+/g, ' ').trim();
  const short = text.length > 72 ? `${text.slice(0, 69)}...` : text;
  return `feat(${project}): complete ${taskId}${short ? ` - ${short}` : ''}`;
}
