import { looksLikeCheckboxLine, readCheckbox, readTaskHead } from './task-line';

describe('readCheckbox', () => {
  it('finds the marker, its index and the optional star', () => {
    expect(readCheckbox('- [x] T001 a')).toEqual({ marker: 'x', markerIndex: 3, optional: false, rest: ' T001 a', restIndex: 5 });
    expect(readCheckbox('  * [ ]* 2.2 b')).toMatchObject({ marker: ' ', markerIndex: 5, optional: true, rest: ' 2.2 b' });
    expect(readCheckbox('12. [>] c')?.markerIndex).toBe(5);
    expect(readCheckbox('- [x]')).toMatchObject({ marker: 'x', rest: '' });
  });

  it('needs a single character between the brackets and a space after them', () => {
    expect(readCheckbox('- [US1] Story')).toBeUndefined();
    expect(readCheckbox('- []')).toBeUndefined();
    expect(readCheckbox('- [x]T001')).toBeUndefined();
    expect(readCheckbox('-[x] T001')).toBeUndefined();
    expect(readCheckbox('text - [x] T001')).toBeUndefined();
    expect(looksLikeCheckboxLine('\t\t- [x] tabbed')).toBe(true);
  });
});

describe('readTaskHead', () => {
  it('reads spec-kit IDs with labels', () => {
    expect(readTaskHead(' T012 [P] [US1] [P2] [Foundation] Create model')).toEqual({
      id: 'T012',
      idStyle: 'speckit',
      parallel: true,
      story: 'US1',
      priority: 'P2',
      labels: ['US1', 'Foundation'],
      title: 'Create model',
      titleIndex: 34,
    });
  });

  it('reads numbered IDs with or without a trailing dot, and "Task N -"', () => {
    expect(readTaskHead('1. Title')).toMatchObject({ id: '1', idStyle: 'numbered', title: 'Title' });
    expect(readTaskHead('2.3 Title')).toMatchObject({ id: '2.3', title: 'Title' });
    expect(readTaskHead('12.1. Title')).toMatchObject({ id: '12.1', title: 'Title' });
    expect(readTaskHead('Task 3 - Add tests.')).toMatchObject({ id: '3', title: 'Add tests.' });
  });

  it('does not take plain numbers or words for IDs', () => {
    expect(readTaskHead('2024 roadmap review').id).toBeUndefined();
    expect(readTaskHead('Tidy up T001 later').id).toBeUndefined();
    expect(readTaskHead('T001abc is not an ID').id).toBeUndefined();
    expect(readTaskHead('[ID] [P?] [Story] Description').id).toBeUndefined();
  });

  it('separates the ID from the title by ":" or a dash', () => {
    expect(readTaskHead('T001 — Approve the plan')).toMatchObject({ id: 'T001', title: 'Approve the plan' });
    expect(readTaskHead('**T01**: Scaffolding')).toMatchObject({ id: 'T01', title: 'Scaffolding' });
  });

  it('reads (P) at the start or the end of the title', () => {
    expect(readTaskHead('1.1 (P) Title')).toMatchObject({ parallel: true, title: 'Title' });
    expect(readTaskHead('1.1 Title (P)')).toMatchObject({ parallel: true, title: 'Title' });
    expect(readTaskHead('1.1 Title (P) more')).toMatchObject({ parallel: false });
  });

  it('keeps the title of an item without ID', () => {
    expect(readTaskHead('  Implement `X`.  ')).toEqual({ parallel: false, labels: [], title: 'Implement `X`.', titleIndex: 2 });
  });
});
