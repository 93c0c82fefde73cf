import { gateTargetName, resolveTargetNames, taskTargetName } from './target-names';

describe('target names', () => {
  it('keeps IDs that start with a letter and prefixes numeric ones', () => {
    expect(taskTargetName('T001')).toBe('T001');
    expect(taskTargetName('T033a')).toBe('T033a');
    expect(taskTargetName('T058.5')).toBe('T058.5');
    expect(taskTargetName('1.2')).toBe('task-1.2');
    expect(taskTargetName('2')).toBe('task-2');
  });

  it('replaces characters Nx target strings cannot carry', () => {
    expect(taskTargetName('T1:a b')).toBe('T1-a-b');
  });

  it('names gates by phase key with the configured prefix', () => {
    expect(gateTargetName('3.2', resolveTargetNames({}))).toBe('phase-3.2');
    expect(gateTargetName('setup', resolveTargetNames({ targetNames: { phasePrefix: 'gate' } }))).toBe('gate-setup');
  });

  it('defaults the fixed targets and lets options rename them', () => {
    expect(resolveTargetNames({ targetNames: { implement: 'build-it' } })).toEqual({
      implement: 'build-it',
      plan: 'plan',
      status: 'status',
      phasePrefix: 'phase',
    });
  });
});
