import { findIdLists, type IdList, type IdReference } from './task-ids';

/**
 * Reads dependency relations out of one piece of prose (a paragraph or list item, lines joined).
 *
 * The text is cut into clauses (`;`, sentence ends, spaced dashes, "while"/"but"). In a clause,
 * each relation word links the ID list just before it with the ID list just after it:
 *
 *   T008 blocks T009, T015                  T004 → T017 → T020        T025 depends on T020-T024
 *   Tests (T004-T007) before impl (T008-T014)   T015 and T018 can run in parallel after T013-T014
 *
 * A parenthesis that holds only IDs is part of the clause (a group's ID list); any other
 * parenthesis is read on its own, with the ID list right before it as its subject
 * (`T022 (after T012; …)`), and removed from the clause.
 */

export type Direction = 'before' | 'after';

export interface Relation {
  before: IdReference[];
  after: IdReference[];
  /** 'self' when the task that owns the text is one side ("(depends on T002)"). */
  selfSide?: Direction;
  kind: 'chain' | 'statement' | 'group';
  /** Index in the analysed text where the relation starts. */
  index: number;
}

export interface Unresolved {
  /** Where the clause starts in the analysed text, and how long it is. */
  index: number;
  length: number;
  reason: string;
  /** The clause says tasks may run side by side ("in parallel", "independent"). */
  neutral: boolean;
}

export interface TextAnalysis {
  relations: Relation[];
  /** Clauses with a relation word and task IDs that could not be turned into a relation. */
  unresolved: Unresolved[];
  /** Clauses that name task IDs without any relation or parallelism word. */
  bare: Unresolved[];
}

export interface AnalyseOptions {
  /** The text belongs to one task: "(depends on T002)" and "Blocks: T011" are about that task. */
  selfSubject?: boolean;
  /**
   * Kiro-style numbered IDs (`1.1`). Numbers are everywhere in prose, so only the explicit
   * "Depends: 1.1, 1.2" / "depends on 1.1" forms (and `1.1の完了後`) are read.
   */
  numbered?: boolean;
}

interface Keyword {
  re: RegExp;
  direction: Direction;
  arrow?: boolean;
  /** How an implicit (owning task) subject may be used: the IDs must follow directly. */
  implicit: 'direct' | 'verb' | 'start' | 'never';
  /** Only meaningful with an implicit subject ("Dependencies: T001"). */
  implicitOnly?: boolean;
  /** Safe to read with numbered IDs. */
  numbered?: boolean;
  /**
   * Also read between two ID lists inside a task's own text. Only explicit dependency verbs:
   * a task body saying "generate an OTP (T011), then call (T013)" describes steps, not order.
   */
  strong?: boolean;
}

const KEYWORDS: Keyword[] = [
  { re: /→|⟶|⇒|➔|➜|─+[►▶>]|[►▶]|-+>|=>/, direction: 'before', arrow: true, implicit: 'never' },
  { re: /\bbefore\b/i, direction: 'before', implicit: 'verb' },
  { re: /\b(?:un)?blocks?\b/i, direction: 'before', implicit: 'direct', strong: true },
  { re: /\bthen\b/i, direction: 'before', implicit: 'never' },
  { re: /\bprior to\b/i, direction: 'before', implicit: 'verb' },
  { re: /\bprecedes?\b/i, direction: 'before', implicit: 'direct' },
  { re: /\bgat(?:ing|es)\b/i, direction: 'before', implicit: 'direct' },
  { re: /\b(?:used|required|needed) by\b/i, direction: 'before', implicit: 'direct' },
  { re: /\bdepend(?:s|ing|ent)?\s+(?:only\s+|also\s+)?(?:up)?on\b/i, direction: 'after', implicit: 'direct', numbered: true, strong: true },
  { re: /\bdepends\s*:/i, direction: 'after', implicit: 'direct', numbered: true, strong: true },
  { re: /\bdependencies\s*:/i, direction: 'after', implicit: 'direct', implicitOnly: true },
  { re: /\bafter\b/i, direction: 'after', implicit: 'verb' },
  { re: /\bneeds?\b/i, direction: 'after', implicit: 'direct', strong: true },
  { re: /\brequires?\b/i, direction: 'after', implicit: 'direct', strong: true },
  { re: /\bonce\b/i, direction: 'after', implicit: 'start' },
  { re: /\bwaits?\s+(?:for|on)\b/i, direction: 'after', implicit: 'direct', strong: true },
  { re: /\bblocked\s+(?:by|on)\b/i, direction: 'after', implicit: 'direct', strong: true },
  { re: /\bbuilds?\s+on\b/i, direction: 'after', implicit: 'direct' },
  { re: /\bfollows\b/i, direction: 'after', implicit: 'direct' },
];

/** Words that say tasks may run side by side: such a line names IDs without ordering them. */
export const NEUTRAL =
  /\b(?:parallel|independent(?:ly)?|simultaneous(?:ly)?|concurrent(?:ly)?|together|alongside|no dependenc\w*|any order)\b|∥/i;

/** Verbs after which "before"/"after" + IDs talk about the owning task ("can run after T001"). */
const SCHEDULING_VERB =
  /(?:^|[(,:;]|\b(?:run|runs|start|starts|begin|begins|execute|executes|do|done|only|must|can|should|scheduled|implement|implemented|complete|completed|perform|performed|go|goes|come|comes|happen|happens|land|lands|work|works|proceed|proceeds|continue|continues))\s*$/i;

/** Japanese cc-sdd prose: `1.1の完了後に実行` ("run after 1.1 completes"). */
const AFTER_COMPLETION_JA = /((?:T-?)?\d+(?:\.\d+)*(?:\s*[、,]\s*(?:T-?)?\d+(?:\.\d+)*)*)\s*の完了後/g;

export function analyseDependencyText(text: string, options: AnalyseOptions = {}): TextAnalysis {
  const result: TextAnalysis = { relations: [], unresolved: [], bare: [] };
  const context: Context = { numbered: options.numbered ?? false, out: result };
  analyse(clean(text), 0, options.selfSubject ? 'self' : undefined, context, 0);
  return result;
}

type Subject = 'self' | IdReference[] | undefined;

interface Context {
  numbered: boolean;
  out: TextAnalysis;
}

/** Markdown marks and labels become spaces, so indices still point into the original text. */
function clean(text: string): string {
  return text
    .replace(/\*\*|__|~~|`/g, (m) => ' '.repeat(m.length))
    .replace(/\[(?:P|P[0-5]|US-?\d+(?:\/US-?\d+)*)\]/g, (m) => ' '.repeat(m.length))
    .replace(/(?<=^|\s)_(?=\S)|(?<=\S)_(?=\s|$)/g, ' ');
}

function analyse(text: string, offset: number, subject: Subject, context: Context, depth: number): void {
  const { flat, groups } = extractParentheses(text, offset, subject, context, depth);
  for (const clause of splitClauses(flat)) {
    const clauseGroups = groups.map(([a, b]) => [a - clause.index, b - clause.index] as [number, number]);
    analyseClause(clause.text, offset + clause.index, subject, context, clauseGroups, depth > 0);
  }
}

/**
 * Parentheses holding only IDs stay (their brackets become spaces, and their range is returned
 * as a group); others are analysed on their own and blanked out of the clause.
 */
function extractParentheses(
  text: string,
  offset: number,
  subject: Subject,
  context: Context,
  depth: number,
): { flat: string; groups: Array<[number, number]> } {
  let flat = text;
  const groups: Array<[number, number]> = [];
  let open = -1;
  let level = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') {
      if (level === 0) open = i;
      level++;
    } else if (c === ')' && level > 0) {
      level--;
      if (level !== 0) continue;
      const inner = text.slice(open + 1, i);
      if (isIdOnly(inner, context.numbered)) {
        flat = flat.slice(0, open) + ' ' + flat.slice(open + 1, i) + ' ' + flat.slice(i + 1);
        groups.push([open, i]);
      } else {
        if (depth < 4) {
          const inherited = subjectBefore(flat, open, context.numbered) ?? subject;
          analyse(inner, offset + open + 1, inherited, context, depth + 1);
        }
        flat = flat.slice(0, open) + ' '.repeat(i - open + 1) + flat.slice(i + 1);
      }
    }
  }
  return { flat, groups };
}

function isIdOnly(inner: string, numbered: boolean): boolean {
  const lists = findIdLists(inner, numbered);
  if (lists.length === 0) return false;
  let rest = inner;
  for (const l of lists) rest = rest.slice(0, l.start) + ' '.repeat(l.end - l.start) + rest.slice(l.end);
  return /^[\s,/&+;]*(?:\b(?:and|or)\b[\s,/&+;]*)*$/i.test(rest);
}

/** `T022 (after T012)`: the ID list right before a parenthesis is its subject. */
function subjectBefore(flat: string, open: number, numbered: boolean): IdReference[] | undefined {
  const lists = findIdLists(flat.slice(0, open), numbered);
  const last = lists[lists.length - 1];
  if (!last || !/^\s*$/.test(flat.slice(last.end, open))) return undefined;
  return last.refs;
}

function splitClauses(text: string): Array<{ text: string; index: number }> {
  const clauses: Array<{ text: string; index: number }> = [];
  const separator =
    /;|(?<!\b(?:e\.g|i\.e|vs|cf|etc|incl|approx|[Nn]o))\.\s+(?=[A-Z0-9(*"'`[])|\s+[—–]\s+|\s+(?:while|whereas|but|although|though)\s+/g;
  let start = 0;
  for (const m of text.matchAll(separator)) {
    clauses.push({ text: text.slice(start, m.index), index: start });
    start = m.index! + m[0].length;
  }
  clauses.push({ text: text.slice(start), index: start });
  return clauses.filter((c) => c.text.trim().length > 0);
}

interface Found {
  keyword: Keyword;
  start: number;
  end: number;
}

/** All keywords as one alternation; group n+1 is KEYWORDS[n]. Order gives priority. */
const ANY_KEYWORD = new RegExp(KEYWORDS.map((k) => `(${k.re.source})`).join('|'), 'gi');

function findKeywords(clause: string, numbered: boolean): Found[] {
  const found: Found[] = [];
  ANY_KEYWORD.lastIndex = 0;
  for (let m = ANY_KEYWORD.exec(clause); m; m = ANY_KEYWORD.exec(clause)) {
    const n = m.findIndex((g, i) => i > 0 && g !== undefined) - 1;
    const keyword = KEYWORDS[n];
    if (numbered && !keyword.numbered) continue;
    found.push({ keyword, start: m.index, end: m.index + m[0].length });
  }
  return found;
}

/** Cheap test: can this text hold a dependency at all? */
export function mayHoldDependency(text: string): boolean {
  ANY_KEYWORD.lastIndex = 0;
  return ANY_KEYWORD.test(clean(text)) || text.includes('の完了後');
}

function analyseClause(
  clause: string,
  offset: number,
  subject: Subject,
  context: Context,
  groups: Array<[number, number]>,
  parenthetical: boolean,
): void {
  const { out, numbered } = context;
  const lists = findIdLists(clause, numbered);
  const keywords = findKeywords(clause, numbered);
  const report = (bucket: Unresolved[], reason: string) => {
    const lead = clause.length - clause.trimStart().length;
    bucket.push({ index: offset + lead, length: clause.trim().length, reason, neutral: NEUTRAL.test(clause) });
  };

  if (subject === 'self') readJapaneseAfter(clause, offset, out);

  if (keywords.length === 0) {
    if (lists.length > 0 && !numbered && !parenthetical && !NEUTRAL.test(clause)) {
      report(out.bare, 'it names tasks but no relation word (before, after, depends on, blocks, →) links them');
    }
    return;
  }

  let problem: string | undefined;
  const subjects: Array<IdList | undefined> = [];
  keywords.forEach((k, n) => {
    const from = n > 0 ? keywords[n - 1].end : 0;
    const to = n + 1 < keywords.length ? keywords[n + 1].start : clause.length;
    let left = lastList(lists, from, k.start);
    // "T026 before T016 & used by T023": coordinated verbs share the first subject.
    const previous = subjects[n - 1];
    if (
      previous &&
      left &&
      !k.keyword.arrow &&
      !keywords[n - 1].keyword.arrow &&
      /^\s*(?:&|and|,)\s*$/i.test(clause.slice(left.end, k.start))
    ) {
      left = previous;
    }
    subjects[n] = left;
    const right = firstList(lists, k.end, to);
    const direct = right && /^[\s:,=-]*$/.test(clause.slice(k.end, right.start));
    const forward = k.keyword.direction === 'before';
    if (left && right && !k.keyword.implicitOnly && (subject !== 'self' || k.keyword.strong)) {
      const inGroup = (l: IdList) => groups.some(([a, b]) => l.start > a && l.end <= b);
      const grouped = inGroup(left) || inGroup(right);
      out.relations.push({
        before: forward ? left.refs : right.refs,
        after: forward ? right.refs : left.refs,
        kind: k.keyword.arrow ? 'chain' : grouped ? 'group' : 'statement',
        index: offset + left.start,
      });
      return;
    }
    if (!left && right && direct && subject && implicitAllowed(k, clause)) {
      if (subject === 'self') {
        out.relations.push({
          ...sides(forward, right.refs),
          selfSide: forward ? 'before' : 'after',
          kind: 'statement',
          index: offset + k.start,
        });
      } else {
        out.relations.push({
          before: forward ? subject : right.refs,
          after: forward ? right.refs : subject,
          kind: 'statement',
          index: offset + k.start,
        });
      }
      return;
    }
    if (left || right) {
      const word = clause.slice(k.start, k.end).trim();
      problem ??= !left ? `no task ID on the left of "${word}"` : `no task ID on the right of "${word}"`;
    }
  });
  if (problem) report(out.unresolved, problem);
}

/** For a self relation only the other side is listed; the caller adds the owning task. */
function sides(forward: boolean, refs: IdReference[]): { before: IdReference[]; after: IdReference[] } {
  return forward ? { before: [], after: refs } : { before: refs, after: [] };
}

function implicitAllowed(k: Found, clause: string): boolean {
  if (k.keyword.implicit === 'never') return false;
  if (k.keyword.implicit === 'direct') return true;
  if (k.keyword.implicit === 'start') return /^\s*$/.test(clause.slice(0, k.start));
  return SCHEDULING_VERB.test(clause.slice(0, k.start));
}

function lastList(lists: IdList[], from: number, to: number): IdList | undefined {
  let found: IdList | undefined;
  for (const l of lists) if (l.start >= from && l.end <= to) found = l;
  return found;
}

function firstList(lists: IdList[], from: number, to: number): IdList | undefined {
  return lists.find((l) => l.start >= from && l.end <= to);
}

function readJapaneseAfter(clause: string, offset: number, out: TextAnalysis): void {
  for (const m of clause.matchAll(AFTER_COMPLETION_JA)) {
    const refs = m[1].split(/\s*[、,]\s*/).map((from) => ({ from, index: offset + m.index! }));
    out.relations.push({ before: refs, after: [], selfSide: 'after', kind: 'statement', index: offset + m.index! });
  }
}
