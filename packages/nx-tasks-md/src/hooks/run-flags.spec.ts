import { parseNxArgv } from './cli-args';
import { executorFlags, unknownFlagMessage } from './run-flags';

const argv = (...args: string[]) => parseNxArgv(['/usr/bin/node', '/ws/node_modules/nx/bin/nx.js', ...args]);

describe('run flags', () => {
  it("knows every option the package's executor schemas declare", () => {
    expect(executorFlags()).toEqual(
      expect.arrayContaining(['restart-from', 'dry-run', 'include-optional', 'run-with', 'format', 'task-id']),
    );
  });

  it("accepts Nx's own run options and ours, in every spelling", () => {
    const line = argv(
      'run',
      'f:implement',
      '--restartFrom=T1',
      '--no-dry-run',
      '-p',
      'f',
      '-t',
      'implement',
      '--parallel',
      '3',
      '--skip-nx-cache',
      '--output-style=static',
      '--',
      '--anything',
    );
    expect(unknownFlagMessage(line)).toBeUndefined();
  });

  it('names the first unknown flag as written and the one it most likely meant', () => {
    expect(unknownFlagMessage(argv('run', 'f:implement', '--restart-form', 'T070'))).toBe(
      'unknown option --restart-form; did you mean --restart-from?',
    );
    expect(unknownFlagMessage(argv('run', 'f:implement', '--no-dryrun'))).toBe('unknown option --no-dryrun; did you mean --no-dry-run?');
    expect(unknownFlagMessage(argv('run', 'f:implement', '--paralel=2'))).toBe('unknown option --paralel; did you mean --parallel?');
    expect(unknownFlagMessage(argv('run', 'f:implement', '-x'))).toBe('unknown option -x');
    expect(unknownFlagMessage(argv('run', 'f:implement', '--zzz'))).toMatch(/^unknown option --zzz; nx-tasks-md targets take .*--run-with/);
  });
});
