import type { DependencyKind, DependencyStatement, Diagnostic, FeatureDependency } from '../model';
import { analyseDependencyText, mayHoldDependency, NEUTRAL, type Relation, type Unresolved } from './dependency-text';
import type { HeadingBlock, Outline, ParagraphBlock } from './markdown-outline';
import { DEPENDENCY_SECTION, readPhaseHeading } from './phases';
import { lastAtOrBefore } from './line-lookup';
import { lineText, pointAt, type Source } from './source';
import type { TaskSource } from './task-builder';
import { readCheckbox } from './task-line';
import { createIdIndex, expandReferences, type IdIndex } from './task-ids';

/**
 * Collects dependency statements from three places:
 *
 * - a task's own text: "(depends on T002)", "Depends on T006.", "**Depends on**: T004",
 *   "_Depends: 1.1_", "(after T012)", "needs T006" — the task is the implicit subject;
 * - dependency sections (headings with "Dependenc", "Execution Order", "Parallel", …): every
 *   line that names tasks must be understood, or it is reported;
 * - any other prose: statements that name tasks on both sides are used, the rest is ignored.
 *
 * Code blocks, HTML comments, blockquotes, tables and checklist lines are never read.
 */

export interface DependencyResult {
  dependencies: DependencyStatement[];
  diagnostics: Diagnostic[];
}

type SectionKind = 'dependency' | 'parallel' | 'other';

interface Unit {
  text: string;
  /** Where each joined piece starts in `text` and in the source. */
  pieces: Array<{ at: number; from: number }>;
  section: SectionKind;
  owner?: TaskSource;
  implicitKind: DependencyKind;
}

export function collectDependencies(src: Source, outline: Outline, tasks: TaskSource[], file: string, numbered: boolean): DependencyResult {
  const index = createIdIndex(tasks.map((t) => t.task.id));
  const result: DependencyResult = { dependencies: [], diagnostics: [] };
  if (tasks.length === 0) return result;
  const byItem = new Map(tasks.map((t) => [t.candidate.item.index, t]));
  const ownerOf = (item: number): TaskSource | undefined => {
    for (let i: number | undefined = item; i !== undefined; i = outline.items[i].parent) {
      const task = byItem.get(i);
      if (task) return task;
    }
    return undefined;
  };
  const units = [...taskUnits(src, outline, tasks, ownerOf), ...proseUnits(src, outline)];
  const reported = new Set<string>();
  const warn = (code: string, offset: number, message: string) => {
    const point = pointAt(src, offset);
    const key = `${code}:${point.line}:${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    result.diagnostics.push({ file, line: point.line, column: point.column, severity: 'warning', code, message });
  };

  for (const unit of units) {
    if (!mayHoldDependency(unit.text)) {
      if (unit.section === 'dependency' && /\bT-?\d/.test(unit.text) && !NEUTRAL.test(unit.text)) {
        const bare = analyseDependencyText(unit.text).bare[0];
        if (bare)
          warn(
            'dependency-not-understood',
            offsetIn(unit, bare.index),
            `Dependency statement not understood: "${excerpt(unit.text.slice(bare.index, bare.index + bare.length))}": ${bare.reason}.`,
          );
      }
      continue;
    }
    const analysis = analyseDependencyText(unit.text, {
      selfSubject: unit.owner !== undefined,
      numbered: numbered && unit.owner !== undefined,
    });
    for (const relation of analysis.relations) {
      const statement = toStatement(src, unit, relation, index, warn);
      if (statement) result.dependencies.push(statement);
    }
    const at = (i: number) => offsetIn(unit, i);
    const quote = (u: Unresolved) => excerpt(unit.text.slice(u.index, u.index + u.length));
    if (unit.owner) {
      for (const u of analysis.unresolved) {
        if (/^\W*(?:depends?(?:\s+on)?|blocks|blocked by|dependencies)\b/i.test(quote(u))) {
          warn('dependency-not-understood', at(u.index), `Dependency of ${unit.owner.task.id} not understood: "${quote(u)}": ${u.reason}.`);
        }
      }
    } else if (unit.section !== 'other') {
      for (const u of analysis.unresolved) {
        if (unit.section === 'parallel' && u.neutral) continue;
        warn('dependency-not-understood', at(u.index), `Dependency statement not understood: "${quote(u)}": ${u.reason}.`);
      }
      const bare = analysis.bare[0];
      if (
        unit.section === 'dependency' &&
        bare &&
        analysis.relations.length === 0 &&
        analysis.unresolved.length === 0 &&
        !NEUTRAL.test(unit.text)
      ) {
        warn('dependency-not-understood', at(bare.index), `Dependency statement not understood: "${quote(bare)}": ${bare.reason}.`);
      }
    }
  }
  return result;
}

function offsetIn(unit: Unit, index: number): number {
  let piece = unit.pieces[0];
  for (const p of unit.pieces) {
    if (p.at > index) break;
    piece = p;
  }
  return piece ? piece.from + Math.max(0, index - piece.at) : 0;
}

function excerpt(text: string): string {
  const t = text
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > 120 ? `${t.slice(0, 117)}...` : t;
}

function toStatement(
  src: Source,
  unit: Unit,
  relation: Relation,
  index: IdIndex,
  warn: (code: string, offset: number, message: string) => void,
): DependencyStatement | undefined {
  const offsetOf = (i: number) => offsetIn(unit, i);
  const resolve = (refs: Relation['before']) => {
    const expanded = expandReferences(refs, index);
    for (const id of expanded.unknown) {
      const ref = refs.find((r) => r.from === id || r.to === id);
      warn('unknown-task', offsetOf(ref?.index ?? relation.index), `${id} is named in a dependency but is not a task in this file.`);
    }
    return expanded.ids;
  };
  let before = resolve(relation.before);
  let after = resolve(relation.after);
  let kind: DependencyKind = relation.kind;
  if (relation.selfSide && unit.owner) {
    const self = unit.owner.task.id;
    if (relation.selfSide === 'after') after = [self];
    else before = [self];
    kind = unit.implicitKind;
  }
  const offset = offsetOf(relation.index);
  if (/_Depends\s*:/i.test(lineText(src, pointAt(src, offset).line))) kind = 'kiro-depends';
  after = after.filter((id) => !before.includes(id));
  if (before.length === 0 || after.length === 0) return undefined;
  const point = pointAt(src, offset);
  return { before, after, line: point.line, column: point.column, text: lineText(src, point.line).trim(), kind };
}

/** Joins lines into one string (with a space between), remembering where each piece came from. */
function joinLines(src: Source, ranges: Array<{ from: number; to: number }>): { text: string; pieces: Unit['pieces'] } {
  const parts: string[] = [];
  const pieces: Unit['pieces'] = [];
  let at = 0;
  for (const { from, to } of ranges) {
    if (parts.length > 0) {
      parts.push(' ');
      at++;
    }
    pieces.push({ at, from });
    parts.push(src.text.slice(from, to));
    at += to - from;
  }
  return { text: parts.join(''), pieces };
}

function taskUnits(src: Source, outline: Outline, tasks: TaskSource[], ownerOf: (item: number) => TaskSource | undefined): Unit[] {
  const units: Unit[] = [];
  const ownLines = new Map(tasks.map((t) => [t, new Set(t.ownLines)]));
  for (const p of outline.paragraphs) {
    if (p.item === undefined) continue;
    const owner = ownerOf(p.item);
    if (!owner) continue;
    const own = ownLines.get(owner)!;
    const item = owner.candidate.item;
    const pieces: Array<{ from: number; to: number }> = [];
    for (let line = p.startLine; line <= p.endLine; line++) {
      if (!own.has(line)) continue;
      const from = line === item.startLine ? owner.titleOffset : src.lineStarts[line - 1];
      pieces.push({ from: Math.min(from, src.lineEnds[line - 1]), to: src.lineEnds[line - 1] });
    }
    if (pieces.length === 0) continue;
    const implicitKind: DependencyKind = p.item === item.index ? 'inline' : 'sub-bullet';
    units.push({ ...joinLines(src, pieces), section: 'other', owner, implicitKind });
  }
  return units;
}

function proseUnits(src: Source, outline: Outline): Unit[] {
  const sectionAt = sectionLookup(outline.headings);
  const insideCheckbox = (p: ParagraphBlock) => {
    for (let i = p.item; i !== undefined; i = outline.items[i].parent) {
      const item = outline.items[i];
      if (readCheckbox(lineText(src, item.startLine).slice(item.column - 1))) return true;
    }
    return false;
  };
  const units: Unit[] = [];
  for (const p of outline.paragraphs) {
    if (insideCheckbox(p)) continue;
    const pieces: Array<{ from: number; to: number }> = [];
    for (let line = p.startLine; line <= p.endLine; line++) {
      if (/^\s*\|/.test(lineText(src, line))) continue;
      const from = line === p.startLine ? p.startOffset : src.lineStarts[line - 1];
      pieces.push({ from, to: line === p.endLine ? p.endOffset : src.lineEnds[line - 1] });
    }
    if (pieces.length === 0) continue;
    units.push({ ...joinLines(src, pieces), section: sectionAt(p.startLine), implicitKind: 'statement' });
  }
  return units;
}

function sectionLookup(headings: HeadingBlock[]): (line: number) => SectionKind {
  const kinds: Array<{ line: number; kind: SectionKind }> = [];
  const stack: HeadingBlock[] = [];
  for (const h of headings) {
    while (stack.length > 0 && stack[stack.length - 1].depth >= h.depth) stack.pop();
    stack.push(h);
    let kind: SectionKind = 'other';
    for (let i = stack.length - 1; i >= 0; i--) {
      const heading = stack[i];
      if (readPhaseHeading(heading.text)) break;
      if (DEPENDENCY_SECTION.test(heading.text)) {
        kind = /parallel/i.test(heading.text) ? 'parallel' : 'dependency';
        break;
      }
    }
    kinds.push({ line: h.startLine, kind });
  }
  return (line) => lastAtOrBefore(kinds, line)?.kind ?? 'other';
}

const FEATURE_DEPENDENCY = /\bdepends on features?\s*(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.+)$/i;

/** `Depends on feature: 001-user-auth, 002-billing` anywhere outside code. */
export function collectFeatureDependencies(src: Source, outline: Outline): FeatureDependency[] {
  const inCode = new Set<number>();
  for (const b of outline.excluded) {
    if (b.kind === 'blockquote') continue;
    for (let line = b.startLine; line <= b.endLine; line++) inCode.add(line);
  }
  const found: FeatureDependency[] = [];
  for (let line = 1; line <= src.lineStarts.length; line++) {
    const m = FEATURE_DEPENDENCY.exec(lineText(src, line));
    if (!m || inCode.has(line)) continue;
    for (const raw of m[1].split(/,|\band\b|;/)) {
      const name = raw
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/[`*_]/g, '')
        .replace(/[.]+$/, '')
        .trim();
      if (name && !/\s/.test(name)) found.push({ name, line });
    }
  }
  return found;
}
