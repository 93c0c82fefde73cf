/**
 * Adding the packed plugin to fresh npm, pnpm and yarn workspaces with the commands the README
 * shows, then `nx g nx-tasks-md:init` with no package manager on PATH but the one `npx` fetched
 * (pnpm and yarn come from the npm registry through npx, as on a machine that never installed them).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packedPlugin, REPO_ROOT } from '../../testing/nx-workspace';

jest.setTimeout(300_000);

const NX_VERSION = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'nx', 'package.json'), 'utf8')).version as string;
const TARBALL = '/path/to/nx-tasks-md/dist/nx-tasks-md.tgz';

/** The README's install command per package manager (TARBALL stands for the packed plugin). */
const INSTALL: Record<string, string> = {
  npm: `npm install --save-dev ${TARBALL}`,
  pnpm: `pnpm add --save-dev ${TARBALL}`,
  yarn: `yarn add --dev ${TARBALL}`,
};
/** How this test runs each package manager: npx fetches pnpm and yarn from the npm registry. */
const RUN: Record<string, string[]> = { npm: ['npm'], pnpm: ['npx', '-y', 'pnpm@9'], yarn: ['npx', '-y', 'yarn@1'] };

function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('NX_') && !key.startsWith('npm_') && key !== 'INIT_CWD' && key !== 'CI') env[key] = value;
  }
  return { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', FORCE_COLOR: '0' };
}

let base = '';
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'nx-tasks-md-pm-'));
});
afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

it('the README shows the install command of every package manager', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  for (const command of Object.values(INSTALL)) expect([command, readme.includes(command)]).toEqual([command, true]);
  expect(readme).toContain('npx nx g nx-tasks-md:init --runner claude');
});

describe.each(Object.keys(INSTALL))('a fresh %s workspace', (manager) => {
  it('installs the plugin with its own package manager; init needs none and writes no package.json', () => {
    const root = join(base, manager);
    mkdirSync(root);
    const env = userEnv();
    const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: root, env, encoding: 'utf8', stdio: 'pipe' });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: `${manager}-workspace`, private: true }, null, 2) + '\n');
    writeFileSync(join(root, 'nx.json'), '{}\n');
    run('git', ['init', '-q', '-b', 'main']);
    const [command, ...prefix] = RUN[manager];
    const install = INSTALL[manager].replace(TARBALL, packedPlugin().tarball).split(' ').slice(1);
    run(command, [...prefix, ...install, `nx@${NX_VERSION}`, ...(manager === 'yarn' ? ['--registry', 'https://registry.npmjs.org/'] : [])]);
    const packageJson = readFileSync(join(root, 'package.json'), 'utf8');

    // node_modules/.bin/nx is what `npx nx` runs; PATH keeps no pnpm or yarn.
    const output = run(join(root, 'node_modules', '.bin', 'nx'), ['g', 'nx-tasks-md:init', '--runner', 'claude', '--no-interactive']);
    expect(output).toContain('Registered nx-tasks-md in nx.json.');
    expect(JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8')).plugins).toEqual([
      { plugin: 'nx-tasks-md', options: { runner: 'claude' } },
    ]);
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toContain('**/.nx-tasks-md/\n');
    expect(readFileSync(join(root, 'package.json'), 'utf8')).toBe(packageJson);
  });
});
