/** nx.json entries of this plugin: `nx-tasks-md`, or a path to its source or build. */
export function isTasksMdPlugin(name: string): boolean {
  return name === 'nx-tasks-md' || /(^|[\\/])nx-tasks-md([\\/]|$)/.test(name);
}

type PluginEntry = string | { plugin: string; options?: unknown };

/**
 * Where the plugin's options are in nx.json, as messages name it: `nx.json plugins[0].options`.
 * With several entries of the plugin, the one whose options are `options`.
 */
export function pluginOptionsPath(plugins: readonly PluginEntry[] | undefined, options?: unknown): string {
  const entries = (plugins ?? [])
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => isTasksMdPlugin(typeof entry === 'string' ? entry : entry.plugin));
  const same = (entry: PluginEntry) =>
    JSON.stringify(typeof entry === 'string' ? {} : (entry.options ?? {})) === JSON.stringify(options ?? {});
  const found = options === undefined ? entries[0] : (entries.find(({ entry }) => same(entry)) ?? entries[0]);
  return found ? `nx.json plugins[${found.index}].options` : 'nx.json plugin options';
}
