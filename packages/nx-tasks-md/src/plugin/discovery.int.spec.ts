/**
 * Which tasks.md become projects, and under which names, as the real nx binary sees them in a
 * repository shaped like real spec-kit and Spec Kitty ones: the command templates spec-kit installs
 * for each agent, a tasks.md that is no plan, folders that share a number, multi-spec folders,
 * references to renamed features, names the user forces onto two folders, and no plan at all.
 */
import { createNxWorkspace, type NxWorkspace } from '../testing/nx-workspace';

jest.setTimeout(240_000);

const plan = (title: string, ...lines: string[]) =>
  `# Tasks: ${title}\n\n${lines.map((l) => `${l}\n`).join('')}\n## Phase 1: Setup\n- [ ] T001 Create src/${title}/a.ts\n- [ ] T002 Create src/${title}/b.ts\n`;

/** What spec-kit's `/tasks` command template looks like: front matter and example checkboxes. */
const COMMAND_TEMPLATE = `---
description: Generate an actionable, dependency-ordered tasks.md for the feature.
---

## Task format
- [ ] T001 [P] [US1] Description with file path
- [ ] T002 Create project structure per implementation plan
`;

const TEMPLATE_FILES = [
  '.claude/commands/tasks.md',
  '.cursor/commands/tasks.md',
  '.roo/commands/tasks.md',
  '.github/prompts/tasks.md',
  '.windsurf/workflows/tasks.md',
  '.opencode/command/tasks.md',
  '.codex/prompts/tasks.md',
  '.specify/templates/commands/tasks.md',
];

describe('plan discovery and project names in a real Nx workspace', () => {
  let ws: NxWorkspace;

  beforeAll(() => {
    ws = createNxWorkspace({
      files: {
        ...Object.fromEntries(TEMPLATE_FILES.map((file) => [file, COMMAND_TEMPLATE])),
        'docs/tasks.md': '# Tasks\n\nWe track tasks in the issue tracker.\n',
        'kitty-specs/001-a/tasks.md': plan('a'),
        'kitty-specs/001-b/tasks.md': plan('b'),
        'specs/infrastructure/002-auth/tasks.md': plan('auth'),
        'specs/features/002-dashboard/tasks.md': plan('dashboard'),
        'specs/features/003-report/tasks.md': plan('report', 'Depends on feature: 002-auth', 'Depends on feature: 001'),
      },
    });
  });
  afterAll(() => ws?.cleanup());

  it('makes projects of plans only, names colliding numbers after their folders and warns naming both files', () => {
    const shown = ws.nxOk(['show', 'projects', '--json']);
    expect(JSON.parse(shown.stdout).sort()).toEqual([
      'feature-001-a',
      'feature-001-b',
      'feature-002-auth',
      'feature-002-dashboard',
      'feature-003',
    ]);
    const output = shown.stdout + shown.stderr;
    expect(output).toContain('kitty-specs/001-a/tasks.md and kitty-specs/001-b/tasks.md share the project name "feature-001"');
    expect(output).toContain(
      'specs/features/002-dashboard/tasks.md and specs/infrastructure/002-auth/tasks.md share the project name "feature-002"',
    );
    // Said once: the next command is quiet about it, unless it asks for --verbose.
    const again = ws.nxOk(['show', 'projects', '--json']);
    expect(again.stdout + again.stderr).not.toContain('share the project name');
    const verbose = ws.nxOk(['show', 'projects', '--verbose']);
    expect(verbose.stdout + verbose.stderr).toContain(
      'kitty-specs/001-a/tasks.md and kitty-specs/001-b/tasks.md share the project name "feature-001"',
    );
  });

  it('says why a tasks.md was left out under --verbose (NX_VERBOSE_LOGGING)', () => {
    const shown = ws.nxOk(['show', 'projects', '--verbose']);
    const output = shown.stdout + shown.stderr;
    for (const file of TEMPLATE_FILES) expect(output).toContain(`nx-tasks-md: ${file} is not a plan: it is in `);
    expect(output).toContain('nx-tasks-md: docs/tasks.md is not a plan: it has no checkbox (no task).');
  });

  it('resolves a folder reference under the new name, and reports an ambiguous one in the plan', () => {
    const project = JSON.parse(ws.nxOk(['show', 'project', 'feature-003', '--json']).stdout);
    expect(project.implicitDependencies).toEqual(['feature-002-auth']);
    const planned = ws.nxOk(['run', 'feature-003:plan', '--output-style=static']);
    expect(planned.stdout).toMatch(
      /specs\/features\/003-report\/tasks\.md:4:1 warning depends on feature "001", which could be any of feature-001-a, feature-001-b; .*\[ambiguous-feature\]/,
    );
  });

  it('refuses a template that maps two folders to one name, and each fix its message offers works', () => {
    const original = ws.read('nx.json');
    const nxJson = JSON.parse(original);
    nxJson.plugins[0] = { plugin: 'nx-tasks-md', options: { projectName: '{parent}-{number}' } };
    ws.write('nx.json', JSON.stringify(nxJson));
    const refused = ws.nx(['show', 'projects']);
    expect(refused.code).not.toBe(0);
    const message = refused.stdout + refused.stderr;
    expect(message).toContain('kitty-specs/001-a/tasks.md and kitty-specs/001-b/tasks.md would all be the project "kitty-specs-001"');

    // Fix 1: the template the message suggests.
    const template = /the "projectName" template "([^"]+)"/.exec(message)![1];
    nxJson.plugins[0].options.projectName = template;
    ws.write('nx.json', JSON.stringify(nxJson));
    expect(JSON.parse(ws.nxOk(['show', 'projects', '--json']).stdout)).toHaveLength(5);

    // Fix 2: the project.json name it suggests, keeping the template.
    nxJson.plugins[0].options.projectName = '{parent}-{number}';
    ws.write('nx.json', JSON.stringify(nxJson));
    const [, name, projectJson] = /set "name": "([^"]+)" in (\S*project\.json)/.exec(message)!;
    ws.write(projectJson, JSON.stringify({ name }));
    expect(JSON.parse(ws.nxOk(['show', 'projects', '--json']).stdout).sort()).toEqual(
      ['features-002', 'features-003', 'infrastructure-002', 'kitty-specs-001', name].sort(),
    );
    ws.remove(projectJson);
    ws.write('nx.json', original);
  });
});

describe('a workspace with no plan', () => {
  let ws: NxWorkspace;
  beforeAll(() => {
    ws = createNxWorkspace({ files: { '.claude/commands/tasks.md': COMMAND_TEMPLATE, '.cursor/commands/tasks.md': COMMAND_TEMPLATE } });
  });
  afterAll(() => ws?.cleanup());

  it('has no project and a healthy graph', () => {
    expect(JSON.parse(ws.nxOk(['show', 'projects', '--json']).stdout)).toEqual([]);
  });
});
