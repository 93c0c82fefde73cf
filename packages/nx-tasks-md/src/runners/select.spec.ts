import { pluginOptionsSchema } from '../config/options';
import type { Phase } from '../model';
import { commands, makeDoc, makeTask } from './__fixtures__/task';
import { AGENT_PRESETS } from './presets';
import { RunnerSelectionError, noRunnerMessage, runPolicy, selectRunner } from './select';
import type { AgentRunner } from './types';

const phases: Phase[] = [
  { key: '1', number: '1', title: 'Setup', line: 3, depth: 2, taskIds: ['T001'] },
  { key: '3', number: '3', title: 'User Story 1 - Sign in (Priority: P1)', line: 20, depth: 2, taskIds: ['T010'] },
  { key: '3.2', number: '3.2', title: 'Phase 3.2: Tests First', line: 30, depth: 2, taskIds: ['T020'] },
];

const setup = makeTask({ id: 'T001', phase: '1', description: 'Create project structure' });
const story = makeTask({ id: 'T010', phase: '3', story: 'US1', description: 'Add login form in src/login.ts' });
const migration = makeTask({
  id: 'T020',
  phase: '3.2',
  labels: ['DEFERRED'],
  description: 'Write the users table Migration',
  text: '- [] T020 [DEFERRED] Write the users table Migration',
});
const doc = makeDoc([setup, story, migration], phases);

function agentName(taskId: string, settings: Parameters<typeof selectRunner>[2], override?: string): string {
  const task = doc.tasks.find((t) => t.id === taskId)!;
  return selectRunner(task, doc, settings, override).name;
}

describe('selectRunner: routing rules', () => {
  const routes = [
    { match: { text: 'migration' }, runner: 'codex' },
    { match: { story: 'us1' }, runner: 'gemini' },
    { match: { phase: '1' }, runner: 'aider' },
  ];

  it('sends each task to the first route that matches it', () => {
    const settings = { runner: 'claude', routes };
    expect(agentName('T020', settings)).toBe('codex');
    expect(agentName('T010', settings)).toBe('gemini');
    expect(agentName('T001', settings)).toBe('aider');
  });

  it('matches phases by number, by title glob, and by title without its "Phase N:" prefix', () => {
    const byTitle = { runner: 'claude', routes: [{ match: { phase: 'user story *' }, runner: 'gemini' }] };
    expect(agentName('T010', byTitle)).toBe('gemini');
    expect(agentName('T001', byTitle)).toBe('claude');
    const byStrippedTitle = { runner: 'claude', routes: [{ match: { phase: 'Tests First' }, runner: 'codex' }] };
    expect(agentName('T020', byStrippedTitle)).toBe('codex');
    const byNumberGlob = { runner: 'claude', routes: [{ match: { phase: '3.*' }, runner: 'codex' }] };
    expect(agentName('T020', byNumberGlob)).toBe('codex');
    expect(agentName('T010', byNumberGlob)).toBe('claude');
  });

  it('matches bracket labels and requires every condition of a route', () => {
    const settings = {
      runner: 'claude',
      routes: [
        { match: { label: 'deferred', story: 'US1' }, runner: 'aider' },
        { match: { label: 'Deferred' }, runner: 'copilot' },
      ],
    };
    expect(agentName('T020', settings)).toBe('copilot');
  });

  it('checks feature routes before workspace routes', () => {
    const layers = {
      workspace: { runner: 'claude', routes: [{ match: { text: 'migration' }, runner: 'codex' }] },
      feature: { routes: [{ match: { text: 'users table' }, runner: 'opencode' }] },
    };
    const runner = selectRunner(migration, doc, layers);
    expect(runner.name).toBe('opencode');
    expect(runner.source).toBe('route');
    expect(runner.reason).toContain('project.json');
  });

  it('reports an invalid text pattern with where it is configured', () => {
    const settings = { routes: [{ match: { text: '(unclosed' }, runner: 'codex' }] };
    expect(() => selectRunner(setup, doc, settings)).toThrow(
      /nx\.json plugin options: routes\[0\]\.match\.text: invalid regular expression/,
    );
  });
});

describe('selectRunner: resolution order', () => {
  const shellTask = makeTask({ id: 'T005', phase: '1', commands: commands('npm test') });

  it('lets the --run-with override beat routes and defaults', () => {
    const settings = { runner: 'claude', routes: [{ match: { phase: '1' }, runner: 'aider' }] };
    const runner = selectRunner(setup, doc, settings, 'cursor');
    expect(runner).toMatchObject({ name: 'cursor', source: 'override' });
  });

  it('runs a task that carries commands with the shell runner, even when an agent is the default', () => {
    const runner = selectRunner(shellTask, doc, { runner: 'claude' });
    expect(runner).toMatchObject({ kind: 'shell', source: 'task-commands', commands: shellTask.commands });
  });

  it('lets a route send a task with commands to an agent', () => {
    const runner = selectRunner(shellTask, doc, { routes: [{ match: { phase: '1' }, runner: 'claude' }] });
    expect(runner).toMatchObject({ kind: 'agent', name: 'claude' });
  });

  it('prefers the feature runner over the workspace runner', () => {
    expect(selectRunner(setup, doc, { workspace: { runner: 'claude' }, feature: { runner: 'gemini' } })).toMatchObject({
      name: 'gemini',
      source: 'feature',
    });
    expect(selectRunner(setup, doc, { workspace: { runner: 'claude' } })).toMatchObject({ name: 'claude', source: 'workspace' });
  });

  it('fails a task with no command and no agent with the nx.json snippet that fixes it', () => {
    expect(() => selectRunner(setup, doc, {})).toThrow(RunnerSelectionError);
    const message = noRunnerMessage(setup);
    expect(message).toContain('T001');
    expect(message).toContain('--run-with');
    const snippet = message.slice(message.indexOf('{'), message.indexOf('\n}') + 2);
    const nxJson = JSON.parse(snippet);
    expect(nxJson.plugins[0].plugin).toBe('nx-tasks-md');
    expect(pluginOptionsSchema.parse(nxJson.plugins[0].options).runner).toBe('claude');
  });

  it('refuses the shell runner for a task without commands', () => {
    expect(() => selectRunner(setup, doc, {}, 'shell')).toThrow(/T001 .*shell runner.*carries no command/);
  });

  it('names the known runners for an unknown name', () => {
    expect(() => selectRunner(setup, doc, { runner: 'claud', runners: { mine: { command: ['x'] } } })).toThrow(
      /Unknown runner "claud".*shell, claude, codex, gemini, copilot, opencode, cursor, aider, mine/,
    );
  });
});

describe('selectRunner: custom runners', () => {
  it('uses a custom argv template as written', () => {
    const runner = selectRunner(setup, doc, {
      runner: 'mine',
      runners: { mine: { command: ['my-agent', '--task', '{id}', '{prompt}'], env: { MY_AGENT_MODE: 'ci' } } },
    }) as AgentRunner;
    expect(runner).toMatchObject({ kind: 'agent', name: 'mine', command: ['my-agent', '--task', '{id}', '{prompt}'], promptVia: 'argv' });
    expect(runner.env).toEqual({ MY_AGENT_MODE: 'ci' });
  });

  it('extends a preset with extra args, env and a different prompt channel', () => {
    const runner = selectRunner(setup, doc, {
      runner: 'claude',
      runners: { claude: { extends: 'claude', args: ['--model', 'opus'], env: { A: '1' } } },
    }) as AgentRunner;
    expect(runner.command).toEqual([...AGENT_PRESETS.claude.command, '--model', 'opus']);
    expect(runner.preset).toBe('claude');
    expect(runner.env).toEqual({ A: '1' });
    const viaStdin = selectRunner(setup, doc, {
      runner: 'quiet',
      runners: { quiet: { extends: 'codex', promptVia: 'stdin' } },
    }) as AgentRunner;
    expect(viaStdin.promptVia).toBe('stdin');
    expect(viaStdin.command).toEqual([...AGENT_PRESETS.codex.command]);
  });

  it('extends another custom runner and detects cycles', () => {
    const settings = {
      runners: {
        base: { command: ['agent-x', '{prompt}'] },
        fast: { extends: 'base', args: ['--fast'] },
        a: { extends: 'b' },
        b: { extends: 'a' },
      },
    };
    expect((selectRunner(setup, doc, { ...settings, runner: 'fast' }) as AgentRunner).command).toEqual(['agent-x', '{prompt}', '--fast']);
    expect(() => selectRunner(setup, doc, { ...settings, runner: 'a' })).toThrow(/circular runner definitions: a -> b -> a/);
  });

  it('rejects a custom runner with neither command nor extends, and unknown placeholders', () => {
    expect(() => selectRunner(setup, doc, { runner: 'empty', runners: { empty: { env: { A: '1' } } } })).toThrow(
      /runners\.empty: a custom runner needs "command"/,
    );
    expect(() => selectRunner(setup, doc, { runner: 'typo', runners: { typo: { command: ['x', '{promt}'] } } })).toThrow(
      /runners\.typo\.command: unknown placeholder \{promt\}/,
    );
  });
});

describe('runPolicy', () => {
  it('converts the timeout to milliseconds and lets the feature win', () => {
    expect(runPolicy({ workspace: { timeout: 90, retries: 2 }, feature: { retries: 0, retryDelay: 50 } })).toEqual({
      timeoutMs: 90_000,
      retries: 0,
      retryDelayMs: 50,
      promptTemplate: undefined,
    });
  });
});
