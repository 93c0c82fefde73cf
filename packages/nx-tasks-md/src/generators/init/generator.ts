import { formatFiles, logger, readJson, readNxJson, updateNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { parsePluginOptions } from '../../config/options';
import { runnerNames, toLayers, unknownRunnerMessage } from '../../runners';
import { GITIGNORE_PATTERNS } from '../../state/paths';
import { addToGitignore } from './gitignore';

export interface InitGeneratorSchema {
  /** Default runner written into the plugin options: shell, an agent preset or a key of `runners`. */
  runner?: string;
  skipFormat?: boolean;
  keepExistingVersions?: boolean;
}

export const PLUGIN_NAME = 'nx-tasks-md';

type PluginEntry = NonNullable<ReturnType<typeof readNxJson>>['plugins'] extends (infer E)[] | undefined ? E : never;

/**
 * Registers the plugin in nx.json once (an existing registration, with its options, include and
 * exclude, stays as it is), sets the default runner when one is given, and adds the run state and
 * logs to .gitignore. Installs nothing and never touches package.json: the package manager that
 * installed the plugin (`nx add`, `npm i -D`, `pnpm add -D`, `yarn add -D`) owns that.
 */
export async function initGenerator(tree: Tree, schema: InitGeneratorSchema = {}): Promise<GeneratorCallback> {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const index = plugins.findIndex((entry) => (typeof entry === 'string' ? entry : entry.plugin) === PLUGIN_NAME);
  const registered = index >= 0;
  const current: Exclude<PluginEntry, string> = registered
    ? typeof plugins[index] === 'string'
      ? { plugin: PLUGIN_NAME }
      : { ...(plugins[index] as Exclude<PluginEntry, string>) }
    : { plugin: PLUGIN_NAME, options: {} };
  const options = { ...((current.options as Record<string, unknown> | undefined) ?? {}) };

  let runnerChange: string | undefined;
  if (schema.runner !== undefined && schema.runner !== options.runner) {
    const known = runnerNames(toLayers(parsePluginOptions(options, `nx.json plugin ${PLUGIN_NAME} options`)));
    const unknown = unknownRunnerMessage(schema.runner, known);
    if (unknown) throw new Error(`--runner ${schema.runner}: ${unknown}`);
    runnerChange = options.runner === undefined ? `runner "${schema.runner}"` : `runner "${schema.runner}" (was "${options.runner}")`;
    options.runner = schema.runner;
  }
  if (!registered || runnerChange) {
    const entry = { ...current, options };
    nxJson.plugins = registered ? plugins.map((p, i) => (i === index ? entry : p)) : [...plugins, entry];
    updateNxJson(tree, nxJson);
  }
  const ignored = addToGitignore(tree, GITIGNORE_PATTERNS);
  const fileSpec = fileDependency(tree);
  if (!schema.skipFormat) await formatFiles(tree);

  return () => {
    logger.info(
      [
        registered ? 'nx-tasks-md was already registered in nx.json.' : 'Registered nx-tasks-md in nx.json.',
        ...(runnerChange ? [`Set the default ${runnerChange} in its options.`] : []),
        ...(options.runner === undefined
          ? [
              'No default runner: tasks run their own commands (```sh blocks); for the others pass --run-with <runner>',
              `or set one: nx g nx-tasks-md:init --runner <${runnerNames({}).join('|')}>`,
            ]
          : []),
        ...(ignored.length ? [`Added to .gitignore: ${ignored.join(' ')}`] : []),
        'Next:',
        '  nx show projects                 # every tasks.md plan is a project (specs/001-x → feature-001)',
        '  nx run feature-001:plan          # phases, waves, critical path, diagnostics',
        '  nx run feature-001:implement     # run the whole plan',
      ].join('\n'),
    );
    if (fileSpec) {
      logger.warn(
        `package.json installs nx-tasks-md from "${fileSpec}", a path on this machine: a clone elsewhere ` +
          '(a teammate, CI) cannot install it. Install it from a registry once it is published there.',
      );
    }
  };
}

/** The `file:` spec package.json installs nx-tasks-md from (`nx add nx-tasks-md@file:…` writes one), if any. */
function fileDependency(tree: Tree): string | undefined {
  if (!tree.exists('package.json')) return undefined;
  const pkg = readJson<Record<string, Record<string, string> | undefined>>(tree, 'package.json');
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const spec = pkg[field]?.[PLUGIN_NAME];
    if (typeof spec === 'string' && spec.startsWith('file:')) return spec;
  }
  return undefined;
}

export default initGenerator;
