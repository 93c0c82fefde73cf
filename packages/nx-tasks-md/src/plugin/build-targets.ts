import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import type { GraphNode, Phase, Task } from '../model';
import type { FeatureAnalysis } from '../feature/analyze-document';
import { RUN_ENV } from '../config/run-env';
import { chainedFingerprints, fingerprintInput } from './fingerprint';
import { allTaskFiles, NO_FILES, type TaskFileSet } from '../feature/task-files';
import { upstreamFiles, type Upstream } from './upstream-files';
import { gateTargetName, taskTargetName, type TargetNames } from '../feature/target-names';
import { phaseTitle, targetHelp } from '../feature/target-metadata';
import { applyGateTargets, resolveGateConfig, type GateConfig } from '../gates';
import { CONTEXT_DOCUMENTS } from '../graph';
import { IMPLEMENT_EXECUTOR, PLAN_EXECUTOR, STATUS_EXECUTOR, TASK_EXECUTOR } from '../config/executor-names';

export const TECHNOLOGY = 'tasks-md';

/** Documents of a spec-kit feature folder that every task's cache key covers. */
export const CONTEXT_DOCUMENT_INPUTS = CONTEXT_DOCUMENTS.map((doc) =>
  doc.endsWith('/') ? `{projectRoot}/${doc}**/*` : `{projectRoot}/${doc}`,
);

/**
 * The project's named input for what every task's key covers besides its own files: the context
 * documents and the external dependencies. One name per target instead of the same list copied
 * into each (Nx keeps every element of a target's arrays, with its source, for every target).
 */
export const CONTEXT_INPUT_NAME = 'tasks-md-context';

/** {@link CONTEXT_INPUT_NAME}'s definition. */
export function contextNamedInput(externalDependencies?: readonly string[]): NonNullable<TargetConfiguration['inputs']> {
  return [...CONTEXT_DOCUMENT_INPUTS, ...(externalDependencies?.length ? [{ externalDependencies: [...externalDependencies] }] : [])];
}

export interface TargetSettings {
  projectName: string;
  names: TargetNames;
  pluginVersion: string;
  /**
   * Packages whose versions a task hash covers instead of Nx's default "every external
   * dependency" (which would re-run AI tasks on any lock-file change). Left out when the workspace
   * graph may not contain them: Nx fails a run that names a package it does not know.
   */
  externalDependencies?: string[];
  /** Resolved gate settings (nx.json and project.json); none: gates only order the phases. */
  gates?: GateConfig;
}

export type FeatureTargets = Required<Pick<ProjectConfiguration, 'targets'>> &
  Pick<ProjectConfiguration, 'namedInputs'> & {
    metadata: NonNullable<ProjectConfiguration['metadata']>;
  };

interface TaskKeys {
  fingerprints: Map<string, string>;
  upstream: Map<string, Upstream>;
}

/** Name of the input that stands for every file named before a gate. */
export function upstreamInputName(gateId: string): string {
  return `tasks-md-before-${gateId}`;
}

/** A named input per gate that a task waits past, so each task lists a few names, not every file. */
function upstreamNamedInputs(gateFiles: Map<string, string[]>, upstream: Map<string, Upstream>): Record<string, string[]> {
  const used = new Set([...upstream.values()].flatMap((u) => u.gates));
  const named: Record<string, string[]> = {};
  for (const [gate, files] of gateFiles) {
    if (used.has(gate)) named[upstreamInputName(gate)] = fileSetInputs(files);
  }
  return named;
}

/**
 * Workspace file inputs for many files at once: one glob with alternatives (`{a,b,c}`), because
 * Nx matches every file input of every task against the workspace's files (hundreds of separate
 * inputs per task made hashing a 500-task plan take seconds longer). Globs a task names
 * (with `*`, `?` or a brace list) and paths with a comma stay separate inputs.
 */
export function fileSetInputs(files: readonly string[]): string[] {
  const isGlob = (f: string) => /[{},*?]/.test(f);
  const plain = files.filter((f) => !isGlob(f));
  const special = files.filter(isGlob).map(workspaceFileGlob);
  if (plain.length < 2) return [...plain.map(workspaceFileGlob), ...special];
  return [`{workspaceRoot}/{${plain.map(escapeBrackets).join(',')}}`, ...special];
}

/**
 * Targets of one feature: a target per task and a gate per phase (only when the plan has no
 * errors, so a broken file cannot hand Nx a cycle or duplicate targets), then implement, plan and
 * status, which always exist so the diagnostics stay one command away.
 */
export function buildFeatureTargets(analysis: FeatureAnalysis, settings: TargetSettings): FeatureTargets {
  const targets: Record<string, TargetConfiguration> = {};
  const targetGroups: Record<string, string[]> = {};
  const scheduled: string[] = [];
  const gates = settings.gates ?? resolveGateConfig();
  let namedInputs: NonNullable<ProjectConfiguration['namedInputs']> = {};
  if (!analysis.hasErrors) {
    const tasks = new Map(analysis.doc.tasks.map((t) => [t.id, t]));
    const phases = new Map(analysis.doc.phases.map((p) => [p.key, p]));
    const targetOf = nodeTargetNames(analysis.graph.nodes, settings.names);
    const fileSetOf = (id: string) => analysis.taskFiles[id] ?? NO_FILES;
    // What a task builds on covers the files its prerequisites read as well as those they change.
    const filesOf = (id: string) => allTaskFiles(fileSetOf(id));
    const fingerprints = chainedFingerprints(analysis.graph.nodes, (id) => tasks.get(id)?.text, settings.pluginVersion);
    const { upstream, gateFiles } = upstreamFiles(analysis.graph.nodes, filesOf);
    const keys: TaskKeys = { fingerprints, upstream };
    for (const node of analysis.graph.nodes) {
      const name = targetOf.get(node.id)!;
      const dependsOn = node.dependsOn.map((dep) => targetOf.get(dep)!);
      if (dependsOn.length === 0) dependsOn.push(`^${settings.names.implement}`);
      const phase = phases.get(node.phase);
      targets[name] =
        node.kind === 'task' ? taskTarget(tasks.get(node.id)!, fileSetOf(node.id), keys, dependsOn) : gateTarget(node, phase, dependsOn);
      const group = phase ? phaseTitle(phase) : node.phase;
      (targetGroups[group] ??= []).push(name);
      scheduled.push(name);
    }
    applyGateTargets({
      analysis,
      config: gates,
      projectName: settings.projectName,
      targets,
      targetOf,
      scheduled,
      targetGroups,
      groupOf: (key) => (phases.get(key) ? phaseTitle(phases.get(key)!) : key),
      technology: TECHNOLOGY,
    });
    waitPastNoopGates(targets);
    namedInputs = { ...upstreamNamedInputs(gateFiles, upstream), [CONTEXT_INPUT_NAME]: contextNamedInput(settings.externalDependencies) };
  }
  const file = analysis.tasksFile;
  targets[settings.names.implement] = {
    executor: IMPLEMENT_EXECUTOR,
    options: {},
    cache: false,
    // The final quality gate runs the project's checks: nothing may edit files meanwhile.
    ...(gates.final.length && !analysis.hasErrors ? { parallelism: false } : {}),
    dependsOn: analysis.hasErrors ? [] : [`^${settings.names.implement}`, ...scheduled],
    metadata: {
      description: `Run every task of ${file} in dependency order, then print a summary per phase`,
      technologies: [TECHNOLOGY],
      help: targetHelp(settings.projectName, settings.names.implement),
    },
  };
  targets[settings.names.plan] = {
    executor: PLAN_EXECUTOR,
    options: {},
    cache: false,
    metadata: {
      description: `Print the execution plan of ${file} (phases, waves, critical path, diagnostics) without running anything`,
      technologies: [TECHNOLOGY],
      help: targetHelp(settings.projectName, settings.names.plan, ['--format=mermaid']),
    },
  };
  targets[settings.names.status] = {
    executor: STATUS_EXECUTOR,
    options: {},
    cache: false,
    metadata: {
      description: `Print progress per phase of ${file} from its checkboxes and state file`,
      technologies: [TECHNOLOGY],
      help: targetHelp(settings.projectName, settings.names.status),
    },
  };
  targetGroups[TECHNOLOGY] = [settings.names.plan, settings.names.status, settings.names.implement];
  return {
    targets,
    ...(Object.keys(namedInputs).length ? { namedInputs } : {}),
    metadata: { description: projectDescription(analysis), technologies: [TECHNOLOGY], targetGroups },
  };
}

/** Target name per graph node; gates are nodes of kind `gate` keyed by their phase. */
export function nodeTargetNames(nodes: GraphNode[], names: TargetNames): Map<string, string> {
  return new Map(nodes.map((n) => [n.id, n.kind === 'gate' ? gateTargetName(n.phase, names) : taskTargetName(n.id)]));
}

/**
 * A task's key covers what it builds on: its text and every prerequisite's (the fingerprint), the
 * files it names, the files every prerequisite names (as they are when the run starts: Nx hashes
 * these tasks before any runs, so a hand edit or a re-run upstream changes the key), and the
 * context documents. Nx itself leaves prerequisites out of a task's hash, so without this a task
 * whose prerequisite changed would be a hit and its old outputs restored over the new ones.
 */
function taskTarget(task: Task, fileSet: TaskFileSet, keys: TaskKeys, dependsOn: string[]): TargetConfiguration {
  // Outputs are the files the task changes; a task that changes none is not cached (a hit would
  // restore nothing). Its inputs are those and the files it only reads.
  const cacheable = fileSet.changes.length > 0;
  const files = allTaskFiles(fileSet);
  const upstream = keys.upstream.get(task.id)!;
  const upstreamOnly = upstream.files.filter((file) => !files.includes(file));
  const inputs: NonNullable<TargetConfiguration['inputs']> = [
    // The fingerprint costs a process spawn per task each time Nx hashes, so a task that is never
    // cached (it names no files) goes without; its text still counts in its dependents' keys.
    ...(cacheable ? [fingerprintInput(keys.fingerprints.get(task.id)!)] : []),
    ...fileSetInputs([...files, ...upstreamOnly]),
    ...upstream.gates.map(upstreamInputName),
    CONTEXT_INPUT_NAME,
  ];
  // An optional task is skipped unless the run includes optional tasks: the skip must not be the
  // cached result a later `--include-optional` run gets.
  if (task.optional) inputs.push({ env: RUN_ENV.includeOptional });
  return {
    executor: TASK_EXECUTOR,
    // Only the ID: options of every target are part of every task's hash in this project.
    options: { taskId: task.id },
    dependsOn,
    cache: cacheable,
    inputs,
    outputs: fileSet.changes.map(workspaceFileGlob),
    // Only the description: the project's metadata names the technology, and the task executor
    // has no options to get help on. Nx keeps every metadata field of every target.
    metadata: { description: task.description || task.text },
  };
}

/**
 * A task target behind a phase gate that only orders the phases (`nx:noop`) waits for what the
 * gate waits for instead: the same order, but nothing of another executor stands between the
 * phases' task targets, so Nx can hand a whole plan to one batch process of the task executor
 * (Nx batches only connected targets of one executor). The gates stay, for `nx run f:phase-2`
 * and for implement. Gates that run validation commands still stand between the phases.
 */
export function waitPastNoopGates(targets: Record<string, TargetConfiguration>): void {
  const isNoopGate = (dep: unknown): dep is string => typeof dep === 'string' && targets[dep]?.executor === 'nx:noop';
  const expanded = new Map<string, NonNullable<TargetConfiguration['dependsOn']>>();
  const expand = (gate: string): NonNullable<TargetConfiguration['dependsOn']> => {
    const known = expanded.get(gate);
    if (known) return known;
    expanded.set(gate, []);
    const deps = (targets[gate].dependsOn ?? []).flatMap((dep) => (isNoopGate(dep) ? expand(dep) : [dep]));
    expanded.set(gate, deps);
    return deps;
  };
  for (const target of Object.values(targets)) {
    if (target.executor !== TASK_EXECUTOR || !target.dependsOn?.some(isNoopGate)) continue;
    const seen = new Set<string>();
    target.dependsOn = target.dependsOn
      .flatMap((dep) => (isNoopGate(dep) ? expand(dep) : [dep]))
      .filter((dep) => typeof dep !== 'string' || (!seen.has(dep) && !!seen.add(dep)));
  }
}

/**
 * Nx reads inputs and outputs as globs: `[` starts a character class, so a Next.js route such as
 * `app/[id]/page.tsx` would not match itself. `[[]` is a class holding just `[`.
 */
export function workspaceFileGlob(file: string): string {
  return `{workspaceRoot}/${escapeBrackets(file)}`;
}

function escapeBrackets(file: string): string {
  return file.replace(/\[/g, '[[]');
}

/**
 * A barrier only: `nx:noop` runs inside Nx's own process, so a phase boundary on the critical path
 * costs nothing. A phase with validation commands gets the gate executor (applyGateTargets).
 */
function gateTarget(node: GraphNode, phase: Phase | undefined, dependsOn: string[]): TargetConfiguration {
  return {
    executor: 'nx:noop',
    dependsOn,
    cache: false,
    metadata: { description: `Gate of ${phase ? phaseTitle(phase) : `phase ${node.phase}`}: passes when every task of the phase is done` },
  };
}

function projectDescription(analysis: FeatureAnalysis): string {
  const { doc } = analysis;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const base = `${doc.format} plan ${analysis.tasksFile}: ${count(doc.tasks.length, 'task')} in ${count(doc.phases.length, 'phase')}`;
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
  return errors ? `${base}; ${count(errors, 'error')}, see the plan target` : base;
}
