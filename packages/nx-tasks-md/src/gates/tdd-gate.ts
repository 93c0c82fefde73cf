import type { TaskDocument } from '../model';
import type { FeatureAnalysis } from '../feature/analyze-document';
import type { ImplementationState } from '../state/state-schema';
import type { GateConfig } from './config';
import { commandRecord, gateEnv, openGateLog, pathsOf, readStateSafely, recordInState, type GateRunContext } from './gate-io';
import { commandsHash, RERUN_GATES_HINT, reusablePass } from './gate-reuse';
import { runGateCommand } from './run-command';
import { findTddUnits, tddTargetNames, type TddUnit } from './tdd-units';
import type { TddVerdict } from '../state/gate-verdicts';

export type TddGateKind = 'red' | 'green';

export interface TddGateInput extends GateRunContext {
  analysis: FeatureAnalysis;
  config: GateConfig;
  unit: string;
  gate: TddGateKind;
  dryRun?: boolean;
  /** Run green even when its earlier pass still holds (`--rerun-gates`, or the gate was named). */
  forceRun?: boolean;
  includeOptional?: boolean;
}

export interface TddGateResult {
  success: boolean;
  verdict?: TddVerdict;
  message: string;
}

export const NOTHING_NEW = 'the new tests already pass before implementation; they test nothing new';

/**
 * Why red cannot be proven any more, or undefined when it must run. Red is proven before the
 * implementation starts; once green has passed or an implementation task has been started (ticked,
 * running or failed in tasks.md), the code it would test exists and the tests would rightly pass.
 */
export function redSkipReason(unit: TddUnit, doc: TaskDocument, state: ImplementationState | undefined): string | undefined {
  const green = state?.tdd_gates?.[tddTargetNames(unit).green];
  if (green?.status === 'passed') return `green already passed (${green.ended_at ?? 'earlier'}); the implementation exists`;
  const started = unit.implementation.filter((id) => {
    const task = doc.tasks.find((t) => t.id === id);
    return task && task.state !== 'pending';
  });
  if (started.length) return `implementation already started (${started.slice(0, 3).join(', ')}${started.length > 3 ? ', …' : ''})`;
  return undefined;
}

export interface OpenUnit {
  key: string;
  label: string;
  green: string;
}

/**
 * Units whose tests fail by design right now: red passed (or was skipped on a resume) more recently
 * than green passed.
 */
export function openTddUnits(analysis: FeatureAnalysis, config: GateConfig, state: ImplementationState | undefined): OpenUnit[] {
  if (!config.tdd || !state?.tdd_gates) return [];
  const open: OpenUnit[] = [];
  for (const unit of findTddUnits(analysis.doc, analysis.graph, { exclude: config.tdd.exclude })) {
    const names = tddTargetNames(unit);
    const red = state.tdd_gates[names.red];
    const green = state.tdd_gates[names.green];
    if (!red || red.status === 'failed') continue;
    // Red is skipped on every rerun once green passed: while the unit's tasks all stay ticked, that
    // does not open it again (after a restart it does: the tests are being written anew).
    if (red.status === 'skipped' && green?.status === 'passed' && allTicked(analysis.doc, [...unit.tests, ...unit.implementation]))
      continue;
    const greenAt = green?.status === 'passed' ? (green.ended_at ?? '') : '';
    if ((red.ended_at ?? '') > greenAt) open.push({ key: unit.key, label: unit.label, green: names.green });
  }
  return open;
}

function allTicked(doc: TaskDocument, ids: readonly string[]): boolean {
  return ids.every((id) => doc.tasks.find((t) => t.id === id)?.state === 'done');
}

/**
 * The red or the green gate of one TDD unit: runs the test command and records the verdict in the
 * state file's `tdd_gates`. Red passes when the command fails (exit code other than 0), green when
 * it passes; a command that cannot run (not found, killed, timed out) fails either.
 */
export async function runTddGate(input: TddGateInput): Promise<TddGateResult> {
  const print = input.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const printError = input.printError ?? ((line: string) => process.stderr.write(`${line}\n`));
  const tdd = input.config.tdd;
  if (!tdd) {
    const message = 'TDD gates are off (no test command configured, or tdd: false); nothing to check';
    print(message);
    return { success: true, message };
  }
  const unit = findTddUnits(input.analysis.doc, input.analysis.graph, { exclude: tdd.exclude }).find((u) => u.key === input.unit);
  if (!unit) {
    const message = `${input.analysis.tasksFile} has no TDD unit "${input.unit}" any more; run the command again so Nx sees the current plan`;
    printError(message);
    return { success: false, message };
  }
  const target = tddTargetNames(unit)[input.gate];
  if (input.dryRun) {
    const message = `Dry run: ${target} would run \`${tdd.command}\` and require it to ${input.gate === 'red' ? 'fail' : 'pass'}.`;
    print(message);
    return { success: true, message };
  }
  const paths = pathsOf(input);
  const hash = commandsHash([tdd.command]);
  const base = {
    unit: unit.key,
    gate: input.gate,
    phases: unit.phases,
    ...(unit.story ? { story: unit.story } : {}),
    tests: unit.tests,
    implementation: unit.implementation,
  };

  if (input.gate === 'red') {
    let skip: string | undefined;
    await recordInState(paths, (state) => {
      skip = redSkipReason(unit, input.analysis.doc, state);
      if (!skip) return;
      const now = new Date().toISOString();
      const previous = state.tdd_gates?.[target];
      const verdict: TddVerdict = {
        ...base,
        command: tdd.command,
        status: 'skipped',
        started_at: now,
        ended_at: now,
        duration_ms: 0,
        message: `red skipped: ${skip}${previous && previous.status !== 'skipped' ? `; last proven ${previous.status} at ${previous.ended_at}` : ''}`,
      };
      state.tdd_gates = { ...(state.tdd_gates ?? {}), [target]: verdict };
    });
    if (skip) {
      const message = `${target} (${unit.label}): red skipped: ${skip}.`;
      print(message);
      return { success: true, message };
    }
  }

  if (input.gate === 'green') {
    const state = readStateSafely(paths);
    const passedAt = reusablePass({
      previous: state?.tdd_gates?.[target],
      hash,
      taskIds: [...unit.tests, ...unit.implementation],
      doc: input.analysis.doc,
      state,
      includeOptional: input.includeOptional ?? false,
      forced: input.forceRun ?? false,
    });
    if (passedAt) {
      const message = `${target}: green gate of ${unit.label} skipped: no task of it ran since it passed at ${passedAt} with the same command (${RERUN_GATES_HINT}).`;
      print(message);
      return { success: true, message };
    }
  }

  const log = openGateLog(paths, target);
  let outcome;
  try {
    log.stream.write(`# ${unit.label}: tests ${unit.tests.join(', ')}; implementation ${unit.implementation.join(', ')}\n`);
    outcome = await runGateCommand(
      { command: tdd.command, timeoutMs: tdd.timeoutMs },
      {
        workspaceRoot: input.workspaceRoot,
        env: gateEnv(input, target),
        log: log.stream,
        signal: input.signal,
        stdout: input.output,
        stderr: input.output,
      },
    );
  } finally {
    await log.close();
  }
  let passed: boolean;
  let message: string;
  if (outcome.notRun) {
    passed = false;
    message = `the test command did not run to a result: ${outcome.notRun}`;
  } else if (input.gate === 'red') {
    passed = outcome.exitCode !== 0;
    message = passed
      ? `the new tests fail (exit code ${outcome.exitCode}), as they must before ${unit.implementation[0]} starts`
      : NOTHING_NEW;
  } else {
    passed = outcome.exitCode === 0;
    message = passed
      ? `the tests pass after the implementation of ${unit.label}`
      : `the tests still fail (exit code ${outcome.exitCode}) after the implementation of ${unit.label}`;
  }
  const verdict: TddVerdict = {
    ...base,
    ...commandRecord(outcome, passed ? 'passed' : 'failed', message),
    log: log.relative,
    commands_hash: hash,
  };
  await recordInState(paths, (state) => {
    state.tdd_gates = { ...(state.tdd_gates ?? {}), [target]: verdict };
  });
  const line = `${target} (${unit.label}) ${passed ? 'passed' : 'failed'}: ${message}. Log: ${log.relative}`;
  (passed ? print : printError)(line);
  return { success: passed, verdict, message };
}
