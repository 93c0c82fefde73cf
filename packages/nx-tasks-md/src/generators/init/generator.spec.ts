import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { AGENT_PRESETS } from '../../runners';
import { initGenerator } from './generator';
import schemaJson from './schema.json';

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
    const existing = ['@nx/js/typescript', { plugin: 'nx-tasks-md', options: { projectName: '{parent}-{number}' }, exclude: ['docs/**'] }];
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

  describe('runner', () => {
    it('writes the runner it is given into the plugin options', async () => {
      await initGenerator(tree, { skipFormat: true, runner: 'claude' });
      expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'nx-tasks-md', options: { runner: 'claude' } }]);
    });

    it('sets it on an existing registration, keeping its other options, include and exclude', async () => {
      const runners = { mine: { command: ['mine', '{prompt}'] } };
      updateNxJson(tree, {
        ...readNxJson(tree),
        plugins: ['@nx/js/typescript', { plugin: 'nx-tasks-md', options: { runner: 'codex', runners }, exclude: ['docs/**'] }],
      });
      await initGenerator(tree, { skipFormat: true, runner: 'mine' });
      expect(readNxJson(tree)?.plugins).toEqual([
        '@nx/js/typescript',
        { plugin: 'nx-tasks-md', options: { runner: 'mine', runners }, exclude: ['docs/**'] },
      ]);
      updateNxJson(tree, { ...readNxJson(tree), plugins: ['nx-tasks-md'] });
      await initGenerator(tree, { skipFormat: true, runner: 'shell' });
      expect(readNxJson(tree)?.plugins).toEqual([{ plugin: 'nx-tasks-md', options: { runner: 'shell' } }]);
    });

    it('refuses an unknown runner, naming the closest known one, and changes nothing', async () => {
      const before = tree.read('nx.json', 'utf-8');
      await expect(initGenerator(tree, { skipFormat: true, runner: 'clade' })).rejects.toThrow(
        '--runner clade: unknown runner "clade" (did you mean claude?); known: shell, claude',
      );
      expect(tree.read('nx.json', 'utf-8')).toBe(before);
    });

    it('offers every agent preset and shell in its prompt', () => {
      const items = schemaJson.properties.runner['x-prompt'].items.map((item) => item.value);
      expect(items).toEqual([...Object.keys(AGENT_PRESETS), 'shell']);
    });
  });

  describe('.gitignore', () => {
    const PATTERNS = ['**/.nx-tasks-md/', '**/.implementation-state.json', '**/.implementation-state.corrupt-*.json'];

    it('creates it when there is none', async () => {
      tree.delete('.gitignore');
      await initGenerator(tree, { skipFormat: true });
      expect(tree.read('.gitignore', 'utf-8')).toBe(['# nx-tasks-md: run state, logs and locks', ...PATTERNS, ''].join('\n'));
    });

    it("appends what is missing, in the file's own line endings, once", async () => {
      tree.write('.gitignore', 'node_modules\r\n**/.nx-tasks-md/\r\ndist');
      await initGenerator(tree, { skipFormat: true });
      await initGenerator(tree, { skipFormat: true });
      expect(tree.read('.gitignore', 'utf-8')).toBe(
        ['node_modules', '**/.nx-tasks-md/', 'dist', '', '# nx-tasks-md: run state, logs and locks', ...PATTERNS.slice(1), ''].join('\r\n'),
      );
    });
  });

  describe('package.json', () => {
    it('is never written, and a file: install of the plugin gets a warning', async () => {
      const pkg = '{\n  "name": "ws",\n  "devDependencies": { "nx-tasks-md": "file:../dist/nx-tasks-md.tgz" }\n}\n';
      tree.write('package.json', pkg);
      const warnings: string[] = [];
      const spy = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
      const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
      try {
        const callback = await initGenerator(tree, { skipFormat: true, runner: 'claude', keepExistingVersions: true });
        await callback();
      } finally {
        spy.mockRestore();
        info.mockRestore();
      }
      expect(tree.read('package.json', 'utf-8')).toBe(pkg);
      expect(warnings.join('\n')).toContain('package.json installs nx-tasks-md from "file:../dist/nx-tasks-md.tgz"');
    });
  });
});
