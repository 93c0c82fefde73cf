import { parsePluginOptions } from '../config/options';
import type { Task } from '../model';
import { isExclusiveTask, phaseGateCommands, resolveGateConfig } from './config';
import { phasePatternMatches } from '../config/phase-pattern';

const phase = (key: string, title: string) => ({ key, number: /^\d/.test(key) ? key : undefined, title });

describe('gate options', () => {
  const invalid = (options: unknown) => {
    try {
      parsePluginOptions(options, 'nx.json');
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('accepts the documented shape', () => {
    const options = parsePluginOptions({
      gates: {
        test: 'npm test',
        phases: [
          { match: '*', run: ['npm run lint'] },
          { match: ['Tests', '3.2'], run: ['npm test'], timeout: 600 },
        ],
        tdd: { exclude: ['Polish'], timeout: 300 },
        final: { build: 'npm run build', lint: 'npm run lint', coverage: { summary: 'coverage/coverage-summary.json', threshold: 80 } },
        timeout: 900,
      },
      exclusive: [{ text: 'migrat(e|ion)' }, { label: 'DB', phase: 'Setup' }],
    });
    expect(options.gates?.phases?.[1].match).toEqual(['Tests', '3.2']);
    expect(parsePluginOptions({ gates: { tdd: false } }).gates?.tdd).toBe(false);
  });

  it('names the field and the problem', () => {
    expect(invalid({ gates: { phase: [] } })).toMatch(/options\.gates: unknown option "phase"/);
    expect(invalid({ gates: { phases: [{ match: '*', run: 'npm test' }] } })).toMatch(
      /options\.gates\.phases\.0\.run: expected a list of shell commands/,
    );
    expect(invalid({ gates: { phases: [{ match: '*', run: [] }] } })).toMatch(/options\.gates\.phases\.0\.run: give at least one command/);
    expect(invalid({ gates: { phases: [{ match: 3, run: ['x'] }] } })).toMatch(
      /options\.gates\.phases\.0\.match: expected a phase pattern/,
    );
    expect(invalid({ gates: { test: '  ' } })).toMatch(/options\.gates\.test: a command must not be empty/);
    expect(invalid({ gates: { tdd: 'yes' } })).toMatch(
      /options\.gates\.tdd: expected true, false or \{ enabled, command, exclude, timeout \}/,
    );
    expect(invalid({ gates: { final: { coverage: { summary: 'c.json', threshold: 120 } } } })).toMatch(
      /options\.gates\.final\.coverage\.threshold/,
    );
    expect(invalid({ gates: { timeout: -1 } })).toMatch(/options\.gates\.timeout: must be 0 \(no limit\) or more/);
    expect(invalid({ exclusive: [{}] })).toMatch(/options\.exclusive\.0: give at least one of phase, story, text, label/);
    expect(invalid({ exclusive: [{ text: '(' }] })).toMatch(/options\.exclusive\.0\.text: not a valid regular expression/);
  });
});

describe('resolveGateConfig', () => {
  it('has nothing to do without settings', () => {
    expect(resolveGateConfig()).toEqual({ phases: [], final: [], exclusive: [] });
  });

  it('turns TDD and the final test check on with a test command, in milliseconds', () => {
    expect(resolveGateConfig({ gates: { test: 'npm test', timeout: 60 } })).toEqual({
      phases: [],
      tdd: { command: 'npm test', exclude: [], timeoutMs: 60_000 },
      final: [{ name: 'test', command: 'npm test', timeoutMs: 60_000 }],
      exclusive: [],
    });
  });

  it('lets TDD be turned off or use its own command, and the final test be left out', () => {
    expect(resolveGateConfig({ gates: { test: 'npm test', tdd: false } }).tdd).toBeUndefined();
    expect(resolveGateConfig({ gates: { test: 'npm test', tdd: { enabled: false } } }).tdd).toBeUndefined();
    expect(resolveGateConfig({ gates: { tdd: { command: 'npm run test:unit' } } }).tdd?.command).toBe('npm run test:unit');
    expect(resolveGateConfig({ gates: { tdd: true } }).tdd).toBeUndefined();
    expect(resolveGateConfig({ gates: { test: 'npm test', final: { test: false, lint: 'eslint .' } } }).final).toEqual([
      { name: 'lint', command: 'eslint .', timeoutMs: 0 },
    ]);
  });

  it('orders the final checks test, build, lint, coverage', () => {
    const config = resolveGateConfig({
      gates: {
        test: 't',
        final: { coverage: { summary: 's.json', threshold: 90, metric: 'branches' }, lint: 'l', build: 'b', timeout: 5 },
      },
    });
    expect(config.final.map((c) => c.name)).toEqual(['test', 'build', 'lint', 'coverage']);
    expect(config.final[3]).toEqual({
      name: 'coverage',
      timeoutMs: 5000,
      coverage: { summary: 's.json', threshold: 90, metric: 'branches' },
    });
  });

  it('lets each key set in project.json replace the same key from nx.json', () => {
    const config = resolveGateConfig(
      { gates: { test: 'npm test', phases: [{ match: '*', run: ['npm run lint'] }] }, exclusive: [{ label: 'DB' }] },
      { gates: { phases: [{ match: 'Polish', run: ['npm run e2e'] }] } },
    );
    expect(config.phases).toEqual([{ match: ['Polish'], run: ['npm run e2e'], timeoutMs: 0 }]);
    expect(config.tdd?.command).toBe('npm test');
    expect(config.exclusive).toEqual([{ label: 'DB' }]);
  });
});

describe('phase patterns', () => {
  it.each([
    ['*', '3', 'User Story 1 - Login', true],
    ['3', '3', 'User Story 1', true],
    ['3', '3.2', 'Tests First (TDD)', false],
    ['3.2', '3.2', 'Tests First (TDD)', true],
    ['1', '3', 'User Story 1', false],
    ['Tests', '3.2', 'Tests First (TDD)', true],
    ['tests first', '3.2', 'Tests First (TDD)', true],
    ['Test', '3.2', 'Tests First (TDD)', false],
    ['Polish', '6', 'Polish & Cross-Cutting Concerns', true],
    ['User Story *', '4', 'User Story 2 - Export (Priority: P2)', true],
    ['Story *', '4', 'User Story 2 - Export', false],
    ['*Story 2*', '4', 'Phase 4: User Story 2 - Export', true],
    ['quality-checklist', 'quality-checklist', 'Quality Checklist', true],
  ])('%j matches phase %s "%s": %s', (pattern, key, title, expected) => {
    expect(phasePatternMatches(pattern, phase(key, title))).toBe(expected);
  });

  it('collects the commands of every matching entry in order, without repeats', () => {
    const config = resolveGateConfig({
      gates: {
        timeout: 10,
        phases: [
          { match: '*', run: ['npm run lint'] },
          { match: ['Tests', 'Polish'], run: ['npm run lint', 'npm test'], timeout: 2 },
          { match: '9', run: ['never'] },
        ],
      },
    });
    expect(phaseGateCommands(config, phase('6', 'Polish'))).toEqual([
      { command: 'npm run lint', timeoutMs: 10_000 },
      { command: 'npm test', timeoutMs: 2000 },
    ]);
    expect(phaseGateCommands(config, phase('1', 'Setup'))).toEqual([{ command: 'npm run lint', timeoutMs: 10_000 }]);
  });
});

describe('exclusive tasks', () => {
  const task = (fields: Partial<Task>): Task =>
    ({ id: 'T001', text: 'T001 Run the database migration', labels: [], phase: '2', ...fields }) as Task;
  const doc = { phases: [{ key: '2', number: '2', title: 'Foundational', line: 1, depth: 2, taskIds: [] }] };
  const exclusive = (...match: object[]) => ({ exclusive: match });

  it('matches on text (regular expression), label, story and phase, all given conditions at once', () => {
    expect(isExclusiveTask(exclusive({ text: 'migrat(e|ion)' }), task({}), doc)).toBe(true);
    expect(isExclusiveTask(exclusive({ text: '^T001 Seed' }), task({}), doc)).toBe(false);
    expect(isExclusiveTask(exclusive({ label: 'db' }), task({ labels: ['DB'] }), doc)).toBe(true);
    expect(isExclusiveTask(exclusive({ story: 'US1' }), task({ story: 'US1' }), doc)).toBe(true);
    expect(isExclusiveTask(exclusive({ phase: 'Foundational' }), task({}), doc)).toBe(true);
    expect(isExclusiveTask(exclusive({ phase: 'Foundational', label: 'DB' }), task({}), doc)).toBe(false);
    expect(isExclusiveTask(exclusive(), task({}), doc)).toBe(false);
  });
});
