import { featureOverridesSchema, type FeatureOverrides, type PluginOptions } from './options';
import { makeDoc, makeTask } from '../runners/__fixtures__/task';
import { selectRunner } from '../runners/select';
import { RUN_ENV } from './run-env';
import { resolveFeatureSettings, runFlagsFromEnv, withExecutorOptions, type FeatureSettings, type RunFlags } from './settings';

/**
 * Every setting at every layer it can be set in: the run (flags), the feature (project.json
 * `metadata.tasksMd`), the workspace (nx.json plugin options), the default. A layer wins over the
 * layers after it, and a layer that leaves the setting out hands it on.
 */
interface Row {
  setting: string;
  run?: RunFlags;
  feature?: FeatureOverrides;
  workspace?: PluginOptions;
  read: (settings: FeatureSettings) => unknown;
  expected: { run?: unknown; feature?: unknown; workspace?: unknown; default: unknown };
}

const task = makeTask({ id: 'T001', phase: '1' });
const doc = makeDoc([task]);
const phaseGate = (command: string) => ({ phases: [{ match: '*', run: [command] }] });

const rows: Row[] = [
  {
    setting: 'includeOptional',
    run: { includeOptional: false },
    feature: { includeOptional: true },
    workspace: { includeOptional: false },
    read: (s) => s.includeOptional,
    expected: { run: false, feature: true, workspace: false, default: false },
  },
  {
    setting: 'strictDependencies',
    feature: { strictDependencies: false },
    workspace: { strictDependencies: true },
    read: (s) => s.graph.strictDependencies,
    expected: { feature: false, workspace: true, default: false },
  },
  {
    setting: 'phaseParallelism',
    feature: { phaseParallelism: true },
    workspace: { phaseParallelism: false },
    read: (s) => s.graph.phaseParallelism,
    expected: { feature: true, workspace: false, default: false },
  },
  {
    setting: 'allowedPaths',
    feature: { allowedPaths: ['../feature'] },
    workspace: { allowedPaths: ['../shared', '../other'] },
    read: (s) => s.allowedPaths,
    expected: { feature: ['../feature'], workspace: ['../shared', '../other'], default: [] },
  },
  {
    setting: 'commit',
    feature: { commit: false },
    workspace: { commit: true },
    read: (s) => s.commit,
    expected: { feature: false, workspace: true, default: false },
  },
  {
    setting: 'runner',
    run: { runWith: 'codex' },
    feature: { runner: 'gemini' },
    workspace: { runner: 'claude' },
    read: (s) => {
      try {
        return selectRunner(task, doc, s.runners, s.runWith).name;
      } catch {
        return 'none';
      }
    },
    expected: { run: 'codex', feature: 'gemini', workspace: 'claude', default: 'none' },
  },
  {
    setting: 'routes',
    feature: { routes: [{ match: { phase: '1' }, runner: 'gemini' }] },
    workspace: { routes: [{ match: { phase: '1' }, runner: 'claude' }] },
    read: (s) => selectRunner(task, doc, { ...s.runners, workspace: { runner: 'aider', ...s.runners.workspace } }, s.runWith).name,
    expected: { feature: 'gemini', workspace: 'claude', default: 'aider' },
  },
  {
    setting: 'runners',
    feature: { runner: 'mine', runners: { mine: { command: ['feature-agent', '{prompt}'] } } },
    workspace: { runner: 'mine', runners: { mine: { command: ['workspace-agent', '{prompt}'] } } },
    read: (s) => {
      try {
        const runner = selectRunner(task, doc, s.runners, s.runWith);
        return runner.kind === 'agent' ? runner.command[0] : runner.kind;
      } catch {
        return 'none';
      }
    },
    expected: { feature: 'feature-agent', workspace: 'workspace-agent', default: 'none' },
  },
  {
    setting: 'timeout',
    feature: { timeout: 5 },
    workspace: { timeout: 60 },
    read: (s) => s.policy.timeoutMs,
    expected: { feature: 5000, workspace: 60_000, default: 0 },
  },
  {
    setting: 'retries',
    feature: { retries: 0 },
    workspace: { retries: 2 },
    read: (s) => s.policy.retries,
    expected: { feature: 0, workspace: 2, default: 0 },
  },
  {
    setting: 'retryDelay',
    feature: { retryDelay: 10 },
    workspace: { retryDelay: 500 },
    read: (s) => s.policy.retryDelayMs,
    expected: { feature: 10, workspace: 500, default: 1000 },
  },
  {
    setting: 'promptTemplate',
    feature: { promptTemplate: 'feature.md' },
    workspace: { promptTemplate: 'workspace.md' },
    read: (s) => s.policy.promptTemplate,
    expected: { feature: 'feature.md', workspace: 'workspace.md', default: undefined },
  },
  {
    setting: 'gates.test',
    feature: { gates: { test: 'npm run test:feature' } },
    workspace: { gates: { test: 'npm test' } },
    read: (s) => s.gates.final.map((check) => check.command),
    expected: { feature: ['npm run test:feature'], workspace: ['npm test'], default: [] },
  },
  {
    setting: 'gates.phases',
    feature: { gates: phaseGate('feature-check') },
    workspace: { gates: phaseGate('workspace-check') },
    read: (s) => s.gates.phases.map((entry) => entry.run),
    expected: { feature: [['feature-check']], workspace: [['workspace-check']], default: [] },
  },
  {
    setting: 'gates.tdd',
    feature: { gates: { tdd: { command: 'npm run tdd' } } },
    workspace: { gates: { tdd: false } },
    read: (s) => s.gates.tdd?.command ?? 'off',
    expected: { feature: 'npm run tdd', workspace: 'off', default: 'off' },
  },
  {
    setting: 'gates.final',
    feature: { gates: { final: { lint: 'npm run lint:feature' } } },
    workspace: { gates: { final: { build: 'npm run build' } } },
    read: (s) => s.gates.final.map((check) => check.name),
    expected: { feature: ['lint'], workspace: ['build'], default: [] },
  },
  {
    setting: 'gates.timeout',
    feature: { gates: { timeout: 1, ...phaseGate('check') } },
    workspace: { gates: { timeout: 30, ...phaseGate('check') } },
    read: (s) => s.gates.phases[0]?.timeoutMs,
    expected: { feature: 1000, workspace: 30_000, default: undefined },
  },
  {
    setting: 'exclusive',
    feature: { exclusive: [{ label: 'DB' }] },
    workspace: { exclusive: [{ phase: '1' }] },
    read: (s) => s.gates.exclusive,
    expected: { feature: [{ label: 'DB' }], workspace: [{ phase: '1' }], default: [] },
  },
  {
    setting: 'targetNames',
    workspace: { targetNames: { implement: 'build-it', phasePrefix: 'gate' } },
    read: (s) => s.targetNames,
    expected: {
      workspace: { implement: 'build-it', plan: 'plan', status: 'status', phasePrefix: 'gate' },
      default: { implement: 'implement', plan: 'plan', status: 'status', phasePrefix: 'phase' },
    },
  },
  {
    setting: 'dryRun',
    run: { dryRun: true },
    read: (s) => s.dryRun,
    expected: { run: true, default: false },
  },
  {
    setting: 'rerunGates',
    run: { rerunGates: true },
    read: (s) => s.rerunGates,
    expected: { run: true, default: false },
  },
];

type Layer = 'run' | 'feature' | 'workspace';
const LAYERS: readonly Layer[] = ['run', 'feature', 'workspace'];

const cases = rows.flatMap((row): Array<[string, string, Row, Layer[], unknown]> => {
  const present = LAYERS.filter((layer) => row[layer] !== undefined);
  return [
    ...present.flatMap((layer, i): Array<[string, string, Row, Layer[], unknown]> => [
      // Set here and in every weaker layer: this one wins.
      [row.setting, `${layer} over ${present.slice(i + 1).join(', ') || 'the default'}`, row, present.slice(i), row.expected[layer]],
      // Set here only.
      [row.setting, `${layer} alone`, row, [layer], row.expected[layer]],
    ]),
    [row.setting, 'default', row, [], row.expected.default],
  ];
});

describe('resolveFeatureSettings: every setting at every layer', () => {
  it.each(cases)('%s: %s', (_setting, _case, row, layers, expected) => {
    const given = (layer: Layer) => (layers.includes(layer) ? row[layer] : undefined);
    const settings = resolveFeatureSettings({
      run: given('run') as RunFlags | undefined,
      feature: given('feature') as FeatureOverrides | undefined,
      workspace: given('workspace') as PluginOptions | undefined,
    });
    expect(row.read(settings)).toEqual(expected);
  });

  it('covers every option a project.json may set', () => {
    const covered = new Set(rows.flatMap((row) => Object.keys(row.feature ?? {})));
    const options = [
      'includeOptional',
      'strictDependencies',
      'phaseParallelism',
      'allowedPaths',
      'commit',
      'runner',
      'routes',
      'runners',
      'timeout',
      'retries',
      'retryDelay',
      'promptTemplate',
      'gates',
      'exclusive',
    ];
    expect(Object.keys(featureOverridesSchema.shape).sort()).toEqual([...options].sort());
    expect([...covered].sort()).toEqual([...options].sort());
  });
});

describe('the run layer', () => {
  it('reads the flags the preTasksExecution hook set, --no-include-optional included', () => {
    expect(runFlagsFromEnv({ [RUN_ENV.includeOptional]: 'true', [RUN_ENV.runner]: 'codex', [RUN_ENV.dryRun]: 'true' })).toMatchObject({
      includeOptional: true,
      runWith: 'codex',
      dryRun: true,
    });
    expect(runFlagsFromEnv({ [RUN_ENV.includeOptional]: 'false' }).includeOptional).toBe(false);
    expect(runFlagsFromEnv({ [RUN_ENV.includeOptional]: '', [RUN_ENV.runner]: '' })).toMatchObject({
      includeOptional: undefined,
      runWith: undefined,
      dryRun: false,
    });
  });

  it("puts an executor's own options over the environment", () => {
    const run = withExecutorOptions(runFlagsFromEnv({ [RUN_ENV.includeOptional]: 'true', [RUN_ENV.runner]: 'codex' }), {
      includeOptional: false,
      runWith: 'shell',
    });
    expect(run).toMatchObject({ includeOptional: false, runWith: 'shell' });
    expect(withExecutorOptions({ runWith: 'codex' }, {})).toEqual({ runWith: 'codex' });
  });
});
