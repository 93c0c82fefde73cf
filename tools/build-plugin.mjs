#!/usr/bin/env node
// Builds packages/nx-tasks-md into dist/packages/nx-tasks-md (CommonJS, with declarations and the
// JSON manifests). With --pack, also writes the installable tarball dist/nx-tasks-md.tgz.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'packages/nx-tasks-md');
const outDir = join(root, 'dist/packages/nx-tasks-md');

rmSync(outDir, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(pkgDir, 'tsconfig.lib.json')], {
  stdio: 'inherit',
});

for (const file of ['package.json', 'executors.json', 'generators.json', 'README.md']) {
  const from = join(pkgDir, file);
  if (existsSync(from)) cpSync(from, join(outDir, file));
}
if (!existsSync(join(pkgDir, 'README.md')) && existsSync(join(root, 'README.md'))) {
  cpSync(join(root, 'README.md'), join(outDir, 'README.md'));
}

// Non-TypeScript assets that live next to the source (schema.json, templates, files/).
const copyAssets = (dir) => {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry === '__fixtures__' || entry === 'testing') continue;
      copyAssets(full);
    } else if (!entry.endsWith('.ts') || entry.endsWith('.d.ts')) {
      const target = join(outDir, relative(pkgDir, full));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(full, target);
    }
  }
};
copyAssets(join(pkgDir, 'src'));

if (process.argv.includes('--pack')) {
  const distRoot = join(root, 'dist');
  const out = execFileSync('npm', ['pack', outDir, '--pack-destination', distRoot, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [{ filename }] = JSON.parse(out);
  const target = join(distRoot, 'nx-tasks-md.tgz');
  rmSync(target, { force: true });
  renameSync(join(distRoot, filename), target);
  console.log(`packed ${relative(root, target)}`);
} else {
  console.log(`built ${relative(root, outDir)}`);
}
