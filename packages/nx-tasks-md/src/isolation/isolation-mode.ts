export type IsolationSetting = 'auto' | 'worktree' | 'none';

export const ISOLATION_SETTINGS: readonly IsolationSetting[] = ['auto', 'worktree', 'none'];

export interface IsolationFacts {
  setting: IsolationSetting;
  /** The task's runner is an agent CLI (not a shell command). */
  agentRunner: boolean;
  /** The task is marked exclusive: it runs alone, in place. */
  exclusive: boolean;
  /** The workspace is inside a git repository. */
  gitRepository: boolean;
  /** How many tasks Nx may run at once in this command (`--parallel`). */
  parallel: number;
  /** Tasks of the plan that may run at the same time as this one. */
  concurrentTasks: number;
}

export type IsolationDecision =
  | { mode: 'worktree'; reason: string }
  | { mode: 'in-place'; reason: string }
  /** `worktree` was asked for where it cannot be had. */
  | { mode: 'refused'; reason: string };

/**
 * Where a task runs. `auto`: in its own worktree when an agent runs it in a git repository and
 * another task may run beside it; in place otherwise. `worktree` always (an error without git),
 * `none` never. An exclusive task runs alone, so in place.
 */
export function decideIsolation(facts: IsolationFacts): IsolationDecision {
  if (facts.setting === 'none') return { mode: 'in-place', reason: 'isolation: none' };
  if (facts.exclusive) return { mode: 'in-place', reason: 'exclusive: runs alone' };
  if (!facts.gitRepository) {
    return facts.setting === 'worktree'
      ? { mode: 'refused', reason: 'isolation "worktree" needs the workspace to be in a git repository' }
      : { mode: 'in-place', reason: 'not a git repository' };
  }
  if (facts.setting === 'worktree') return { mode: 'worktree', reason: 'isolation: worktree' };
  if (!facts.agentRunner) return { mode: 'in-place', reason: 'shell task' };
  if (facts.parallel <= 1) return { mode: 'in-place', reason: 'one task at a time (--parallel=1)' };
  if (facts.concurrentTasks === 0) return { mode: 'in-place', reason: 'no task runs beside it' };
  return {
    mode: 'worktree',
    reason: `an agent, with ${facts.concurrentTasks} task${facts.concurrentTasks === 1 ? '' : 's'} that may run beside it`,
  };
}
