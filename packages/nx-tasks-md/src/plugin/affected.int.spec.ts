/** `nx affected` at project level: any file under a feature folder affects that feature and the features that depend on it. */
import { createNxWorkspace, type NxWorkspace } from '../testing/nx-workspace';

jest.setTimeout(120_000);

const plan = (title: string, extra = '') => `# Tasks: ${title}\n${extra}\n## Phase 1: Setup\n- [ ] T001 Create src/${title}.ts\n`;

describe('nx affected with inferred features', () => {
  let ws: NxWorkspace;
  const affected = (base: string) => JSON.parse(ws.nxOk(['show', 'projects', '--affected', `--base=${base}`, '--json']).stdout).sort();

  beforeAll(() => {
    ws = createNxWorkspace({
      files: {
        'specs/001-auth/tasks.md': plan('auth'),
        'specs/002-billing/tasks.md': plan('billing', 'Depends on feature: 001-auth\n'),
        'specs/003-search/tasks.md': plan('search'),
      },
    });
  });
  afterAll(() => ws?.cleanup());

  it('marks a feature affected by an uncommitted file anywhere in its folder, with its dependents', () => {
    expect(affected('HEAD')).toEqual([]);
    ws.write('specs/001-auth/research.md', '# Research\n');
    expect(affected('HEAD')).toEqual(['feature-001', 'feature-002']);
  });

  it('compares commits too', () => {
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'research']);
    ws.write('specs/003-search/contracts/search.yaml', 'openapi: 3.1.0\n');
    ws.git(['add', '-A']);
    ws.git(['commit', '-q', '-m', 'contract']);
    expect(affected('HEAD~1')).toEqual(['feature-003']);
    expect(affected('HEAD~2')).toEqual(['feature-001', 'feature-002', 'feature-003']);
  });
});
