import { decideIsolation, type IsolationFacts } from './isolation-mode';

const agentBesideOthers: IsolationFacts = {
  setting: 'auto',
  agentRunner: true,
  exclusive: false,
  gitRepository: true,
  parallel: 3,
  concurrentTasks: 2,
};

describe('decideIsolation', () => {
  it.each<[string, Partial<IsolationFacts>, string]>([
    ['an agent task that may run beside others, in git', {}, 'worktree'],
    ['a shell task', { agentRunner: false }, 'in-place'],
    ['--parallel=1', { parallel: 1 }, 'in-place'],
    ['a task nothing runs beside', { concurrentTasks: 0 }, 'in-place'],
    ['no git repository', { gitRepository: false }, 'in-place'],
    ['an exclusive task', { exclusive: true }, 'in-place'],
    ['isolation none', { setting: 'none' }, 'in-place'],
    [
      'isolation worktree for a shell task run alone',
      { setting: 'worktree', agentRunner: false, parallel: 1, concurrentTasks: 0 },
      'worktree',
    ],
    ['isolation worktree without git', { setting: 'worktree', gitRepository: false }, 'refused'],
    ['isolation worktree for an exclusive task', { setting: 'worktree', exclusive: true }, 'in-place'],
  ])('%s: %s', (_name, facts, mode) => {
    const decision = decideIsolation({ ...agentBesideOthers, ...facts });
    expect(decision.mode).toBe(mode);
    expect(decision.reason).not.toBe('');
  });
});
