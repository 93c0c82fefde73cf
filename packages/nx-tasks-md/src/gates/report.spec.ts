import { analyzeFeature } from '../feature/analyze-feature';
import { emptyState } from '../state/state-file';
import type { ImplementationState } from '../state/state-schema';
import { renderGatesReport } from './report';

const doc = analyzeFeature('# Tasks\n## Phase 1: Setup\n- [x] T001 a\n## Phase 2: Core\n- [x] T002 b\n', {
  tasksFile: 'specs/001-x/tasks.md',
  workspaceRoot: '/ws',
}).doc;

const at = (minute: number) => `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const times = (minute: number) => ({ started_at: at(minute), ended_at: at(minute), duration_ms: 10 });

function state(): ImplementationState {
  const s = emptyState('001-x', 'specs/001-x/tasks.md');
  s.run = { id: 'r', started_at: at(5) };
  s.phase_gates = {
    '2': {
      status: 'failed',
      ...times(9),
      commands: [{ command: 'npm run lint', status: 'failed', exit_code: 1, output_tail: 'a.ts: 1 | problem', ...times(9) }],
    },
    '1': { status: 'passed', ...times(6), commands: [{ command: 'npm run lint', status: 'passed', exit_code: 0, ...times(6) }] },
    old: { status: 'passed', ...times(1), commands: [{ command: 'from an earlier run', status: 'passed', exit_code: 0, ...times(1) }] },
  };
  s.tdd_gates = {
    'tdd-red-us1': {
      unit: 'us1',
      gate: 'red',
      phases: ['2'],
      story: 'US1',
      tests: ['T002'],
      implementation: ['T003'],
      command: 'npm test',
      status: 'passed',
      exit_code: 1,
      message: 'the new tests fail (exit code 1), as they must before T003 starts',
      ...times(7),
    },
  };
  s.quality_gate = {
    status: 'passed',
    ...times(10),
    checks: [{ name: 'coverage', command: 'read coverage/coverage-summary.json', status: 'passed', message: 'lines 85% ≥ 80%' }],
  };
  return s;
}

describe('renderGatesReport', () => {
  it('reports the gates of the run, phase gates in plan order, with the output of failures', () => {
    expect(renderGatesReport(doc, state(), at(5))).toMatchInlineSnapshot(`
"## Gates

### Phase gates

| Phase | Command | Result | Exit | Note |
| --- | --- | --- | --- | --- |
| 1 | \`npm run lint\` | pass | 0 |  |
| 2 | \`npm run lint\` | FAIL | 1 |  |

### TDD gates

| Gate | Unit | Tests must | Result | Exit | Verdict |
| --- | --- | --- | --- | --- | --- |
| tdd-red-us1 | US1 | fail | pass | 1 | the new tests fail (exit code 1), as they must before T003 starts |

### Quality checks

| Check | Command | Result | Exit | Note |
| --- | --- | --- | --- | --- |
| coverage | \`read coverage/coverage-summary.json\` | pass |  | lines 85% ≥ 80% |


<details><summary>Output of \`npm run lint\` (last lines)</summary>

\`\`\`text
a.ts: 1 | problem
\`\`\`

</details>
"
`);
  });

  it('is empty when no gate ran in the run', () => {
    expect(renderGatesReport(doc, state(), at(11))).toBe('');
    expect(renderGatesReport(doc, emptyState('x', 'x/tasks.md'))).toBe('');
  });
});
