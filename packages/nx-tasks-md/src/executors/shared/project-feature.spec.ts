import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { loadProjectFeature } from './project-feature';

describe('loadProjectFeature', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads the tasks.md inference found, and calls metadata.tasksMd.file an unknown option, as inference does', () => {
    root = mkdtempSync(join(tmpdir(), 'nx-tasks-md-project-feature-'));
    mkdirSync(join(root, 'specs/001-a'), { recursive: true });
    writeFileSync(join(root, 'specs/001-a/tasks.md'), '## Phase 1: Setup\n- [ ] T001 Write src/a.ts\n');
    writeFileSync(join(root, 'specs/001-a/other.md'), '## Phase 1: Other\n- [ ] T009 Write src/z.ts\n');
    const context = {
      root,
      cwd: root,
      isVerbose: false,
      projectName: 'feature-001',
      projectsConfigurations: {
        version: 2,
        projects: { 'feature-001': { root: 'specs/001-a', metadata: { tasksMd: { file: 'specs/001-a/other.md' } } } },
      },
      nxJsonConfiguration: { plugins: ['nx-tasks-md'] },
    } as unknown as ExecutorContext;
    const feature = loadProjectFeature(context);
    expect(feature.tasksFile).toBe('specs/001-a/tasks.md');
    expect(feature.analysis.doc.tasks.map((t) => t.id)).toEqual(['T001']);
    expect(feature.analysis.hasErrors).toBe(true);
    expect(feature.analysis.diagnostics[0]).toMatchObject({
      file: 'specs/001-a/project.json',
      code: 'invalid-options',
      message: expect.stringContaining('metadata.tasksMd: unknown option "file"'),
    });
  });
});
