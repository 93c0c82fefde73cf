import type { Phase, Task } from '../model';
import { bareTitle } from '../config/phase-pattern';

/**
 * Recognising the tests of a plan. A heading (phase or sub-heading) is a test group when it says
 * so: "Tests First (TDD)", "Tests for User Story 1", "Contract Tests", "Red Phase". A task writes a
 * test when its description says it does: "Contract test POST /users in tests/…", "Write failing
 * unit tests for …", "Integration test for …"; not when it runs or fixes tests ("Run all tests",
 * "Make the tests pass").
 */

const TEST_GROUP = [
  /\bTDD\b/,
  /\btests?[\s-]+first\b/i,
  /\btest[\s-]+driven\b/i,
  /\bred\s+phase\b/i,
  /\b(?:tests?|specs?)\s+(?:for|of)\b/i,
  /^\W*(?:[\p{L}\d&/-]+\s+){0,2}tests\b/iu,
];

/** Groups about test tooling are not tests of the feature. */
const TEST_TOOLING =
  /\b(?:infrastructure|setup|harness|utilit(?:y|ies)|helpers?|fixtures?|framework|tooling|config(?:uration)?|environment)\b/i;

const TEST_KINDS =
  '(?:contract|integration|unit|e2e|end[\\s-]to[\\s-]end|component|acceptance|regression|api|ui|snapshot|property[\\s-]based|property|smoke|edge[\\s-]case|edge|failing|functional|behaviou?r|scenario|e2e)';

/** A test is the thing written: "test" ends the phrase or a preposition follows ("test for X", "tests:"). */
const TEST_NOUN = String.raw`tests?(?=\s*(?:$|[:(—–,;.-]|(?:for|of|in|that|covering|to|with|on|around|against)\b))`;

const WRITES_TEST = [
  // "Contract test POST /users", "Admin integration test for search", "Edge test: invalid IDs"
  new RegExp(`^\\W*(?:[\\p{L}\\d-]+\\s+){0,2}${TEST_KINDS}\\s+tests?\\b`, 'iu'),
  /^\W*tests?\s+(?:for|of|that|covering)\b/i,
  // "Write unit tests for X", "Add Step test in …", "Write signin flow test"
  new RegExp(`^\\W*(?:write|add|create|author)\\b.{0,60}?\\b${TEST_NOUN}`, 'i'),
];

/** Test tooling rather than a test: "Create test fixtures", "Add a test database", "Create the directory for unit tests". */
const TOOLING_OBJECT =
  /\btests?[\s-]+(?:fixtures?|data|databases?|db|helpers?|utils?|utilit(?:y|ies)|setup|harness|runners?|config(?:uration)?|environment|infrastructure|framework|doubles?|mocks?|stubs?|server|director(?:y|ies)|folders?|structure|projects?|packages?)\b|\b(?:director(?:y|ies)|folders?)\s+(?:for|of)\b/i;

/** Sentences that do something with existing tests. */
const USES_TESTS =
  /^\W*(?:run|execute|verify|validate|ensure|confirm|check|make\s+sure|review|fix|debug|refactor|set\s*up|configure|install|follow)\b|\btests?\s+(?:pass|passes|passing|are\s+green|green)\b|\bmake\b.{0,40}\btests?\b/i;

/** Phases that finish a plan: tests written there cover code that already exists, so no red is expected. */
const FINISHING_PHASE =
  /\b(?:polish|cross[\s-]+cutting|final(?:i[sz]ation)?|clean[\s-]?up|hardening|documentation|release|deploy(?:ment)?|wrap[\s-]?up)\b/i;

export function isTestGroupTitle(title: string | undefined): boolean {
  if (!title) return false;
  const clean = bareTitle(title.replace(/[*_`]/g, ''));
  return TEST_GROUP.some((re) => re.test(clean)) && !TEST_TOOLING.test(clean);
}

/** The description without code spans and paths (`tests/unit/` says nothing about what a task does). */
function prose(description: string): string {
  return description
    .replace(/`[^`]*`/g, ' ')
    .replace(/\S*[/\\]\S*/g, ' ')
    .replace(/\S+\.[A-Za-z]{1,5}\b/g, ' ')
    .replace(/[*_]/g, '');
}

/** `x.test.ts`, `x.spec.js`, `x_test.go`, `test_x.py`, `XTests.cs`. */
const TEST_FILE = /(?:\.(?:test|spec)\.\w+|_test\.\w+|(?:^|\/)test_[^/]+\.py|Tests?\.(?:cs|java|kt|swift))$/;
const WRITE_VERB = /^\W*(?:write|add|create|author)\b/i;

export function writesTest(task: Pick<Task, 'description' | 'files'>): boolean {
  const text = prose(task.description);
  if (USES_TESTS.test(text) || TOOLING_OBJECT.test(text)) return false;
  if (WRITES_TEST.some((re) => re.test(text))) return true;
  // "Write `apps/api/tests/login.test.ts`: …"
  return WRITE_VERB.test(text) && task.files.length > 0 && task.files.every((f) => TEST_FILE.test(f));
}

export function isFinishingPhase(phase: Pick<Phase, 'title'>): boolean {
  return FINISHING_PHASE.test(phase.title);
}
