#!/usr/bin/env node
/**
 * How many tasks of real plans name a file that resolves nowhere, with the plugin's own parsing
 * and path resolution (the TypeScript sources, loaded through @swc-node/register).
 *
 *   node tools/scan-corpus-paths.mjs [corpus-dir] [--list]
 *
 * corpus-dir (default ../shared/corpus next to this repository) holds tasks.md files and a
 * MANIFEST.tsv giving each one's path in its repository; the files are read in place.
 *
 * Whether a path exists in the plan's repository is unknowable here, so "resolves nowhere" means:
 * - bare-at-root: a name without a folder placed at the workspace root that is not a kind of file
 *   that lives there (package.json, README.md, Makefile, go.mod, ...);
 * - not-a-path: a code token taken for a file (`tea.Cmd`, `http.Handler`, `process.env`);
 * - context-output: a document of the feature folder (spec.md, data-model.md, contracts/...)
 *   made a required output of the task.
 * A task counts once per kind, and once in the total however many kinds it has.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
require('@swc-node/register');
const src = join(here, '../packages/nx-tasks-md/src');
const { parseTasksMd } = require(join(src, 'parse/parse-tasks-md.ts'));
const { analyzeDocument } = require(join(src, 'feature/analyze-document.ts'));

const args = process.argv.slice(2);
const list = args.includes('--list');
const corpus = resolve(args.find((a) => !a.startsWith('--')) ?? join(here, '../../shared/corpus'));

/** Files that live at a repository's root. */
const ROOT_KINDS =
  /^(package(-lock)?\.json|pnpm-(lock|workspace)\.yaml|yarn\.lock|bun\.lockb?|tsconfig(\.[\w-]+)?\.json|jsconfig\.json|(nx|lerna|turbo|deno|vercel|netlify|firebase|biome|components|angular|app)\.json|[\w.-]*\.config\.(js|cjs|mjs|ts|cts|mts|json)|\.[\w.-]+rc(\.\w+)?|\.env(\.[\w-]+)?|\.(git|docker|npm|prettier|eslint)ignore|\.gitattributes|\.editorconfig|\.nvmrc|\.node-version|\.python-version|\.tool-versions|(README|CHANGELOG|CONTRIBUTING|LICENSE|AGENTS|CLAUDE|GEMINI|SECURITY|CODE_OF_CONDUCT)(\.\w+)?|Makefile|Dockerfile|Procfile|Gemfile(\.lock)?|Rakefile|Justfile|go\.(mod|sum|work)|Cargo\.(toml|lock)|pyproject\.toml|setup\.(py|cfg)|requirements([\w.-]*)?\.txt|Pipfile(\.lock)?|poetry\.lock|uv\.lock|tox\.ini|pytest\.ini|manage\.py|conftest\.py|noxfile\.py|mix\.exs|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle\.properties|pom\.xml|[\w.-]+\.sln|global\.json|Directory\.(Build|Packages)\.(props|targets)|nuget\.config|docker-compose[\w.-]*\.ya?ml|compose\.ya?ml|\.pre-commit-config\.yaml|mkdocs\.yml|index\.html|vite\.config\.\w+|Taskfile\.ya?ml|flake\.nix|.*\.code-workspace)$/i;

/** Code that is not a file: `tea.Cmd`, `http.Handler`, `user.Name`, `process.env`, `fmt.Println`. */
const NOT_A_PATH =
  /^[a-z_][\w]*\.[A-Z]\w*$|^(process\.env|import\.meta|window\.\w+|document\.\w+|console\.\w+|module\.exports|req\.\w+|res\.\w+)$/;

const CONTEXT_DOC = /(^|\/)(spec|plan|data-model|research|quickstart|requirements|design|tasks)\.md$|(^|\/)(contracts|checklists)\//;

const manifest = new Map(
  readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split('\t'))
    .map(([file, , path]) => [file, path]),
);

const totals = {
  files: 0,
  tasks: 0,
  tasksWithFiles: 0,
  bareAtRoot: 0,
  notAPath: 0,
  contextOutput: 0,
  any: 0,
  unplaced: 0,
  changes: 0,
  mustChange: 0,
  readsOnly: 0,
};
const roles = [];
const examples = { bareAtRoot: [], notAPath: [], contextOutput: [] };

for (const file of readdirSync(corpus)
  .filter((f) => f.endsWith('.md'))
  .sort()) {
  const tasksFile = manifest.get(file) ?? `specs/${file.replace(/\.md$/, '')}/tasks.md`;
  const text = readFileSync(join(corpus, file), 'utf8');
  const doc = parseTasksMd(text, { path: tasksFile });
  const analysis = analyzeDocument(doc, { tasksFile, workspaceRoot: '/nonexistent-workspace' }, text);
  totals.files++;
  for (const task of doc.tasks) {
    totals.tasks++;
    const set = fileSet(analysis.taskFiles[task.id]);
    const all = [...set.changes, ...set.reads];
    // `app/` written with its slash is a folder at the root, which is fine.
    const folder = (f) => task.files.some((w) => w.replace(/^\.\//, '') === `${f}/`);
    if (all.length) totals.tasksWithFiles++;
    if (set.unplaced?.length) totals.unplaced++;
    if (set.changes.length) totals.changes++;
    if (set.mustChange?.length) totals.mustChange++;
    if (!set.changes.length && set.reads.length) totals.readsOnly++;
    if (all.length)
      roles.push(
        `${file.slice(0, 3)} ${task.id}: change ${set.changes.join(' ')} | must change ${(set.mustChange ?? []).join(' ')} | read ${set.reads.join(' ')}\n      ${task.text.split('\n')[0].slice(0, 160)}`,
      );
    const kinds = {
      bareAtRoot: all.filter((f) => !f.includes('/') && !folder(f) && !ROOT_KINDS.test(f) && !NOT_A_PATH.test(f)),
      notAPath: all.filter((f) => NOT_A_PATH.test(f)),
      contextOutput: set.changes.filter((f) => CONTEXT_DOC.test(f)),
    };
    let hit = false;
    for (const [kind, found] of Object.entries(kinds)) {
      if (!found.length) continue;
      hit = true;
      totals[kind]++;
      examples[kind].push(`${file.slice(0, 3)} ${task.id}: ${found.join(', ')}`);
    }
    if (hit) totals.any++;
  }
}

/** taskFiles per task: a list of files (before the split) or { changes, reads }. */
function fileSet(entry) {
  if (!entry) return { changes: [], reads: [] };
  return Array.isArray(entry) ? { changes: entry, reads: [] } : entry;
}

console.log(`corpus: ${corpus}`);
console.log(`${totals.files} plans, ${totals.tasks} tasks, ${totals.tasksWithFiles} name files`);
console.log(`tasks naming a path that resolves nowhere: ${totals.any}`);
console.log(`  bare name at the workspace root: ${totals.bareAtRoot}`);
console.log(`  code token taken for a file:     ${totals.notAPath}`);
console.log(`  context document as an output:   ${totals.contextOutput}`);
if (totals.unplaced + totals.mustChange) {
  console.log(`tasks with names nothing places (told to the agent, not required): ${totals.unplaced}`);
  console.log(
    `tasks with outputs: ${totals.changes}; with files that must change: ${totals.mustChange}; reading only: ${totals.readsOnly}`,
  );
}
if (args.includes('--roles')) for (const line of roles) console.log(line);
if (list) {
  for (const [kind, lines] of Object.entries(examples)) {
    console.log(`\n${kind}:`);
    for (const line of lines) console.log(`  ${line}`);
  }
}
if (!existsSync(corpus)) process.exitCode = 1;
