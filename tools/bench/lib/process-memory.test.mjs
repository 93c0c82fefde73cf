import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { descendants, parentPidFromStat, peakRssFromStatus, processRole, sampleProcessTree } from './process-memory.mjs';

test('reads the peak resident set from a /proc status text', () => {
  assert.equal(peakRssFromStatus('Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t 1000 kB\n'), 200 * 1024 * 1024);
  assert.equal(peakRssFromStatus('Name:\tkthreadd\n'), undefined);
});

test('reads the parent pid from a /proc stat line whose command holds spaces and parentheses', () => {
  assert.equal(parentPidFromStat('4242 (node (worker) x) S 17 4242 4242 0 -1'), 17);
});

test('finds every process under a root, and only those', () => {
  const parents = new Map([
    [10, 1],
    [11, 10],
    [12, 11],
    [13, 1],
    [14, 12],
  ]);
  assert.deepEqual(descendants(10, parents).sort(), [10, 11, 12, 14]);
});

test('tells the nx process, a plugin worker (by plugin name) and others apart', () => {
  assert.equal(processRole(5, 5, ['node', 'nx.js', 'show']), 'nx');
  const worker = [
    'node',
    '--conditions',
    'development',
    '/x/nx/dist/src/project-graph/plugins/isolation/plugin-worker.js',
    '/tmp/s.sock',
    'nx-tasks-md',
    '/ws',
  ];
  assert.equal(processRole(6, 5, worker), 'plugin:nx-tasks-md');
  assert.equal(processRole(7, 5, ['sh', '-c', 'echo']), 'other');
});

test('samples the peak memory of a real process tree', { skip: process.platform !== 'linux' }, async () => {
  // A child that holds about 64 MB for a moment, under a parent that holds little.
  const script =
    "const c = require('node:child_process').spawn(process.execPath, ['-e', 'const b = Buffer.alloc(64 * 1024 * 1024, 1); setTimeout(() => b.length, 600)'], { stdio: 'inherit' }); c.on('close', () => {});";
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const sampler = sampleProcessTree(child.pid, 20);
  await new Promise((resolve) => child.on('close', resolve));
  const peaks = sampler.stop();
  assert.ok(peaks.nx > 0, JSON.stringify(peaks));
  assert.ok(peaks.other >= 64 * 1024 * 1024, JSON.stringify(peaks));
  assert.ok(peaks.nx < peaks.other, JSON.stringify(peaks));
});
