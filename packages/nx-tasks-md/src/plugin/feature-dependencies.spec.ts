import { featureLookup, resolveFeatureDependencies } from './feature-dependencies';

describe('feature dependencies', () => {
  const lookup = featureLookup([
    { root: 'specs/001-user-auth', name: 'feature-001' },
    { root: 'specs/002-billing', name: 'feature-002' },
    { root: 'a/shared', name: 'a-shared' },
    { root: 'b/shared', name: 'b-shared' },
  ]);

  it('resolves folder names, folder paths and project names', () => {
    expect(resolveFeatureDependencies(['001-user-auth', 'specs/002-billing/', 'a-shared'], lookup, 'feature-009')).toEqual([
      'feature-001',
      'feature-002',
      'a-shared',
    ]);
  });

  it('drops unknown names, ambiguous folder names, repeats and the feature itself', () => {
    expect(resolveFeatureDependencies(['999-nope', 'shared', 'feature-001', '001-user-auth', 'feature-002'], lookup, 'feature-002')).toEqual([
      'feature-001',
    ]);
  });
});
