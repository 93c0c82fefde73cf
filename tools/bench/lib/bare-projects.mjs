/**
 * The projects of `nx graph --file` output written as project.json files with the same targets
 * and the same dependsOn, but nothing else: `nx:noop`, no inputs, outputs, options or metadata.
 * Returns the files and the number of targets.
 */
export function bareProjectJsonFiles(graphJson) {
  const files = {};
  let targets = 0;
  for (const node of Object.values(graphJson.graph.nodes)) {
    const { root, name, implicitDependencies } = node.data;
    const bare = {};
    for (const [target, config] of Object.entries(node.data.targets ?? {})) {
      bare[target] = { executor: 'nx:noop', ...(config.dependsOn?.length ? { dependsOn: config.dependsOn } : {}) };
      targets++;
    }
    files[`${root}/project.json`] = JSON.stringify({
      name,
      root,
      ...(implicitDependencies?.length ? { implicitDependencies } : {}),
      targets: bare,
    });
  }
  return { files, targets };
}
