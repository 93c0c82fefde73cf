/**
 * What a task does with each file it names, read from the words before the path:
 * - `change`: it creates or edits the file ("Add a test to tests/foo_test.go");
 * - `remove`: it deletes, moves or renames it away ("Delete src/old.ts", "Move a.ts to b.ts": a.ts);
 * - `read`: it reads or follows it ("per data-model.md", "see …", "based on", "Reference: …");
 * - `check`: it runs, verifies or reviews it ("Run the tests in tests/", "Verify src/x.ts").
 *
 * The cue nearest before the path in its clause decides; a path with no cue in its clause takes
 * the task's leading verb ("T012 Add …" then "- Files: `a.ts`"); a task with no known verb at all
 * ("Contract test POST /users in tests/contract/test_users.py") changes its files, but not
 * `explicit`ly, so only their existence is checked.
 */

export type FileRole = 'change' | 'remove' | 'read' | 'check';

export interface FileMention {
  path: string;
  role: FileRole;
  /** A work verb (create, add, update, implement, fix, …) governs it: a run that leaves it unchanged did not do the task. */
  explicit: boolean;
}

type CueClass = 'neutral' | 'change' | 'remove' | 'move' | 'takeOut' | 'read' | 'weakRead' | 'from' | 'check' | 'readLabel' | 'changeLabel';

/** Each verb with its -s, -ed and -ing forms. */
function forms(verbs: string): string {
  return verbs
    .split(' ')
    .map((v) => {
      const stem = v.endsWith('e') ? v.slice(0, -1) : v;
      const ed = v.endsWith('e') ? `${v}d` : /[^aeiou]y$/.test(v) ? `${v.slice(0, -1)}ied` : `${v}ed`;
      const s = /(s|x|z|ch|sh)$/.test(v) ? `${v}es` : /[^aeiou]y$/.test(v) ? `${v.slice(0, -1)}ies` : `${v}s`;
      return [v, s, ed, `${stem}ing`].join('|');
    })
    .join('|');
}

const CHANGE_VERBS =
  forms(
    'create add update implement extend fix refactor modify edit change insert append register wire configure define ' +
      'scaffold generate initialize initialise export migrate integrate document declare introduce expose mount enable ' +
      'adjust rework restructure convert port populate seed patch inject apply bump upgrade finalize finalise complete ' +
      'improve enhance harden optimize optimise polish standardize standardise align translate localize style extract ' +
      'split merge replace rewire hook connect attach embed annotate comment wrap amend author',
  ) +
  '|write|writes|wrote|written|writing|build|builds|built|building|make|makes|made|making|put|puts|set up|sets up|setting up|setup|rewrite|rewrites|rewrote|rewritten';

const CUES: Array<[CueClass, string]> = [
  // Asides that name a verb without doing it: "Verified (nothing to add): …", "no new code needed".
  [
    'neutral',
    String.raw`nothing (?:to|left to) \w+|no (?:new )?(?:code|changes?) (?:needed|required)|(?:new|added|created)/(?:modified|changed|updated)|(?:modified|changed|updated|affected|touched) files?`,
  ],
  [
    'read',
    String.raw`per|see|based on|following|follow|follows|according to|(?:as )?(?:defined|described|specified|documented|shown|outlined|listed) in|refer(?:s|ring)? to|consult(?:ing)?|reads?|reading|watch(?:es|ing)?|monitor(?:s|ing)?|observ(?:e|es|ing)|poll(?:s|ing)?|using|uses?|reus(?:e|es|ing)|leverag(?:e|es|ing)|mirror(?:s|ing)?|matching|match(?:es)?|consistent with|in line with|similar to|same as|against|(?:without|(?:do|does|must|should) not|don't|never)(?:\s+\w+ing|\s+\w+)?|leave|leaving|unchanged|instead of`,
  ],
  // Only as a label at the start of a line: `Spec: …`, `_Leverage: …_`, `Test: tests/a.test.ts`.
  ['readLabel', String.raw`spec|specs|context|inputs?|sources?|docs?|requirements?|leverage|depends on|background|references?|refs?`],
  ['changeLabel', String.raw`tests?|files?|outputs?|location|path|targets?`],
  ['weakRead', String.raw`for|like`],
  ['from', String.raw`from`],
  ['takeOut', String.raw`out of`],
  ['move', forms('move rename')],
  ['remove', forms('delete remove drop strip eliminate purge') + '|rm|clean up|cleans up|cleaned up'],
  ['check', forms('run verify check review validate confirm inspect audit lint measure benchmark profile execute smoke-test') + '|ran'],
  ['change', CHANGE_VERBS],
];

const CUE = new RegExp(`(?<![A-Za-z0-9-])(?:${CUES.map(([cls, words]) => `(?<${cls}>${words})`).join('|')})(?![\\w-])`, 'gi');

/** `in`, `into`, `to`… right before the path: the path is where the clause's work goes. */
const LOCATIVE_BEFORE =
  /(?:^|\s)(?:in|into|inside|within|under|to|at|on|as)\s+(?:(?:the|a|an|new|existing|file|module|folder|directory)\s+)*[`'"*_]*$/i;

interface Cue {
  cls: CueClass;
  word: string;
  index: number;
  /** Label form `Test:` / `Reference:` at the start of a line. */
  label: boolean;
}

function cuesIn(clause: string): Cue[] {
  const cues: Cue[] = [];
  for (const m of clause.matchAll(CUE)) {
    const cls = (Object.keys(m.groups!) as CueClass[]).find((k) => m.groups![k] !== undefined)!;
    const label = /^\s*[-*]?\s*[_*]*$/.test(clause.slice(0, m.index)) && /^[_*]*:/.test(clause.slice(m.index + m[0].length));
    if (cls === 'readLabel' || cls === 'changeLabel') {
      // As nouns they say nothing ("Contract test … in tests/"); `Files:` defers to the task's verb.
      if (!label || /^(?:files?|outputs?|location|path|targets?)$/i.test(m[0])) continue;
    }
    if (cls !== 'neutral') cues.push({ cls, word: m[0].toLowerCase(), index: m.index!, label });
  }
  return cues;
}

/** Where the clause holding `at` starts: a line, a `;`, or a sentence (`. ` not inside a path). */
function clauseStart(text: string, at: number): number {
  let start = 0;
  for (const m of text.slice(0, at).matchAll(/\n|;|[.!?](?=\s)|\s[—–]\s/g)) start = m.index! + m[0].length;
  return start;
}

interface Place {
  /** `in`, `into`, `to`… right before the path. */
  locative: boolean;
  /** Another path or code span stands between that cue and this path. */
  pathBetween: (cue: Cue) => boolean;
  /** An earlier path of the clause is already what the clause changes. */
  afterChange: boolean;
}

/** Role of a path given the cues before it in its clause, nearest last. */
function roleFromCues(all: Cue[], place: Place): { role: FileRole; explicit: boolean } | undefined {
  // "templates for the X event in `dir/` with a.html, b.html": a `for`/`from` before another path
  // or code span took that one as its object.
  let cues = all.filter((c) => !((c.cls === 'weakRead' || c.cls === 'from') && place.pathBetween(c)));
  let i = cues.length - 1;
  if (place.locative && !place.afterChange) {
    // "Update the registry to use RockForm in config.py", "Extend f() to check X in a.ts", "tests
    // for a.ts in tests/a.test.ts": the path is where the clause's main verb works. Once an earlier
    // path took the work, the nearest cue decides ("Write b.ts following the pattern in a.ts").
    cues = cues.filter((c) => c.cls !== 'weakRead' && c.cls !== 'read' && c.cls !== 'from');
    i = 0;
  }
  if (i < 0 || i >= cues.length) return undefined;
  let cue = cues[i];
  // "Create the health check `src/health.ts`": a check word after a work verb with no path between
  // names what is built. "Update `a.ts` and run `b.sh`" runs b.sh.
  const work = cues.slice(0, i).find((c) => c.cls === 'change' && !place.pathBetween(c));
  if (cue.cls === 'check' && work) cue = work;
  const governing = cues
    .slice(0, i)
    .reverse()
    .find((c) => c.cls !== 'weakRead' && c.cls !== 'from');
  switch (cue.cls) {
    case 'change':
    case 'changeLabel':
      return { role: 'change', explicit: true };
    case 'read':
    case 'readLabel':
    case 'weakRead':
      return { role: 'read', explicit: false };
    case 'check':
      return { role: 'check', explicit: false };
    case 'remove':
    case 'takeOut':
      // "Delete the old handler in src/a.ts" edits a.ts.
      return place.locative ? { role: 'change', explicit: true } : { role: 'remove', explicit: false };
    case 'move':
      // "Move a.ts to b.ts": b.ts is where it goes.
      return place.locative ? { role: 'change', explicit: true } : { role: 'remove', explicit: false };
    case 'from':
      // "Remove the import from src/index.ts" edits index.ts; "Move tests from old/" empties old/;
      // "Create a.ts from the template in b.ts" only reads b.ts.
      // "Export everything from src/index.ts": index.ts is where the exports go.
      if (governing?.cls === 'remove' || governing?.cls === 'takeOut' || /^export/.test(governing?.word ?? ''))
        return { role: 'change', explicit: true };
      if (governing?.cls === 'move') return { role: 'remove', explicit: false };
      return { role: 'read', explicit: false };
  }
}

/** Role of each path (as extracted from `text`, in order of appearance). */
export function fileRoles(text: string, paths: readonly string[]): FileMention[] {
  // Backticked spans and named paths hold no cues (`src/update.go` is not the verb "update").
  let masked = text.replace(/`[^`\n]*`|\bdrag[- ]and[- ]drop\b/gi, (m) => ' '.repeat(m.length));
  for (const path of paths) masked = masked.split(path).join(' '.repeat(path.length));
  const taskDefault = leadingRole(masked.split('\n')[0]);

  let from = 0;
  // Where each path and backticked span starts: the object a `from`/`for` before it belongs to.
  const starts: number[] = [...text.matchAll(/`[^`\n]*`/g)].map((m) => m.index!);
  const changedAt: number[] = [];
  return paths.map((path) => {
    let at = text.indexOf(path, from);
    if (at < 0) at = text.indexOf(path);
    if (at >= 0) from = at + path.length;
    if (at < 0) return { path, ...(taskDefault ?? { role: 'change' as const, explicit: false }) };
    starts.push(at);
    const start = clauseStart(masked, at);
    const clause = masked.slice(start, at);
    const place: Place = {
      locative: LOCATIVE_BEFORE.test(text.slice(start, at)),
      pathBetween: (cue) => starts.some((s) => s > start + cue.index && s < (text[at - 1] === '`' ? at - 1 : at)),
      afterChange: changedAt.some((s) => s >= start && s < at),
    };
    const mention = { path, ...(roleFromCues(cuesIn(clause), place) ?? taskDefault ?? { role: 'change' as const, explicit: false }) };
    if (mention.role === 'change') changedAt.push(at);
    return mention;
  });
}

/**
 * The role the task's own verb gives its files: the word right after the list marker, box, ID and
 * labels ("T012 [P] [US1] Add …", "2.1 Build …", "T021 Verified …"); none for "T006 In `a.ts`, …".
 */
function leadingRole(firstLine: string): { role: FileRole; explicit: boolean } | undefined {
  const head = firstLine.replace(
    /^\s*(?:(?:[-*+]|\d+[.)])\s+)?(?:\[.?\]\*?\s*)?(?:\*\*|__)?(?:(?:Task\s+)?[A-Z]*-?\d+(?:\.\d+)*[a-z]?\b[:.]?\s*)?(?:\*\*|__)?\s*(?:(?:\[[^\]\n]*\]|\((?:P|[A-Z]+\d*)\))\s*)*(?:\*\*|__)?/,
    '',
  );
  const first = cuesIn(head)[0];
  if (!first || first.index > 0 || ['from', 'weakRead', 'takeOut'].includes(first.cls)) return undefined;
  return roleFromCues([first], { locative: false, pathBetween: () => false, afterChange: false });
}
