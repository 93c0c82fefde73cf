import type { Task, TaskDocument } from '../model';
import { parseTasksMd } from './parse-tasks-md';

const FILE = 'specs/001-demo/tasks.md';
const parse = (...lines: string[]): TaskDocument => parseTasksMd(lines.join('\n'), { path: FILE });
const task = (doc: TaskDocument, id: string): Task => {
  const found = doc.tasks.find((t) => t.id === id);
  if (!found) throw new Error(`no task ${id} in ${doc.tasks.map((t) => t.id).join(', ')}`);
  return found;
};
const ids = (doc: TaskDocument) => doc.tasks.map((t) => t.id);

describe('task items', () => {
  it('reads ID, parallel marker, story and description from a spec-kit line', () => {
    const doc = parse('- [ ] T001 [P] [US1] Create User model in src/models/user.py');
    expect(doc.tasks).toHaveLength(1);
    expect(task(doc, 'T001')).toMatchObject({
      state: 'pending',
      marker: ' ',
      parallel: true,
      story: 'US1',
      description: 'Create User model in src/models/user.py',
      files: ['src/models/user.py'],
    });
  });

  it('accepts -, * and + bullets, ordered items and any indentation', () => {
    const doc = parse('- [ ] T001 a', '* [ ] T002 b', '+ [ ] T003 c', '1. [ ] T004 d', '', '   - [ ] T005 e');
    expect(ids(doc)).toEqual(['T001', 'T002', 'T003', 'T004', 'T005']);
  });

  it('accepts unpadded, suffixed and decimal IDs', () => {
    const doc = parse('- [ ] T1 a', '- [ ] T033a b', '- [ ] T058.5 c', '- [ ] T-004 d');
    expect(ids(doc)).toEqual(['T1', 'T033a', 'T058.5', 'T-004']);
  });

  it('reads Kiro/OpenSpec numbered items, the ID without its trailing dot', () => {
    const doc = parse('- [ ] 1. Set up project', '  - [ ] 1.1 Create models', '- [ ] 2.3 Other');
    expect(ids(doc)).toEqual(['1', '1.1', '2.3']);
    expect(task(doc, '1').description).toBe('Set up project');
    expect(doc.format).toBe('kiro');
  });

  it('maps every default checkbox marker to its state', () => {
    const doc = parse(
      '- [ ] T001 a',
      '- [x] T002 b',
      '- [X] T003 c',
      '- [>] T004 d',
      '- [~] T005 e',
      '- [!] T006 f',
      '- [-] T007 g',
      '- [B] T008 h',
    );
    expect(doc.tasks.map((t) => t.state)).toEqual([
      'pending',
      'done',
      'done',
      'in-progress',
      'in-progress',
      'failed',
      'skipped',
      'blocked',
    ]);
    expect(doc.tasks.map((t) => t.marker).join('')).toBe(' xX>~!-B');
  });

  it('reads [-] as in progress in Kiro files', () => {
    const doc = parse('- [-] 1. Running task', '- [ ] 2. Next');
    expect(task(doc, '1').state).toBe('in-progress');
    expect(doc.legend['-']).toBe('in-progress');
  });

  it('honours the file’s own status legend, and legend lines are not tasks', () => {
    const doc = parse(
      '## Status Legend',
      '',
      '- [ ] Pending',
      '- [x] Completed',
      '- [-] Blocked',
      '- [~] Deferred',
      '',
      '## Phase 1: Work',
      '',
      '- [-] T001 waits on a vendor',
      '- [~] T002 later',
    );
    expect(ids(doc)).toEqual(['T001', 'T002']);
    expect(task(doc, 'T001').state).toBe('blocked');
    expect(task(doc, 'T002').state).toBe('skipped');
    expect(doc.legend).toMatchObject({ '-': 'blocked', '~': 'skipped', x: 'done' });
    expect(doc.nonTasks.filter((n) => n.reason.startsWith('status legend'))).toHaveLength(4);
  });

  it('honours a notation table, including markers it adds', () => {
    const doc = parse(
      '| Marker | Meaning |',
      '|---|---|',
      '| `[/]` | In progress |',
      '| [B] | Blocked |',
      '',
      '- [/] T001 a',
      '- [B] T002 b',
    );
    expect(task(doc, 'T001').state).toBe('in-progress');
    expect(task(doc, 'T002').state).toBe('blocked');
    expect(doc.legend['/']).toBe('in-progress');
  });

  it('reads bold IDs', () => {
    expect(ids(parse('- [ ] **T001** Create the thing'))).toEqual(['T001']);
    expect(task(parse('- [ ] **T001** Create the thing'), 'T001').description).toBe('Create the thing');
  });

  it('reads [P0]…[P5] as priority, not as the parallel marker', () => {
    const t = task(parse('- [ ] T043 [P5] [US5] [DEFERRED] Map'), 'T043');
    expect(t).toMatchObject({ priority: 'P5', parallel: false, story: 'US5' });
    expect(t.labels).toEqual(['US5', 'DEFERRED']);
  });

  it('reads the cc-sdd (P) marker before or after the title', () => {
    const doc = parse('- [ ] 1.1 (P) Before', '- [ ] 1.2 After (P)', '- [ ] 1.3 Neither');
    expect(doc.tasks.map((t) => t.parallel)).toEqual([true, true, false]);
    expect(task(doc, '1.2').description).toBe('After');
  });

  it('marks Kiro optional tasks', () => {
    const doc = parse('- [ ]* 2.2 Write unit tests', '- [ ] 2.3 Required');
    expect(doc.tasks.map((t) => t.optional)).toEqual([true, false]);
  });

  it('links Kiro parents and sub-tasks by nesting and by numbering', () => {
    const nested = parse('- [ ] 2. Parent', '  - [ ] 2.1 Child', '  - [ ]* 2.2 Optional child');
    expect(task(nested, '2').children).toEqual(['2.1', '2.2']);
    expect(task(nested, '2.2').parent).toBe('2');
    const flat = parse('- [ ] 1. Parent', '- [ ] 1.1 (P) Child at column 0', '- [ ] 2. Next');
    expect(task(flat, '1.1').parent).toBe('1');
    expect(task(flat, '1').children).toEqual(['1.1']);
    expect(task(flat, '2').parent).toBeUndefined();
  });

  it('makes nested task items children of the task around them', () => {
    const doc = parse('- [ ] T010 Parent', '  - [ ] T011 Child', '    - [ ] T012 Grandchild');
    expect(task(doc, 'T010').children).toEqual(['T011']);
    expect(task(doc, 'T012').parent).toBe('T011');
  });

  it('does not read decimal spec-kit IDs as sub-tasks', () => {
    expect(task(parse('- [ ] T058 a', '- [ ] T058.5 b'), 'T058.5').parent).toBeUndefined();
  });

  it('still finds the ID behind a strikethrough or a bold banner', () => {
    const doc = parse('- [X] ~~T004 [US1] Old approach~~ SUPERSEDED', '- [X] **[ONBOARDING NEEDED]** T017 [US1] Check');
    expect(ids(doc)).toEqual(['T004', 'T017']);
    expect(task(doc, 'T004')).toMatchObject({ story: 'US1', description: 'Old approach SUPERSEDED' });
    expect(task(doc, 'T017').labels).toEqual(['ONBOARDING NEEDED', 'US1']);
  });
});

describe('checkboxes that are not tasks', () => {
  it('ignores checkboxes in code fences, HTML comments, blockquotes and tables, and reports them', () => {
    const doc = parse(
      '- [ ] T001 real',
      '```markdown',
      '- [ ] T002 example',
      '```',
      '<!--',
      '- [ ] T003 commented out',
      '-->',
      '> - [ ] T004 quoted example',
      '',
      '| [ ] | T005 | table row |',
    );
    expect(ids(doc)).toEqual(['T001']);
    expect(doc.nonTasks.map((n) => [n.line, n.reason])).toEqual([
      [3, 'inside a code block'],
      [6, 'inside an HTML comment or block'],
      [8, 'inside a blockquote'],
      [10, 'inside a table'],
    ]);
  });

  it('treats checklists without IDs as non-tasks when the tasks have IDs', () => {
    const doc = parse('- [ ] T001 Do it', '', '## Validation Checklist', '', '- [x] All tests come first (T001 before T002)');
    expect(ids(doc)).toEqual(['T001']);
    expect(doc.nonTasks).toEqual([
      { line: 5, text: '- [x] All tests come first (T001 before T002)', reason: 'no task ID in a file whose tasks have IDs' },
    ]);
    expect(doc.dependencies).toEqual([]);
  });

  it('does not read the spec-kit notes line "- [P] tasks = …" as a checkbox', () => {
    const doc = parse('- [ ] T001 a', '', '## Notes', '', '- [P] tasks = different files, no dependencies');
    expect(ids(doc)).toEqual(['T001']);
    expect(doc.nonTasks[0].reason).toMatch(/\[P\]` marks parallel tasks/);
  });

  it('reports files whose tasks are headings instead of guessing', () => {
    const doc = parse('## T01: Scaffolding', '', '- [x] cargo check passes', '', '## T02: Config', '', '- [ ] tests pass');
    expect(doc.tasks).toEqual([]);
    expect(doc.nonTasks).toHaveLength(2);
    expect(doc.diagnostics).toEqual([expect.objectContaining({ code: 'unsupported-task-layout', severity: 'info', line: 1 })]);
  });
});

describe('files without task IDs', () => {
  const checklist = [
    '# Fullscreen',
    '',
    '## Must Have',
    '- [x] Implement `FullscreenSession` controller.',
    '\t- [x] Add UI button.',
    '- [ ] Persist configuration.',
  ];

  it('makes every checkbox a task with an ID derived from its title', () => {
    const doc = parse(...checklist);
    expect(ids(doc)).toEqual(['implement-fullscreensession-controller', 'add-ui-button', 'persist-configuration']);
    expect(doc.format).toBe('generic');
    expect(task(doc, 'add-ui-button').parent).toBe('implement-fullscreensession-controller');
  });

  it('keeps IDs stable when tasks are added above', () => {
    const before = ids(parse(...checklist));
    const after = ids(parse(...checklist.slice(0, 3), '- [ ] A brand new first task', ...checklist.slice(3)));
    expect(after).toEqual(['a-brand-new-first-task', ...before]);
  });

  it('numbers tasks with the same title', () => {
    expect(ids(parse('- [ ] Review', '- [ ] Review'))).toEqual(['review', 'review-2']);
  });

  it('reads over-indented checkbox lines as sub-tasks, as a reader would', () => {
    const doc = parse('- [x] Implement controller.', '\t\t- [x] Scaffolding created.', '\t\t- [ ] Lifecycle hooks.');
    expect(ids(doc)).toEqual(['implement-controller', 'scaffolding-created', 'lifecycle-hooks']);
    expect(task(doc, 'implement-controller').children).toEqual(['scaffolding-created', 'lifecycle-hooks']);
    expect(task(doc, 'lifecycle-hooks').state).toBe('pending');
    expect(task(doc, 'implement-controller').text).toBe('- [] Implement controller.');
  });

  it('leaves checklist sections out', () => {
    const doc = parse('- [ ] Build it', '', '## Acceptance Criteria', '', '- [ ] It works');
    expect(ids(doc)).toEqual(['build-it']);
    expect(doc.nonTasks[0].reason).toBe('in the checklist section "Acceptance Criteria"');
  });
});

describe('per-task fields', () => {
  it('points the checkbox position at the state character', () => {
    const text = 'intro\n\n  * [x] T001 a\n';
    const doc = parseTasksMd(text, { path: FILE });
    const { checkbox } = task(doc, 'T001');
    expect(checkbox).toEqual({ line: 3, column: 6, offset: text.indexOf('[x]') + 1 });
    expect(text[checkbox.offset]).toBe('x');
  });

  it('keeps the first of several stories and all of them as labels', () => {
    const t = task(parse('- [ ] T020 [P] [US4/US5] Shared widget'), 'T020');
    expect(t.story).toBe('US4');
    expect(t.labels).toEqual(['US4', 'US5']);
  });

  it('joins continuation lines into the description, but not detail lines', () => {
    const doc = parse(
      '- [X] T006 Generate the migration from T002–T005. Depends on',
      '  T002, T003. (Backend-only)',
      '      └─ file: `db/migrate.sql`',
    );
    expect(task(doc, 'T006').description).toBe('Generate the migration from T002–T005. Depends on T002, T003. (Backend-only)');
  });

  it('gives each task its own text without nested tasks and without the state character', () => {
    const doc = parse('- [x] T010 Parent', '  - detail', '  - [ ] T011 Child', '    - child detail', '  - [x] checked note without ID');
    expect(task(doc, 'T010').text).toBe('- [] T010 Parent\n  - detail\n  - [] checked note without ID');
    expect(task(doc, 'T011').text).toBe('- [] T011 Child\n  - child detail');
  });

  it('produces the same text whatever the box says, with CRLF normalised', () => {
    const open = parseTasksMd('- [ ] T001 Do it\r\n  in two lines\r\n', { path: FILE });
    const done = parseTasksMd('- [x] T001 Do it\r\n  in two lines\r\n', { path: FILE });
    expect(task(open, 'T001').text).toBe('- [] T001 Do it\n  in two lines');
    expect(task(done, 'T001').text).toBe(task(open, 'T001').text);
  });

  it('leaves HTML comments (such as notes written under a task) out of its text', () => {
    const plain = parse('- [!] T001 Build', '  - detail');
    const noted = parse('- [!] T001 Build', '  <!-- nx-tasks-md: failed: exit code 3 -->', '  - detail');
    expect(task(noted, 'T001').text).toBe('- [] T001 Build\n  - detail');
    expect(task(noted, 'T001').text).toBe(task(plain, 'T001').text);
    expect(task(noted, 'T001').description).toBe('Build');
  });

  it('reads no file paths from HTML comments under a task (a failure note names its log)', () => {
    const noted = parse(
      '- [!] T001 Build `src/a.ts`',
      '  <!-- nx-tasks-md: failed: exit code 3 (log: specs/x/.nx-tasks-md/logs/T001.log) -->',
    );
    expect(task(noted, 'T001').files).toEqual(['src/a.ts']);
  });

  it('collects the files a task names', () => {
    const doc = parse(
      '- [ ] T001 Write `src/a.ts`, `src/b.ts` and update in src/c.ts, src/d.ts and src/e.ts.',
      '  - **File**: `lib/f.py`',
      '      └─ file: `app/(auth)/{login,signup}/page.tsx`',
      '- [ ] T002 See https://example.com/x.ts and [docs](https://x.io/y.md); glob `packages/*/src/**/*.ts`; `/workspaces/app/main.go`',
    );
    expect(task(doc, 'T001').files).toEqual([
      'src/a.ts',
      'src/b.ts',
      'src/c.ts',
      'src/d.ts',
      'src/e.ts',
      'lib/f.py',
      'app/(auth)/{login,signup}/page.tsx',
    ]);
    expect(task(doc, 'T002').files).toEqual(['packages/*/src/**/*.ts', '/workspaces/app/main.go']);
  });

  it('collects shell commands from fences and run: sub-items, in order', () => {
    const doc = parse(
      '- [ ] T001 Migrate',
      '  - run: `pnpm db:generate`',
      '  ```bash',
      '  pnpm db:migrate',
      '  ```',
      '  ```ts',
      '  const notACommand = 1;',
      '  ```',
      '  - [ ] T002 Child',
      '    ```sh',
      '    echo child',
      '    ```',
    );
    expect(task(doc, 'T001').commands).toEqual([
      { command: 'pnpm db:generate', line: 2, source: 'run' },
      { command: 'pnpm db:migrate', line: 3, source: 'fence' },
    ]);
    expect(task(doc, 'T002').commands).toEqual([{ command: 'echo child', line: 10, source: 'fence' }]);
  });

  it('keeps command-looking prose as text: only the exact `- run:` sub-item is a command', () => {
    const prose = [
      '  - Command: `a`',
      '  └─ cmd: `b`',
      '  ├─ run: `c`',
      '  - Run: `d`',
      '  - **run**: `e`',
      '  - run: `f` and read its output',
      '  1. run: `g`',
      '  run: `h`',
    ];
    const doc = parse('- [ ] T001 Follow the plan', ...prose, '  * run: `ok`', '- [ ] T002 Next');
    expect(task(doc, 'T001').commands).toEqual([{ command: 'ok', line: 10, source: 'run' }]);
    for (const line of prose) expect(task(doc, 'T001').text).toContain(line.trim());
  });
});

describe('phases and groups', () => {
  it('reads phase headings in their many spellings', () => {
    const doc = parse(
      '## Phase 3.2: Tests First (TDD) ⚠️ MUST COMPLETE BEFORE 3.3',
      '- [ ] T001 a',
      '## Phase 2 - Foundational',
      '- [ ] T002 b',
      '## Phase 0 — Foundations',
      '- [ ] T003 c',
      '### Phase 2.9.1: Unit Testing (Priority: P3)',
      '- [ ] T004 d',
      '## 1. Phase 4 – Stabilize',
      '- [ ] T005 e',
      '## Work Package WP01: Core Types (Priority: P0)',
      '- [ ] T006 f',
    );
    expect(doc.phases.map((p) => [p.key, p.number, p.title, p.depth])).toEqual([
      ['3.2', '3.2', 'Tests First (TDD) ⚠️ MUST COMPLETE BEFORE 3.3', 2],
      ['2', '2', 'Foundational', 2],
      ['0', '0', 'Foundations', 2],
      ['2.9.1', '2.9.1', 'Unit Testing (Priority: P3)', 3],
      ['4', '4', 'Stabilize', 2],
      ['WP01', 'WP01', 'Core Types (Priority: P0)', 2],
    ]);
    expect(doc.tasks.map((t) => t.phase)).toEqual(['3.2', '2', '0', '2.9.1', '4', 'WP01']);
  });

  it('takes the title from the next line when the heading has none', () => {
    const doc = parse('## Phase 20:', 'Polish & Cross-Cutting Concerns', '', '- [ ] T001 a');
    expect(doc.phases[0]).toMatchObject({ key: '20', title: 'Polish & Cross-Cutting Concerns' });
  });

  it('uses sub-headings and group lines as groups', () => {
    const doc = parse(
      '## Phase 3: User Story 1',
      '### Tests for User Story 1',
      '- [ ] T010 a',
      '### Implementation for User Story 1',
      'Contract Tests (from contracts directory)',
      '- [ ] T011 b',
      '',
      '**Integration Tests**',
      '- [ ] T012 c',
    );
    expect(doc.tasks.map((t) => [t.phase, t.group])).toEqual([
      ['3', 'Tests for User Story 1'],
      ['3', 'Contract Tests (from contracts directory)'],
      ['3', 'Integration Tests'],
    ]);
  });

  it('ends a phase at a non-phase heading of the same level, and keys what follows by its title', () => {
    const doc = parse('## Phase 1: Setup', '- [ ] T001 a', '## Quality Checklist', '### Setup (Phase 1)', '- [ ] T002 b');
    expect(doc.phases.map((p) => [p.key, p.title])).toEqual([
      ['1', 'Setup'],
      ['quality-checklist', 'Quality Checklist'],
    ]);
    expect(task(doc, 'T002')).toMatchObject({ phase: 'quality-checklist', group: 'Setup (Phase 1)' });
  });

  it('does not take headings that only mention a phase, or phase lists in dependency sections, as phases', () => {
    const doc = parse(
      '## Phase 1: Setup & Dependencies',
      '- [ ] T001 a',
      '## Parallel Opportunities',
      '### Phase 1 (Setup)',
      '- T001 alone',
    );
    expect(doc.phases.map((p) => p.key)).toEqual(['1']);
    expect(doc.diagnostics).toEqual([]);
  });

  it('puts files without phase headings in one implicit phase with headings as groups', () => {
    const doc = parse('# Implementation Plan', '', '## Tasks', '', '- [ ] 1. First', '- [ ] 2. Second');
    expect(doc.phases).toEqual([{ key: '1', title: 'Implementation Plan', line: 1, depth: 0, taskIds: ['1', '2'], number: undefined }]);
    expect(task(doc, '1').group).toBe('Tasks');
  });

  it('reads OpenSpec numbered group headings as phases when there are no Phase headings', () => {
    const doc = parse('## 1. Setup', '- [ ] 1.1 a', '## 2. Build', '- [ ] 2.1 b');
    expect(doc.phases.map((p) => [p.key, p.title])).toEqual([
      ['1', 'Setup'],
      ['2', 'Build'],
    ]);
    expect(task(doc, '2.1').phase).toBe('2');
  });

  it('keys repeated phase numbers apart and says so', () => {
    const doc = parse('## Phase 3: A', '- [ ] T001 a', '## Phase 3: B', '- [ ] T002 b');
    expect(doc.phases.map((p) => p.key)).toEqual(['3', '3~2']);
    expect(task(doc, 'T002').phase).toBe('3~2');
    expect(doc.diagnostics).toEqual([expect.objectContaining({ code: 'duplicate-phase', severity: 'info', line: 3, file: FILE })]);
  });
});

describe('dependency statements', () => {
  const tasks = Array.from({ length: 30 }, (_, i) => `- [ ] T${String(i + 1).padStart(3, '0')} task`);
  const withDeps = (...lines: string[]) => parse('## Phase 1: All', ...tasks, '', '## Dependencies', '', ...lines);
  const edges = (doc: TaskDocument) => doc.dependencies.map((d) => `${d.before.join(',')}>${d.after.join(',')}:${d.kind}`);

  it('reads "depends on", "blocks" and "before" sentences with ranges and lists', () => {
    const doc = withDeps(
      '- T025 depends on T020-T024',
      '- T008 blocks T009, T015',
      '- Tests (T004-T007) before implementation (T008–T010)',
      '- T021-T022 depend on T017 and T020',
      '- T013-T016 MUST COMPLETE and FAIL before T017..T018',
      '- T026 before T027 & T028 / T029',
    );
    expect(edges(doc)).toEqual([
      'T020,T021,T022,T023,T024>T025:statement',
      'T008>T009,T015:statement',
      'T004,T005,T006,T007>T008,T009,T010:group',
      'T017,T020>T021,T022:statement',
      'T013,T014,T015,T016>T017,T018:statement',
      'T026>T027,T028,T029:statement',
    ]);
    expect(doc.diagnostics).toEqual([]);
  });

  it('reads arrow chains in every spelling, including fan-out', () => {
    const doc = withDeps('- T001 → T002 -> T003 => T004', '- T005→T006', '- T012 → T013, T014');
    expect(edges(doc)).toEqual(['T001>T002:chain', 'T002>T003:chain', 'T003>T004:chain', 'T005>T006:chain', 'T012>T013,T014:chain']);
  });

  it('reads "through" and "to" ranges, and en/em dashes', () => {
    const doc = withDeps('- T001 through T003 before T004 to T005', '- T006—T007 before T008');
    expect(edges(doc)).toEqual(['T001,T002,T003>T004,T005:statement', 'T006,T007>T008:statement']);
  });

  it('expands ranges over the IDs the file defines, suffixes included', () => {
    const doc = parse('- [ ] T030 a', '- [ ] T033a b', '- [ ] T033b c', '- [ ] T034 d', '', '## Dependencies', '- T030-T033b before T034');
    expect(doc.dependencies[0].before).toEqual(['T030', 'T033a', 'T033b']);
  });

  it('reads "after", "needs", "can run after" and "once" with a subject', () => {
    const doc = withDeps(
      '- T030 (Migration) can run after T001 (Table defined)',
      '- T022 (after T012; can run in parallel with T013)',
      '- then T009 (needs T007)',
      '- US1: T023/T024 in parallel once T022 lands.',
    );
    expect(edges(doc)).toEqual(['T001>T030:statement', 'T012>T022:statement', 'T007>T009:statement', 'T022>T023,T024:statement']);
  });

  it('reads a task’s own inline and sub-bullet dependencies', () => {
    const doc = parse(
      '- [ ] T001 a',
      '- [ ] T002 b',
      '- [ ] T003 Build it (depends on T001, T002)',
      '- [ ] T004 Runs in the foundation group, after T003.',
      '- [ ] T005 Wire it',
      '  - **Depends on**: T003, T004',
      '  - **Blocks**: T006',
      '- [ ] T006 Ship. Depends',
      '  on T005.',
      '- [ ] T007 Needs T006 first',
    );
    expect(edges(doc)).toEqual([
      'T001,T002>T003:inline',
      'T003>T004:inline',
      'T003,T004>T005:sub-bullet',
      'T005>T006:sub-bullet',
      'T005>T006:inline',
      'T006>T007:inline',
    ]);
  });

  it('does not read prose in a task as a dependency', () => {
    const doc = parse(
      '- [ ] T063 a',
      '- [ ] T094 Generate an OTP (T063), then call the mailer.',
      '- [ ] T095 The assignment still fails after T063 is merged.',
      '- [ ] T096 Written apart it is a tautology: once T063 and T094 pass, so does this.',
    );
    expect(doc.dependencies).toEqual([]);
  });

  it('reads cc-sdd _Depends:_ but not _Requirements:_', () => {
    const doc = parse('- [ ] 1.1 First', '  - _Requirements: 1.2_', '- [ ] 1.2 Second', '  - _Depends: 1.1_', '  - 1.1の完了後に実行');
    expect(edges(doc)).toEqual(['1.1>1.2:kiro-depends', '1.1>1.2:sub-bullet']);
  });

  it('ignores fenced code, even chains inside it', () => {
    expect(withDeps('```bash', 'T019 → T020 → T021', '```').dependencies).toEqual([]);
  });

  it('reports lines in a dependency section that name tasks but cannot be read', () => {
    const doc = withDeps(
      '- Setup (T001-T003) before everything else',
      '- T004 is special',
      '- Implementation before polish',
      '- Setup phase blocks all user stories',
    );
    expect(doc.dependencies).toEqual([]);
    expect(doc.diagnostics.map((d) => [d.code, d.severity, d.line, d.column, d.file])).toEqual([
      ['dependency-not-understood', 'warning', 35, 3, FILE],
      ['dependency-not-understood', 'warning', 36, 3, FILE],
    ]);
    expect(doc.diagnostics[0].message).toContain('Setup (T001-T003) before everything else');
  });

  it('does not warn about parallelism lines', () => {
    const doc = withDeps(
      '### Parallel Opportunities',
      '- T001, T002 and T003 can run in parallel',
      '- **Contract Tests**: T004-T007 (different test files)',
    );
    expect(doc.diagnostics).toEqual([]);
    expect(doc.dependencies).toEqual([]);
  });

  it('reports references to tasks that do not exist instead of making edges', () => {
    const doc = withDeps('- T001 blocks T099, T002', '- mirrors spec 038 T040 before T003');
    expect(edges(doc)).toEqual(['T001>T002:statement']);
    expect(doc.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ['unknown-task', 35, 'T099 is named in a dependency but is not a task in this file.'],
      ['unknown-task', 36, 'T040 is named in a dependency but is not a task in this file.'],
    ]);
  });

  it('does not read "blocked by" prose without a task on the other side', () => {
    const doc = parse('- [ ] T012 Generate migrations', '', '**Note on T012**: Migration generation blocked by unrelated AttributeError.');
    expect(doc.dependencies).toEqual([]);
    expect(doc.diagnostics).toEqual([]);
  });

  it('records where each statement was read', () => {
    const doc = withDeps('- **Core**: T012 → T013');
    expect(doc.dependencies[0]).toEqual({
      before: ['T012'],
      after: ['T013'],
      line: 35,
      column: 13,
      text: '- **Core**: T012 → T013',
      kind: 'chain',
    });
  });
});

describe('document-level facts', () => {
  it('collects feature dependencies outside code', () => {
    const doc = parse(
      '**Depends on feature**: `001-user-auth`, 002-billing and [003-search](../003-search/)',
      '```',
      'Depends on feature: 999-no',
      '```',
    );
    expect(doc.featureDependencies).toEqual([
      { name: '001-user-auth', line: 1 },
      { name: '002-billing', line: 1 },
      { name: '003-search', line: 1 },
    ]);
  });

  it('keeps duplicate IDs and reports them as errors naming both lines', () => {
    const doc = parse('- [x] T001 a', '- [ ] T002 b', '- [ ] T001 c');
    expect(ids(doc)).toEqual(['T001', 'T002', 'T001']);
    expect(doc.diagnostics).toEqual([
      {
        file: FILE,
        line: 3,
        column: 1,
        severity: 'error',
        code: 'duplicate-id',
        message: 'Task ID T001 is defined twice: on line 1 and on line 3. Give one of them a new ID.',
      },
    ]);
  });

  it('detects the format', () => {
    expect(parse('- [ ] T001 a').format).toBe('speckit');
    expect(parse('- [ ] 1. a').format).toBe('kiro');
    expect(parse('- [ ] a').format).toBe('generic');
  });

  it('detects the line ending', () => {
    expect(parseTasksMd('- [ ] T001 a\r\n- [ ] T002 b\r\n', { path: FILE }).eol).toBe('\r\n');
    expect(parseTasksMd('- [ ] T001 a\n', { path: FILE }).eol).toBe('\n');
  });

  it('skips YAML front matter and a byte-order mark', () => {
    const text = '\uFEFF---\n\ndescription: "Task list"\n---\n\n# Tasks\n\n- [ ] T001 a';
    const doc = parseTasksMd(text, { path: FILE });
    expect(ids(doc)).toEqual(['T001']);
    expect(doc.phases[0].title).toBe('Tasks');
    expect(text[task(doc, 'T001').checkbox.offset - 1]).toBe('[');
  });

  it('returns an empty document for empty input', () => {
    const doc = parseTasksMd('', { path: FILE });
    expect(doc).toMatchObject({ path: FILE, tasks: [], phases: [], dependencies: [], diagnostics: [] });
  });

  it('refuses files that are far too large to be task lists', () => {
    const doc = parseTasksMd('- [ ] T001 a\n' + 'x'.repeat(2_000_001), { path: FILE });
    expect(doc.tasks).toEqual([]);
    expect(doc.diagnostics[0]).toMatchObject({ code: 'file-too-large', severity: 'error', file: FILE });
  });

  it('skips absurdly deep nesting with a warning instead of hanging', () => {
    const doc = parse('- [ ] T001 a', ' '.repeat(60) + '- [ ] T002 deep');
    expect(ids(doc)).toEqual(['T001']);
    expect(doc.diagnostics).toEqual([expect.objectContaining({ code: 'too-deep', line: 2 })]);
  });
});
