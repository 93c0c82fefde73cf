import { analyzeFeature } from '../feature/analyze-feature';
import { findTddUnits, tddTargetNames } from './tdd-units';

const units = (markdown: string, exclude?: string[]) => {
  const analysis = analyzeFeature(markdown, { tasksFile: 'specs/001-x/tasks.md', workspaceRoot: '/ws' });
  expect(analysis.hasErrors).toBe(false);
  return findTddUnits(analysis.doc, analysis.graph, { exclude });
};

describe('findTddUnits', () => {
  it('pairs "Tests for User Story N" with the rest of the story phase', () => {
    expect(
      units(`# Tasks
## Phase 1: Setup
- [ ] T001 Create project structure
## Phase 2: User Story 1 - Login (Priority: P1)
### Tests for User Story 1
- [ ] T002 [P] [US1] Contract test POST /login in tests/contract/login.test.ts
- [ ] T003 [P] [US1] Integration test login journey in tests/integration/login.test.ts
### Implementation for User Story 1
- [ ] T004 [P] [US1] Create User model in src/user.ts
- [ ] T005 [US1] Implement the login service in src/login.ts
## Phase 3: User Story 2 - Logout (Priority: P2)
### Tests for User Story 2
- [ ] T006 [US2] Contract test POST /logout in tests/contract/logout.test.ts
### Implementation for User Story 2
- [ ] T007 [US2] Implement logout in src/logout.ts
## Phase 4: Polish & Cross-Cutting Concerns
- [ ] T008 [P] Unit tests for validation in tests/unit/validation.test.ts
- [ ] T009 Update docs/api.md
`),
    ).toMatchInlineSnapshot(`
[
  {
    "implementation": [
      "T004",
      "T005",
    ],
    "key": "us1",
    "label": "User Story 1",
    "phases": [
      "2",
    ],
    "story": "US1",
    "tests": [
      "T002",
      "T003",
    ],
  },
  {
    "implementation": [
      "T007",
    ],
    "key": "us2",
    "label": "User Story 2",
    "phases": [
      "3",
    ],
    "story": "US2",
    "tests": [
      "T006",
    ],
  },
]
`);
  });

  it('spans a "Tests First (TDD)" phase and the phases after it up to Polish', () => {
    const [unit, ...rest] = units(`# Tasks
## Phase 3.1: Setup
- [ ] T001 Create project structure
## Phase 3.2: Tests First (TDD) ⚠️ MUST COMPLETE BEFORE 3.3
- [ ] T002 [P] Contract test POST /api/users in tests/contract/test_users_post.py
- [ ] T003 [P] Integration test user registration in tests/integration/test_registration.py
## Phase 3.3: Core Implementation (ONLY after tests are failing)
- [ ] T004 [P] User model in src/models/user.py
- [ ] T005 POST /api/users endpoint
## Phase 3.4: Integration
- [ ] T006 Connect UserService to DB
## Phase 3.5: Polish
- [ ] T007 [P] Unit tests for validation in tests/unit/test_validation.py
`);
    expect(rest).toEqual([]);
    expect(unit).toEqual({
      key: '3.2',
      label: 'Phase 3.2 Tests First (TDD) ⚠️ MUST COMPLETE BEFORE 3.3',
      phases: ['3.2', '3.3', '3.4'],
      tests: ['T002', 'T003'],
      implementation: ['T004', 'T005', 'T006'],
    });
    expect(tddTargetNames(unit)).toEqual({ red: 'tdd-red-3.2', green: 'tdd-green-3.2' });
  });

  it('reads test tasks from their text when a phase has no test heading, only while they lead', () => {
    const found = units(`# Tasks
## Phase 1: Parser
- [ ] T001 Write failing unit tests for the parser in tests/parser.test.ts
- [ ] T002 Implement the parser in src/parser.ts
## Phase 2: Printer
- [ ] T003 Implement the printer in src/printer.ts
- [ ] T004 Write unit tests for the printer in tests/printer.test.ts
- [ ] T005 Wire the CLI in src/cli.ts
`);
    expect(found.map((u) => [u.key, u.tests, u.implementation])).toEqual([['1', ['T001'], ['T002']]]);
  });

  it('gives each story of a mixed phase its own unit', () => {
    const found = units(`# Tasks
## Phase 2: Core
- [ ] T001 [US1] Unit test for search in tests/search.test.ts
- [ ] T002 [US2] Unit test for export in tests/export.test.ts
- [ ] T003 [US1] Implement search in src/search.ts
- [ ] T004 [US2] Implement export in src/export.ts
`);
    expect(found.map((u) => [u.key, u.tests, u.implementation])).toEqual([
      ['us1', ['T001'], ['T003']],
      ['us2', ['T002'], ['T004']],
    ]);
  });

  it('keys a story that appears in two phases by phase as well', () => {
    const found = units(`# Tasks
## Phase 1: User Story 1 - Part one
- [ ] T001 [US1] Unit test for a in tests/a.test.ts
- [ ] T002 [US1] Implement a in src/a.ts
## Phase 2: User Story 1 - Part two
- [ ] T003 [US1] Unit test for b in tests/b.test.ts
- [ ] T004 [US1] Implement b in src/b.ts
`);
    expect(found.map((u) => u.key)).toEqual(['us1', '2-us1']);
  });

  it('leaves out excluded phases, optional tests and tests that wait for the implementation', () => {
    const plan = `# Tasks
## Phase 1: Parser
- [ ] T001 [P] Unit test for tokens in tests/tokens.test.ts
- [ ] T002 [P] Unit test for the tree in tests/tree.test.ts
- [ ] T003 [P] Implement tokens in src/tokens.ts
## Phase 2: Printer
- [ ]* 2.1 Write unit tests for the printer
- [ ] T004 Implement the printer in src/printer.ts

## Dependencies
- T003 blocks T002
`;
    const doc = analyzeFeature(plan, { tasksFile: 'specs/001-x/tasks.md', workspaceRoot: '/ws' }).doc;
    expect(doc.tasks.find((t) => t.id === '2.1')).toMatchObject({ optional: true, phase: '2' });
    const [unit, ...rest] = units(plan);
    expect(rest).toEqual([]);
    expect(unit).toMatchObject({ key: '1', tests: ['T001'], implementation: ['T003'] });
    expect(units(plan, ['Parser'])).toEqual([]);
  });

  it('finds nothing in a plan without tests first', () => {
    expect(
      units(`# Tasks
## Phase 1: Core
- [ ] T001 Implement the parser in src/parser.ts
- [ ] T002 Write unit tests for the parser in tests/parser.test.ts
`),
    ).toEqual([]);
  });
});
