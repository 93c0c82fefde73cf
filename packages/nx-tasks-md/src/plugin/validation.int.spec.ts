/**
 * Bad input found when the plugin reads it, with the real nx binary: plugin options (nx.json) and
 * project.json overrides are checked in createNodes and by `plan`, naming the option's path; a
 * NUL byte in a task stops the plan before any runner starts; a state file the plugin cannot
 * read is named with what it was doing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createFakeAgent, FAKE_AGENT_PLUGIN_OPTIONS, type FakeAgent } from '../testing/fake-agent';
import { createNxWorkspace, type NxWorkspace } from '../testing/nx-workspace';

jest.setTimeout(240_000);

const plan = (title: string, second = 'T002 Write src/b.ts') => `# Tasks: ${title}

## Phase 1: Core
- [ ] T001 Write src/a.ts
- [ ] ${second}
`;

describe('checked when read', () => {
  let ws: NxWorkspace;
  let agent: FakeAgent;
  const NUL_PLAN = plan('Nul', 'T002 Write src/b\u0000.ts');
  beforeAll(() => {
    agent = createFakeAgent();
    ws = createNxWorkspace({
      files: {
        'specs/001-fine/tasks.md': plan('Fine'),
        'specs/002-override/tasks.md': plan('Override'),
        'specs/002-override/project.json': JSON.stringify({
          metadata: { tasksMd: { routes: [{ match: { phase: '1' }, runner: 'faek' }] } },
        }),
        'specs/003-nul/tasks.md': NUL_PLAN,
        'specs/004-state/tasks.md': plan('State'),
      },
      pluginOptions: FAKE_AGENT_PLUGIN_OPTIONS,
    });
  });
  afterAll(() => {
    ws?.cleanup();
    agent?.cleanup();
  });

  it('a project.json override naming an unknown runner: that plan fails with the file and option path', () => {
    const projects = ws.nxOk(['show', 'projects', '--json']).stdout;
    expect(JSON.parse(projects).sort()).toEqual(['feature-001', 'feature-002', 'feature-003', 'feature-004']);
    const shown = JSON.parse(ws.nxOk(['show', 'project', 'feature-002', '--json']).stdout);
    expect(Object.keys(shown.targets).sort()).toEqual(['implement', 'plan', 'status']);
    const result = ws.nx(['run', 'feature-002:plan', '--output-style=static']);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(
      'specs/002-override/project.json metadata.tasksMd.routes[0].runner: unknown runner "faek" (did you mean fake?)',
    );
  });

  it('a NUL byte: plan shows it at file:line, implement fails before any runner starts, tasks.md unchanged', () => {
    const planned = ws.nx(['run', 'feature-003:plan', '--output-style=static']);
    expect(planned.code).not.toBe(0);
    expect(planned.stdout).toMatch(/specs\/003-nul\/tasks\.md:5:23 error T002 contains a NUL byte \(U\+0000\)/);
    expect(planned.stdout).toContain('[ ] T002 Write src/b\\x00.ts');
    expect(planned.stdout).not.toContain('\u0000');
    agent.clear();
    const run = ws.nx(['run', 'feature-003:implement', '--output-style=static'], { env: agent.env });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/specs\/003-nul\/tasks\.md:5:23 error T002 contains a NUL byte/);
    expect(agent.started()).toEqual([]);
    expect(ws.read('specs/003-nul/tasks.md')).toBe(NUL_PLAN);
  });

  it('a state file the plugin cannot read (a folder there: EISDIR; chmod does not stop root) is named', () => {
    mkdirSync(join(ws.root, 'specs/004-state/.implementation-state.json'));
    agent.clear();
    const run = ws.nx(['run', 'feature-004:T001', '--output-style=static'], { env: agent.env });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(
      'could not read the state file specs/004-state/.implementation-state.json: it is a folder (EISDIR)',
    );
    expect(agent.started()).toEqual([]);
  });

  it('bad nx.json options: nx show projects and nx run f:plan name the option path', () => {
    const nxJson = JSON.parse(ws.read('nx.json'));
    nxJson.plugins[0].options = {
      ...FAKE_AGENT_PLUGIN_OPTIONS,
      runners: { ...FAKE_AGENT_PLUGIN_OPTIONS.runners, fast: { extends: 'claude', args: ['--model', 'opus', '{promt}'] } },
      targetNames: { status: 'show:status' },
    };
    ws.write('nx.json', JSON.stringify(nxJson, null, 2));
    for (const args of [
      ['show', 'projects'],
      ['run', 'feature-001:plan', '--output-style=static'],
    ]) {
      const result = ws.nx(args);
      const output = result.stdout + result.stderr;
      expect({ args, code: result.code }).toEqual({ args, code: 1 });
      expect(output).toContain(
        'nx.json plugins[0].options.runners.fast.args[2]: unknown placeholder {promt} (did you mean {prompt}?); known: {id}, {prompt}, {promptFile}',
      );
      expect(output).toContain(
        'nx.json plugins[0].options.targetNames.status: "show:status": a colon is read as project:target:configuration',
      );
    }
  });
});
