// ESLint for the workspace, set up like @nx/eslint-plugin's flat/typescript and flat/javascript
// presets (what Nx's own repo uses): eslint's and typescript-eslint's recommended rules, then
// eslint-config-prettier so that layout is Prettier's alone. Two differences from the preset:
// `@typescript-eslint/no-require-imports` stays on (a require() is a deliberate lazy load, marked
// where it happens), and the plugin's folders may only import downward (`layerBoundaries` below).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS = ['**/*.ts', '**/*.cts', '**/*.mts'];
const SRC = 'packages/nx-tasks-md/src';

/**
 * The plugin's folders, lowest first: a folder imports only from its own layer and the layers
 * before it. Layers hold folders of packages/nx-tasks-md/src (and two top-level files).
 */
const LAYERS = [
  ['model.ts', 'parse', 'graph'], // pure: the document model, the parser and the task graph
  ['config'], // the settings' schemas and where they are read from
  ['writer'], // checkbox and note edits of tasks.md
  ['state'], // the state file, locks, safe writes
  ['feature'], // analysis of one feature's tasks.md, shared by all the entry points below
  ['isolation'], // git worktrees for tasks run side by side: snapshot, worktree, merge back
  ['runners'],
  ['gates'],
  ['report', 'plugin', 'executors', 'hooks', 'generators', 'index.ts'], // the entry points
];
/** Folders of one layer that must still not import each other's code. */
const SIDEWAYS = {
  plugin: ['executors'], // createNodes loads in every plugin worker; executors load for runs
  hooks: ['executors'],
};
/** Test helpers: no production module imports them. */
const TEST_ONLY = ['testing'];

function layerBoundaries() {
  const zones = [];
  LAYERS.forEach((layer, index) => {
    const above = LAYERS.slice(index + 1).flat();
    for (const folder of layer) {
      for (const from of [...above, ...(SIDEWAYS[folder] ?? []), ...TEST_ONLY]) {
        zones.push({
          target: `${SRC}/${folder}`,
          from: `${SRC}/${from}`,
          message: TEST_ONLY.includes(from)
            ? `${from}/ holds test helpers; production code does not import it.`
            : `${folder}/ must not import from ${from}/: imports point downward (LAYERS in eslint.config.mjs).`,
        });
      }
    }
  });
  return ['error', { zones }];
}

export default defineConfig(
  {
    ignores: ['**/node_modules/', '**/dist/', '**/coverage/', '**/tmp/', '.nx/', '**/__fixtures__/', 'e2e/fixtures/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    files: TS,
    extends: [tseslint.configs.recommended],
    rules: {
      // @nx/eslint-plugin's preset makes the next three warnings; a warning nobody acts on is noise,
      // so `npm run lint` allows none and each rule is either an error or off.
      '@typescript-eslint/no-non-null-assertion': 'off', // `!` after a lookup the code has just checked
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-inferrable-types': 'error',
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
  {
    rules: {
      // New in eslint 10's recommended set, not in the eslint 9 set Nx's preset builds on. Our rethrows
      // are user-facing messages that already quote the cause (file, reason).
      'preserve-caught-error': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
  {
    files: [`${SRC}/**/*.ts`],
    ignores: ['**/*.spec.ts', `${SRC}/testing/**`],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-restricted-paths': layerBoundaries() },
  },
  prettier,
);
