/**
 * File paths a task names: backticked paths, plain "in src/models/user.py" (and lists joined by
 * ", " / " and "), `└─ file:` tree lines and `**File**:` fields.
 *
 * A path must look like one: contain `/` or end in a known extension. URLs, npm scopes, routes
 * with `:params` and shell commands are not paths. Globs and brace lists are kept as written,
 * and so are absolute paths (the plugin decides what to do with them).
 */

const EXTENSIONS = new Set(
  (
    'ts tsx mts cts js jsx mjs cjs json jsonc json5 md mdx markdown txt rst adoc py pyi ipynb rb go rs java kt kts ' +
    'scala groovy gradle cs fs vb csproj fsproj sln props targets cpp cc cxx c h hh hpp hxx m mm swift dart php ' +
    'ex exs erl hrl lua r pl sql prisma graphql gql proto yaml yml toml ini cfg conf env properties xml xaml ' +
    'razor cshtml html htm css scss sass less styl vue svelte astro sh bash zsh fish ps1 psm1 bat cmd ' +
    'dockerfile tf tfvars bicep hcl nix lock svg png jpg jpeg gif webp ico csv tsv wasm zig elm clj cljs hs ml'
  ).split(' '),
);

const ABSOLUTE_ROOTS = /^\/(home|Users|workspaces?|tmp|var|opt|etc|usr|mnt|srv|root|private|Volumes|data|app|code|src)\//;

const KNOWN_DOTFILES =
  /^\.(env(\.[\w-]+)?|gitignore|gitattributes|npmrc|nvmrc|editorconfig|dockerignore|prettierrc(\.\w+)?|eslintrc(\.\w+)?|babelrc|swcrc)$/;

/**
 * True when `token` (already stripped of quotes/backticks) looks like a file or folder path.
 * In plain prose `upload/list` is two words; in backticks `apps/api` is a folder.
 */
export function looksLikePath(token: string, backticked = false): boolean {
  if (token.length < 2 || token.length > 300) return false;
  if (/\s/.test(token)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(token) || /^(www\.|mailto:)/i.test(token)) return false;
  if (token.includes(':') && !/^[A-Za-z]:[\\/]/.test(token)) return false; // routes `/x/:id`, `a:b`
  if (/^[@$%^&=<>|!?#,;"'`]/.test(token) || /[<>|"'`;]/.test(token)) return false;
  if (/^[-+*~]/.test(token) && !token.startsWith('~/')) return false; // flags, bullets
  if (KNOWN_DOTFILES.test(token)) return true;
  if (isCodeMember(token)) return false;
  // `/api/users/{id}` is a route; `/home/me/x` or `/workspaces/app/src/a.ts` is a path.
  if (token.startsWith('/') && !/\.[A-Za-z0-9]+$/.test(token) && !ABSOLUTE_ROOTS.test(token)) return false;
  const segments = token.split('/').filter(Boolean);
  const last = segments[segments.length - 1] ?? '';
  const ext = /\.([A-Za-z0-9]+)$/.exec(last)?.[1]?.toLowerCase();
  if (ext && EXTENSIONS.has(ext) && /[A-Za-z0-9_*}\]]\.[A-Za-z0-9]+$/.test(last)) return true;
  if (!token.includes('/')) return /^Dockerfile$|^Makefile$/.test(token);
  if (segments.length === 0) return false;
  if (segments.every((s) => /^\d+$/.test(s))) return false; // `11/11` passing, `2024/05`
  // `SELECT/INSERT/UPDATE` and `and/or` are words with slashes, not folders.
  if (segments.every((s) => /^[A-Z][A-Z0-9_]*$/.test(s)) && !ext) return false;
  if (!backticked && segments.length === 2 && segments.every((s) => /^[a-z]+$/.test(s)) && !/^\/|\/$/.test(token)) {
    return false;
  }
  return segments.every((s) => /^[\w.@+\-{}()[\],*!~\\]+$/.test(s));
}

/**
 * `tea.Cmd`, `mu.Lock`, `template.HTML`, `process.env`: a package or object and its member, not a
 * file, though `.cmd`, `.lock`, `.html` and `.env` are extensions. A file's extension is written
 * in lower case (`ui.go`); one with a capital after a lower-case name is Go, C#, Java, JS code.
 */
function isCodeMember(token: string): boolean {
  if (token.includes('/')) return false;
  if (/^(process\.env|import\.meta)(\.|$)/.test(token)) return true;
  const m = /^([a-z_][a-z0-9_]*)\.([A-Za-z0-9]+)$/.exec(token);
  return !!m && /[A-Z]/.test(m[2]) && m[2].length > 1;
}

function cleanPlain(token: string): string {
  let t = token.replace(/\\([*_[\]()#])/g, '$1'); // markdown escapes: `\*` is a glob star
  t = t.replace(/^[("'[]+/, '');
  for (;;) {
    const before = t;
    t = t.replace(/[.,;:!?'"]+$/, '');
    // A closing bracket that closes nothing in the path is punctuation around it.
    if (/[)\]]$/.test(t)) {
      const open = t.endsWith(')') ? '(' : '[';
      const close = t.endsWith(')') ? ')' : ']';
      if (count(t, open) < count(t, close)) t = t.slice(0, -1);
    }
    if (t === before) return t;
  }
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}

/** File paths named in `text`, in order of appearance, without duplicates. */
export function extractFilePaths(text: string): string[] {
  const found: Array<{ index: number; path: string }> = [];
  const taken: Array<[number, number]> = [];
  const isTaken = (i: number) => taken.some(([a, b]) => i >= a && i < b);

  // Links: `[label](target)` — the label may be a path, the target is a URL or a doc link.
  const withoutLinks = text.replace(/\[([^\]\n]*)\]\(([^)\n]*)\)/g, (m, label: string) => label + ' '.repeat(m.length - label.length));

  for (const m of withoutLinks.matchAll(/`([^`\n]+)`/g)) {
    taken.push([m.index!, m.index! + m[0].length]);
    const token = m[1].trim();
    if (looksLikePath(token, true)) found.push({ index: m.index!, path: token });
  }

  const plain = /(?<=^|[\s(,"'])(?:[\w.@+\-()[\]*!~\\/]|\{[^}\s]*\})+/g;
  const INTRO =
    /(?:\b(?:in|at|into|to|from|under|inside|within|file|files|path|paths|dirs?|folders?)\s*:?\s*|\band\s+|,\s*|\(\s*|\*\*Files?\*\*\s*:\s*|└─\s*\w+:\s*)$/i;
  for (const m of withoutLinks.matchAll(plain)) {
    if (!m[0].includes('/') && !m[0].includes('.')) continue;
    const start = m.index! + /^[("'[]*/.exec(m[0])![0].length;
    if (isTaken(m.index!)) continue;
    const token = cleanPlain(m[0]);
    if (!looksLikePath(token) || /^[A-Z][A-Za-z0-9]*\.js$/.test(token)) continue; // Node.js, Next.js
    const before = withoutLinks.slice(Math.max(0, start - 40), start);
    // Plain tokens count when introduced ("in", "file:", a list) or unmistakably a path.
    const strong = token.includes('/') && /\.[A-Za-z0-9]+$/.test(token);
    // In a list or brackets, plain words with slashes are values (`(overdue/due_soon/none)`); a
    // folder there ends with `/` (`(app/, lib/)`).
    const listed = /(?:,\s*|\band\s+|\(\s*)$/i.test(before);
    if (listed && !strong && !/\.[A-Za-z0-9]+$|\/$/.test(token)) continue;
    if (strong || INTRO.test(before)) found.push({ index: start, path: token });
  }

  found.sort((a, b) => a.index - b.index);
  const paths: string[] = [];
  for (const { path } of found) if (!paths.includes(path)) paths.push(path);
  return paths;
}
