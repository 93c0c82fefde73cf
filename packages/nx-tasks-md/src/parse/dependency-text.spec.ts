import { analyseDependencyText, mayHoldDependency } from './dependency-text';

type Edge = string;
const edges = (text: string, options = {}): Edge[] =>
  analyseDependencyText(text, options).relations.map((r) => {
    const side = (refs: { from: string; to?: string }[]) => refs.map((x) => (x.to ? `${x.from}-${x.to}` : x.from)).join(',');
    const before = r.selfSide === 'before' ? 'self' : side(r.before);
    const after = r.selfSide === 'after' ? 'self' : side(r.after);
    return `${before}>${after}:${r.kind}`;
  });

describe('analyseDependencyText', () => {
  it('links the ID list before a relation word with the one after it', () => {
    expect(edges('T015 and T018 can run in parallel after T013-T014 define the contract.')).toEqual(['T013-T014>T015,T018:statement']);
    expect(edges('T022/T023 (interop APIs) before integration tests T010/T011 passing.')).toEqual(['T022,T023>T010,T011:statement']);
    expect(edges('T013-T026 (All tests) MUST COMPLETE and FAIL before T027-T047 (Implementation)')).toEqual([
      'T013-T026>T027-T047:statement',
    ]);
  });

  it('marks statements between named groups', () => {
    expect(edges('Constants (T001-T002, T005) before components (T011-T016)')).toEqual(['T001-T002,T005>T011-T016:group']);
  });

  it('chains arrows and shares a subject between coordinated verbs', () => {
    expect(edges('Setup (T001-T003) → Tests (T004) → Core (T005)')).toEqual(['T001-T003>T004:chain', 'T004>T005:chain']);
    expect(edges('T026 (UTF-8) before T016 & used by T023/T022.')).toEqual(['T026>T016:statement', 'T026>T023,T022:statement']);
  });

  it('reads a parenthesis with the ID list right before it as its subject', () => {
    expect(edges('T022 (after T012; can run in parallel with T013–T018)')).toEqual(['T012>T022:statement']);
    expect(edges('T001, T004-T012 can all run in parallel (no dependencies except T002→T001)')).toEqual(['T002>T001:chain']);
  });

  it('splits clauses at semicolons, sentences, spaced dashes and "while"', () => {
    expect(edges('T002 depends on T001; T003 depends on T002. T005 needs T004 — see T009 while T007 starts after T006.')).toEqual([
      'T001>T002:statement',
      'T002>T003:statement',
      'T004>T005:statement',
      'T006>T007:statement',
    ]);
  });

  it('uses the owning task as the subject only in the allowed positions', () => {
    const self = { selfSubject: true };
    expect(edges('Build (depends on T001, T002)', self)).toEqual(['T001,T002>self:statement']);
    expect(edges('**Blocks**: T011', self)).toEqual(['self>T011:statement']);
    expect(edges('Runs in the foundation group, after T006.', self)).toEqual(['T006>self:statement']);
    expect(edges('Can run after T001', self)).toEqual(['T001>self:statement']);
    expect(edges('Once T053 has landed, wire it', self)).toEqual(['T053>self:statement']);
    expect(edges('It still fails after T063 is merged', self)).toEqual([]);
    expect(edges('it is a tautology: once T001 passes', self)).toEqual([]);
    expect(edges('Depends on the work in T004', self)).toEqual([]);
  });

  it('inside a task, reads only explicit verbs between two ID lists', () => {
    const self = { selfSubject: true };
    expect(edges('Generate an OTP (T011), then call the mailer (T013)', self)).toEqual([]);
    expect(edges('Note: T021 depends on T008', self)).toEqual(['T008>T021:statement']);
  });

  it('reports relation words that miss a side, and ID mentions without a relation', () => {
    const analysis = analyseDependencyText(
      'Setup (T001-T003) before everything else. Services before API routes (T014-T020). T004 is special.',
    );
    expect(analysis.relations).toEqual([]);
    expect(analysis.unresolved.map((u) => u.reason)).toEqual(['no task ID on the right of "before"', 'no task ID on the left of "before"']);
    expect(analysis.bare.map((u) => u.reason)).toEqual([expect.stringContaining('no relation word')]);
    expect(analyseDependencyText('T001, T002 and T003 can run in parallel').bare).toEqual([]);
  });

  it('reads numbered IDs only in "depends" forms', () => {
    const kiro = { selfSubject: true, numbered: true };
    expect(edges('_Depends: 1.1, 1.2_', kiro)).toEqual(['1.1,1.2>self:statement']);
    expect(edges('Retry after 2.5 seconds, needs 1.1 GB', kiro)).toEqual([]);
    expect(edges('1.1の完了後に実行', kiro)).toEqual(['1.1>self:statement']);
  });

  it('tells quickly whether a text can hold a dependency', () => {
    expect(mayHoldDependency('_Depends: 1.1_')).toBe(true);
    expect(mayHoldDependency('T001 → T002')).toBe(true);
    expect(mayHoldDependency('Create the model in src/a.ts')).toBe(false);
  });
});
