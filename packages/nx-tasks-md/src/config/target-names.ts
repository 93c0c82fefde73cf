import type { PluginOptions } from './options';

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
