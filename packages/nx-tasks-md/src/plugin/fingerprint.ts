import { createHash } from 'node:crypto';

/**
 * What a task's cache key follows: its own text (the parser leaves the checkbox character out)
 * and the plugin version. Nx hashes the output of a runtime input, not its command string, so
 * `echo <fingerprint>` makes this value part of exactly one task's hash.
 */
export function taskFingerprint(taskText: string, pluginVersion: string): string {
  return createHash('sha256').update(`${pluginVersion}\0${taskText}`).digest('hex');
}

export function fingerprintInput(fingerprint: string): { runtime: string } {
  return { runtime: `echo ${fingerprint}` };
}
