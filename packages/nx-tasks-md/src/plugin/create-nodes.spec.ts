import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CreateNodesContext, CreateNodesResult } from '@nx/devkit';
import * as parse from '../parse';
import { createNodes, createNodesV2 } from './create-nodes';

jest.mock('../parse', () => {
  const actual = jest.requireActual('../parse');
  return { ...actual, parseTasksMd: jest.fn(actual.parseTasksMd) };
});

const createNodesFunction = createNodes[1];

/** A throwaway workspace directory (TempFs is not importable from published Nx). */
function tempWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'nx-tasks-md-nodes-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const FEATURE = `# Tasks: User auth

## Phase 1: Setup
- [ ] T001 Create the package in src/auth/index.ts
- [x] T002 [P] Add the login form in src/auth/login.ts
- [ ] T003 [P] Write notes (no files)

## Phase 2: Core
- [ ] T004 Wire it up in src/app.ts
`;

type Projects = NonNullable<CreateNodesResult['projects']>;

describe('createNodes', () => {
  let root = '';
  let context: CreateNodesContext;
  const savedDataDirectory = process.env.NX_WORKSPACE_DATA_DIRECTORY;

  const run = async (files: string[], options: Record<string, unknown> = {}) => createNodesFunction(files, options, context);
  const projectsOf = async (files: string[], options: Record<string, unknown> = {}): Promise<Projects> =>
    Object.assign({}, ...(await run(files, options)).map(([, result]) => result.projects));
  const workspace = (files: Record<string, string>) => {
    root = tempWorkspace(files);
    process.env.NX_WORKSPACE_DATA_DIRECTORY = join(root, '.nx', 'workspace-data');
    context = { nxJsonConfiguration: {}, workspaceRoot: root };
  };

  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = '';
    if (savedDataDirectory === undefined) delete process.env.NX_WORKSPACE_DATA_DIRECTORY;
    else process.env.NX_WORKSPACE_DATA_DIRECTORY = savedDataDirectory;
    jest.mocked(parse.parseTasksMd).mockClear();
  });

  it('exports the same v2 tuple as createNodes and createNodesV2, on **/tasks.md', () => {
    expect(createNodesV2).toBe(createNodes);
    expect(createNodes[0]).toBe('**/tasks.md');
  });

  it('infers one project per tasks.md with a target per task, gates, implement, plan and status', async () => {
    workspace({ 'specs/001-user-auth/tasks.md': FEATURE });
    const results = await run(['specs/001-user-auth/tasks.md']);
    const projects = results[0][1].projects!;
    // Fingerprints follow the parser's task text and the plugin version: check their shape, then hide them.
    const serialized = JSON.stringify(projects).replace(/echo [0-9a-f]{64}/g, 'echo <fingerprint>');
    expect(JSON.parse(serialized)).toMatchInlineSnapshot(`
{
  "specs/001-user-auth": {
    "metadata": {
      "description": "speckit plan specs/001-user-auth/tasks.md: 4 tasks in 2 phases",
      "targetGroups": {
        "Phase 1: Setup": [
          "T001",
          "T002",
          "T003",
          "phase-1",
        ],
        "Phase 2: Core": [
          "T004",
          "phase-2",
        ],
        "tasks-md": [
          "plan",
          "status",
          "implement",
        ],
      },
      "technologies": [
        "tasks-md",
      ],
    },
    "name": "feature-001",
    "namedInputs": {
      "tasks-md-before-phase-1": [
        "{workspaceRoot}/{src/auth/index.ts,src/auth/login.ts}",
      ],
      "tasks-md-context": [
        "{projectRoot}/spec.md",
        "{projectRoot}/plan.md",
        "{projectRoot}/data-model.md",
        "{projectRoot}/research.md",
        "{projectRoot}/quickstart.md",
        "{projectRoot}/contracts/**/*",
      ],
    },
    "root": "specs/001-user-auth",
    "tags": [
      "tasks-md",
      "spec:specs",
    ],
    "targets": {
      "T001": {
        "cache": true,
        "dependsOn": [
          "^implement",
        ],
        "executor": "nx-tasks-md:task",
        "inputs": [
          {
            "runtime": "echo <fingerprint>",
          },
          "{workspaceRoot}/src/auth/index.ts",
          "tasks-md-context",
        ],
        "metadata": {
          "description": "Create the package in src/auth/index.ts",
        },
        "options": {
          "taskId": "T001",
        },
        "outputs": [
          "{workspaceRoot}/src/auth/index.ts",
        ],
      },
      "T002": {
        "cache": true,
        "dependsOn": [
          "T001",
        ],
        "executor": "nx-tasks-md:task",
        "inputs": [
          {
            "runtime": "echo <fingerprint>",
          },
          "{workspaceRoot}/{src/auth/login.ts,src/auth/index.ts}",
          "tasks-md-context",
        ],
        "metadata": {
          "description": "Add the login form in src/auth/login.ts",
        },
        "options": {
          "taskId": "T002",
        },
        "outputs": [
          "{workspaceRoot}/src/auth/login.ts",
        ],
      },
      "T003": {
        "cache": false,
        "dependsOn": [
          "T001",
        ],
        "executor": "nx-tasks-md:task",
        "inputs": [
          "{workspaceRoot}/src/auth/index.ts",
          "tasks-md-context",
        ],
        "metadata": {
          "description": "Write notes (no files)",
        },
        "options": {
          "taskId": "T003",
        },
        "outputs": [],
      },
      "T004": {
        "cache": true,
        "dependsOn": [
          "T002",
          "T003",
        ],
        "executor": "nx-tasks-md:task",
        "inputs": [
          {
            "runtime": "echo <fingerprint>",
          },
          "{workspaceRoot}/src/app.ts",
          "tasks-md-before-phase-1",
          "tasks-md-context",
        ],
        "metadata": {
          "description": "Wire it up in src/app.ts",
        },
        "options": {
          "taskId": "T004",
        },
        "outputs": [
          "{workspaceRoot}/src/app.ts",
        ],
      },
      "implement": {
        "cache": false,
        "dependsOn": [
          "^implement",
          "T001",
          "T002",
          "T003",
          "phase-1",
          "T004",
          "phase-2",
        ],
        "executor": "nx-tasks-md:implement",
        "metadata": {
          "description": "Run every task of specs/001-user-auth/tasks.md in dependency order, then print a summary per phase",
          "help": {
            "command": "npx nx run feature-001:implement --help",
            "example": {
              "args": [],
            },
          },
          "technologies": [
            "tasks-md",
          ],
        },
        "options": {},
      },
      "phase-1": {
        "cache": false,
        "dependsOn": [
          "T002",
          "T003",
        ],
        "executor": "nx:noop",
        "metadata": {
          "description": "Gate of Phase 1: Setup: passes when every task of the phase is done",
        },
      },
      "phase-2": {
        "cache": false,
        "dependsOn": [
          "T004",
        ],
        "executor": "nx:noop",
        "metadata": {
          "description": "Gate of Phase 2: Core: passes when every task of the phase is done",
        },
      },
      "plan": {
        "cache": false,
        "executor": "nx-tasks-md:plan",
        "metadata": {
          "description": "Print the execution plan of specs/001-user-auth/tasks.md (phases, waves, critical path, diagnostics) without running anything",
          "help": {
            "command": "npx nx run feature-001:plan --help",
            "example": {
              "args": [
                "--format=mermaid",
              ],
            },
          },
          "technologies": [
            "tasks-md",
          ],
        },
        "options": {},
      },
      "status": {
        "cache": false,
        "executor": "nx-tasks-md:status",
        "metadata": {
          "description": "Print progress per phase of specs/001-user-auth/tasks.md from its checkboxes and state file",
          "help": {
            "command": "npx nx run feature-001:status --help",
            "example": {
              "args": [],
            },
          },
          "technologies": [
            "tasks-md",
          ],
        },
        "options": {},
      },
    },
  },
}
`);
    expect(JSON.stringify(projects)).toMatch(/"runtime":"echo [0-9a-f]{64}"/);
  });

  it('names NNN-anything folders feature-NNN, others by slug, and honours the projectName template', async () => {
    workspace({
      'specs/001-user-auth/tasks.md': FEATURE,
      'specs/infrastructure/003-vpc/tasks.md': FEATURE,
      'docs/Road Map/tasks.md': FEATURE,
    });
    const files = ['specs/001-user-auth/tasks.md', 'specs/infrastructure/003-vpc/tasks.md', 'docs/Road Map/tasks.md'];
    const names = (projects: Projects) => Object.fromEntries(Object.entries(projects).map(([r, p]) => [r, p.name]));
    expect(names(await projectsOf(files))).toEqual({
      'specs/001-user-auth': 'feature-001',
      'specs/infrastructure/003-vpc': 'feature-003',
      'docs/Road Map': 'road-map',
    });
    expect(names(await projectsOf(files, { projectName: '{parent}-{number}' }))).toEqual({
      'specs/001-user-auth': 'specs-001',
      'specs/infrastructure/003-vpc': 'infrastructure-003',
      'docs/Road Map': 'road-map',
    });
    const tags = (await projectsOf(files, { tags: ['team:a'] }))['specs/infrastructure/003-vpc'].tags;
    expect(tags).toEqual(['tasks-md', 'spec:infrastructure', 'team:a']);
  });

  it('names folders that share a number after their folders, with a warning naming both', async () => {
    workspace({
      'specs/001-auth/tasks.md': FEATURE,
      'legacy/001-billing/tasks.md': FEATURE,
      'specs/002-ok/tasks.md': FEATURE,
      'a/specs/003-x/tasks.md': FEATURE,
      'b/specs/003-x/tasks.md': FEATURE,
    });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const files = [
        'specs/001-auth/tasks.md',
        'legacy/001-billing/tasks.md',
        'specs/002-ok/tasks.md',
        'a/specs/003-x/tasks.md',
        'b/specs/003-x/tasks.md',
      ];
      expect(Object.values(await projectsOf(files)).map((p) => p.name)).toEqual([
        'feature-001-auth',
        'feature-001-billing',
        'feature-002',
        'a-specs-003-x',
        'b-specs-003-x',
      ]);
      expect(warn.mock.calls.map(([message]) => message)).toEqual([
        expect.stringContaining('legacy/001-billing/tasks.md and specs/001-auth/tasks.md share the project name "feature-001"'),
        expect.stringContaining('a/specs/003-x/tasks.md and b/specs/003-x/tasks.md share the project name "feature-003"'),
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it('throws for names the user forces onto two folders, naming both, with a fix that works', async () => {
    workspace({
      'specs/001-auth/tasks.md': FEATURE,
      'specs/001-billing/tasks.md': FEATURE,
      'specs/002-ok/tasks.md': FEATURE,
    });
    const files = ['specs/001-auth/tasks.md', 'specs/001-billing/tasks.md', 'specs/002-ok/tasks.md'];
    const error = await run(files, { projectName: '{parent}-{number}' }).then(
      () => undefined,
      (e: Error & { errors?: [string, Error][]; partialResults?: [string, CreateNodesResult][] }) => e,
    );
    const messages = error?.errors?.map(([file, e]) => [file, e.message]);
    expect(messages?.map(([file]) => file)).toEqual(['specs/001-auth/tasks.md', 'specs/001-billing/tasks.md']);
    expect(messages?.[0][1]).toContain('specs/001-auth/tasks.md and specs/001-billing/tasks.md would all be the project "specs-001"');
    expect(error?.partialResults?.map(([file]) => file)).toEqual(['specs/002-ok/tasks.md']);
    // Either fix the message offers settles it.
    const template = /the "projectName" template "([^"]+)"/.exec(messages![0][1])![1];
    expect(Object.values(await projectsOf(files, { projectName: template })).map((p) => p.name)).toHaveLength(3);
    const [, name, projectJson] = /set "name": "([^"]+)" in (\S*project\.json)/.exec(messages![0][1])!;
    writeFileSync(join(root, projectJson), JSON.stringify({ name }));
    expect(Object.values(await projectsOf(files, { projectName: '{parent}-{number}' })).map((p) => p.name)).toEqual([
      'specs-001',
      name,
      'specs-002',
    ]);
  });

  it('leaves out command templates that tools install and files without a checkbox', async () => {
    const template = '---\ndescription: Generate tasks.md\n---\n\n- [ ] T001 [P] [US1] Example task\n';
    const files = {
      '.claude/commands/tasks.md': template,
      '.cursor/commands/tasks.md': template,
      '.github/prompts/tasks.md': template,
      'app/.specify/templates/commands/tasks.md': template,
      '.specify/extensions/review/commands/tasks.md': template,
      'docs/tasks.md': '# Tasks\n\nWe keep our tasks in the issue tracker.\n',
      'specs/001-auth/tasks.md': FEATURE,
      // Plans some teams keep inside spec-kit's folder are plans.
      '.specify/specs/feature/002-billing/tasks.md': FEATURE,
    };
    workspace(files);
    expect(Object.keys(await projectsOf(Object.keys(files))).sort()).toEqual(['.specify/specs/feature/002-billing', 'specs/001-auth']);
  });

  it('never infers under node_modules, dist, tmp or .nx', async () => {
    workspace({});
    const files = ['node_modules/x/tasks.md', 'dist/specs/001-a/tasks.md', 'tmp/001-a/tasks.md', '.nx/cache/tasks.md', 'a/tmpl/tasks.md'];
    for (const file of files) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), FEATURE);
    }
    expect(Object.keys(await projectsOf(files))).toEqual(['a/tmpl']);
  });

  it('keeps a broken plan in the graph with plan, status and implement only', async () => {
    workspace({
      'specs/001-dup/tasks.md': '## Phase 1: Setup\n- [ ] T001 one\n- [ ] T001 again\n',
      'specs/002-dir/tasks.md/.keep': '',
      'specs/003-ok/tasks.md': FEATURE,
    });
    const projects = await projectsOf(['specs/001-dup/tasks.md', 'specs/002-dir/tasks.md', 'specs/003-ok/tasks.md']);
    expect(Object.keys(projects['specs/001-dup'].targets!)).toEqual(['implement', 'plan', 'status']);
    expect(projects['specs/001-dup'].targets!.implement.dependsOn).toEqual([]);
    expect(projects['specs/001-dup'].metadata?.description).toMatch(/1 error/);
    expect(Object.keys(projects['specs/002-dir'].targets!)).toEqual(['implement', 'plan', 'status']);
    expect(Object.keys(projects['specs/003-ok'].targets!)).toContain('T004');
  });

  it('never makes .git/, node_modules/ or the plugin state an output; the refused task keeps its target, the plan its tasks', async () => {
    workspace({
      'specs/001-x/tasks.md': [
        '## Phase 1: Setup',
        '- [ ] T001 Create src/a.ts',
        '- [ ] T002 Update `.git/config` and `.git/hooks/pre-commit.sh` with src/b.ts',
        '- [ ] T003 Patch `node_modules/left-pad/index.js` and `specs/001-x/.implementation-state.json`',
        '- [ ] T004 Update `../../x/secret.ts` and src/c.ts',
        '',
      ].join('\n'),
    });
    const targets = (await projectsOf(['specs/001-x/tasks.md']))['specs/001-x'].targets!;
    expect(Object.keys(targets)).toEqual(expect.arrayContaining(['T001', 'T002', 'T003', 'T004']));
    const named = Object.values(targets).flatMap((t) => [
      ...(t.outputs ?? []),
      ...(t.inputs ?? []).filter((i): i is string => typeof i === 'string'),
    ]);
    expect(named.filter((f) => /\.git\/|node_modules|implementation-state|\.\.\//.test(f))).toEqual([]);
    expect(targets.T002.outputs).toEqual(['{workspaceRoot}/src/b.ts']);
    expect(targets.T004.outputs).toEqual(['{workspaceRoot}/src/c.ts']);
  });

  it('reads a tasks.md linked to a file inside the workspace, and not one linked outside it', async () => {
    workspace({ 'docs/tasks.md': FEATURE, 'specs/001-in/.keep': '', 'specs/002-out/.keep': '' });
    const elsewhere = mkdtempSync(join(tmpdir(), 'nx-tasks-md-elsewhere-'));
    writeFileSync(join(elsewhere, 'tasks.md'), FEATURE);
    symlinkSync('../../docs/tasks.md', join(root, 'specs/001-in/tasks.md'));
    symlinkSync(join(elsewhere, 'tasks.md'), join(root, 'specs/002-out/tasks.md'));
    try {
      const projects = await projectsOf(['specs/001-in/tasks.md', 'specs/002-out/tasks.md']);
      expect(Object.keys(projects['specs/001-in'].targets!)).toContain('T004');
      expect(Object.keys(projects['specs/002-out'].targets!)).toEqual(['implement', 'plan', 'status']);
      expect(projects['specs/002-out'].metadata?.description).toMatch(/0 tasks .*; 1 error, see the plan target/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('turns Depends on feature lines into implicitDependencies on known features only', async () => {
    workspace({
      'specs/001-user-auth/tasks.md': FEATURE,
      'specs/002-billing/tasks.md': `Depends on feature: 001-user-auth\nDepends on feature: 999-missing\n\n${FEATURE}`,
    });
    const projects = await projectsOf(['specs/001-user-auth/tasks.md', 'specs/002-billing/tasks.md']);
    expect(projects['specs/002-billing'].implicitDependencies).toEqual(['feature-001']);
    expect(projects['specs/001-user-auth'].implicitDependencies).toBeUndefined();
  });

  it('rejects unknown options, naming the key', async () => {
    workspace({ 'specs/001-a/tasks.md': FEATURE });
    await expect(run(['specs/001-a/tasks.md'], { projectname: 'x' })).rejects.toThrow(/unknown option "projectname"/);
    await expect(run(['specs/001-a/tasks.md'], { projectName: '{folder}' })).rejects.toThrow(/unknown placeholder \{folder\}/);
  });

  it('checks runner names, placeholders, routes and target names once, naming the option path', async () => {
    workspace({ 'specs/001-a/tasks.md': FEATURE });
    context = { ...context, nxJsonConfiguration: { plugins: ['@nx/js', { plugin: 'nx-tasks-md', options: {} }] } };
    await expect(
      run(['specs/001-a/tasks.md'], { runners: { fast: { extends: 'claude', args: ['--model', 'opus', '{promt}'] } } }),
    ).rejects.toThrow(
      /nx\.json plugins\[1\]\.options\.runners\.fast\.args\[2\]: unknown placeholder \{promt\} \(did you mean \{prompt\}\?\)/,
    );
    await expect(run(['specs/001-a/tasks.md'], { runner: 'clade' })).rejects.toThrow(
      /options\.runner: unknown runner "clade" \(did you mean claude\?\)/,
    );
    await expect(run(['specs/001-a/tasks.md'], { routes: [{ match: { text: '[' }, runner: 'shell' }] })).rejects.toThrow(
      /options\.routes\[0\]\.match\.text: invalid regular expression/,
    );
    await expect(run(['specs/001-a/tasks.md'], { targetNames: { plan: 'my plan' } })).rejects.toThrow(
      /options\.targetNames\.plan: "my plan": a target name cannot contain spaces/,
    );
  });

  it('makes a target name a task also takes, and bad project.json runner settings, errors of that plan only', async () => {
    workspace({
      'specs/001-a/tasks.md': FEATURE,
      'specs/002-b/tasks.md': FEATURE,
      'specs/002-b/project.json': JSON.stringify({ metadata: { tasksMd: { runner: 'cladue' } } }),
    });
    const projects = await projectsOf(['specs/001-a/tasks.md', 'specs/002-b/tasks.md'], { targetNames: { status: 'T004' } });
    const targets = (root: string) => Object.keys(projects[root].targets ?? {}).sort();
    expect(targets('specs/001-a')).toEqual(['T004', 'implement', 'plan']);
    const fine = await projectsOf(['specs/002-b/tasks.md']);
    expect(Object.keys(fine['specs/002-b'].targets ?? {}).sort()).toEqual(['implement', 'plan', 'status']);
  });

  it('applies graph settings from plugin options and from project.json metadata.tasksMd', async () => {
    const statement = '## Phase 1: A\n- [ ] T001 one\n- [ ] T002 two\n\n## Dependencies\n- T002 blocks T001\n';
    workspace({ 'specs/001-a/tasks.md': statement });
    const loose = await projectsOf(['specs/001-a/tasks.md']);
    expect(Object.keys(loose['specs/001-a'].targets!)).toContain('T001');
    const strict = await projectsOf(['specs/001-a/tasks.md'], { strictDependencies: true });
    expect(Object.keys(strict['specs/001-a'].targets!)).toEqual(['implement', 'plan', 'status']);
    writeFileSync(join(root, 'specs/001-a/project.json'), JSON.stringify({ metadata: { tasksMd: { strictDependencies: true } } }));
    const overridden = await projectsOf(['specs/001-a/tasks.md']);
    expect(Object.keys(overridden['specs/001-a'].targets!)).toEqual(['implement', 'plan', 'status']);
  });

  it.each([
    ['gate settings', { gates: { tdd: 'yes' } }],
    ['exclusive', { exclusive: [{ text: '(' }] }],
    ['graph settings', { strictDependencies: 'yes' }],
    ['allowedPaths', { allowedPaths: '../shared' }],
    ['an unknown key', { phaseParalelism: true }],
    ['a tasks file elsewhere', { file: 'specs/001-a/other.md' }],
  ])('reads project.json %s as the executors do: invalid ones are an error of that plan', async (_what, tasksMd) => {
    workspace({
      'specs/001-a/tasks.md': FEATURE,
      'specs/001-a/project.json': JSON.stringify({ metadata: { tasksMd } }),
      'specs/002-b/tasks.md': FEATURE,
    });
    const projects = await projectsOf(['specs/001-a/tasks.md', 'specs/002-b/tasks.md']);
    expect(Object.keys(projects['specs/001-a'].targets!).sort()).toEqual(['implement', 'plan', 'status']);
    expect(projects['specs/001-a'].metadata?.description).toMatch(/1 error, see the plan target$/);
    expect(Object.keys(projects['specs/002-b'].targets!)).toContain('T001');
  });

  it('hashes only the nx package among external dependencies when a lock file lists it', async () => {
    workspace({ 'specs/001-a/tasks.md': FEATURE });
    const externals = async () => {
      const project = (await projectsOf(['specs/001-a/tasks.md']))['specs/001-a'];
      expect(project.targets!.T001.inputs).toContain('tasks-md-context');
      return project.namedInputs!['tasks-md-context'].filter((i) => typeof i === 'object' && 'externalDependencies' in i);
    };
    expect(await externals()).toEqual([]);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ devDependencies: { nx: '23.0.0' } }));
    writeFileSync(join(root, 'package-lock.json'), '{}');
    expect(await externals()).toEqual([{ externalDependencies: ['nx'] }]);
  });

  it('caches inference by file content in the workspace data directory', async () => {
    workspace({ 'specs/001-a/tasks.md': FEATURE, 'specs/002-b/tasks.md': FEATURE });
    const files = ['specs/001-a/tasks.md', 'specs/002-b/tasks.md'];
    const first = await run(files);
    expect(parse.parseTasksMd).toHaveBeenCalledTimes(2);
    jest.mocked(parse.parseTasksMd).mockClear();
    expect(await run(files)).toEqual(first);
    expect(parse.parseTasksMd).not.toHaveBeenCalled();
    writeFileSync(join(root, 'specs/002-b/tasks.md'), `${FEATURE}- [ ] T005 One more in src/more.ts\n`);
    const third = await projectsOf(files);
    expect(parse.parseTasksMd).toHaveBeenCalledTimes(1);
    expect(Object.keys(third['specs/002-b'].targets!)).toContain('T005');
  });
});
