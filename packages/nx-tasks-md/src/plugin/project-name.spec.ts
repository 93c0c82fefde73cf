import { assertValidNameTemplate, findNameCollisions, folderNameParts, projectNameFor, slugify } from './project-name';

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

  it('reports every file that would share a name, naming the others and the fix', () => {
    const messages = findNameCollisions([
      { tasksFile: 'specs/001-a/tasks.md', name: 'feature-001' },
      { tasksFile: 'other/001-b/tasks.md', name: 'feature-001' },
      { tasksFile: 'specs/002-c/tasks.md', name: 'feature-002' },
    ]);
    expect([...messages.keys()]).toEqual(['specs/001-a/tasks.md', 'other/001-b/tasks.md']);
    expect(messages.get('specs/001-a/tasks.md')).toContain('specs/001-a/tasks.md and other/001-b/tasks.md');
    expect(messages.get('specs/001-a/tasks.md')).toContain('"feature-001"');
    expect(messages.get('other/001-b/tasks.md')).toContain('projectName');
  });
});
