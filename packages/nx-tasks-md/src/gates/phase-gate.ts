import type { Phase } from '../model';
import type { FeatureAnalysis } from '../feature/analyze-document';
import { phaseGateCommands, type GateConfig } from './config';
import { commandRecord, gateEnv, openGateLog, pathsOf, readStateSafely, recordInState, type GateRunContext } from './gate-io';
import { commandsHash, RERUN_GATES_HINT, reusablePass } from './gate-reuse';
import { runGateCommand } from './run-command';
import { openTddUnits } from './tdd-gate';
import type { GateCommandRecord, PhaseGateRecord } from '../state/gate-verdicts';

export interface PhaseGateInput extends GateRunContext {
  analysis: FeatureAnalysis;
  config: GateConfig;
  phase: Phase;
  /** Target name (`phase-3`), names the log file. */
  target: string;
  dryRun?: boolean;
  /** Run even when the earlier pass still holds (`--rerun-gates`, or the gate was named). */
  forceRun?: boolean;
  includeOptional?: boolean;
}

export interface PhaseGateResult {
  success: boolean;
  record?: PhaseGateRecord;
  /** Its earlier pass still holds: nothing ran. */
  reused?: boolean;
}

/**
 * Runs the validation commands configured for a phase, in order; the first failing one fails the
 * gate (the rest are recorded as not run) and Nx then runs none of the later phases' tasks. While a
 * TDD unit is between red and green (its new tests fail by design), the TDD test command is not
 * run here; the unit's green gate runs it.
 */
export async function runPhaseGate(input: PhaseGateInput): Promise<PhaseGateResult> {
  const print = input.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const printError = input.printError ?? ((line: string) => process.stderr.write(`${line}\n`));
  const commands = phaseGateCommands(input.config, input.phase);
  if (commands.length === 0) return { success: true };
  if (input.dryRun) {
    print(`Dry run: ${input.target} would run ${commands.map((c) => `\`${c.command}\``).join(', ')}.`);
    return { success: true };
  }
  const paths = pathsOf(input);
  const state = readStateSafely(paths);
  const hash = commandsHash(commands.map((c) => c.command));
  const previous = state?.phase_gates?.[input.phase.key];
  const passedAt = reusablePass({
    previous: previous && { ...previous, complete: previous.commands.every((c) => c.status === 'passed') },
    hash,
    taskIds: input.phase.taskIds,
    doc: input.analysis.doc,
    state,
    includeOptional: input.includeOptional ?? false,
    forced: input.forceRun ?? false,
  });
  if (passedAt) {
    print(
      `${input.target} skipped: no task of ${phaseName(input.phase)} ran since it passed at ${passedAt} with the same commands (${RERUN_GATES_HINT}).`,
    );
    return { success: true, reused: true };
  }
  const open =
    input.config.tdd && commands.some((c) => c.command === input.config.tdd!.command)
      ? openTddUnits(input.analysis, input.config, state)
      : [];

  const log = openGateLog(paths, input.target);
  const env = gateEnv(input, input.target);
  const started = new Date();
  const records: GateCommandRecord[] = [];
  let failed = false;
  try {
    for (const command of commands) {
      if (failed) {
        records.push({ command: command.command, status: 'skipped', message: 'not run: an earlier command of this gate failed' });
        continue;
      }
      if (open.length && command.command === input.config.tdd?.command) {
        const message = `not run: the new tests of ${open.map((u) => u.label).join(', ')} fail by design until ${open
          .map((u) => u.green)
          .join(', ')} passes`;
        print(`${input.target}: \`${command.command}\` ${message}`);
        log.stream.write(`$ ${command.command}\n# ${message}\n`);
        records.push({ command: command.command, status: 'skipped', message });
        continue;
      }
      const outcome = await runGateCommand(command, {
        workspaceRoot: input.workspaceRoot,
        env,
        log: log.stream,
        signal: input.signal,
        stdout: input.output,
        stderr: input.output,
      });
      if (outcome.notRun || outcome.exitCode !== 0) {
        failed = true;
        const message = outcome.notRun ?? `exit code ${outcome.exitCode}`;
        records.push(commandRecord(outcome, 'failed', message));
      } else {
        records.push(commandRecord(outcome, 'passed'));
      }
    }
  } finally {
    await log.close();
  }
  const ended = new Date();
  const record: PhaseGateRecord = {
    status: failed ? 'failed' : 'passed',
    started_at: started.toISOString(),
    ended_at: ended.toISOString(),
    duration_ms: ended.getTime() - started.getTime(),
    log: log.relative,
    commands: records,
    commands_hash: hash,
  };
  await recordInState(paths, (state) => {
    state.phase_gates = { ...(state.phase_gates ?? {}), [input.phase.key]: record };
  });
  if (failed) {
    const bad = records.find((r) => r.status === 'failed')!;
    printError(`${input.target} failed: \`${bad.command}\` ${bad.message}. The phases after it do not run. Log: ${log.relative}`);
  } else {
    print(`${input.target} passed: ${records.map((r) => `\`${r.command}\` ${r.status}`).join(', ')}.`);
  }
  return { success: !failed, record };
}

function phaseName(phase: Phase): string {
  return phase.number ? `Phase ${phase.number}` : phase.title;
}
