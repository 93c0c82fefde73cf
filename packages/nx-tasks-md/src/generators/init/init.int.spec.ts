/** `nx g nx-tasks-md:init` (what `nx add nx-tasks-md` runs) in a real workspace with the packed plugin. */
import { createNxWorkspace, RECORDER_PLUGIN, type NxWorkspace } from '../../testing/nx-workspace';

jest.setTimeout(120_000);

const FILES = { 'specs/001-demo/tasks.md': '# Tasks\n\n## Phase 1: Setup\n- [ ] T001 Create src/demo.ts\n' };

describe('init generator in a real workspace', () => {
  let ws: NxWorkspace;

  beforeAll(() => {
    ws = createNxWorkspace({ registerPlugin: false, files: FILES });
  });
  afterAll(() => ws?.cleanup());

  it('registers the plugin once with the runner it is given, ignores the run state, says what to run next', () => {
    expect(JSON.parse(ws.nxOk(['show', 'projects', '--json']).stdout)).toEqual([]);
    const packageJson = ws.read('package.json');
    const first = ws.nxOk(['g', 'nx-tasks-md:init', '--runner', 'claude', '--no-interactive']);
    expect(first.stdout).toContain('Registered nx-tasks-md in nx.json.');
    expect(first.stdout).toContain('nx run feature-001:implement');
    const plugins = () => JSON.parse(ws.read('nx.json')).plugins;
    expect(plugins()).toEqual([RECORDER_PLUGIN, { plugin: 'nx-tasks-md', options: { runner: 'claude' } }]);
    const gitignore = ws.read('.gitignore');
    expect(gitignore).toMatch(/^node_modules\n[^]*\n\*\*\/\.nx-tasks-md\/\n\*\*\/\.implementation-state\.json\n/);

    const second = ws.nxOk(['g', 'nx-tasks-md:init', '--no-interactive']);
    expect(second.stdout).toContain('already registered');
    expect(plugins()).toEqual([RECORDER_PLUGIN, { plugin: 'nx-tasks-md', options: { runner: 'claude' } }]);
    expect(ws.read('.gitignore')).toBe(gitignore);
    expect(ws.read('package.json')).toBe(packageJson);
    expect(JSON.parse(ws.nxOk(['show', 'projects', '--json']).stdout)).toEqual(['feature-001']);

    // What a run leaves behind is ignored.
    ws.write('specs/001-demo/.nx-tasks-md/logs/T001.log', 'log\n');
    ws.write('specs/001-demo/.implementation-state.json', '{}\n');
    expect(ws.git(['status', '--porcelain', '--untracked-files=all', 'specs'])).toBe('');
  });

  it('refuses an unknown runner, naming the closest one', () => {
    const result = ws.nx(['g', 'nx-tasks-md:init', '--runner', 'codx', '--no-interactive']);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('unknown runner "codx" (did you mean codex?)');
  });
});
