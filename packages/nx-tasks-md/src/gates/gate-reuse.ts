import { createHash } from 'node:crypto';
import type { TaskDocument } from '../model';
import type { ImplementationState } from '../state/state-schema';

/** What a gate recorded when it last ran, as far as reusing its pass goes. */
export interface PreviousPass {
  status: string;
  ended_at?: string;
  commands_hash?: string;
  /** False when a command of the gate was left out (a phase gate between red and green). */
  complete?: boolean;
}

export interface GateReuseInput {
  previous: PreviousPass | undefined;
  /** {@link commandsHash} of the commands the gate would run now. */
  hash: string;
  /** The tasks whose work the gate checks (a phase's tasks, a TDD unit's tests and implementation). */
  taskIds: readonly string[];
  doc: TaskDocument;
  state: ImplementationState | undefined;
  includeOptional: boolean;
  /** `--rerun-gates`, or the gate was named on the command line. */
  forced: boolean;
}

/** Identifies a gate's commands, in order; recorded with each verdict. */
export function commandsHash(commands: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(commands)).digest('hex').slice(0, 16);
}

/**
 * When a gate's earlier pass still holds, the time it passed; undefined when it must run. It holds
 * when the gate passed with the same commands and every task it checks was ticked at that time and
 * has not run since: not in this run (a task that ran ended after the pass) and not restored from
 * the cache in it (the postTasksExecution hook ticks those after the run, so they are still
 * unticked while the gate runs).
 */
export function reusablePass(input: GateReuseInput): string | undefined {
  const { previous } = input;
  if (input.forced || previous?.status !== 'passed' || previous.complete === false) return undefined;
  if (!previous.ended_at || previous.commands_hash !== input.hash) return undefined;
  for (const id of input.taskIds) {
    const task = input.doc.tasks.find((t) => t.id === id);
    if (!task || task.state === 'skipped' || (task.optional && !input.includeOptional && task.state !== 'done')) continue;
    if (task.state !== 'done') return undefined;
    const ended = input.state?.tasks[id]?.ended_at;
    if (ended && ended > previous.ended_at) return undefined;
  }
  return previous.ended_at;
}

export const RERUN_GATES_HINT = '--rerun-gates runs it';
