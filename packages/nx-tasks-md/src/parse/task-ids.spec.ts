import { createIdIndex, expandReferences, findIdLists, idSortKey } from './task-ids';

const lists = (text: string, numbered = false) =>
  findIdLists(text, numbered).map((l) => l.refs.map((r) => (r.to ? `${r.from}-${r.to}` : r.open ? `${r.from}+` : r.from)));

describe('findIdLists', () => {
  it('groups IDs joined by commas, "and", "&", "/", "+" and spaces', () => {
    expect(lists('T001, T002 and T003 & T004/T005 + T006 T007')).toEqual([['T001', 'T002', 'T003', 'T004', 'T005', 'T006', 'T007']]);
  });

  it('lets story labels sit between IDs of one list', () => {
    expect(lists('US1 (T015/T016) and US2 (T018)'.replace(/[()]/g, ' '))).toEqual([['T015', 'T016', 'T018']]);
  });

  it('reads ranges written with -, –, —, .., …, through, thru and to', () => {
    expect(lists('T1-T2; T3–T4; T5—T6; T7..T8; T9…T10; T11 through T12; T13 thru T14; T15 to T16')).toEqual([
      ['T1-T2'],
      ['T3-T4'],
      ['T5-T6'],
      ['T7-T8'],
      ['T9-T10'],
      ['T11-T12'],
      ['T13-T14'],
      ['T15-T16'],
    ]);
  });

  it('reads open-ended "T018+"', () => {
    expect(lists('implementation (T018+)')).toEqual([['T018+']]);
  });

  it('splits lists at words and arrows', () => {
    expect(lists('T001 before T002 → T003')).toEqual([['T001'], ['T002'], ['T003']]);
  });

  it('does not see IDs inside words', () => {
    expect(lists('AT001 T001abc T-US2 XT1')).toEqual([]);
  });

  it('reads numbered IDs when asked', () => {
    expect(lists('_Depends: 1.1, 2.3_', true)).toEqual([['1.1', '2.3']]);
  });
});

describe('expandReferences', () => {
  const index = createIdIndex(['T030', 'T031', 'T033a', 'T033b', 'T034b', 'T120', 'T136', 'T137', 'T121']);
  const refs = (text: string) => findIdLists(text)[0].refs;

  it('expands ranges in document order, including suffixed IDs', () => {
    expect(expandReferences(refs('T030-T033b'), index)).toEqual({ ids: ['T030', 'T031', 'T033a', 'T033b'], unknown: [] });
    expect(expandReferences(refs('T033b-T030'), index).ids).toEqual(['T030', 'T031', 'T033a', 'T033b']);
  });

  it('compares numbers when an end is missing, and reports the missing end', () => {
    expect(expandReferences(refs('T030-T033'), index)).toEqual({ ids: ['T030', 'T031'], unknown: ['T033'] });
    expect(expandReferences(refs('T118-T122'), index)).toEqual({ ids: ['T120', 'T121'], unknown: ['T118', 'T122'] });
  });

  it('reports unknown single IDs and expands open ranges to the end', () => {
    expect(expandReferences(refs('T031, T099'), index)).toEqual({ ids: ['T031'], unknown: ['T099'] });
    expect(expandReferences(refs('T136+'), index).ids).toEqual(['T136', 'T137', 'T121']);
  });

  it('sorts IDs by number, suffix and decimal part', () => {
    const sorted = ['T58.5', 'T033b', 'T1', 'T033', 'T058', 'T033a'].sort((a, b) => {
      const ka = idSortKey(a)!;
      const kb = idSortKey(b)!;
      for (let i = 0; i < Math.max(ka.length, kb.length); i++) if ((ka[i] ?? 0) !== (kb[i] ?? 0)) return (ka[i] ?? 0) - (kb[i] ?? 0);
      return 0;
    });
    expect(sorted).toEqual(['T1', 'T033', 'T033a', 'T033b', 'T058', 'T58.5']);
  });
});
