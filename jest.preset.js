// Shared Jest settings. TypeScript and the ESM-only dependencies (remark-parse, unified, execa and
// their trees) are compiled to CommonJS by SWC, because Jest's module registry cannot require() ESM.
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

function esmOnlyPackages(nodeModules) {
  const names = [];
  const visit = (dir, scope) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
      if (!scope && entry.name.startsWith('@')) {
        visit(join(dir, entry.name), entry.name);
        continue;
      }
      const nested = join(dir, entry.name, 'node_modules');
      if (existsSync(nested)) visit(nested);
      const manifest = join(dir, entry.name, 'package.json');
      if (!existsSync(manifest)) continue;
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).type === 'module') {
          names.push(scope ? `${scope}/${entry.name}` : entry.name);
        }
      } catch {
        // unreadable manifest: leave the package untransformed
      }
    }
  };
  visit(nodeModules);
  return names;
}

const esm = [...new Set(esmOnlyPackages(join(__dirname, 'node_modules')))];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esm.map(escape).join('|')})/)`],
  resolver: join(__dirname, 'tools/jest-resolver.js'),
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
