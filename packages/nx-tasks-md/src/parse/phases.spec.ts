import { readNumberedHeading, readPhaseHeading } from './phases';

describe('readPhaseHeading', () => {
  it.each([
    ['Phase 3.1: Setup', '3.1', 'Setup'],
    ['Phase 2 - Foundational', '2', 'Foundational'],
    ['Phase 0 — Foundations', '0', 'Foundations'],
    ['Phase 3: User Story 1 (Priority: P1) 🎯 MVP', '3', 'User Story 1 (Priority: P1) 🎯 MVP'],
    ['Phase 20:', '20', ''],
    ['1. Phase 1 – Stabilize', '1', 'Stabilize'],
    ['Phase P1: Complete Payment', 'P1', 'Complete Payment'],
    ['✅ Phase 4: Done', '4', 'Done'],
    ['Work Package WP01: Package Setup (Priority: P0)', 'WP01', 'Package Setup (Priority: P0)'],
    ['WP02: State Store', 'WP02', 'State Store'],
    ['Fase 6: Entrega', '6', 'Entrega'],
  ])('%s', (heading, number, title) => {
    expect(readPhaseHeading(heading)).toEqual({ number, title });
  });

  it.each(['Phase Footnote Stubs', 'Dependencies', 'Foundation Setup (Phase 2.1)', 'Phases 3-9', 'Tasks'])('not a phase: %s', (heading) => {
    expect(readPhaseHeading(heading)).toBeUndefined();
  });
});

describe('readNumberedHeading', () => {
  it('reads OpenSpec group headings', () => {
    expect(readNumberedHeading('1. Setup')).toEqual({ number: '1', title: 'Setup' });
    expect(readNumberedHeading('1.1 Homepage Layout')).toBeUndefined();
  });
});
