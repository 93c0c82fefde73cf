import type { TaskDocument } from '../model';
import type { ImplementationState } from '../state/state-schema';
import type { GateCommandRecord, QualityGateRecord } from '../state/gate-verdicts';

const MARK = { passed: 'pass', failed: 'FAIL', skipped: 'skipped' } as const;

function inRun(record: { ended_at?: string; started_at?: string }, since: string | undefined): boolean {
  return !since || (record.ended_at ?? record.started_at ?? '') >= since;
}

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

function exit(record: Pick<GateCommandRecord, 'exit_code'>): string {
  return record.exit_code === undefined || record.exit_code === null ? '' : String(record.exit_code);
}

function tailBlock(record: GateCommandRecord, lines = 15): string[] {
  if (record.status !== 'failed' || !record.output_tail) return [];
  const tail = record.output_tail.split('\n').slice(-lines).join('\n').replace(/```/g, "'''");
  return ['', `<details><summary>Output of \`${record.command}\` (last lines)</summary>`, '', '```text', tail, '```', '', '</details>'];
}

/**
 * The "Gates" section of implementation-report.md: the phase gates, TDD verdicts and final quality
 * checks of the run (those that ended after it started). Empty when no gate ran.
 */
export function renderGatesReport(doc: TaskDocument, state: ImplementationState, since?: string): string {
  const out: string[] = [];
  const details: string[] = [];
  const phaseGates = Object.entries(state.phase_gates ?? {}).filter(([, r]) => inRun(r, since));
  if (phaseGates.length) {
    out.push('### Phase gates', '', '| Phase | Command | Result | Exit | Note |', '| --- | --- | --- | --- | --- |');
    const order = new Map(doc.phases.map((p, i) => [p.key, i]));
    phaseGates.sort(([a], [b]) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
    for (const [key, record] of phaseGates) {
      for (const command of record.commands) {
        out.push(`| ${cell(key)} | \`${cell(command.command)}\` | ${MARK[command.status]} | ${exit(command)} | ${cell(command.message)} |`);
        details.push(...tailBlock(command));
      }
    }
    out.push('');
  }
  const tdd = Object.entries(state.tdd_gates ?? {}).filter(([, r]) => inRun(r, since));
  if (tdd.length) {
    out.push('### TDD gates', '', '| Gate | Unit | Tests must | Result | Exit | Verdict |', '| --- | --- | --- | --- | --- | --- |');
    for (const [target, verdict] of tdd) {
      out.push(
        `| ${cell(target)} | ${cell(verdict.story ?? verdict.phases.join(', '))} | ${verdict.gate === 'red' ? 'fail' : 'pass'} | ${MARK[verdict.status]} | ${exit(verdict)} | ${cell(verdict.message)} |`,
      );
      details.push(...tailBlock(verdict));
    }
    out.push('');
  }
  if (state.quality_gate && inRun(state.quality_gate, since)) {
    out.push('### Quality checks', '', '| Check | Command | Result | Exit | Note |', '| --- | --- | --- | --- | --- |');
    for (const check of state.quality_gate.checks) {
      out.push(`| ${cell(check.name)} | \`${cell(check.command)}\` | ${MARK[check.status]} | ${exit(check)} | ${cell(check.message)} |`);
      details.push(...tailBlock(check));
    }
    out.push('');
  }
  if (!out.length) return '';
  return ['## Gates', '', ...out, ...(details.length ? [...details, ''] : [])].join('\n');
}

/**
 * Terminal lines of the final quality gate for `implement`'s summary; `reusedPassAt` when the
 * checks did not run because their pass at that time still holds.
 */
export function renderQualitySummary(record: QualityGateRecord, reusedPassAt?: string): string {
  const width = Math.max(...record.checks.map((c) => c.name.length));
  const lines = [
    reusedPassAt
      ? `Quality checks skipped: no task ran since they all passed at ${reusedPassAt} (--rerun-gates runs them):`
      : `Quality checks: ${record.status === 'passed' ? 'all passed' : 'FAILED'}`,
  ];
  for (const check of record.checks) {
    const note = check.message ? ` (${check.message})` : '';
    lines.push(
      `  ${check.status === 'passed' ? '✔' : check.status === 'failed' ? '✘' : '-'} ${check.name.padEnd(width)}  ${check.command}${note}`,
    );
  }
  return lines.join('\n');
}
