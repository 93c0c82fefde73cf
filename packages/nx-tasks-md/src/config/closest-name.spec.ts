import { closestName } from './closest-name';

describe('closestName', () => {
  it('finds the name a typo meant: a swap, a missing or an extra letter', () => {
    const flags = ['restart-from', 'run-with', 'dry-run', 'include-optional', 'parallel'];
    expect(closestName('restart-form', flags)).toBe('restart-from');
    expect(closestName('dryrun', flags)).toBe('dry-run');
    expect(closestName('paralel', flags)).toBe('parallel');
    expect(closestName('clade', ['shell', 'claude', 'codex', 'gemini'])).toBe('claude');
  });

  it('suggests nothing when no candidate is close', () => {
    expect(closestName('frobnicate', ['restart-from', 'run-with'])).toBeUndefined();
    expect(closestName('xy', ['run-with'])).toBeUndefined();
  });
});
