import { parseTasksMd } from '../parse';
import { buildTaskGraph } from './build-task-graph';
import { waitsFor } from '../testing/graph-assertions';

/** A spec-kit shaped plan: Setup, Foundational, two story phases, Polish, then `prose`. */
function plan(prose: string): string {
  return `# Tasks: Demo

## Phase 1: Setup
- [ ] T001 Create the project

## Phase 2: Foundational
- [ ] T002 Add the database layer in src/db.ts

## Phase 3: User Story 1 - Sign in (Priority: P1)
- [ ] T003 [US1] Add sign-in in src/auth.ts

## Phase 4: User Story 2 - Profile (Priority: P2)
- [ ] T004 [US2] Add the profile page in src/profile.ts

## Phase 5: Polish
- [ ] T005 Update docs/README.md

## Dependencies & Execution Order

${prose}
`;
}

function graphOf(prose: string, phaseParallelism: boolean | 'auto' = 'auto') {
  const doc = parseTasksMd(plan(prose), { path: 'specs/001-demo/tasks.md' });
  return buildTaskGraph(doc, { phaseParallelism });
}

describe('phaseParallelism: "auto"', () => {
  it.each([
    [
      '- **User Stories (Phase 3+)**: All depend on Foundational phase completion\n  - User stories can then proceed in parallel (if staffed)',
    ],
    ['- User stories: All 2 stories can run in parallel after Foundational completes'],
    ['- **User Story 1 (P1)**: Can start after Foundational (Phase 2) - No dependencies on other stories'],
    ['Phase 1 (Setup) → Phase 2 (Foundational) → [All User Stories can proceed in parallel]'],
    ['Once Foundational completes, the user stories are independent.'],
  ])('runs the stories side by side when the plan says so: %s', (prose) => {
    const graph = graphOf(prose);
    expect(waitsFor(graph, 'T004', 'T003')).toBe(false);
    expect(waitsFor(graph, 'T003', 'T002')).toBe(true);
    expect(waitsFor(graph, 'T005', 'T004') && waitsFor(graph, 'T005', 'T003')).toBe(true);
    const info = graph.diagnostics.filter((d) => d.code === 'phase-parallelism');
    expect(info).toEqual([expect.objectContaining({ severity: 'info', line: expect.any(Number) })]);
    expect(info[0].message).toMatch(/^User stories run side by side after Foundational: the plan says so \(".+"\)/);
    expect(plan(prose).split('\n')[info[0].line - 1]).toContain(prose.split('\n').at(-1)!.trim().slice(0, 20));
  });

  it.each([
    ['- Each story is tested on its own.'],
    ['- [P] tasks can run in parallel (different files)'],
    [`\`\`\`bash\necho "User stories can proceed in parallel"\n\`\`\``],
    ['- T003 and T004 can run in parallel'],
  ])('keeps phases in order when the plan does not declare its stories independent: %s', (prose) => {
    const graph = graphOf(prose);
    expect(waitsFor(graph, 'T004', 'T003')).toBe(true);
    expect(graph.diagnostics.filter((d) => d.code === 'phase-parallelism')).toEqual([]);
  });

  it.each([
    ['- User stories can then proceed in parallel (if staffed)\n- **User Story 2 (P2)**: Builds on US1 sessions'],
    ['- User stories can then proceed in parallel\n- **User Story 2**: Can start after User Story 1 is done'],
    ['- User stories can proceed in parallel\n- US2 depends on US1'],
  ])('keeps phases in order when a line says one story needs another, and says which: %s', (prose) => {
    const graph = graphOf(prose);
    expect(waitsFor(graph, 'T004', 'T003')).toBe(true);
    expect(graph.diagnostics.filter((d) => d.code === 'phase-parallelism')).toEqual([
      expect.objectContaining({
        severity: 'info',
        message: expect.stringMatching(/^User stories run one after the other: line \d+ says one needs another/),
      }),
    ]);
  });

  it('does not count "May integrate with US1" as a dependency', () => {
    const graph = graphOf(
      '- User stories can then proceed in parallel\n- **User Story 2 (P2)**: Can start after Foundational (Phase 2) - May integrate with US1 but should be independently testable',
    );
    expect(waitsFor(graph, 'T004', 'T003')).toBe(false);
  });

  it('leaves true and false as they were', () => {
    const declared = '- User stories can then proceed in parallel';
    expect(waitsFor(graphOf(declared, false), 'T004', 'T003')).toBe(true);
    expect(waitsFor(graphOf('', true), 'T004', 'T003')).toBe(false);
    expect(graphOf(declared, false).diagnostics.filter((d) => d.code === 'phase-parallelism')).toEqual([]);
  });
});
