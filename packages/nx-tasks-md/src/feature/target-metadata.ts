import type { Phase } from '../model';

/** A target's `metadata.help`: the command that lists its options, and an example run. */
export function targetHelp(project: string, target: string, args: string[] = []) {
  return { command: `npx nx run ${project}:${target} --help`, example: { args } };
}

/** A phase as target groups, gate descriptions and plans name it (`Phase 2: Tests First`). */
export function phaseTitle(phase: Phase): string {
  if (!phase.number) return phase.title || phase.key;
  return phase.title ? `Phase ${phase.number}: ${phase.title}` : `Phase ${phase.number}`;
}
