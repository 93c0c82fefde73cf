import { booleanFlag, parseNxArgv, selectsProject, stringFlag } from './cli-args';

const argv = (...args: string[]) => ['/usr/bin/node', '/ws/node_modules/nx/bin/nx.js', ...args];

describe('parseNxArgv', () => {
  it('reads nx run project:target with flags in every spelling', () => {
    const cl = parseNxArgv(argv('run', 'feature-001:implement', '--restart-from', 'T010', '--dry-run', '--run-with=claude', '--includeOptional'));
    expect(cl.targets).toEqual(['implement']);
    expect(cl.projects).toEqual(['feature-001']);
    expect(stringFlag(cl, 'restart-from')).toBe('T010');
    expect(stringFlag(cl, 'run-with')).toBe('claude');
    expect(booleanFlag(cl, 'dry-run')).toBe(true);
    expect(booleanFlag(cl, 'include-optional')).toBe(true);
  });

  it('does not take a positional as the value of a boolean flag', () => {
    const cl = parseNxArgv(argv('run', '--dry-run', 'feature-001:implement'));
    expect(cl.projects).toEqual(['feature-001']);
    expect(booleanFlag(cl, 'dry-run')).toBe(true);
  });

  it('reads run-many, the project:target shorthand and the target-first form', () => {
    const many = parseNxArgv(argv('run-many', '-t', 'implement,plan', '-p', 'feature-001,feature-00*'));
    expect(many.targets).toEqual(['implement', 'plan']);
    expect(selectsProject(many, 'feature-001')).toBe(true);
    expect(selectsProject(many, 'feature-007')).toBe(true);
    expect(selectsProject(many, 'feature-010')).toBe(false);
    expect(parseNxArgv(argv('feature-002:implement'))).toMatchObject({ targets: ['implement'], projects: ['feature-002'] });
    expect(parseNxArgv(argv('implement', 'feature-003'))).toMatchObject({ targets: ['implement'], projects: ['feature-003'] });
    const all = parseNxArgv(argv('run-many', '--targets=implement'));
    expect(all.targets).toEqual(['implement']);
    expect(selectsProject(all, 'anything')).toBe(true);
  });

  it('treats --no-x as false and an empty value as absent', () => {
    const cl = parseNxArgv(argv('run', 'f:implement', '--no-include-optional', '--run-with='));
    expect(booleanFlag(cl, 'include-optional')).toBe(false);
    expect(stringFlag(cl, 'run-with')).toBeUndefined();
  });
});
