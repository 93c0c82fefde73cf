import type { ExclusiveTaskMatch, GatesOptions } from './options';

/** The gate part of the plugin options (nx.json) or of a feature's overrides (project.json). */
export interface GateSettings {
  gates?: GatesOptions;
  exclusive?: ExclusiveTaskMatch[];
}

export interface GateCommand {
  command: string;
  /** 0 = no limit. */
  timeoutMs: number;
}

export type QualityCheckName = 'test' | 'build' | 'lint' | 'coverage';

export interface QualityCheck {
  name: QualityCheckName;
  /** Absent for a coverage check that only reads the summary file. */
  command?: string;
  timeoutMs: number;
  coverage?: { summary: string; threshold: number; metric: 'lines' | 'statements' | 'functions' | 'branches' };
}

export interface TddConfig {
  command: string;
  exclude: string[];
  timeoutMs: number;
}

/** Gate settings of one feature, both levels merged; plain JSON (it is part of inference's cache key). */
export interface GateConfig {
  phases: Array<{ match: string[]; run: string[]; timeoutMs: number }>;
  /** Absent when no test command is configured or TDD is turned off. */
  tdd?: TddConfig;
  /** Checks of the final quality gate in `implement`, in the order they run. */
  final: QualityCheck[];
  exclusive: ExclusiveTaskMatch[];
}

const seconds = (value: number | undefined, fallback: number): number => (value ?? fallback) * 1000;

/**
 * Merges the workspace's and the feature's gate settings: each key of `gates` (and `exclusive`)
 * set in project.json replaces the same key from nx.json.
 */
export function resolveGateConfig(workspace: GateSettings = {}, feature: GateSettings = {}): GateConfig {
  const gates: GatesOptions = { ...(workspace.gates ?? {}), ...(feature.gates ?? {}) };
  const timeout = gates.timeout ?? 0;
  const phases = (gates.phases ?? []).map((entry) => ({
    match: [entry.match].flat(),
    run: entry.run,
    timeoutMs: seconds(entry.timeout, timeout),
  }));

  const tddSettings = typeof gates.tdd === 'object' ? gates.tdd : {};
  const tddOn = gates.tdd !== false && tddSettings.enabled !== false;
  const tddCommand = tddSettings.command ?? gates.test;
  const tdd =
    tddOn && tddCommand
      ? { command: tddCommand, exclude: tddSettings.exclude ?? [], timeoutMs: seconds(tddSettings.timeout, timeout) }
      : undefined;

  const final: QualityCheck[] = [];
  const finalTimeout = seconds(gates.final?.timeout, timeout);
  const testCommand = gates.final?.test === false ? undefined : (gates.final?.test ?? gates.test);
  if (testCommand) final.push({ name: 'test', command: testCommand, timeoutMs: finalTimeout });
  if (gates.final?.build) final.push({ name: 'build', command: gates.final.build, timeoutMs: finalTimeout });
  if (gates.final?.lint) final.push({ name: 'lint', command: gates.final.lint, timeoutMs: finalTimeout });
  const coverage = gates.final?.coverage;
  if (coverage) {
    final.push({
      name: 'coverage',
      ...(coverage.command ? { command: coverage.command } : {}),
      timeoutMs: finalTimeout,
      coverage: { summary: coverage.summary, threshold: coverage.threshold, metric: coverage.metric ?? 'lines' },
    });
  }
  return { phases, ...(tdd ? { tdd } : {}), final, exclusive: feature.exclusive ?? workspace.exclusive ?? [] };
}
