import { featureLookup, resolveFeatureDependencies } from './feature-dependencies';

describe('feature dependencies', () => {
  const lookup = featureLookup([
    { root: 'specs/001-user-auth', name: 'feature-001' },
    { root: 'specs/002-billing', name: 'feature-002' },
    { root: 'a/shared', name: 'a-shared' },
    { root: 'b/shared', name: 'b-shared' },
    { root: 'specs/003-a', name: 'feature-003-a' },
    { root: 'specs/003-b', name: 'feature-003-b' },
  ]);

  it('resolves folder names, folder paths, numbers and project names', () => {
    expect(
      resolveFeatureDependencies(['001-user-auth', 'specs/002-billing/', 'a-shared', '001', 'feature-003-b'], lookup, 'feature-009'),
    ).toEqual({
      projects: ['feature-001', 'feature-002', 'a-shared', 'feature-003-b'],
      ambiguous: [],
      unknown: [],
    });
  });

  it('sets apart unknown and ambiguous references, and drops repeats and the feature itself', () => {
    expect(
      resolveFeatureDependencies(
        ['999-nope', 'shared', 'feature-001', '001-user-auth', 'feature-002', '003', 'feature-003'],
        lookup,
        'feature-002',
      ),
    ).toEqual({
      projects: ['feature-001'],
      ambiguous: [
        { written: 'shared', candidates: ['a-shared', 'b-shared'] },
        { written: '003', candidates: ['feature-003-a', 'feature-003-b'] },
        { written: 'feature-003', candidates: ['feature-003-a', 'feature-003-b'] },
      ],
      unknown: ['999-nope'],
    });
  });
});
