export * from './types';
export { AGENT_PRESETS, isAgentPresetName, type AgentPreset, type AgentPresetName } from './presets';
export { ARGV_PLACEHOLDERS, checkArgvTemplate, substituteArgv, type ArgvValues } from './argv-template';
export { routeMatches } from './routes';
export {
  RunnerSelectionError,
  noRunnerMessage,
  runnerNames,
  runPolicy,
  selectRunner,
  toLayers,
  unknownRunnerMessage,
  type RunPolicy,
} from './select';
export {
  CONSTITUTION_PATH,
  DEFAULT_PROMPT_TEMPLATE,
  FEATURE_CONTEXT_DOCS,
  PROMPT_PLACEHOLDERS,
  buildPrompt,
  checkPromptTemplate,
  findContextDocs,
  loadPromptTemplate,
  promptFields,
  renderPrompt,
  type PromptFields,
} from './prompt';
export { childEnv, taskEnv } from './env';
export { spawnTree, type SpawnControls, type SpawnOutcome, type SpawnSpec } from './process-tree';
export { backoffDelay, defaultPromptFile, guardLeadingDash, runTask } from './run-task';
