import { createHash } from 'node:crypto';
import type { GraphNode } from '../model';

/**
 * What a task's cache key follows besides files: its own text (the parser leaves the checkbox
 * character out), the plugin version, and the fingerprints of its direct prerequisites, so that a
 * change anywhere upstream (through phase gates too) changes the key of every task after it. Nx
 * hashes the output of a runtime input, not its command string, so `echo <fingerprint>` makes this
 * value part of exactly one task's hash.
 */
export function taskFingerprint(ownText: string, pluginVersion: string, prerequisites: readonly string[] = []): string {
  const hash = createHash('sha256').update(`${pluginVersion}\0${ownText}`);
  for (const fingerprint of [...prerequisites].sort()) hash.update(`\0${fingerprint}`);
  return hash.digest('hex');
}

export function fingerprintInput(fingerprint: string): { runtime: string } {
  return { runtime: `echo ${fingerprint}` };
}

/**
 * {@link taskFingerprint} of every node (gates too, and tasks that are never cached, so their text
 * still counts downstream), in one pass over the nodes in topological order (the order of
 * `TaskGraph.nodes`): each hashes its text and its direct prerequisites' digests, so the cost is
 * linear in nodes plus edges however long the chains are.
 */
export function chainedFingerprints(
  nodes: readonly GraphNode[],
  textOf: (id: string) => string | undefined,
  pluginVersion: string,
): Map<string, string> {
  const fingerprints = new Map<string, string>();
  for (const node of nodes) {
    const prerequisites = node.dependsOn.map((dep) => {
      const fingerprint = fingerprints.get(dep);
      if (fingerprint === undefined) throw new Error(`internal error: ${node.id} comes before its prerequisite ${dep}`);
      return fingerprint;
    });
    fingerprints.set(node.id, taskFingerprint(textOf(node.id) ?? '', pluginVersion, prerequisites));
  }
  return fingerprints;
}
