import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem, release, platform } from 'node:os';

/** What the figures were measured on. */
export function describeMachine({ nxVersion, pluginVersion, pluginSourceHash, repoRoot }) {
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model?.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    freeMemoryGiB: +(freemem() / 2 ** 30).toFixed(1),
    os: `${platform()} ${release()}`,
    node: process.version,
    nx: nxVersion,
    plugin: pluginVersion,
    pluginSourceHash,
    commit: git(repoRoot, ['rev-parse', '--short', 'HEAD']),
    dirty: git(repoRoot, ['status', '--porcelain', '--', 'packages/nx-tasks-md/src']) !== '',
    loadAverage: loadavg().map((v) => +v.toFixed(2)),
    date: new Date().toISOString(),
  };
}

export function currentLoad() {
  return loadavg().map((v) => +v.toFixed(2));
}

function git(cwd, args) {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
