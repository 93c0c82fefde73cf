import { assertValidNameTemplate, assignProjectNames, folderNameParts, projectNameFor, slugify, type NameRequest } from './project-name';

const nameOf = (root: string, template?: string) => projectNameFor(folderNameParts(root, 'my-repo'), template);

describe('project names', () => {
  it('names an NNN-anything folder feature-NNN and other folders by their slug', () => {
    expect(nameOf('specs/001-user-auth')).toBe('feature-001');
    expect(nameOf('specs/0042_billing')).toBe('feature-0042');
    expect(nameOf('docs/Infra Plan (v2)')).toBe('infra-plan-v2');
    expect(nameOf('specs/2024')).toBe('feature-2024');
  });

  it('uses the workspace folder name for a tasks.md at the workspace root', () => {
    expect(nameOf('.')).toBe('my-repo');
  });

  it('expands {parent} {number} {dirname} {slug}', () => {
    expect(nameOf('specs/infrastructure/003-vpc', '{parent}-{number}')).toBe('infrastructure-003');
    expect(nameOf('specs/003-vpc', '{dirname}')).toBe('003-vpc');
    expect(nameOf('specs/003-VPC Setup', '{slug}')).toBe('003-vpc-setup');
    expect(nameOf('specs/003-vpc', 'plan-{number}')).toBe('plan-003');
  });

  it('falls back to the default name when a template needs a part the folder lacks', () => {
    expect(nameOf('specs/misc', '{parent}-{number}')).toBe('misc');
    expect(nameOf('001-top', '{parent}-{number}')).toBe('feature-001');
  });

  it('keeps names usable on the command line', () => {
    expect(nameOf('specs/001 odd: name', '{dirname}')).toBe('001-odd-name');
  });

  it('rejects unknown placeholders, naming them', () => {
    expect(() => assertValidNameTemplate('{folder}-{number}')).toThrow(/unknown placeholder \{folder\}/);
    expect(() => assertValidNameTemplate('{parent}-{number}')).not.toThrow();
  });

  it('slugifies', () => {
    expect(slugify('  Über Auth__v2 ')).toBe('ber-auth-v2');
  });

  const request = (root: string, projectJsonName?: string): NameRequest => ({
    tasksFile: `${root}/tasks.md`,
    root,
    parts: folderNameParts(root, 'ws'),
    ...(projectJsonName ? { projectJsonName } : {}),
  });

  it('names folders the default name cannot tell apart after their folders, and says so', () => {
    const { names, warnings, errors } = assignProjectNames([
      request('specs/infrastructure/001-auth'),
      request('specs/features/001-dashboard'),
      request('specs/002-ok'),
      request('x/002-ok', 'feature-002'),
    ]);
    expect([...names.values()]).toEqual(['feature-001-auth', 'feature-001-dashboard', 'feature-002-ok', 'feature-002']);
    expect(errors.size).toBe(0);
    expect(warnings).toEqual([
      expect.stringContaining(
        'specs/features/001-dashboard/tasks.md and specs/infrastructure/001-auth/tasks.md share the project name "feature-001"',
      ),
      expect.stringContaining('specs/002-ok/tasks.md and x/002-ok/tasks.md share the project name "feature-002"'),
    ]);
  });

  it('refuses two project.json names that are the same, suggesting a free name', () => {
    const { errors } = assignProjectNames([request('a/001-x', 'core'), request('b/002-y', 'core'), request('c/b-002-y')]);
    expect(errors.get('a/001-x/tasks.md')).toContain('a/001-x/tasks.md and b/002-y/tasks.md would all be the project "core"');
    // feature-002 is free; the fix names it.
    expect(errors.get('b/002-y/tasks.md')).toContain('set "name": "feature-002" in b/002-y/project.json');
  });
});
