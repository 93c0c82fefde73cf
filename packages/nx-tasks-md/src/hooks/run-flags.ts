/**
 * Nx hands every flag it does not know itself to the target named on the command line, and our
 * executors accept them: a typo (`--restart-form T070`) would run the plan as if it were not there.
 * A command that runs only our targets may therefore use Nx's own run flags and the options our
 * executors declare, nothing else.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { closestName } from '../config/closest-name';
import type { NxCommandLine } from './cli-args';

/**
 * The options of `nx run`, `nx run-many` and `nx affected` in Nx 22 to 24 (yargs, shared-options),
 * kebab-case, aliases included; `explain` is Nx 24's.
 */
export const NX_RUN_FLAGS: readonly string[] = [
  'all',
  'agents',
  'base',
  'batch',
  'cloud',
  'configuration',
  'disable-nx-cache',
  'disable-remote-cache',
  'dte',
  'exclude',
  'exclude-task-dependencies',
  'explain',
  'files',
  'graph',
  'head',
  'help',
  'max-parallel',
  'nx-bail',
  'nx-ignore-cycles',
  'output-style',
  'parallel',
  'prod',
  'project',
  'projects',
  'runner',
  'skip-nx-cache',
  'skip-remote-cache',
  'skip-sync',
  'stdin',
  'target',
  'targets',
  'tui',
  'tui-auto-exit',
  'uncommitted',
  'untracked',
  'use-agents',
  'verbose',
  'version',
];
const NX_SHORT_FLAGS: readonly string[] = ['c', 'h', 'p', 't'];

const PACKAGE_ROOT = path.join(__dirname, '..', '..');

/** Every option an nx-tasks-md executor declares (executors.json → each schema's properties), kebab-case. */
export function executorFlags(packageRoot = PACKAGE_ROOT): string[] {
  const known = flagsByPackage.get(packageRoot);
  if (known) return known;
  const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'executors.json'), 'utf8')) as {
    executors: Record<string, { schema: string }>;
  };
  const flags = new Set<string>();
  for (const { schema } of Object.values(manifest.executors)) {
    const { properties = {} } = JSON.parse(readFileSync(path.join(packageRoot, schema), 'utf8')) as { properties?: object };
    for (const name of Object.keys(properties)) flags.add(kebab(name));
  }
  const list = [...flags].sort();
  flagsByPackage.set(packageRoot, list);
  return list;
}
const flagsByPackage = new Map<string, string[]>();

/**
 * The error for the first flag neither Nx nor our executors know, naming it and, when one is
 * close, the flag it most likely meant; undefined when every flag is known.
 */
export function unknownFlagMessage(commandLine: NxCommandLine, ours: readonly string[] = executorFlags()): string | undefined {
  const known = new Set([...NX_RUN_FLAGS, ...ours]);
  for (const written of commandLine.written) {
    if (!written.startsWith('--')) {
      if (NX_SHORT_FLAGS.includes(written.slice(1))) continue;
      return `unknown option ${written}`;
    }
    const name = kebab(written.slice(2).replace(/^no-/, ''));
    if (known.has(name)) continue;
    const meant = closestName(name, ours) ?? closestName(name, NX_RUN_FLAGS);
    return meant
      ? `unknown option ${written}; did you mean --${written.startsWith('--no-') ? 'no-' : ''}${meant}?`
      : `unknown option ${written}; nx-tasks-md targets take ${ours.map((flag) => `--${flag}`).join(', ')} and Nx's own run options`;
  }
  return undefined;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
