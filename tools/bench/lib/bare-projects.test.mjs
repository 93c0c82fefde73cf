import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bareProjectJsonFiles } from './bare-projects.mjs';

test('declares the same projects and targets with the same dependsOn, as nx:noop and nothing else', () => {
  const graph = {
    graph: {
      nodes: {
        'feature-1': {
          data: {
            root: 'specs/0001-feature',
            name: 'feature-1',
            implicitDependencies: [],
            metadata: { description: 'x' },
            targets: {
              T001: {
                executor: 'nx-tasks-md:task',
                dependsOn: ['^implement'],
                inputs: ['a'],
                options: { taskId: 'T001' },
                metadata: { description: 'd' },
              },
              'phase-1': { executor: 'nx:noop', dependsOn: ['T001'] },
              plan: { executor: 'nx-tasks-md:plan', options: {} },
            },
          },
        },
        'feature-2': {
          data: {
            root: 'specs/0002-feature',
            name: 'feature-2',
            implicitDependencies: ['feature-1'],
            targets: { plan: { executor: 'x', dependsOn: [] } },
          },
        },
      },
    },
  };
  const { files, targets } = bareProjectJsonFiles(graph);
  assert.equal(targets, 4);
  assert.deepEqual(JSON.parse(files['specs/0001-feature/project.json']), {
    name: 'feature-1',
    root: 'specs/0001-feature',
    targets: {
      T001: { executor: 'nx:noop', dependsOn: ['^implement'] },
      'phase-1': { executor: 'nx:noop', dependsOn: ['T001'] },
      plan: { executor: 'nx:noop' },
    },
  });
  assert.deepEqual(JSON.parse(files['specs/0002-feature/project.json']), {
    name: 'feature-2',
    root: 'specs/0002-feature',
    implicitDependencies: ['feature-1'],
    targets: { plan: { executor: 'nx:noop' } },
  });
});
