import { extractFilePaths, looksLikePath } from './file-paths';

describe('looksLikePath', () => {
  it.each([
    'src/models/user.py',
    'README.md',
    '.env.example',
    'apps/api/drizzle/',
    'frontend/src/components/{booking,home,map}/',
    'packages/*/src/**/*.ts',
    '/workspaces/app/src/main.ts',
    '/home/me/notes.txt',
    'Dockerfile',
    'C:\\repo\\src\\a.cs',
    'update.go',
    'Foo.PNG',
    'cmd/app/Build.Cmd',
  ])('path: %s', (token) => expect(looksLikePath(token, true)).toBe(true));

  it.each([
    'https://example.com/a.ts',
    'www.example.com/x',
    '@aws-sdk/client-s3',
    '/tenant/:id/attachments',
    '/api/users',
    'localhost:3000',
    'pnpm add zod',
    'SELECT/INSERT/UPDATE',
    '--filter',
    'course.manage',
    'v1.2.3',
    'tea.Cmd',
    'mu.Lock',
    'template.HTML',
    'process.env',
    'process.env.API_URL',
  ])('not a path: %s', (token) => expect(looksLikePath(token, true)).toBe(false));

  it('reads two plain words with a slash as words, but backticked as a folder', () => {
    expect(looksLikePath('upload/list')).toBe(false);
    expect(looksLikePath('apps/api', true)).toBe(true);
  });
});

describe('extractFilePaths', () => {
  it('finds backticked paths and plain paths introduced by "in", in order, once each', () => {
    expect(extractFilePaths('Create `src/a.ts` then edit in lib/b.py and `src/a.ts` again')).toEqual(['src/a.ts', 'lib/b.py']);
  });

  it('reads plain words with slashes in a list or brackets as values, folders there end with /', () => {
    expect(extractFilePaths('Add the filter (overdue/due_soon/none) in api/tasks.py')).toEqual(['api/tasks.py']);
    expect(extractFilePaths('Create the folders (web/app/, web/lib/)')).toEqual(['web/app/', 'web/lib/']);
  });

  it('follows lists joined by ", " and " and "', () => {
    expect(extractFilePaths('Update in src/a.ts, src/b.ts and src/c.ts.')).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
  });

  it('strips trailing punctuation and unbalanced brackets', () => {
    expect(extractFilePaths('(see src/x/y.ts), and in src/z.ts; done')).toEqual(['src/x/y.ts', 'src/z.ts']);
  });

  it('keeps brackets that belong to the path', () => {
    expect(extractFilePaths('in app/(auth)/login/page.tsx and app/api/[id]/route.ts')).toEqual([
      'app/(auth)/login/page.tsx',
      'app/api/[id]/route.ts',
    ]);
  });

  it('reads tree lines and File fields', () => {
    expect(extractFilePaths('└─ file: `frontend/src/app/layout.tsx`\n**File**: lib/a.ts')).toEqual([
      'frontend/src/app/layout.tsx',
      'lib/a.ts',
    ]);
  });

  it('ignores URLs, link targets, package names and bare file names without an introduction', () => {
    expect(
      extractFilePaths('See https://x.io/a/b.ts, [spec](./spec.md), add `@scope/pkg`, built with Next.js, update next.config.js'),
    ).toEqual([]);
  });

  it('unescapes markdown escapes in globs', () => {
    expect(extractFilePaths('in frontend/src/components/\\*/README.md')).toEqual(['frontend/src/components/*/README.md']);
  });
});
