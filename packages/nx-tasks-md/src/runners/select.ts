import { closestName } from '../config/closest-name';
import { resolveRunPolicy, type RunPolicy } from '../config/settings';
import type { CustomRunner, Route } from '../config/options';
import type { Task, TaskDocument } from '../model';
import { argvPlaceholdersIn, checkArgvTemplate } from './argv-template';
import { AGENT_PRESETS, isAgentPresetName } from './presets';
import { describeRoute, routeMatches } from './routes';
import type { AgentRunner, ResolvedRunner, RunnerSettings, RunnerSettingsLayers, RunnerSource } from './types';

/** Thrown when no runner can run a task, or the runner configuration is wrong. */
export class RunnerSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunnerSelectionError';
  }
}

export function toLayers(settings: RunnerSettings | RunnerSettingsLayers | undefined): RunnerSettingsLayers {
  if (!settings) return {};
  if ('workspace' in settings || 'feature' in settings) return settings as RunnerSettingsLayers;
  return { workspace: settings as RunnerSettings };
}

const LEVEL_WHERE = {
  feature: 'project.json metadata.tasksMd',
  workspace: 'nx.json plugin options',
} as const;

interface CustomDefinition {
  definition: CustomRunner;
  where: string;
}

function findCustom(layers: RunnerSettingsLayers, name: string): CustomDefinition | undefined {
  for (const level of ['feature', 'workspace'] as const) {
    const definition = layers[level]?.runners?.[name];
    if (definition) return { definition, where: `${LEVEL_WHERE[level]}: runners.${name}` };
  }
  return undefined;
}

/** Every runner name these settings know: shell, the agent presets, then the custom runners. */
export function runnerNames(layers: RunnerSettingsLayers): string[] {
  const custom = new Set([...Object.keys(layers.feature?.runners ?? {}), ...Object.keys(layers.workspace?.runners ?? {})]);
  return [...new Set(['shell', ...Object.keys(AGENT_PRESETS), ...custom])];
}

function knownRunnerNames(layers: RunnerSettingsLayers): string {
  return runnerNames(layers).join(', ');
}

/**
 * Undefined when `name` is one of the `known` runner names; otherwise what to tell the user, with
 * the known name it most likely meant (`clade` → claude).
 */
export function unknownRunnerMessage(name: string, known: readonly string[]): string | undefined {
  if (known.includes(name)) return undefined;
  const meant = closestName(name, known);
  return `unknown runner "${name}"${meant ? ` (did you mean ${meant}?)` : ''}; known: ${known.join(', ')}`;
}

type AgentDefinition = Omit<AgentRunner, 'kind' | 'name' | 'source' | 'reason'>;

/**
 * A custom runner may extend a preset or another custom runner; `extends` of a custom runner
 * named like a preset (`runners.claude.extends: "claude"`) refers to the preset.
 */
function resolveAgent(name: string, layers: RunnerSettingsLayers, seen: string[]): AgentDefinition | undefined {
  const custom = seen.includes(name) ? undefined : findCustom(layers, name);
  if (!custom) {
    if (!isAgentPresetName(name)) return undefined;
    const preset = AGENT_PRESETS[name];
    return {
      preset: name,
      command: [...preset.command],
      promptVia: preset.promptVia,
      env: { ...(preset.env ?? {}) },
      installHint: preset.install,
    };
  }
  const { definition, where } = custom;
  let base: AgentDefinition | undefined;
  if (definition.extends !== undefined) {
    if (definition.extends === 'shell') {
      throw new RunnerSelectionError(`${where}.extends: "shell" cannot be extended; write a command instead`);
    }
    if (seen.includes(definition.extends) && !isAgentPresetName(definition.extends)) {
      throw new RunnerSelectionError(`${where}.extends: circular runner definitions: ${[...seen, name, definition.extends].join(' -> ')}`);
    }
    base = resolveAgent(definition.extends, layers, [...seen, name]);
    if (!base) {
      throw new RunnerSelectionError(`${where}.extends: unknown runner "${definition.extends}"; known: ${knownRunnerNames(layers)}`);
    }
  }
  const command = definition.command ?? base?.command;
  if (!command) {
    throw new RunnerSelectionError(
      `${where}: a custom runner needs "command" (an argv template such as ["my-agent", "--task", "{id}", "{prompt}"]) or "extends" (a preset: ${Object.keys(AGENT_PRESETS).join(', ')})`,
    );
  }
  const fullCommand = [...command, ...(definition.args ?? [])];
  checkArgvTemplate(fullCommand, `${where}.command`);
  return {
    preset: base?.preset,
    command: fullCommand,
    promptVia: definition.promptVia ?? base?.promptVia ?? 'argv',
    env: { ...(base?.env ?? {}), ...(definition.env ?? {}) },
    installHint: definition.command ? undefined : base?.installHint,
  };
}

function resolveByName(name: string, task: Task, layers: RunnerSettingsLayers, source: RunnerSource, reason: string): ResolvedRunner {
  if (name === 'shell') {
    if (findCustom(layers, 'shell')) {
      throw new RunnerSelectionError(`runners.shell: "shell" is the built-in shell runner; pick another name`);
    }
    if (task.commands.length === 0) {
      throw new RunnerSelectionError(
        `${task.id} is set to run with the shell runner (${reason}) but carries no command: add a fenced \`\`\`sh block or a \`run: \\\`command\\\`\` sub-item to the task, or choose an agent runner`,
      );
    }
    return { kind: 'shell', name: 'shell', source, reason, commands: task.commands };
  }
  const agent = resolveAgent(name, layers, []);
  if (!agent) {
    throw new RunnerSelectionError(`Unknown runner "${name}" (${reason}); known: ${knownRunnerNames(layers)}`);
  }
  return { kind: 'agent', name, source, reason, ...agent };
}

function orderedRoutes(layers: RunnerSettingsLayers): { route: Route; where: string }[] {
  const list: { route: Route; where: string }[] = [];
  for (const level of ['feature', 'workspace'] as const) {
    (layers[level]?.routes ?? []).forEach((route, index) => list.push({ route, where: `${LEVEL_WHERE[level]}: routes[${index}]` }));
  }
  return list;
}

export function noRunnerMessage(task: Task): string {
  const snippet = JSON.stringify({ plugins: [{ plugin: 'nx-tasks-md', options: { runner: 'claude' } }] }, null, 2);
  return [
    `${task.id} has no command of its own and no agent runner is configured, so there is nothing to run it with.`,
    `Either give the task a command (a fenced \`\`\`sh block or a \`run: \\\`command\\\`\` sub-item), pass --run-with <name>, or configure an agent in nx.json:`,
    snippet,
    `Runners: shell, ${Object.keys(AGENT_PRESETS).join(', ')}, or your own under "runners" (e.g. "runners": { "my-agent": { "command": ["my-agent", "--task", "{id}", "{prompt}"] } }).`,
    `A single feature can set it in its project.json under "metadata": { "tasksMd": { "runner": "..." } }.`,
  ].join('\n');
}

/**
 * Picks the runner for one task: the `--run-with` override, then the first matching route (feature
 * routes before workspace routes), then the task's own commands (shell), then the feature's
 * default runner, then the workspace's. Throws RunnerSelectionError with a message for the user.
 */
export function selectRunner(
  task: Task,
  doc: TaskDocument,
  settings: RunnerSettings | RunnerSettingsLayers | undefined,
  override?: string,
): ResolvedRunner {
  const layers = toLayers(settings);
  if (override) return resolveByName(override, task, layers, 'override', `--run-with ${override}`);

  for (const { route, where } of orderedRoutes(layers)) {
    if (routeMatches(route, task, doc, where)) {
      return resolveByName(route.runner, task, layers, 'route', `${where} (${describeRoute(route)})`);
    }
  }

  if (task.commands.length > 0) {
    return {
      kind: 'shell',
      name: 'shell',
      source: 'task-commands',
      reason: 'the task carries its own commands',
      commands: task.commands,
    };
  }

  for (const level of ['feature', 'workspace'] as const) {
    const name = layers[level]?.runner;
    if (name) {
      return resolveByName(name, task, layers, level, `runner "${name}" in ${LEVEL_WHERE[level]}`);
    }
  }
  throw new RunnerSelectionError(noRunnerMessage(task));
}

/** True when the agent's argv template takes the prompt itself ({prompt} or {promptFile}). */
export function templateTakesPrompt(command: readonly string[]): boolean {
  const names = argvPlaceholdersIn(command);
  return names.has('prompt') || names.has('promptFile');
}

export type { RunPolicy } from '../config/settings';

/** Timeout (seconds in options → ms), retries, retry delay and prompt template, feature first. */
export function runPolicy(settings: RunnerSettings | RunnerSettingsLayers | undefined): RunPolicy {
  return resolveRunPolicy(toLayers(settings));
}
