import { formatFiles, logger, readNxJson, updateNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';

export interface InitGeneratorSchema {
  skipFormat?: boolean;
}

export const PLUGIN_NAME = 'nx-tasks-md';

/**
 * Registers the plugin in nx.json once: an existing registration (string or object, with its
 * options, include and exclude) is left exactly as it is.
 */
export async function initGenerator(tree: Tree, schema: InitGeneratorSchema = {}): Promise<GeneratorCallback> {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const registered = plugins.some((entry) => (typeof entry === 'string' ? entry : entry.plugin) === PLUGIN_NAME);
  if (!registered) {
    nxJson.plugins = [...plugins, { plugin: PLUGIN_NAME, options: {} }];
    updateNxJson(tree, nxJson);
  }
  if (!schema.skipFormat) await formatFiles(tree);
  return () => {
    logger.info(
      [
        registered ? 'nx-tasks-md was already registered in nx.json.' : 'Registered nx-tasks-md in nx.json.',
        'Next:',
        '  nx show projects                 # every tasks.md plan is a project (specs/001-x → feature-001)',
        '  nx run feature-001:plan          # phases, waves, critical path, diagnostics',
        '  nx run feature-001:implement     # run the whole plan',
      ].join('\n'),
    );
  };
}

export default initGenerator;
