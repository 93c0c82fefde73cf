/** Files the plugin writes into a feature folder while it runs (state, archive, report, logs, lock). */
const RUN_ARTIFACTS = ['.implementation-state.json', '.implementation-completed.json', 'implementation-report.md', '.nx-tasks-md'];

/** Puts a feature back to "never run": its original tasks.md and none of the run's files. */
export function resetFeature(ws, featureDir, tasksText) {
  ws.write(`${featureDir}/tasks.md`, tasksText);
  for (const name of RUN_ARTIFACTS) ws.remove(`${featureDir}/${name}`);
}

/** How many boxes of the feature's tasks.md are ticked and how many are not. */
export function checkboxCounts(ws, featureDir) {
  const text = ws.read(`${featureDir}/tasks.md`);
  return {
    ticked: (text.match(/^\s*- \[[xX]\] /gm) ?? []).length,
    open: (text.match(/^\s*- \[[^xX]\] /gm) ?? []).length,
  };
}

/** The installed plugin's own modules, loaded from inside the workspace. */
export function pluginModules(ws) {
  return {
    analyzeFeature: ws.pluginModule('src/feature/analyze-feature').analyzeFeature,
    graph: ws.pluginModule('src/graph'),
  };
}
