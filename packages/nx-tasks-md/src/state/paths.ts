import * as path from 'node:path';

/** Name of the folder (inside a feature folder) that holds logs and the lock. Users gitignore it. */
export const WORK_DIR_NAME = '.nx-tasks-md';
export const STATE_FILE_NAME = '.implementation-state.json';
export const COMPLETED_FILE_NAME = '.implementation-completed.json';
export const REPORT_FILE_NAME = 'implementation-report.md';

/**
 * What a workspace's .gitignore should hold (`nx g nx-tasks-md:init` adds it): the per-feature
 * logs and lock folder, the state file of a run in progress and the copies of corrupt ones. The
 * completed state file and the run report are a record worth committing.
 */
export const GITIGNORE_PATTERNS: readonly string[] = [
  `**/${WORK_DIR_NAME}/`,
  `**/${STATE_FILE_NAME}`,
  `**/${path.basename(STATE_FILE_NAME, '.json')}.corrupt-*.json`,
];

export interface FeaturePaths {
  workspaceRoot: string;
  /** Absolute path of the feature folder (the folder holding tasks.md). */
  featureDir: string;
  /** Feature folder relative to the workspace root, with forward slashes. */
  featureRel: string;
  tasksFile: string;
  stateFile: string;
  completedFile: string;
  reportFile: string;
  workDir: string;
  logsDir: string;
  lockFile: string;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Paths of everything nx-tasks-md keeps for one feature. `tasksFile` may be absolute or relative
 * to the workspace root.
 */
export function featurePaths(workspaceRoot: string, tasksFile: string): FeaturePaths {
  const absTasks = path.resolve(workspaceRoot, tasksFile);
  const featureDir = path.dirname(absTasks);
  const workDir = path.join(featureDir, WORK_DIR_NAME);
  return {
    workspaceRoot,
    featureDir,
    featureRel: toPosix(path.relative(workspaceRoot, featureDir)) || '.',
    tasksFile: absTasks,
    stateFile: path.join(featureDir, STATE_FILE_NAME),
    completedFile: path.join(featureDir, COMPLETED_FILE_NAME),
    reportFile: path.join(featureDir, REPORT_FILE_NAME),
    workDir,
    logsDir: path.join(workDir, 'logs'),
    lockFile: path.join(workDir, 'tasks.md.lock'),
  };
}

/** Where a feature's files may be written: inside the workspace, nothing below the feature folder a link. */
export function featureScope(paths: FeaturePaths): { root: string; base: string } {
  return { root: paths.workspaceRoot, base: paths.featureDir };
}

/** A task ID made safe as a file name (IDs are short and mostly `T001`, `2.3`, `T058.5`). */
export function logFileFor(paths: FeaturePaths, taskId: string): string {
  return path.join(paths.logsDir, `${taskId.replace(/[^A-Za-z0-9._-]/g, '_')}.log`);
}
