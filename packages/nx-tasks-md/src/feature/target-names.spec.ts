import { gateTargetName, resolveTargetNames, targetNameCollisions, targetNamesProblems, taskTargetName } from './target-names';

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

describe('targetNames checked when read', () => {
  const W = 'nx.json plugins[0].options';
  it('rejects names Nx or its command line would read otherwise', () => {
    expect(targetNamesProblems({ implement: 'run all', plan: 'show:plan', status: 'a,b', phasePrefix: '^gate' }, W)).toEqual([
      `${W}.targetNames.implement: "run all": a target name cannot contain spaces`,
      `${W}.targetNames.plan: "show:plan": a colon is read as project:target:configuration by \`nx run\``,
      `${W}.targetNames.status: "a,b": a comma separates targets in \`nx run-many -t a,b\``,
      `${W}.targetNames.phasePrefix: "^gate": a leading ^ means "the same target of the dependencies" in dependsOn`,
    ]);
    expect(targetNamesProblems({ implement: 'build', plan: 'tasks-plan', phasePrefix: 'gate' }, W)).toEqual([]);
  });

  it('rejects two targetNames that name one target, defaults included', () => {
    expect(targetNamesProblems({ plan: 'implement' }, W)).toEqual([
      `${W}.targetNames.plan: "implement" is also the implement target; give each its own name`,
    ]);
  });

  it('finds a name a task or a phase gate of the plan also takes', () => {
    const names = resolveTargetNames({ targetNames: { implement: 'T002', status: 'phase-2' } });
    const plan = {
      tasks: [
        { id: 'T001', line: 3 },
        { id: 'T002', line: 4 },
      ],
      phases: [
        { key: '1', line: 2 },
        { key: '2', line: 6 },
      ],
    };
    expect(targetNameCollisions(plan, names)).toEqual([
      { key: 'implement', name: 'T002', other: 'the target of task T002', line: 4 },
      { key: 'status', name: 'phase-2', other: 'the gate target of phase 2', line: 6 },
    ]);
  });
});
