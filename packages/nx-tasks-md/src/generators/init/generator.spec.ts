import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { initGenerator } from './generator';

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('registers the plugin with empty options', async () => {
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'nx-tasks-md', options: {} }]);
  });

  it('is idempotent', async () => {
    await initGenerator(tree, { skipFormat: true });
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'nx-tasks-md', options: {} }]);
  });

  it('keeps an existing registration, its options and the other plugins untouched', async () => {
    const existing = [
      '@nx/js/typescript',
      { plugin: 'nx-tasks-md', options: { projectName: '{parent}-{number}' }, exclude: ['docs/**'] },
    ];
    updateNxJson(tree, { ...readNxJson(tree), plugins: existing });
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual(existing);
  });

  it('recognises a string registration', async () => {
    updateNxJson(tree, { ...readNxJson(tree), plugins: ['nx-tasks-md'] });
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual(['nx-tasks-md']);
  });

  it('prints what to run next', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'info').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    try {
      const callback = await initGenerator(tree, { skipFormat: true });
      await callback();
    } finally {
      spy.mockRestore();
    }
    const printed = lines.join('\n');
    expect(printed).toContain('nx show projects');
    expect(printed).toContain('nx run feature-001:plan');
    expect(printed).toContain('nx run feature-001:implement');
  });
});
