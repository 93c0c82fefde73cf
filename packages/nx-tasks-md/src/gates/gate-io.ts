import type { WriteStream } from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { updateFeature } from '../state/locked-update';
import { featurePaths, featureScope, logFileFor, toPosix, type FeaturePaths } from '../state/paths';
import { openLogStream } from '../state/safe-write';
import { readState } from '../state/state-file';
import type { ImplementationState } from '../state/state-schema';
import type { GateCommandRecord } from '../state/gate-verdicts';
import type { GateCommandOutcome } from './run-command';

/** What every gate needs to know about where it runs. */
export interface GateRunContext {
  workspaceRoot: string;
  /** Workspace-relative tasks.md. */
  tasksFile: string;
  signal?: AbortSignal;
  print?: (line: string) => void;
  printError?: (line: string) => void;
  /** Extra environment for the commands (tests). */
  env?: NodeJS.ProcessEnv;
  /** Where the commands' output is streamed besides the log; default the terminal. */
  output?: Writable;
}

export interface GateLog {
  stream: WriteStream;
  /** Workspace-relative path, as recorded in the state file. */
  relative: string;
  close(): Promise<void>;
}

/** `<feature>/.nx-tasks-md/logs/<gate target>.log`, truncated for this run. */
export function openGateLog(paths: FeaturePaths, name: string): GateLog {
  const file = logFileFor(paths, name);
  const stream = openLogStream(featureScope(paths), file);
  stream.write(`# ${name} · ${new Date().toISOString()}\n`);
  return {
    stream,
    relative: toPosix(path.relative(paths.workspaceRoot, file)),
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
}

/** The commands' environment: the run's, plus where the feature is and which gate runs. */
export function gateEnv(ctx: GateRunContext, gate: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...ctx.env,
    WORKSPACE_ROOT: ctx.workspaceRoot,
    TASKS_FILE: ctx.tasksFile,
    FEATURE_DIR: toPosix(path.dirname(ctx.tasksFile)),
    TASKS_MD_GATE: gate,
  };
}

export function pathsOf(ctx: GateRunContext): FeaturePaths {
  return featurePaths(ctx.workspaceRoot, ctx.tasksFile);
}

/** A gate's record goes into the state file through the one locked writer. */
export async function recordInState(paths: FeaturePaths, change: (state: ImplementationState) => void): Promise<void> {
  await updateFeature(paths, ({ state }) => {
    change(state);
    return { state };
  });
}

export function commandRecord(outcome: GateCommandOutcome, status: GateCommandRecord['status'], message?: string): GateCommandRecord {
  return {
    command: outcome.command,
    status,
    exit_code: outcome.exitCode,
    started_at: outcome.startedAt.toISOString(),
    ended_at: outcome.endedAt.toISOString(),
    duration_ms: outcome.durationMs,
    output_tail: outcome.outputTail,
    ...(message ? { message } : {}),
  };
}

/** The feature's state (or its archive) for reading; undefined when there is none or it is corrupt. */
export function readStateSafely(paths: FeaturePaths): ImplementationState | undefined {
  for (const file of [paths.stateFile, paths.completedFile]) {
    try {
      const state = readState(file);
      if (state) return state;
    } catch {
      // a corrupt state file is the task executor's to report
    }
  }
  return undefined;
}
