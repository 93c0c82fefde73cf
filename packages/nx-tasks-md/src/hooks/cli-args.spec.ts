import { booleanFlag, parallelOf, parseNxArgv, selectsProject, stringFlag } from './cli-args';

const argv = (...args: string[]) => ['/usr/bin/node', '/ws/node_modules/nx/bin/nx.js', ...args];

describe('parseNxArgv', () => {
  it('reads nx run project:target with flags in every spelling', () => {
    const cl = parseNxArgv(
      argv('run', 'feature-001:implement', '--restart-from', 'T010', '--dry-run', '--run-with=claude', '--includeOptional'),
    );
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

describe('parallelOf', () => {
  const of = (env: NodeJS.ProcessEnv, ...args: string[]) => parallelOf(parseNxArgv(argv('run', 'feature-001:implement', ...args)), env, 8);

  it('reads --parallel as Nx does: a number, a share of the cores, false, or bare (3 or --max-parallel)', () => {
    expect(of({}, '--parallel=4')).toBe(4);
    expect(of({}, '--parallel', '6')).toBe(6);
    expect(of({}, '--parallel=50%')).toBe(4);
    expect(of({}, '--parallel=false')).toBe(1);
    expect(of({}, '--no-parallel')).toBe(1);
    expect(of({}, '--parallel', '--verbose')).toBe(3);
    expect(of({}, '--parallel', '--max-parallel=5')).toBe(5);
    expect(of({}, '--parallel=0')).toBe(1);
  });

  it('falls back to NX_PARALLEL, and leaves the rest to nx.json', () => {
    expect(of({ NX_PARALLEL: '7' })).toBe(7);
    expect(of({ NX_PARALLEL: '7' }, '--parallel=2')).toBe(2);
    expect(of({})).toBeUndefined();
    expect(of({}, '--parallel=lots')).toBeUndefined();
  });
});
