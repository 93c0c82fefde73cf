#!/usr/bin/env node
// Builds and packs packages/nx-tasks-md: the one build of the plugin, used by `npm run build`,
// `npm run pack:plugin`, the real-Nx test workspaces (src/testing/nx-workspace.ts) and the benchmarks.
//   node tools/build-plugin.mjs                 dist/packages/nx-tasks-md (CommonJS, declarations, manifests)
//   node tools/build-plugin.mjs --pack          the same, and the installable tarball dist/nx-tasks-md.tgz
//   node tools/build-plugin.mjs --cached <dir>  built and packed once per source state under <dir>;
//                                               prints {"tarball","packageDir","version","hash"}
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'packages/nx-tasks-md');
/** Source folders that never go into the package. */
const NOT_PACKAGED = ['testing', '__fixtures__'];

/** Compiles the plugin into `outDir` with its manifests, README and non-TypeScript assets; a type error fails it. */
export function buildPlugin(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  try {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(pkgDir, 'tsconfig.lib.json'), '--outDir', outDir],
      {
        encoding: 'utf8',
        stdio: 'pipe',
      },
    );
  } catch (error) {
    throw new Error(`building nx-tasks-md failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
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
        if (!NOT_PACKAGED.includes(entry)) copyAssets(full);
      } else if (!entry.endsWith('.ts') || entry.endsWith('.d.ts')) {
        const target = join(outDir, relative(pkgDir, full));
        mkdirSync(dirname(target), { recursive: true });
        cpSync(full, target);
      }
    }
  };
  copyAssets(join(pkgDir, 'src'));
}

/** `npm pack` of a build into `destination/nx-tasks-md.tgz`; returns the tarball's path. */
export function packPlugin(buildDir, destination) {
  mkdirSync(destination, { recursive: true });
  const out = execFileSync('npm', ['pack', buildDir, '--pack-destination', destination, '--json', '--ignore-scripts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [{ filename }] = JSON.parse(out);
  const tarball = join(destination, 'nx-tasks-md.tgz');
  rmSync(tarball, { force: true });
  renameSync(join(destination, filename), tarball);
  return tarball;
}

/** Hash of everything that goes into the package, so an edit triggers a rebuild. */
export function sourceHash() {
  const hash = createHash('sha256');
  const visit = (dir) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (!NOT_PACKAGED.includes(entry)) visit(full);
      } else if (!entry.endsWith('.spec.ts')) {
        hash.update(relative(pkgDir, full)).update(readFileSync(full));
      }
    }
  };
  visit(join(pkgDir, 'src'));
  for (const file of ['package.json', 'executors.json', 'generators.json', 'tsconfig.json', 'tsconfig.lib.json']) {
    const full = join(pkgDir, file);
    if (existsSync(full)) hash.update(file).update(readFileSync(full));
  }
  hash.update(readFileSync(join(root, 'tsconfig.base.json')));
  return hash.digest('hex').slice(0, 20);
}

/**
 * The plugin built, packed and unpacked into `<cacheDir>/<source hash>/` (nx-tasks-md.tgz and
 * package/), once per source state: test files, their workers and benchmark runs share it, and a
 * lock folder keeps two processes from building it at once.
 */
export function packedPlugin(cacheDir) {
  const hash = sourceHash();
  const ready = join(cacheDir, hash);
  if (!existsSync(join(ready, 'package', 'package.json'))) buildOnce(cacheDir, ready);
  const version = JSON.parse(readFileSync(join(ready, 'package', 'package.json'), 'utf8')).version;
  return { tarball: join(ready, 'nx-tasks-md.tgz'), packageDir: join(ready, 'package'), version, hash };
}

function buildOnce(cacheDir, ready) {
  mkdirSync(cacheDir, { recursive: true });
  const lock = `${ready}.lock`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(join(ready, 'package', 'package.json'))) return;
      if (Date.now() > deadline || ageMs(lock) > 300_000) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      sleep(200);
    }
  }
  try {
    if (existsSync(join(ready, 'package', 'package.json'))) return;
    const staging = mkdtempSync(`${ready}.staging-`);
    const build = join(staging, 'build');
    buildPlugin(build);
    const tarball = packPlugin(build, staging);
    execFileSync('tar', ['-xzf', tarball, '-C', staging]);
    rmSync(build, { recursive: true, force: true });
    rmSync(ready, { recursive: true, force: true });
    renameSync(staging, ready);
    for (const entry of readdirSync(cacheDir)) {
      const full = join(cacheDir, entry);
      if (!full.startsWith(ready) && ageMs(full) > 3_600_000) rmSync(full, { recursive: true, force: true });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function ageMs(path) {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const cached = args.indexOf('--cached');
  if (cached >= 0) {
    if (!args[cached + 1]) throw new Error('--cached needs a folder');
    process.stdout.write(JSON.stringify(packedPlugin(resolve(args[cached + 1]))) + '\n');
  } else {
    const outDir = join(root, 'dist/packages/nx-tasks-md');
    buildPlugin(outDir);
    if (args.includes('--pack')) {
      console.log(`packed ${relative(root, packPlugin(outDir, join(root, 'dist')))}`);
    } else {
      console.log(`built ${relative(root, outDir)}`);
    }
  }
}
