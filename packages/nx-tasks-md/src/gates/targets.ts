import type { TargetConfiguration } from '@nx/devkit';
import type { FeatureAnalysis } from '../feature/analyze-document';
import { targetHelp } from '../feature/target-metadata';
import { isExclusiveTask, phaseGateCommands, type GateConfig } from './config';
import { findTddUnits, tddTargetNames, type TddUnit } from './tdd-units';
import { GATE_EXECUTOR, TDD_EXECUTOR } from '../config/executor-names';

export interface GateTargetsInput {
  analysis: FeatureAnalysis;
  config: GateConfig;
  projectName: string;
  /** Task and phase gate targets, changed in place. */
  targets: Record<string, TargetConfiguration>;
  /** Target name per graph node (task ID or gate ID). */
  targetOf: ReadonlyMap<string, string>;
  /** Targets in scheduling order (implement depends on all of them); red and green are inserted. */
  scheduled: string[];
  /** Project view groups; red and green join their phase's group. */
  targetGroups: Record<string, string[]>;
  groupOf: (phaseKey: string) => string;
  technology: string;
}

/**
 * What the gate settings change in a feature's targets:
 * - tasks matched by `exclusive` get `parallelism: false` (Nx starts them only when nothing else
 *   runs, and starts nothing beside them);
 * - phase gates with validation commands run them with the gate executor, also alone;
 * - each TDD unit gets a red and a green target: red waits for the tests, the implementation waits
 *   for red, green waits for the implementation, and the unit's last phase gate waits for green.
 */
export function applyGateTargets(input: GateTargetsInput): TddUnit[] {
  const { analysis, config, targets, targetOf } = input;
  const { doc, graph } = analysis;
  for (const task of doc.tasks) {
    const name = targetOf.get(task.id);
    if (name && targets[name] && isExclusiveTask(config, task, doc)) targets[name].parallelism = false;
  }
  for (const phase of doc.phases) {
    const name = targetOf.get(graph.gates[phase.key]);
    const commands = phaseGateCommands(config, phase);
    if (!name || !targets[name] || commands.length === 0) continue;
    targets[name].executor = GATE_EXECUTOR;
    targets[name].options = { phase: phase.key };
    targets[name].parallelism = false;
    targets[name].metadata = {
      ...targets[name].metadata,
      description: `Gate of ${input.groupOf(phase.key)}: after every task of the phase, runs ${commands.map((c) => `\`${c.command}\``).join(', ')}; a failure stops the phases after it`,
    };
  }
  if (!config.tdd) return [];
  const added: TddUnit[] = [];
  for (const unit of findTddUnits(doc, graph, { exclude: config.tdd.exclude })) {
    if (addUnit(input, unit, config.tdd.command)) added.push(unit);
  }
  return added;
}

function addUnit(input: GateTargetsInput, unit: TddUnit, command: string): boolean {
  const { targets, targetOf, analysis } = input;
  const names = tddTargetNames(unit);
  if (targets[names.red] || targets[names.green]) return false;
  const tests = unit.tests.map((id) => targetOf.get(id)!);
  const implementation = unit.implementation.map((id) => targetOf.get(id)!);
  const firstGate = targetOf.get(analysis.graph.gates[unit.phases[0]]);
  const lastGate = targetOf.get(analysis.graph.gates[unit.phases.at(-1)!]);
  if ([...tests, ...implementation].some((t) => !targets[t]) || !lastGate || !targets[lastGate]) return false;

  const before = new Map<string, TargetConfiguration['dependsOn']>();
  const addDependency = (target: string, dependency: string) => {
    if (!before.has(target)) before.set(target, targets[target].dependsOn ? [...targets[target].dependsOn!] : undefined);
    const deps = (targets[target].dependsOn ??= []);
    if (!deps.includes(dependency)) deps.push(dependency);
  };
  // Gates between the unit's phases count as implementation: tasks behind them already wait for red.
  const innerGates = unit.phases.slice(1, -1).map((key) => targetOf.get(analysis.graph.gates[key]));
  const implementationSet = new Set([...implementation, ...innerGates.filter((g): g is string => !!g)]);
  for (const target of implementation) {
    const waitsForImplementation = (targets[target].dependsOn ?? []).some((d) => typeof d === 'string' && implementationSet.has(d));
    if (!waitsForImplementation) addDependency(target, names.red);
  }
  if (unit.phases.length > 1 && firstGate && targets[firstGate]) addDependency(firstGate, names.red);
  addDependency(lastGate, names.green);

  const span = (ids: string[]) => (ids.length === 1 ? ids[0] : `${ids[0]}…${ids.at(-1)}`);
  targets[names.red] = {
    executor: TDD_EXECUTOR,
    options: { unit: unit.key, expect: 'fail' },
    dependsOn: sinks(tests, targets),
    cache: false,
    parallelism: false,
    metadata: {
      description: `TDD red gate of ${unit.label}: once ${span(unit.tests)} are written, \`${command}\` must fail before ${span(unit.implementation)} start`,
      technologies: [input.technology],
      help: targetHelp(input.projectName, names.red),
    },
  };
  targets[names.green] = {
    executor: TDD_EXECUTOR,
    options: { unit: unit.key, expect: 'pass' },
    dependsOn: sinks([...implementationSet], targets),
    cache: false,
    parallelism: false,
    metadata: {
      description: `TDD green gate of ${unit.label}: once ${span(unit.implementation)} are done, \`${command}\` must pass`,
      technologies: [input.technology],
      help: targetHelp(input.projectName, names.green),
    },
  };
  if (hasCycle(targets)) {
    for (const [target, deps] of before) targets[target].dependsOn = deps;
    delete targets[names.red];
    delete targets[names.green];
    return false;
  }
  insertAfter(input.scheduled, tests, names.red);
  insertAfter(input.scheduled, implementation, names.green);
  insertAfter((input.targetGroups[input.groupOf(unit.phases[0])] ??= []), tests, names.red);
  insertAfter((input.targetGroups[input.groupOf(unit.phases.at(-1)!)] ??= []), implementation, names.green);
  return true;
}

/** The members no other member waits for (waiting for them covers the whole set). */
function sinks(members: string[], targets: Record<string, TargetConfiguration>): string[] {
  const set = new Set(members);
  const waitedFor = new Set<string>();
  for (const member of members) {
    for (const dep of targets[member].dependsOn ?? []) if (typeof dep === 'string' && set.has(dep)) waitedFor.add(dep);
  }
  return members.filter((m) => !waitedFor.has(m));
}

function insertAfter(list: string[], anchors: string[], name: string): void {
  const at = Math.max(-1, ...anchors.map((a) => list.indexOf(a)));
  list.splice(at + 1, 0, name);
}

/** Whether the same-project `dependsOn` edges among the targets close a cycle. */
export function hasCycle(targets: Record<string, TargetConfiguration>): boolean {
  const state = new Map<string, 1 | 2>();
  const visit = (start: string): boolean => {
    const stack: Array<[string, number]> = [[start, 0]];
    state.set(start, 1);
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const deps = (targets[frame[0]]?.dependsOn ?? []).filter((d): d is string => typeof d === 'string' && !d.startsWith('^'));
      if (frame[1] >= deps.length) {
        state.set(frame[0], 2);
        stack.pop();
        continue;
      }
      const next = deps[frame[1]++];
      if (!targets[next]) continue;
      const seen = state.get(next);
      if (seen === 1) return true;
      if (seen === undefined) {
        state.set(next, 1);
        stack.push([next, 0]);
      }
    }
    return false;
  };
  return Object.keys(targets).some((name) => !state.has(name) && visit(name));
}
