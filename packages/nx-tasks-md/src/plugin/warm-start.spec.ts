import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../../../..');
const PLUGIN_MAIN = resolve(__dirname, '../index.ts');

/**
 * In a fresh Node process (as Nx's plugin worker is): loads the plugin's main module, runs
 * createNodes on the workspace, and says which of the heavy packages got loaded.
 */
interface Loaded {
  zod: boolean;
  remark: boolean;
  parser: boolean;
  devkit: boolean;
}

function inferInFreshProcess(root: string): { projects: string[]; moduleOnly: Loaded; probe: boolean } & Loaded {
  const script = `
    const loaded = () => {
      const files = Object.keys(require.cache);
      return {
        zod: files.some((f) => f.includes('/node_modules/zod/')),
        remark: files.some((f) => /\\/node_modules\\/(remark-parse|micromark)\\//.test(f)),
        parser: files.some((f) => /\\/parse\\/parse-tasks-md\\.[tj]s$/.test(f)),
        devkit: files.some((f) => f.includes('/node_modules/@nx/devkit/')),
      };
    };
    const plugin = require(${JSON.stringify(PLUGIN_MAIN)});
    const moduleOnly = loaded();
    const context = { workspaceRoot: ${JSON.stringify(root)}, nxJsonConfiguration: {}, configFiles: [] };
    plugin.createNodesV2[1](['specs/001-auth/tasks.md'], { tags: ['auth'] }, context).then((results) => {
      const projects = results.flatMap(([, r]) => Object.values(r.projects ?? {}).map((p) => p.name + ':' + Object.keys(p.targets).join(',')));
      const result = { projects, ...loaded(), moduleOnly };
      // The matchers themselves must see these packages once they are loaded.
      require('@nx/devkit');
      require('remark-parse');
      const probe = loaded();
      process.stdout.write(JSON.stringify({ ...result, probe: probe.devkit && probe.remark }));
    });
  `;
  const out = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: join(root, '.nx', 'workspace-data'), NX_DAEMON: 'false' },
  });
  return JSON.parse(out);
}

describe('a warm start of the plugin', () => {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-tasks-md-warm-'));
    mkdirSync(join(root, 'specs', '001-auth'), { recursive: true });
    writeFileSync(
      join(root, 'specs', '001-auth', 'tasks.md'),
      '# Tasks\n\n## Phase 1: Setup\n- [ ] T001 Create src/auth.ts\n- [ ] T002 [P] Add src/login.ts\n\n## Phase 2: Core\n- [ ] T003 Wire src/app.ts\n',
    );
    // Its settings are checked like the options: once, then answered from the inference cache.
    writeFileSync(join(root, 'specs', '001-auth', 'project.json'), JSON.stringify({ metadata: { tasksMd: { phaseParallelism: true } } }));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('loads neither the parser, nor the options schema, nor @nx/devkit when no tasks.md changed', () => {
    const cold = inferInFreshProcess(root);
    expect(cold.moduleOnly).toEqual({ zod: false, remark: false, parser: false, devkit: false });
    expect(cold.probe).toBe(true);
    // The first run parses the file (the line scanner reads it without remark) and validates the options...
    expect(cold).toMatchObject({ zod: true, parser: true, remark: false });
    expect(cold.projects).toEqual(['feature-001:T001,T002,phase-1,T003,phase-2,implement,plan,status']);

    // ...the next one answers the same from the inference cache without loading either.
    const warm = inferInFreshProcess(root);
    expect(warm).toEqual({ ...cold, zod: false, parser: false, devkit: false });
  });

  it('still reports invalid options on a warm start', () => {
    inferInFreshProcess(root);
    const script = `
      const plugin = require(${JSON.stringify(PLUGIN_MAIN)});
      const context = { workspaceRoot: ${JSON.stringify(root)}, nxJsonConfiguration: {}, configFiles: [] };
      plugin.createNodesV2[1](['specs/001-auth/tasks.md'], { tags: ['auth'], runer: 'claude' }, context)
        .then(() => process.stdout.write('accepted'), (error) => process.stdout.write(error.message));
    `;
    const out = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: join(root, '.nx', 'workspace-data') },
    });
    expect(out).toContain('unknown option "runer"');
  });
});
