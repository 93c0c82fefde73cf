import { fileRoles, type FileRole } from './file-roles';
import { extractFilePaths } from './file-paths';

/** Made-up task texts; `roles` maps each extracted path to its role (`change!` = explicit change). */
const CASES: Array<[string, Record<string, `${FileRole}` | 'change!'>]> = [
  // Work verbs: the file must change.
  ['T012 Add a test to `tests/foo_test.go`', { 'tests/foo_test.go': 'change!' }],
  ['T013 [P] [US1] Create User model in src/models/user.py', { 'src/models/user.py': 'change!' }],
  ['T014 Update `src/a.ts` and `src/b.ts`', { 'src/a.ts': 'change!', 'src/b.ts': 'change!' }],
  ['T015 Implement the parser in `src/parse.ts`', { 'src/parse.ts': 'change!' }],
  ['T016 Fix the off-by-one in `lib/range.rb`', { 'lib/range.rb': 'change!' }],
  ['T017 Refactor `pkg/store/store.go` to use interfaces', { 'pkg/store/store.go': 'change!' }],
  ['T018 Extend `src/api/client.ts` with retries', { 'src/api/client.ts': 'change!' }],
  ['T019 Wrote the handler in `cmd/app/list.go`', { 'cmd/app/list.go': 'change!' }],
  ['T020 Set up the linter in `.eslintrc.json`', { '.eslintrc.json': 'change!' }],
  // Reading: the file is an input only.
  ['T021 Create `src/models/user.ts` per `data-model.md`', { 'src/models/user.ts': 'change!', 'data-model.md': 'read' }],
  [
    'T022 Implement the endpoint in `src/routes/users.ts` (see `contracts/api.md`)',
    { 'src/routes/users.ts': 'change!', 'contracts/api.md': 'read' },
  ],
  ['T023 Add validation to `src/form.ts` based on `docs/rules.md`', { 'src/form.ts': 'change!', 'docs/rules.md': 'read' }],
  ['T024 Write `src/b.ts` following the pattern in `src/a.ts`', { 'src/b.ts': 'change!', 'src/a.ts': 'read' }],
  ['T025 Generate types from `contracts/api.yaml` into `src/types.ts`', { 'contracts/api.yaml': 'read', 'src/types.ts': 'change!' }],
  ['T026 Branch watcher (watch `.git/HEAD` and `.git/refs/`; debounce)', { '.git/HEAD': 'read', '.git/refs/': 'read' }],
  ['T027 Poll `status/health.json` and monitor `logs/app.log`', { 'status/health.json': 'read', 'logs/app.log': 'read' }],
  [
    'T026 Add the page in `app/page.tsx`\n  - Reference: `data-model.md`, `docs/ui.md`',
    { 'app/page.tsx': 'change!', 'data-model.md': 'read', 'docs/ui.md': 'read' },
  ],
  ['T027 Update `src/a.ts` to use the helper in `src/b.ts`', { 'src/a.ts': 'change!', 'src/b.ts': 'read' }],
  ['T028 Write tests for `src/date.ts` in `tests/date.test.ts`', { 'src/date.ts': 'read', 'tests/date.test.ts': 'change!' }],
  ['T029 Update `src/a.ts` without modifying `src/b.ts`', { 'src/a.ts': 'change!', 'src/b.ts': 'read' }],
  ['2.1 Build the form\n  - _Leverage: `src/components/Input.tsx`_', { 'src/components/Input.tsx': 'read' }],
  // Only running, verifying or reviewing: nothing needs to change.
  ['T030 Run the tests in `tests/unit/`', { 'tests/unit/': 'check' }],
  ['T031 Verify `src/config.ts` loads defaults', { 'src/config.ts': 'check' }],
  ['T032 Review `docs/adr/001.md` for gaps', { 'docs/adr/001.md': 'check' }],
  ['T033 Ran `deno check` on `fn/index.ts` and `fn/util.ts`', { 'fn/index.ts': 'check', 'fn/util.ts': 'check' }],
  ['T053 Ran the linter against all new/modified files (`fn/a.ts`, `fn/b.ts`)', { 'fn/a.ts': 'read', 'fn/b.ts': 'read' }],
  // Deleting, moving, renaming: as before, the old file need not exist.
  ['T034 Delete `src/old.ts`', { 'src/old.ts': 'remove' }],
  ['T035 Move src/a.ts to src/b.ts', { 'src/a.ts': 'remove', 'src/b.ts': 'change!' }],
  ['T036 Remove the legacy src/legacy.ts, update src/index.ts', { 'src/legacy.ts': 'remove', 'src/index.ts': 'change!' }],
  ['T037 Remove the unused import from `src/index.ts`', { 'src/index.ts': 'change!' }],
  ['T056 Export every factory from `app/factories/__init__.py`', { 'app/factories/__init__.py': 'change!' }],
  ['T038 Rename `src/util.ts` to `src/helpers.ts`', { 'src/util.ts': 'remove', 'src/helpers.ts': 'change!' }],
  // No verb in the clause: the task's leading verb; no verb at all: a change that is not explicit.
  [
    'T039 Add the settings screen\n  - Files: `src/settings.tsx`, `src/settings.css`',
    { 'src/settings.tsx': 'change!', 'src/settings.css': 'change!' },
  ],
  ['T040 Verify the build\n  - Files: `dist/index.js`', { 'dist/index.js': 'check' }],
  ['T041 Contract test POST /api/users in tests/contract/test_users.py', { 'tests/contract/test_users.py': 'change' }],
  [
    'Task 3: Parser\n  - Create: `src/parser.ts`\n  - Test: `tests/parser.test.ts`',
    { 'src/parser.ts': 'change!', 'tests/parser.test.ts': 'change!' },
  ],
  // In the place the work goes, a read verb before it describes the work, unless a path took the work already.
  ['T043 Update the registry to use RockForm in `demo/config.py`', { 'demo/config.py': 'change!' }],
  ['T044 Add cycle detection using a graph walk in `core/relations.py`', { 'core/relations.py': 'change!' }],
  ['T045 Delete the old handler in `src/routes.ts`', { 'src/routes.ts': 'change!' }],
  ['T046 Create drag and drop types in `lib/types/board.ts`', { 'lib/types/board.ts': 'change!' }],
  ['T047 Add a `showMap` ref to `src/stores/ui.js`', { 'src/stores/ui.js': 'change!' }],
  ['T050 Extend `findDir()` to check the registry first in `scripts/paths.ts`', { 'scripts/paths.ts': 'change!' }],
  ['T051 Agent reads the mode from the plan header in `commands/implement.md`', { 'commands/implement.md': 'change' }],
  [
    'T052 Create email templates for the promoted event in `res/email/promoted/` with a, `content.fr.html`',
    { 'res/email/promoted/': 'change!', 'content.fr.html': 'change!' },
  ],
  ['T054 Create the health check `src/health.ts`', { 'src/health.ts': 'change!' }],
  ['T055 Update `src/a.ts` and run `scripts/test.sh`', { 'src/a.ts': 'change!', 'scripts/test.sh': 'check' }],
  // Only the verb right after ID and labels is the task's: "In `a.ts`, … instead of …" is not a read.
  ['T048 [US1] In `src/views/Map.vue`, `load()` now reads the table instead of the API', { 'src/views/Map.vue': 'change' }],
  ['T049 [US2] Verified (nothing to add): `src/stores/types.js` filters exposure rows', { 'src/stores/types.js': 'check' }],
  // A path that holds a verb is not the verb.
  ['T042 Document the flags in `docs/update.md`; see `src/run.ts`', { 'docs/update.md': 'change!', 'src/run.ts': 'read' }],
];

describe('fileRoles', () => {
  it.each(CASES)('%s', (text, expected) => {
    const paths = extractFilePaths(text);
    expect(paths).toEqual(Object.keys(expected));
    const got = Object.fromEntries(fileRoles(text, paths).map((m) => [m.path, m.role === 'change' && m.explicit ? 'change!' : m.role]));
    expect(got).toEqual(expected);
  });
});
