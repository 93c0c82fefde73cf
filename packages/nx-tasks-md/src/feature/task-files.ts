import { isAbsolute, relative, posix, resolve, sep } from 'node:path';
import type { Diagnostic, Task } from '../model';
import { fileRoles, type FileRole } from '../parse/file-roles';
import { COMPLETED_FILE_NAME, REPORT_FILE_NAME, STATE_FILE_NAME, WORK_DIR_NAME } from '../state/paths';

export interface TaskFileContext {
  /** Absolute path of the workspace root. */
  workspaceRoot: string;
  /** Workspace-relative path of the tasks.md (also the `file` of diagnostics). */
  tasksFile: string;
  /** The source line of the task, to point diagnostics at the path itself. */
  lineText?: (line: number) => string | undefined;
  /** Roots outside the workspace (absolute, or relative to it) a task may name: the `allowedPaths` option. */
  allowedPaths?: readonly string[];
}

/** The files of one task, workspace-relative POSIX paths safe to use as Nx inputs and outputs. */
export interface TaskFileSet {
  /** Files the task creates, edits, deletes or moves: its Nx outputs, TASK_FILES, what its commit adds. */
  changes: string[];
  /** Files it only reads, runs or checks, the feature's documents among them: Nx inputs, never outputs. */
  reads: string[];
  /** Of the changes, those a successful run leaves in place (not deleted or moved away, not globs). */
  mustExist: string[];
  /** Of those, the ones a work verb governs (create, add, update, fix…): leaving one unchanged is a phantom completion. */
  mustChange: string[];
  /** Names without a folder that no other path of the task places: told to the agent, never required. */
  unplaced: string[];
  /**
   * Absolute paths outside the workspace under an `allowedPaths` root: told to the agent, never an
   * Nx input or output (Nx cannot hash them), never required.
   */
  outside: { changes: string[]; reads: string[] };
}

export interface TaskFiles {
  files: TaskFileSet;
  /** Warnings, and errors that refuse the task: it fails before any runner starts (see `refusals`). */
  diagnostics: Diagnostic[];
}

export const NO_FILES: TaskFileSet = Object.freeze({
  changes: [],
  reads: [],
  mustExist: [],
  mustChange: [],
  unplaced: [],
  outside: { changes: [], reads: [] },
}) as TaskFileSet;

/** The errors among a task's path diagnostics: each refuses that task alone, not the plan. */
export function refusals(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** What the runner is told: the workspace files, then the allowed ones outside it. */
export function agentFiles(set: TaskFileSet): { changes: string[]; reads: string[]; unplaced: string[] } {
  return {
    changes: [...set.changes, ...set.outside.changes],
    reads: [...set.reads, ...set.outside.reads],
    unplaced: set.unplaced,
  };
}

/** Every file a task names: what it changes, then what it reads. */
export function allTaskFiles(set: TaskFileSet): string[] {
  return [...set.changes, ...set.reads];
}

/** Documents of a spec-kit or Kiro feature folder: always read, never required or created by a task. */
const CONTEXT_DOC_NAMES = /^(?:spec|plan|data-model|research|quickstart|requirements|design|tasks)\.md$/;
const CONTEXT_DOC_FOLDERS = /^(?:contracts|checklists)(?:\/|$)/;
/** The same documents of any feature folder (`specs/007-x/plan.md`, `.kiro/specs/x/design.md`). */
const ANY_FEATURE_DOC =
  /(?:^|\/)specs\/[^/]+\/(?:(?:spec|plan|data-model|research|quickstart|requirements|design|tasks)\.md$|(?:contracts|checklists)\/)/;

/** Kinds of files that live at a repository's root, so a bare name of one is the root's. */
const ROOT_FILE =
  /^(?:package(?:-lock)?\.json|pnpm-(?:lock|workspace)\.yaml|yarn\.lock|bun\.lockb?|tsconfig(?:\.[\w-]+)?\.json|jsconfig\.json|(?:nx|lerna|turbo|deno|vercel|netlify|firebase|biome|components|angular)\.json|[\w.-]*\.config\.(?:js|cjs|mjs|ts|cts|mts|json)|\.[\w.-]+rc(?:\.\w+)?|\.env(?:\.[\w-]+)?|\.(?:git|docker|npm|prettier|eslint)ignore|\.gitattributes|\.editorconfig|\.nvmrc|\.node-version|\.python-version|\.tool-versions|(?:README|CHANGELOG|CONTRIBUTING|LICENSE|AGENTS|CLAUDE|GEMINI|SECURITY|CODE_OF_CONDUCT)(?:\.\w+)?|Makefile|Dockerfile|Procfile|Gemfile(?:\.lock)?|Rakefile|Justfile|go\.(?:mod|sum|work)|Cargo\.(?:toml|lock)|pyproject\.toml|setup\.(?:py|cfg)|requirements[\w.-]*\.txt|Pipfile(?:\.lock)?|poetry\.lock|uv\.lock|tox\.ini|pytest\.ini|manage\.py|conftest\.py|noxfile\.py|mix\.exs|(?:build|settings)\.gradle(?:\.kts)?|gradle\.properties|pom\.xml|[\w.-]+\.sln|global\.json|Directory\.(?:Build|Packages)\.(?:props|targets)|nuget\.config|docker-compose[\w.-]*\.ya?ml|compose\.ya?ml|\.pre-commit-config\.yaml|mkdocs\.yml|Taskfile\.ya?ml|flake\.nix)$/i;

/** A file without an extension that is a file, not a folder. */
const EXTENSIONLESS_FILE = /^(?:Makefile|Dockerfile|Procfile|Gemfile|Rakefile|Justfile|Jenkinsfile|Vagrantfile|LICENSE|CODEOWNERS)$/;

/**
 * The workspace files a task names, as Nx may hash and restore them, split by what the task does
 * with them (parse/file-roles). Bare names are placed: a context document (`data-model.md`,
 * `contracts/api.md`) in the feature folder, `__init__.py` after `services/` in that folder,
 * `register.go` next to `cmd/app/list.go` in `cmd/app/`, `package.json` at the root; a bare name
 * nothing places is `unplaced`. A path outside the workspace (absolute elsewhere, or `../`
 * escaping it) refuses the task, with an error, unless it is under an `allowedPaths` root: then it
 * is told to the agent but is never an Nx input or output. A file that must never be restored
 * (.git/, node_modules/, .nx/, the plugin's state and logs) refuses the task when it changes one.
 * The tasks.md itself is left out with a warning: it is shared by every task and holds the
 * checkboxes, so restoring it from the cache would undo them.
 */
export function taskFiles(task: Task, context: TaskFileContext): TaskFiles {
  const set: TaskFileSet = { changes: [], reads: [], mustExist: [], mustChange: [], unplaced: [], outside: { changes: [], reads: [] } };
  const diagnostics: Diagnostic[] = [];
  const featureDir = posix.dirname(posix.normalize(context.tasksFile));
  const tasksFile = posix.normalize(context.tasksFile);
  const refuse = (written: string, code: string, message: string, severity: Diagnostic['severity']) => {
    const column = context.lineText?.(task.line)?.indexOf(written) ?? -1;
    diagnostics.push({
      file: context.tasksFile,
      line: task.line,
      column: column >= 0 ? column + 1 : task.checkbox.column,
      severity,
      code,
      message,
    });
  };
  const allowedRoots = (context.allowedPaths ?? []).map((root) => resolve(context.workspaceRoot, root));
  const mentions = fileRoles(task.text, task.files);
  const resolved = task.files.map((written) => workspaceRelative(written, context.workspaceRoot));
  const placed = new Map<string, FileRole>();
  // A name written without a folder is placed by the task's other paths (`/ws/b.ts` is not bare).
  mentions.forEach(({ path: written, role, explicit }, index) => {
    const relativePath = resolved[index];
    if (relativePath === undefined) return addOutside(written, role);
    if (relativePath === '') return;
    const doc = contextDocument(relativePath, featureDir);
    if (doc === tasksFile) {
      if (written.includes('/')) {
        refuse(
          written,
          'path-not-allowed',
          `${task.id} names ${written}, the tasks.md of this feature; it is neither an input nor an output of the task`,
          'warning',
        );
      }
      return;
    }
    if (doc) return add(doc, 'read', false, written);
    if (!/[\\/]/.test(written) && !ROOT_FILE.test(relativePath)) {
      const folder = placingFolder(relativePath, index, task.files, resolved, featureDir);
      if (folder === undefined) {
        if (!set.unplaced.includes(written)) set.unplaced.push(written);
        return;
      }
      return add(posix.join(folder, relativePath), role, explicit, written);
    }
    add(relativePath, role, explicit, written);
  });

  /** A path outside the workspace: the agent's under an allowed root, else the task is refused. */
  function addOutside(written: string, role: FileRole) {
    const absolute = outsidePath(written, context.workspaceRoot);
    const allowed =
      absolute !== undefined &&
      allowedRoots.some((root) => absolute === root || absolute.startsWith(root.endsWith(sep) ? root : root + sep));
    if (!allowed && /^\/[^/\\]+$/.test(written.trim())) {
      // `/speckit.plan`, `/health`: a slash command or a URL path far more often than a file at `/`.
      const message = `${task.id} names ${written}, which is outside the workspace root (a command or URL path?); it is neither an input nor an output of the task`;
      return refuse(written, 'path-outside-workspace', message, 'warning');
    }
    if (!allowed) {
      const message = `${task.id} names ${written}, which is outside the workspace: add its folder to \`allowedPaths\` in the plugin options to allow it`;
      return refuse(written, 'path-outside-workspace', message, 'error');
    }
    const list = role === 'read' || role === 'check' ? set.outside.reads : set.outside.changes;
    if (!list.includes(absolute)) list.push(absolute);
  }

  function add(file: string, role: FileRole, explicit: boolean, written: string) {
    if (role === 'change' || role === 'remove') {
      const why = neverAnOutput(file, featureDir);
      if (why) return refuse(written, 'path-never-output', `${task.id} names ${written}: ${why} never a task's output`, 'error');
    }
    const known = placed.get(file);
    // A file the task both reads and changes is a change; written twice, the first role stands.
    if (known && !(role === 'change' && (known === 'read' || known === 'check'))) return;
    if (known) set.reads.splice(set.reads.indexOf(file), 1);
    placed.set(file, role);
    if (role === 'read' || role === 'check') return void set.reads.push(file);
    set.changes.push(file);
    if (role === 'change' && !/[*{]/.test(file)) {
      set.mustExist.push(file);
      if (explicit) set.mustChange.push(file);
    }
  }
  return { files: set, diagnostics };
}

/**
 * Why a workspace file may never be a task's output (restored from a cache, created or changed by
 * an agent), or undefined: a poisoned cache entry must not set git hooks, packages, Nx's own data
 * or this plugin's state and logs.
 */
export function neverAnOutput(file: string, featureDir: string): string | undefined {
  const segments = file.split('/');
  if (segments.includes('.git')) return 'files under .git/ are';
  if (segments.includes('node_modules')) return 'files under node_modules/ are';
  if (segments[0] === '.nx') return 'files under .nx/ are';
  const inFeature = file.startsWith(`${featureDir}/`) ? file.slice(featureDir.length + 1) : undefined;
  if (inFeature === undefined) return undefined;
  if (inFeature === WORK_DIR_NAME || inFeature.startsWith(`${WORK_DIR_NAME}/`)) return `the plugin's logs (${WORK_DIR_NAME}/) are`;
  if ([STATE_FILE_NAME, COMPLETED_FILE_NAME, REPORT_FILE_NAME].includes(inFeature)) return `the plugin's state (${inFeature}) is`;
  return undefined;
}

/** The absolute, normalized path a path outside the workspace names; undefined in another platform's syntax. */
function outsidePath(written: string, workspaceRoot: string): string | undefined {
  const trimmed = written.trim();
  if (!isAbsolute(trimmed) && /^(?:[A-Za-z]:)?[\\/]/.test(trimmed)) return undefined;
  return resolve(workspaceRoot, trimmed).replace(/[\\/]+$/, '') || sep;
}

/** The feature-folder document `file` names (`data-model.md`, `contracts/api.md`), if it names one. */
function contextDocument(file: string, featureDir: string): string | undefined {
  if (CONTEXT_DOC_NAMES.test(file) || CONTEXT_DOC_FOLDERS.test(file)) return posix.join(featureDir, file);
  if (
    file.startsWith(`${featureDir}/`) &&
    (CONTEXT_DOC_NAMES.test(file.slice(featureDir.length + 1)) || CONTEXT_DOC_FOLDERS.test(file.slice(featureDir.length + 1)))
  ) {
    return file;
  }
  return ANY_FEATURE_DOC.test(file) ? file : undefined;
}

/**
 * The folder a bare name belongs in: the nearest other path of the task that is a folder
 * (`services/` then `__init__.py`), or a file with the same extension (`cmd/app/list.go` then
 * `register.go`). The nearest before it wins a tie.
 */
function placingFolder(
  name: string,
  index: number,
  written: readonly string[],
  resolved: ReadonlyArray<string | undefined>,
  featureDir: string,
): string | undefined {
  const ext = posix.extname(name);
  const folderOf = (i: number): string | undefined => {
    const path = resolved[i];
    if (i === index || !path || (!path.includes('/') && !written[i].endsWith('/'))) return undefined;
    if (/[*{]/.test(path) || contextDocument(path, featureDir)) return undefined;
    const last = posix.basename(path);
    const isFolder = written[i].endsWith('/') || (!posix.extname(last) && !EXTENSIONLESS_FILE.test(last));
    if (isFolder) return path;
    return ext && posix.extname(last) === ext ? posix.dirname(path) : undefined;
  };
  for (let distance = 1; distance < written.length; distance++) {
    for (const i of [index - distance, index + distance]) {
      if (i < 0 || i >= written.length) continue;
      const folder = folderOf(i);
      if (folder !== undefined) return folder;
    }
  }
  return undefined;
}

/** Workspace-relative POSIX path, `''` for the root itself, `undefined` when outside the workspace. */
export function workspaceRelative(written: string, workspaceRoot: string): string | undefined {
  const trimmed = written.trim();
  let candidate: string;
  if (isAbsolute(trimmed)) {
    candidate = relative(workspaceRoot, trimmed).replace(/\\/g, '/');
    if (isAbsolute(candidate)) return undefined;
  } else if (/^(?:[A-Za-z]:)?[\\/]/.test(trimmed)) {
    // Absolute in another platform's syntax: it cannot name a file of this workspace.
    return undefined;
  } else {
    candidate = trimmed.replace(/\\/g, '/');
  }
  const normalized = posix.normalize(candidate).replace(/\/+$/, '');
  if (normalized === '.' || normalized === '') return '';
  if (normalized === '..' || normalized.startsWith('../')) return undefined;
  return normalized;
}
