import { closestName } from '../config/closest-name';
import { ARGV_PLACEHOLDERS, argvPlaceholdersIn } from './argv-template';
import { isAgentPresetName } from './presets';
import { compileTextPattern } from './routes';
import { runnerNames, unknownRunnerMessage } from './select';
import type { RunnerSettings, RunnerSettingsLayers } from './types';

/**
 * Runner settings checked when the plugin reads them (createNodes, `plan`), not when a task first
 * needs them: runner names (of `runner`, `routes[].runner`, `extends`), argv placeholders,
 * route patterns and custom runner definitions. Each problem starts with the option's path,
 * `nx.json plugins[0].options.runners.fast.args[2]: unknown placeholder {promt} (did you mean
 * {prompt}?); known: ...`.
 */
export function runnerSettingsProblems(settings: RunnerSettings, layers: RunnerSettingsLayers, where: string): string[] {
  const problems: string[] = [];
  const known = runnerNames(layers);
  const nameProblem = (path: string, name: string) => {
    const message = unknownRunnerMessage(name, known);
    if (message) problems.push(`${path}: ${message}`);
  };
  if (settings.runner !== undefined) nameProblem(`${where}.runner`, settings.runner);
  (settings.routes ?? []).forEach((route, index) => {
    const path = `${where}.routes[${index}]`;
    nameProblem(`${path}.runner`, route.runner);
    const { text, phase } = route.match;
    if (text !== undefined) {
      try {
        compileTextPattern(text, `${path}.match.text`);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    if (phase !== undefined && phase.trim() === '') problems.push(`${path}.match.phase: an empty pattern matches no phase`);
  });
  for (const [name, definition] of Object.entries(settings.runners ?? {})) {
    const path = `${where}.runners.${name}`;
    if (name === 'shell') {
      problems.push(`${path}: "shell" is the built-in shell runner; pick another name`);
      continue;
    }
    for (const key of ['command', 'args'] as const) {
      (definition[key] ?? []).forEach((element, index) => {
        const message = placeholderProblem(element);
        if (message) problems.push(`${path}.${key}[${index}]: ${message}`);
      });
    }
    if (definition.extends === undefined) {
      if (!definition.command) {
        problems.push(
          `${path}: a custom runner needs "command" (an argv template such as ["my-agent", "--task", "{id}", "{prompt}"]) or "extends" (a preset or another runner)`,
        );
      }
      continue;
    }
    if (definition.extends === 'shell') {
      problems.push(`${path}.extends: "shell" cannot be extended; write a command instead`);
      continue;
    }
    const cycle = extendsCycle(name, layers);
    if (cycle) problems.push(`${path}.extends: circular runner definitions: ${cycle.join(' -> ')}`);
    else nameProblem(`${path}.extends`, definition.extends);
  }
  return problems;
}

/** Undefined when every `{name}` in the element is a known placeholder. */
export function placeholderProblem(element: string): string | undefined {
  const unknown = [...argvPlaceholdersIn([element])].filter((n) => !(ARGV_PLACEHOLDERS as readonly string[]).includes(n));
  if (!unknown.length) return undefined;
  const described = unknown.map((name) => {
    const meant = closestName(name, ARGV_PLACEHOLDERS);
    return `{${name}}${meant ? ` (did you mean {${meant}}?)` : ''}`;
  });
  return `unknown placeholder${unknown.length > 1 ? 's' : ''} ${described.join(', ')}; known: ${ARGV_PLACEHOLDERS.map((n) => `{${n}}`).join(', ')}`;
}

function customDefinition(layers: RunnerSettingsLayers, name: string) {
  return layers.feature?.runners?.[name] ?? layers.workspace?.runners?.[name];
}

/** The chain of `extends` from `name` back to a runner already in it (as selectRunner resolves it). */
function extendsCycle(name: string, layers: RunnerSettingsLayers): string[] | undefined {
  const chain = [name];
  let next = customDefinition(layers, name)?.extends;
  while (next !== undefined) {
    if (chain.includes(next)) return isAgentPresetName(next) ? undefined : [...chain, next];
    const definition = customDefinition(layers, next);
    if (!definition) return undefined;
    chain.push(next);
    next = definition.extends;
  }
  return undefined;
}
