import type { TaskDocument } from '../model';
import { taskDoc } from '../testing/task-doc';
import { analyzeDocument } from '../feature/analyze-document';
import type { TargetConfiguration } from '@nx/devkit';
import {
  buildFeatureTargets,
  CONTEXT_DOCUMENT_INPUTS,
  CONTEXT_INPUT_NAME,
  fileSetInputs,
  waitPastNoopGates,
  workspaceFileGlob,
} from './build-targets';
import { resolveTargetNames } from '../feature/target-names';

const settings = { projectName: 'feature-001', names: resolveTargetNames({}), pluginVersion: '9.9.9' };
const analyse = (doc: TaskDocument) => analyzeDocument(doc, { tasksFile: doc.path, workspaceRoot: '/ws' });
const withFiles = (doc: TaskDocument, files: Record<string, string[]>): TaskDocument => ({
  ...doc,
  tasks: doc.tasks.map((t) => ({ ...t, files: files[t.id] ?? t.files })),
});

describe('buildFeatureTargets', () => {
  const doc = withFiles(
    taskDoc('specs/001-x/tasks.md')
      .phase('1', 'Setup')
      .task('T001')
      .task('T002', { parallel: true })
      .task('T003', { parallel: true })
      .phase('2', 'Core')
      .task('T004')
      .build(),
    { T002: ['src/a.ts', '../outside.ts'], T004: ['src/b.ts'] },
  );
  const { targets, metadata, namedInputs } = buildFeatureTargets(analyse(doc), settings);

  it('makes one target per task and one gate per phase, wired like the graph', () => {
    expect(Object.keys(targets)).toEqual(['T001', 'T002', 'T003', 'phase-1', 'T004', 'phase-2', 'implement', 'plan', 'status']);
    expect(targets.T001.dependsOn).toEqual(['^implement']);
    expect(targets.T002.dependsOn).toEqual(['T001']);
    expect(targets['phase-1'].dependsOn).toEqual(['T002', 'T003']);
    // A gate without validation commands only orders the phases: a task behind it waits for what
    // the gate waits for, so no target of another executor stands between the phases' tasks.
    expect(targets.T004.dependsOn).toEqual(['T002', 'T003']);
    expect(targets.implement.dependsOn).toEqual(expect.arrayContaining(['phase-1', 'phase-2']));
    // Without validation commands a gate is a barrier only, run inside Nx's own process.
    expect(targets['phase-1']).toMatchObject({ executor: 'nx:noop', cache: false });
    expect(targets['phase-1'].options).toBeUndefined();
  });

  it('gives task targets only their ID as options and caches only tasks that name files', () => {
    expect(targets.T002).toMatchObject({ executor: 'nx-tasks-md:task', options: { taskId: 'T002' }, cache: true });
    expect(targets.T001.cache).toBe(false);
    // Never cached, so no fingerprint: it would cost a process spawn each time Nx hashes.
    expect(targets.T001.inputs).not.toContainEqual({ runtime: expect.any(String) });
    expect(targets.T002.inputs).toContainEqual({ runtime: expect.any(String) });
    expect(targets.T002.outputs).toEqual(['{workspaceRoot}/src/a.ts']);
  });

  it('keys each task on its text, the files it names, the files its prerequisites name and the context documents', () => {
    expect(targets.T002.inputs).toEqual([
      { runtime: expect.stringMatching(/^echo [0-9a-f]{64}$/) },
      '{workspaceRoot}/src/a.ts',
      CONTEXT_INPUT_NAME,
    ]);
    expect(targets.T003.inputs![0]).not.toEqual(targets.T002.inputs![0]);
    // T004 waits for T002 through the phase gate: T002's file is part of its key (through a named
    // input that stands for every file before the gate), not an output.
    expect(targets.T004.inputs).toEqual([
      { runtime: expect.stringMatching(/^echo [0-9a-f]{64}$/) },
      '{workspaceRoot}/src/b.ts',
      'tasks-md-before-phase-1',
      CONTEXT_INPUT_NAME,
    ]);
    // The context documents are one named input of the project, not a list copied into every target.
    expect(namedInputs).toEqual({ 'tasks-md-before-phase-1': ['{workspaceRoot}/src/a.ts'], [CONTEXT_INPUT_NAME]: CONTEXT_DOCUMENT_INPUTS });
    expect(targets.T004.outputs).toEqual(['{workspaceRoot}/src/b.ts']);
    // T001 names no files and is not cached, and nothing it waits for names one.
    expect(targets.T001.inputs).toEqual([CONTEXT_INPUT_NAME]);
  });

  describe('the fingerprint covers every prerequisite, through phase gates', () => {
    const fingerprints = (edit: (text: string, id: string) => string) => {
      const edited = { ...doc, tasks: doc.tasks.map((t) => ({ ...t, text: edit(t.text, t.id) })) };
      const built = buildFeatureTargets(analyse(edited), settings).targets;
      // The cached tasks (T002, T004): the others have no fingerprint input.
      return Object.fromEntries(['T002', 'T004'].map((id) => [id, JSON.stringify(built[id].inputs![0])]));
    };
    const before = fingerprints((text) => text);
    const changed = (after: Record<string, string>) => Object.keys(before).filter((id) => before[id] !== after[id]);

    it('an edit to a task that names no file (never cached) changes the keys of the tasks after it', () => {
      expect(changed(fingerprints((text, id) => (id === 'T001' ? `${text} and more` : text)))).toEqual(['T002', 'T004']);
    });

    it('an edit changes the keys of its dependents only, not of tasks beside or before it', () => {
      expect(changed(fingerprints((text, id) => (id === 'T002' ? `${text} and more` : text)))).toEqual(['T002', 'T004']);
      expect(changed(fingerprints((text, id) => (id === 'T003' ? `${text} and more` : text)))).toEqual(['T004']);
      expect(changed(fingerprints((text, id) => (id === 'T004' ? `${text} and more` : text)))).toEqual(['T004']);
    });

    it('is the same for the same plan and plugin version, and changes with the version', () => {
      expect(fingerprints((text) => text)).toEqual(before);
      const other = buildFeatureTargets(analyse(doc), { ...settings, pluginVersion: '9.9.10' }).targets;
      expect(other.T002.inputs![0]).not.toEqual(targets.T002.inputs![0]);
    });
  });

  it('outputs only the files a task changes; what it reads is an input, and a reading-only task is not cached', () => {
    const plan = taskDoc('specs/002-y/tasks.md').phase('1').task('T001').task('T002').build();
    const texts: Record<string, string> = {
      T001: 'T001 Add the handler to `src/routes.ts` per `data-model.md`, following `src/users.ts`',
      T002: 'T002 Verify `src/routes.ts` compiles',
    };
    const files: Record<string, string[]> = { T001: ['src/routes.ts', 'data-model.md', 'src/users.ts'], T002: ['src/routes.ts'] };
    const built = buildFeatureTargets(
      analyse({ ...plan, tasks: plan.tasks.map((t) => ({ ...t, text: texts[t.id], files: files[t.id] })) }),
      settings,
    ).targets;
    expect(built.T001.outputs).toEqual(['{workspaceRoot}/src/routes.ts']);
    // Every file it names, as one glob with alternatives.
    expect(built.T001.inputs).toContain('{workspaceRoot}/{src/routes.ts,specs/002-y/data-model.md,src/users.ts}');
    expect(built.T002).toMatchObject({ cache: false, outputs: [] });
    // Its own file and what its prerequisite named.
    expect(built.T002.inputs).toEqual(['{workspaceRoot}/{src/routes.ts,specs/002-y/data-model.md,src/users.ts}', CONTEXT_INPUT_NAME]);
  });

  it('names only the given external dependencies', () => {
    const built = buildFeatureTargets(analyse(doc), { ...settings, externalDependencies: ['nx'] });
    expect(built.namedInputs![CONTEXT_INPUT_NAME].at(-1)).toEqual({ externalDependencies: ['nx'] });
    expect(built.targets.T001.inputs).toContain(CONTEXT_INPUT_NAME);
    expect(namedInputs![CONTEXT_INPUT_NAME].some((i) => typeof i === 'object' && 'externalDependencies' in i)).toBe(false);
  });

  it('lets implement depend on every task and gate and on the features it depends on', () => {
    expect(targets.implement).toMatchObject({ executor: 'nx-tasks-md:implement', cache: false });
    expect(targets.implement.dependsOn).toEqual(['^implement', 'T001', 'T002', 'T003', 'phase-1', 'T004', 'phase-2']);
    expect(targets.plan).toMatchObject({ executor: 'nx-tasks-md:plan', cache: false, options: {} });
    expect(targets.status).toMatchObject({ executor: 'nx-tasks-md:status', cache: false, options: {} });
  });

  it('describes targets and groups them by phase', () => {
    // A task target's metadata is its description alone: Nx keeps every field of every target.
    expect(targets.T002.metadata).toEqual({ description: 'task T002' });
    expect(targets['phase-1'].metadata).toEqual({ description: expect.stringMatching(/^Gate of Phase 1: Setup/) });
    expect(metadata.technologies).toEqual(['tasks-md']);
    expect(targets.plan.metadata?.help?.command).toBe('npx nx run feature-001:plan --help');
    expect(metadata.targetGroups).toEqual({
      'Phase 1: Setup': ['T001', 'T002', 'T003', 'phase-1'],
      'Phase 2: Core': ['T004', 'phase-2'],
      'tasks-md': ['plan', 'status', 'implement'],
    });
  });

  it('lets tasks wait past chains of noop gates, but not past a gate that runs commands', () => {
    const targets: Record<string, TargetConfiguration> = {
      T001: { executor: 'nx-tasks-md:task', dependsOn: ['^implement'] },
      'phase-1': { executor: 'nx:noop', dependsOn: ['T001'] },
      'phase-2': { executor: 'nx:noop', dependsOn: ['phase-1'] },
      T002: { executor: 'nx-tasks-md:task', dependsOn: ['phase-2', 'T001', { target: 'build', projects: 'dependencies' }] },
      'phase-3': { executor: 'nx-tasks-md:gate', dependsOn: ['T002'] },
      T003: { executor: 'nx-tasks-md:task', dependsOn: ['phase-3'] },
      'tdd-red-us1': { executor: 'nx-tasks-md:tdd', dependsOn: ['phase-1'] },
    };
    waitPastNoopGates(targets);
    expect(targets.T002.dependsOn).toEqual(['T001', { target: 'build', projects: 'dependencies' }]);
    expect(targets.T003.dependsOn).toEqual(['phase-3']);
    expect(targets['tdd-red-us1'].dependsOn).toEqual(['phase-1']);
    expect(targets['phase-2'].dependsOn).toEqual(['phase-1']);
  });

  it('uses the configured target names', () => {
    const names = resolveTargetNames({ targetNames: { implement: 'run-all', phasePrefix: 'gate' } });
    const built = buildFeatureTargets(analyse(doc), { ...settings, names });
    expect(built.targets.T001.dependsOn).toEqual(['^run-all']);
    expect(built.targets.T004.dependsOn).toEqual(['T002', 'T003']);
    expect(Object.keys(built.targets)).toEqual(expect.arrayContaining(['gate-1', 'gate-2']));
    expect(built.targets['run-all'].dependsOn?.[0]).toBe('^run-all');
  });

  it('prefixes numeric IDs', () => {
    const kiro = taskDoc('specs/kiro/tasks.md').task('1').task('1.1', { parent: '1' }).build();
    const built = buildFeatureTargets(analyse(kiro), settings);
    expect(Object.keys(built.targets)).toEqual(expect.arrayContaining(['task-1', 'task-1.1']));
    expect(built.targets['task-1'].options).toEqual({ taskId: '1' });
  });

  it('gives a plan with errors no task targets, and an implement that runs nothing first', () => {
    const broken = taskDoc('specs/001-x/tasks.md').phase('1').task('T001').task('T001').build();
    const built = buildFeatureTargets(analyse(broken), settings);
    expect(Object.keys(built.targets)).toEqual(['implement', 'plan', 'status']);
    expect(built.targets.implement.dependsOn).toEqual([]);
    expect(built.metadata.description).toMatch(/1 error, see the plan target/);
  });

  it('writes file paths as globs that match only that file', () => {
    expect(workspaceFileGlob('src/app/[id]/page.tsx')).toBe('{workspaceRoot}/src/app/[[]id]/page.tsx');
    expect(workspaceFileGlob('src/a.ts')).toBe('{workspaceRoot}/src/a.ts');
  });
});

describe('fileSetInputs', () => {
  it('joins plain paths into one glob with alternatives and keeps paths with alternation syntax apart', () => {
    expect(fileSetInputs([])).toEqual([]);
    expect(fileSetInputs(['src/a.ts'])).toEqual(['{workspaceRoot}/src/a.ts']);
    expect(fileSetInputs(['src/a.ts', 'app/[id]/page.tsx', 'src/{x,y}.ts', 'docs/a,b.md', 'lib/**/*.ts'])).toEqual([
      '{workspaceRoot}/{src/a.ts,app/[[]id]/page.tsx}',
      '{workspaceRoot}/src/{x,y}.ts',
      '{workspaceRoot}/docs/a,b.md',
      '{workspaceRoot}/lib/**/*.ts',
    ]);
  });
});
