import * as os from 'node:os';
import { parseTasksMd } from '../parse';
import { emptyState } from '../state/state-file';
import { staleRunMarks } from './stale-marks';

const deadOwner = () => ({ pid: 2 ** 22 + 1, host: os.hostname(), started_at: new Date().toISOString() });

describe('staleRunMarks', () => {
  it("names only the run marker our executor writes, never the author's other in-progress marks", () => {
    const doc = parseTasksMd('## Phase 1\n- [>] T001 a\n- [~] T002 b\n- [>] T003 c\n', { path: 'tasks.md' });
    const state = emptyState('f', 'tasks.md');
    state.tasks.T002 = { status: 'running', attempts: 0, owner: deadOwner() };
    expect(staleRunMarks(doc, state)).toEqual(['T001', 'T003']);
    expect(staleRunMarks(doc, state, new Set(['T002', 'T003']))).toEqual(['T003']);
  });

  it("takes back a marker the file's legend defines only when the state file says our executor wrote it", () => {
    const doc = parseTasksMd('| Marker | Meaning |\n|---|---|\n| `[/]` | In progress |\n\n## Phase 1\n- [/] T001 a\n- [/] T002 b\n', {
      path: 'tasks.md',
    });
    const state = emptyState('f', 'tasks.md');
    state.tasks.T002 = { status: 'running', attempts: 0, owner: deadOwner() };
    expect(staleRunMarks(doc, state)).toEqual(['T002']);
  });
});
