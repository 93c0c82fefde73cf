// Peak memory of a process and its descendants (Linux /proc), sampled while it runs: the peak
// resident set (VmHWM) of the nx process and of each plugin worker Nx spawns for it.
import { readdirSync, readFileSync } from 'node:fs';

/** `VmHWM` (peak resident set size) of a /proc/<pid>/status text, in bytes; undefined if absent. */
export function peakRssFromStatus(statusText) {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(statusText);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** The parent pid from a /proc/<pid>/stat line (the command name may hold spaces and parentheses). */
export function parentPidFromStat(statText) {
  const fields = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  return Number(fields[1]);
}

/**
 * The pids under `root` (itself included) in a pid → parent pid map.
 * @param {number} root
 * @param {Map<number, number>} parents
 */
export function descendants(root, parents) {
  const children = new Map();
  for (const [pid, parent] of parents) {
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(pid);
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i]) ?? []));
  return found;
}

/**
 * What a process of an nx run is, from its arguments: `nx` (the root), `plugin:<name>` (Nx's
 * isolated plugin worker for that plugin: `plugin-worker.js <socket> <name> <root>`), or `other`.
 */
export function processRole(pid, root, args) {
  if (pid === root) return 'nx';
  const worker = args.findIndex((a) => a.endsWith('plugin-worker.js'));
  if (worker >= 0 && args[worker + 2]) return `plugin:${args[worker + 2]}`;
  return 'other';
}

/** The tree from /proc/<pid>/task/<tid>/children (cheap; undefined where the kernel lacks it). */
function childrenFilesTree(root) {
  const found = [root];
  for (let i = 0; i < found.length; i++) {
    let tasks;
    try {
      tasks = readdirSync(`/proc/${found[i]}/task`);
    } catch {
      if (i === 0) return undefined;
      continue;
    }
    for (const tid of tasks) {
      let text;
      try {
        text = readFileSync(`/proc/${found[i]}/task/${tid}/children`, 'utf8');
      } catch (error) {
        if (error.code === 'ENOENT' && i === 0) return undefined;
        continue;
      }
      for (const child of text.split(' ')) if (child.trim()) found.push(Number(child));
    }
  }
  return found;
}

function readParents() {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parents.set(Number(entry), parentPidFromStat(readFileSync(`/proc/${entry}/stat`, 'utf8')));
    } catch {
      // gone meanwhile
    }
  }
  return parents;
}

/**
 * Samples the tree under `pid` every `intervalMs` until stopped. VmHWM only grows, so the last
 * value read before a process ends is its peak (a worker that lives shorter than one interval is
 * missed). Returns `stop()`, which gives peak bytes per role (the largest process of that role).
 * Where /proc is not there, `stop()` gives an empty object.
 */
export function sampleProcessTree(pid, intervalMs = 20) {
  const peaks = new Map();
  const roles = new Map();
  const sample = () => {
    let tree;
    try {
      tree = childrenFilesTree(pid) ?? descendants(pid, readParents());
    } catch {
      return;
    }
    for (const p of tree) {
      try {
        // Read again while unknown: a child just forked shows its parent's arguments until it execs.
        if ((roles.get(p) ?? 'other') === 'other')
          roles.set(p, processRole(p, pid, readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0')));
        const rss = peakRssFromStatus(readFileSync(`/proc/${p}/status`, 'utf8'));
        if (rss !== undefined) peaks.set(p, Math.max(peaks.get(p) ?? 0, rss));
      } catch {
        // ended meanwhile
      }
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const byRole = {};
      for (const [p, bytes] of peaks) {
        const role = roles.get(p);
        byRole[role] = Math.max(byRole[role] ?? 0, bytes);
      }
      return byRole;
    },
  };
}
