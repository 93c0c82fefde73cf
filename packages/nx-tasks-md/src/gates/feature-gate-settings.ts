import { z } from 'zod';
import { exclusiveTaskSchema, gatesSchema } from '../config/options';
import type { GateSettings } from './config';

const featureGateSettingsSchema = z.object({
  gates: gatesSchema.optional(),
  exclusive: z.array(exclusiveTaskSchema).optional(),
});

/**
 * The gate settings in a project.json's `metadata.tasksMd`, read during inference. Invalid
 * settings are left out here (the executors report them with the file and the field).
 */
export function featureGateSettings(tasksMd: Record<string, unknown>): GateSettings {
  const result = featureGateSettingsSchema.safeParse({ gates: tasksMd.gates, exclusive: tasksMd.exclusive });
  return result.success ? result.data : {};
}
