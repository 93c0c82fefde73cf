import { isFinishingPhase, isTestGroupTitle, writesTest } from './test-groups';

describe('test group headings', () => {
  it.each([
    'Phase 3.2: Tests First (TDD) ⚠️ MUST COMPLETE BEFORE 3.3',
    'Tests First (TDD) – MUST FAIL INITIALLY',
    'Tests for User Story 1 (OPTIONAL - only if tests requested) ⚠️',
    'Contract Tests (from contracts directory)',
    '**Integration Tests**',
    'Tests',
    'Red Phase (T004-T007) - Tests First',
    'Test-driven core',
  ])('%s is a test group', (title) => expect(isTestGroupTitle(title)).toBe(true));

  it.each([
    'Phase 3: User Story 1 - Login (Priority: P1) 🎯 MVP',
    'Implementation for User Story 1',
    'Test Infrastructure',
    'Tests setup and fixtures',
    'Testing',
    'Core Implementation (ONLY after tests are failing)',
    undefined,
  ])('%s is not', (title) => expect(isTestGroupTitle(title)).toBe(false));
});

describe('tasks that write a test', () => {
  const task = (description: string, files: string[] = []) => ({ description, files });

  it.each([
    'Contract test POST /api/users in tests/contract/test_users_post.py',
    'Integration test user registration in tests/integration/test_registration.py',
    'Admin integration test for sample search functionality',
    'Unit tests for sanitization service in ezedit/tests/unit/sanitizer.test.ts',
    'Edge test: invalid window id operations return INVALID_ID',
    'Write failing unit tests for the parser',
    'Add failing tests for new tabbed dashboard structure.',
    'Write signin flow test',
    'Add test: PrepareUseCase with load failure',
    'Test for the empty cart in `tests/cart.test.ts`',
  ])('%s', (description) => expect(writesTest(task(description))).toBe(true));

  it('counts a task that writes only test files', () => {
    expect(writesTest(task('Write `apps/api/tests/login.test.ts`: a wrong password is refused', ['apps/api/tests/login.test.ts']))).toBe(
      true,
    );
    expect(writesTest(task('Write `apps/api/src/login.ts`', ['apps/api/src/login.ts']))).toBe(false);
  });

  it.each([
    'Run all E2E tests to verify initial failure',
    'Verify the contract tests fail',
    'Implement the user model so that the contract tests pass',
    'Create test fixtures in tests/fixtures/users.json',
    'Create tests/Unit/ComponentTests/ directory for bUnit tests',
    'Set up pre-commit hook to run unit/component tests',
    'Create alternative test plugin executor adapter',
    'Implement SampleQuerySet.with_related() in fairdm/core/managers/sample.py',
    'Update fairdm_demo/factories.py with factories for testing',
  ])('not: %s', (description) => expect(writesTest(task(description))).toBe(false));
});

describe('finishing phases', () => {
  it('recognises the phases that close a plan', () => {
    expect(
      ['Polish & Cross-Cutting Concerns', 'Final validation', 'Documentation', 'Cleanup'].map((t) => isFinishingPhase({ title: t })),
    ).toEqual([true, true, true, true]);
    expect(isFinishingPhase({ title: 'User Story 2 - Export' })).toBe(false);
  });
});
