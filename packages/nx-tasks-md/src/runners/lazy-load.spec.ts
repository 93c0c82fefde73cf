import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../../../..');

/** Which files under node_modules/execa a fresh Node process has loaded after requiring `modules`. */
function execaFilesAfterRequiring(modules: string[], then = ''): string[] {
  const script = `
    for (const file of ${JSON.stringify(modules)}) require(file);
    ${then}
    process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('/node_modules/execa/'))));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' }));
}

describe('execa', () => {
  it('is not loaded by the modules the pre-run hook and the task executor import, only by a spawn', () => {
    const modules = [resolve(__dirname, '../hooks/pre-tasks-execution.ts'), resolve(__dirname, '../executors/task/executor.ts')];
    expect(execaFilesAfterRequiring(modules)).toEqual([]);
    // The probe sees execa once it is loaded.
    expect(execaFilesAfterRequiring(modules, `require('execa');`)).not.toEqual([]);
  });
});
