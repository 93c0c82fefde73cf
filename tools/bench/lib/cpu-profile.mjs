import { readFileSync } from 'node:fs';

/**
 * Sums a V8 .cpuprofile by where the time was spent: self time per bucket, where a bucket is what
 * `classify(url, functionName)` returns for the frame (e.g. a package name). Returns ms, largest first.
 */
export function profileBuckets(profile, classify) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas ?? [];
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0)));
  const buckets = new Map();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id).callFrame;
    const bucket = classify(frame.url, frame.functionName);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + us / 1000);
  }
  return [...buckets.entries()].sort((a, b) => b[1] - a[1]);
}

/**
 * Inclusive time (ms) of frames whose url matches, counted once per sample even when recursive:
 * "how long was any code of X on the stack".
 */
export function inclusiveMs(profile, matches) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const memo = new Map();
  const onStack = (id) => {
    if (memo.has(id)) return memo.get(id);
    const node = byId.get(id);
    const value = matches(node.callFrame.url, node.callFrame.functionName) || (parent.has(id) && onStack(parent.get(id)));
    memo.set(id, value);
    return value;
  };
  let us = 0;
  const deltas = profile.timeDeltas ?? [];
  profile.samples.forEach((id, i) => {
    if (onStack(id)) us += deltas[i] ?? 0;
  });
  return us / 1000;
}

export function readProfile(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The package a frame belongs to: `nx`, `nx-tasks-md/<folder>`, `node:internal`, `(program)`, ... */
export function packageOf(url, functionName) {
  if (!url) return functionName && functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node (core)';
  const path = url.replace(/^file:\/\//, '');
  const at = path.lastIndexOf('/node_modules/');
  if (at < 0) return 'other';
  const rest = path.slice(at + '/node_modules/'.length).split('/');
  const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  if (name === 'nx-tasks-md') {
    const folder = rest[1] === 'src' ? rest[2] : rest[1];
    return `nx-tasks-md/${folder.replace(/\.js$/, '')}`;
  }
  return name;
}

/**
 * Where one executor process spent its time, by phase of the work: loading Nx, loading the
 * plugin's modules (by package), parsing tasks.md, the graph, the runner, the rest of the plugin
 * (state file, lock, writer), garbage collection, idle (waiting for the child, the lock, I/O).
 * Returns [category, ms] pairs, largest first, and the total.
 */
export function executorBreakdown(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map();
  const categoryOf = (id) => {
    if (memo.has(id)) return memo.get(id);
    const chain = [];
    for (let at = id; at !== undefined; at = parent.get(at)) chain.push(byId.get(at).callFrame);
    chain.reverse();
    const leaf = chain[chain.length - 1];
    let category;
    if (leaf.functionName === '(idle)') category = 'idle (waiting for the shell, the lock, I/O)';
    else if (leaf.functionName === '(garbage collector)') category = 'garbage collection';
    else {
      const loadAt = chain.findIndex((c) => c.functionName === 'Module._load' || c.functionName === 'importSyncForRequire');
      const ours = (c) => c.url.includes('/node_modules/nx-tasks-md/');
      const has = (name) => chain.some((c) => c.functionName === name);
      if (loadAt >= 0) {
        const after = chain.slice(loadAt);
        const firstOurs = after.findIndex(ours);
        if (firstOurs < 0) category = 'loading Nx (executor start-up)';
        else {
          const dep = after.slice(firstOurs).find((c) => c.url.includes('/node_modules/') && !ours(c) && c.functionName === '');
          category = `loading plugin code: ${dep ? packageOf(dep.url) : 'nx-tasks-md'}`;
        }
      } else if (has('parseTasksMd')) category = 'parsing tasks.md';
      else if (has('buildTaskGraph') || has('analyzeDocument')) category = 'task graph and analysis';
      else if (has('runTask')) category = 'runner (spawning the shell)';
      else if (chain.some(ours)) category = 'plugin: state file, lock, writer, options';
      else category = 'Nx (executor start-up and teardown)';
    }
    memo.set(id, category);
    return category;
  };
  const totals = new Map();
  let total = 0;
  const deltas = profile.timeDeltas ?? [];
  profile.samples.forEach((id, i) => {
    const ms = (deltas[i] ?? 0) / 1000;
    total += ms;
    const category = categoryOf(id);
    totals.set(category, (totals.get(category) ?? 0) + ms);
  });
  return { total, categories: [...totals.entries()].sort((a, b) => b[1] - a[1]) };
}
