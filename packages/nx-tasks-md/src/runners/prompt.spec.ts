import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDoc, makeTask } from './__fixtures__/task';
import { buildPrompt, checkPromptTemplate, findContextDocs, loadPromptTemplate, promptFields, renderPrompt } from './prompt';
import type { TaskContext } from './types';

describe('prompt', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-tasks-md-prompt-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const task = makeTask({
    id: 'T012',
    line: 42,
    description: 'Create User model in src/models/user.ts',
    text: '- [] T012 [P] [US1] Create User model in src/models/user.ts',
    files: ['src/models/user.ts'],
    story: 'US1',
  });
  const ctx = (): TaskContext => ({
    task,
    doc: makeDoc([task]),
    workspaceRoot: root,
    tasksFile: 'specs/001-demo/tasks.md',
    featureDir: 'specs/001-demo',
    files: { changes: ['src/models/user.ts'], reads: [] },
  });

  function touch(relative: string, content = 'x'): void {
    const file = join(root, relative);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
  }

  it('lists only the context documents that exist, the constitution included', () => {
    touch('specs/001-demo/spec.md');
    touch('specs/001-demo/data-model.md');
    touch('specs/001-demo/contracts/api.yaml');
    expect(findContextDocs(root, 'specs/001-demo')).toEqual([
      'specs/001-demo/spec.md',
      'specs/001-demo/data-model.md',
      'specs/001-demo/contracts/',
    ]);
    touch('.specify/memory/constitution.md');
    expect(findContextDocs(root, 'specs/001-demo')).toContain('.specify/memory/constitution.md');
  });

  it('states the task, its ID, files, feature folder, context documents and the rules', () => {
    touch('specs/001-demo/plan.md');
    const prompt = buildPrompt(ctx());
    expect(prompt).toContain('Task T012: Create User model in src/models/user.ts');
    expect(prompt).toContain('T012 [P] [US1] Create User model');
    expect(prompt).not.toContain('- [] T012');
    expect(prompt).toContain('(line 42)');
    expect(prompt).toContain('Part of: Phase 1: Setup');
    expect(prompt).toContain('- src/models/user.ts');
    expect(prompt).toContain('Feature folder: specs/001-demo');
    expect(prompt).toContain('- specs/001-demo/plan.md');
    expect(prompt).not.toContain('spec.md\n');
    expect(prompt).toMatch(/one task \(T012\) only/);
    expect(prompt).toMatch(/Do not edit specs\/001-demo\/tasks\.md/);
    expect(prompt).toMatch(/does not exist, or is unchanged, when you finish/);
  });

  it('renders a template file with placeholders, in one pass', () => {
    const tricky = makeTask({ id: 'T013', description: 'literal {{id}} stays', files: [] });
    touch('prompts/task.md', 'ID={{id}} DESC={{ description }}\nFILES:\n{{files}}\nRULES:\n{{rules}}\nDIR={{featureDir}}');
    const template = loadPromptTemplate('prompts/task.md', root);
    const prompt = renderPrompt(promptFields({ ...ctx(), task: tricky, files: { changes: [], reads: [] } }, []), template);
    expect(prompt.split('\n')[0]).toBe('ID=T013 DESC=literal {{id}} stays');
    expect(prompt).toContain('FILES:\n- (none)');
    expect(prompt).toContain('DIR=specs/001-demo');
    expect(prompt).toMatch(/RULES:\n- Do this one task \(T013\) only/);
  });

  it('names the template file and line of an unknown placeholder, and a missing template', () => {
    expect(() => checkPromptTemplate('ok {{id}}\nthen {{taskId}}', 'prompts/t.md')).toThrow(
      /^prompts\/t\.md:2: unknown placeholder \{\{taskId\}\}/,
    );
    expect(() => loadPromptTemplate('prompts/missing.md', root)).toThrow(/promptTemplate: cannot read prompts\/missing\.md: ENOENT/);
  });

  it('lists the files to change and the files to read apart, resolved, and never asks to create what is only read', () => {
    const mixed = makeTask({
      id: 'T020',
      description: 'Add the list command to cmd/app/list.go and register.go per data-model.md',
      files: ['cmd/app/list.go', 'register.go', 'data-model.md', 'execution.go'],
    });
    const prompt = buildPrompt({
      ...ctx(),
      task: mixed,
      files: { changes: ['cmd/app/list.go', 'cmd/app/register.go'], reads: ['specs/001-demo/data-model.md'], unplaced: ['execution.go'] },
    });
    expect(prompt).toContain(
      'Files to change:\n- cmd/app/list.go\n- cmd/app/register.go\n- execution.go (named without a folder: find where it belongs)\n',
    );
    expect(prompt).toContain('Files to read:\n- specs/001-demo/data-model.md\n');
    expect(prompt).toMatch(/"Files to read" are context: read them; do not create or edit them/);
    expect(prompt).not.toMatch(/^- register\.go$|^- data-model\.md$/m);
    expect(prompt).not.toMatch(/files this task names/i);
  });
});
