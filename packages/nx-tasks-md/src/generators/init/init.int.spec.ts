/** `nx g nx-tasks-md:init` (what `nx add nx-tasks-md` runs) in a real workspace with the packed plugin. */
import { createNxWorkspace, RECORDER_PLUGIN, type NxWorkspace } from '../../testing/nx-workspace';

jest.setTimeout(120_000);

describe('init generator in a real workspace', () => {
  let ws: NxWorkspace;

  beforeAll(() => {
    ws = createNxWorkspace({
      registerPlugin: false,
      files: { 'specs/001-demo/tasks.md': '# Tasks\n\n## Phase 1: Setup\n- [ ] T001 Create src/demo.ts\n' },
    });
  });
  afterAll(() => ws?.cleanup());

  it('registers the plugin once, says what to run next, and the features appear', () => {
    expect(JSON.parse(ws.nxOk(['show', 'projects', '--json']).stdout)).toEqual([]);
    const first = ws.nxOk(['g', 'nx-tasks-md:init', '--no-interactive']);
    expect(first.stdout).toContain('Registered nx-tasks-md in nx.json.');
    expect(first.stdout).toContain('nx run feature-001:implement');
    const plugins = () => JSON.parse(ws.read('nx.json')).plugins;
    expect(plugins()).toEqual([RECORDER_PLUGIN, { plugin: 'nx-tasks-md', options: {} }]);
    const second = ws.nxOk(['g', 'nx-tasks-md:init', '--no-interactive']);
    expect(second.stdout).toContain('already registered');
    expect(plugins()).toEqual([RECORDER_PLUGIN, { plugin: 'nx-tasks-md', options: {} }]);
    expect(JSON.parse(ws.nxOk(['show', 'projects', '--json']).stdout)).toEqual(['feature-001']);
  });
});
