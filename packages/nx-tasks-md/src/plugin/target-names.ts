import type { PluginOptions } from '../config/options';

export interface TargetNames {
  implement: string;
  plan: string;
  status: string;
  phasePrefix: string;
}

export function resolveTargetNames(options: Pick<PluginOptions, 'targetNames'>): TargetNames {
  return {
    implement: options.targetNames?.implement ?? 'implement',
    plan: options.targetNames?.plan ?? 'plan',
    status: options.targetNames?.status ?? 'status',
    phasePrefix: options.targetNames?.phasePrefix ?? 'phase',
  };
}

const UNSAFE = /[^A-Za-z0-9._-]+/g;

/**
 * `T001` stays `T001`. An ID that does not start with a letter (Kiro/OpenSpec `1.2`, `2`) becomes
 * `task-1.2`: a bare number is a poor target name (JSON reorders integer-like keys, and `2` next to
 * `phase-2` reads ambiguously).
 */
export function taskTargetName(taskId: string): string {
  const safe = taskId.replace(UNSAFE, '-');
  return /^[A-Za-z]/.test(safe) ? safe : `task-${safe}`;
}

/** `phase-1`, `phase-3.2`, `phase-setup` (phase key as the parser gives it). */
export function gateTargetName(phaseKey: string, names: Pick<TargetNames, 'phasePrefix'>): string {
  return `${names.phasePrefix}-${phaseKey.replace(UNSAFE, '-')}`;
}
