import type { Phase, Task, TaskDocument } from '../model';
import { anyPhasePatternMatches, phasePatternMatches } from '../config/phase-pattern';
import type { GateCommand, GateConfig } from '../config/gate-config';

export {
  resolveGateConfig,
  type GateCommand,
  type GateConfig,
  type GateSettings,
  type QualityCheck,
  type QualityCheckName,
  type TddConfig,
} from '../config/gate-config';

/** The validation commands of a phase gate: every matching entry's, in configuration order, without repeats. */
export function phaseGateCommands(config: GateConfig, phase: Pick<Phase, 'key' | 'number' | 'title'>): GateCommand[] {
  const seen = new Set<string>();
  const commands: GateCommand[] = [];
  for (const entry of config.phases) {
    if (!anyPhasePatternMatches(entry.match, phase)) continue;
    for (const command of entry.run) {
      if (seen.has(command)) continue;
      seen.add(command);
      commands.push({ command, timeoutMs: entry.timeoutMs });
    }
  }
  return commands;
}

function sameLabel(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Whether a task must run alone (an `exclusive` entry matches it: every condition it gives holds). */
export function isExclusiveTask(config: Pick<GateConfig, 'exclusive'>, task: Task, doc: Pick<TaskDocument, 'phases'>): boolean {
  return config.exclusive.some((match) => {
    if (match.phase !== undefined) {
      const phase = doc.phases.find((p) => p.key === task.phase) ?? { key: task.phase, title: task.phase };
      if (!phasePatternMatches(match.phase, phase)) return false;
    }
    if (match.story !== undefined && !(task.story && sameLabel(task.story, match.story))) return false;
    if (match.text !== undefined && !new RegExp(match.text, 'i').test(task.text)) return false;
    if (match.label !== undefined) {
      const labels = [...task.labels, ...(task.priority ? [task.priority] : [])];
      if (!labels.some((l) => sameLabel(l, match.label!))) return false;
    }
    return true;
  });
}
