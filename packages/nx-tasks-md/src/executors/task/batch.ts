import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { Writable } from 'node:stream';
import { runInDependencyOrder, type BatchOutcome } from './batch-schedule';
import type { TaskExecutorOptions } from './executor';
import { runCheckboxTask } from './run-checkbox-task';
import { checkboxTaskInput, pluginOptionsFrom, RUN_ENV, switchesFromEnv } from './settings';
import { onStopSignals } from '../shared/stop-signals';

/** Nx's default `--parallel`. */
const NX_DEFAULT_PARALLEL = 3;

export interface BatchTaskResult {
  success: boolean;
  terminalOutput: string;
  status?: 'success' | 'failure' | 'skipped' | 'stopped';
  startTime?: number;
  endTime?: number;
}

/**
 * Nx's batch mode for the task executor (the default: executors.json says `preferBatch`). Nx hands
 * over a connected group of ready task targets (a phase, typically) in one process, instead of
 * forking a Node process that loads Nx for every task; each task still gets the whole checkbox
 * protocol, its own log, terminal output and result, and Nx still hashes, caches and reports it as
 * its own task. `--batch=false` (or NX_BATCH_MODE=false) runs one process per task.
 */
export default async function* taskBatchExecutor(
  taskGraph: TaskGraph,
  inputs: Record<string, TaskExecutorOptions>,
  _overrides: unknown,
  context: ExecutorContext,
): AsyncGenerator<{ task: string; result: BatchTaskResult }> {
  const controller = new AbortController();
  const stopListening = onStopSignals(controller);
  const switches = switchesFromEnv();
  const outputs = new Map<string, TaskOutput>();
  let plugin: ReturnType<typeof pluginOptionsFrom> | undefined;
  let pluginError: Error | undefined;
  try {
    plugin = pluginOptionsFrom(context.nxJsonConfiguration);
  } catch (error) {
    pluginError = error as Error;
  }

  const runOne = async (id: string) => {
    const output = new TaskOutput();
    outputs.set(id, output);
    const task = taskGraph.tasks[id];
    try {
      if (pluginError) throw pluginError;
      const input = checkboxTaskInput({
        options: inputs[id],
        projectName: task.target.project,
        projects: context.projectsConfigurations.projects,
        plugin: plugin!,
        switches,
        workspaceRoot: context.root,
        hash: task.hash,
        signal: controller.signal,
      });
      const result = await runCheckboxTask({
        ...input,
        env: nxTaskEnv(task, context.projectGraph),
        print: (line) => output.line(line),
        printError: (line) => output.line(line, 'stderr'),
        stdout: output.stream('stdout'),
        stderr: output.stream('stderr'),
      });
      return { ok: result.success, result: result.outcome === 'interrupted' ? ('stopped' as const) : undefined };
    } catch (error) {
      output.line(`${id}: ${(error as Error).message}`, 'stderr');
      return { ok: false, result: undefined };
    } finally {
      output.end();
    }
  };

  try {
    const plan = {
      ids: Object.keys(taskGraph.tasks),
      dependencies: Object.fromEntries(
        Object.keys(taskGraph.tasks).map((id) => [id, (taskGraph.dependencies[id] ?? []).map(dependencyId)]),
      ),
    };
    const concurrency = batchConcurrency(process.env, context.nxJsonConfiguration?.parallel);
    for await (const outcome of runInDependencyOrder(plan, runOne, { concurrency, stopped: () => controller.signal.aborted })) {
      yield { task: outcome.id, result: batchResult(outcome, outputs.get(outcome.id), taskGraph) };
    }
  } finally {
    stopListening();
  }
}

/**
 * What Nx puts in the environment of a task it forks (NX_TASK_TARGET_*, NX_TASK_HASH, the task's
 * .env files when Nx loads them), for the task's runner: one batch process serves many tasks.
 */
function nxTaskEnv(task: TaskGraph['tasks'][string], projectGraph: ExecutorContext['projectGraph']): Record<string, string | undefined> {
  let dotEnv: NodeJS.ProcessEnv = {};
  try {
    // The function Nx itself uses per task (Nx 22-24); without it, the batch's environment stands.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Nx internal, absent from other Nx layouts
    const { getTaskSpecificEnv } = require('nx/src/tasks-runner/task-env');
    if (typeof getTaskSpecificEnv === 'function' && projectGraph) dotEnv = getTaskSpecificEnv(task, projectGraph) ?? {};
  } catch {
    // another layout of Nx
  }
  return {
    ...dotEnv,
    NX_TASK_TARGET_PROJECT: task.target.project,
    NX_TASK_TARGET_TARGET: task.target.target,
    NX_TASK_TARGET_CONFIGURATION: task.target.configuration,
    NX_TASK_HASH: task.hash,
  };
}

/** Nx 24 lists a task's dependencies as `{ id }` objects, Nx 22 and 23 as ids. */
function dependencyId(dependency: string | { id: string }): string {
  return typeof dependency === 'string' ? dependency : dependency.id;
}

/** `--parallel` of this run as the pre-run hook saw it, else nx.json's `parallel`, else Nx's default. */
export function batchConcurrency(env: NodeJS.ProcessEnv, nxJsonParallel: number | undefined): number {
  const fromRun = Number.parseInt(env[RUN_ENV.parallel] ?? '', 10);
  if (Number.isFinite(fromRun) && fromRun >= 1) return fromRun;
  if (typeof nxJsonParallel === 'number' && nxJsonParallel >= 1) return Math.floor(nxJsonParallel);
  return NX_DEFAULT_PARALLEL;
}

function batchResult(outcome: BatchOutcome<'stopped' | undefined>, output: TaskOutput | undefined, taskGraph: TaskGraph): BatchTaskResult {
  if (outcome.kind === 'skipped') {
    const blocker = taskGraph.tasks[outcome.blockedBy]?.target.target ?? outcome.blockedBy;
    return { success: false, status: 'skipped', terminalOutput: `not run: ${blocker} failed\n` };
  }
  if (outcome.kind === 'stopped') {
    return { success: false, status: 'stopped', terminalOutput: 'not run: the run was stopped\n' };
  }
  return {
    success: outcome.ok,
    status: outcome.result ?? (outcome.ok ? 'success' : 'failure'),
    terminalOutput: output?.text() ?? '',
    startTime: output?.startTime,
    endTime: output?.endTime,
  };
}

/**
 * One task's terminal output: what Nx shows and caches for it. Nx prints it when the task's result
 * arrives; with the terminal UI or streamed output (where the batch's own stdout is shown live) it
 * is also written through as it comes, and otherwise not, or static output would show it twice.
 */
class TaskOutput {
  readonly startTime = Date.now();
  private readonly live = process.env.NX_TUI === 'true' || process.env.NX_STREAM_OUTPUT === 'true';
  endTime?: number;
  private readonly chunks: string[] = [];

  line(text: string, to: 'stdout' | 'stderr' = 'stdout'): void {
    this.write(`${text}\n`, to);
  }

  stream(to: 'stdout' | 'stderr'): Writable {
    return new Writable({
      write: (chunk: Buffer | string, _encoding, callback) => {
        this.write(chunk.toString(), to);
        callback();
      },
    });
  }

  end(): void {
    this.endTime = Date.now();
  }

  text(): string {
    return this.chunks.join('');
  }

  private write(text: string, to: 'stdout' | 'stderr'): void {
    this.chunks.push(text);
    if (this.live) (to === 'stdout' ? process.stdout : process.stderr).write(text);
  }
}
