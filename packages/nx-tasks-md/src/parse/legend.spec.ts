import { defaultLegend, legendEntryFromTableRow, legendEntryFromText, statusFromPhrase } from './legend';

describe('legend', () => {
  it('defaults [-] to in progress for Kiro and to skipped elsewhere', () => {
    expect(defaultLegend('kiro')['-']).toBe('in-progress');
    expect(defaultLegend('speckit')['-']).toBe('skipped');
    expect(defaultLegend('generic')).toMatchObject({
      ' ': 'pending',
      x: 'done',
      X: 'done',
      '>': 'in-progress',
      '~': 'in-progress',
      '!': 'failed',
      B: 'blocked',
    });
  });

  it('reads status phrases', () => {
    expect(statusFromPhrase('Blocked')).toBe('blocked');
    expect(statusFromPhrase(' In Progress')).toBe('in-progress');
    expect(statusFromPhrase('**Completed** — merged')).toBe('done');
    expect(statusFromPhrase(': Deferred (later)')).toBe('skipped');
    expect(statusFromPhrase('Queued')).toBe('queued');
    expect(statusFromPhrase('Parallelizable')).toBeUndefined();
    expect(statusFromPhrase('Blocked tasks are rare')).toBeUndefined();
  });

  it('reads legend lines and notation table rows', () => {
    expect(legendEntryFromText('`[~]` = In Progress')).toEqual({ marker: '~', state: 'in-progress' });
    expect(legendEntryFromText('**[-]**: Blocked')).toEqual({ marker: '-', state: 'blocked' });
    expect(legendEntryFromText('[P]: Can run in parallel')).toBeUndefined();
    expect(legendEntryFromTableRow('| `[B]` | Blocked |')).toEqual({ marker: 'B', state: 'blocked' });
    expect(legendEntryFromTableRow('| [ ] | T001 | Task |')).toBeUndefined();
  });
});
