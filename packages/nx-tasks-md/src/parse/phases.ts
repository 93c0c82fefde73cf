import type { Diagnostic, Phase } from '../model';
import { slugify } from './generated-ids';
import type { HeadingBlock } from './markdown-outline';

/**
 * Phases and groups.
 *
 * A phase is a heading that names one: "Phase 3.2: Tests First", "Phase 0 — Foundations",
 * "1. Phase 1 – Stabilize", "Work Package WP01: …", "WP01: …" (any level). Headings below it are
 * groups. A heading at the phase's level or above that is not a phase ("## Dependencies",
 * "## Notes") ends it. Phase-like headings inside a dependency or parallelism section are about a
 * phase, not the phase itself. When a file has no such heading but numbered ones ("## 1. Setup",
 * OpenSpec), those are the phases. Files with neither get one implicit phase `1`.
 *
 * Tasks outside every phase (e.g. a checklist after "## Notes") get a phase named after the
 * section heading they sit under, keyed by its slug.
 */

export interface PhaseHeading {
  number: string;
  title: string;
}

const PHASE = /^(?:\d+(?:\.\d+)*\.?\s+)?(?:Phase|Fase|Stage)\s+([A-Z]?\d+(?:\.\d+)*[a-z]?)(?![\w.])\s*(?:[:：.)\]–—-]+\s*)?(.*)$/i;
const WORK_PACKAGE = /^(?:Work\s+Package\s+)(WP\d+)\b\s*(?:[:–—-]+\s*)?(.*)$/i;
const WORK_PACKAGE_SHORT = /^(WP\d+)\s*[:–—-]+\s*(.*)$/i;
const NUMBERED = /^(\d+)\.\s+(.+)$/;

function strip(text: string): string {
  return text.replace(/^[^\p{L}\p{N}]+/u, '').trim();
}

export function readPhaseHeading(text: string): PhaseHeading | undefined {
  const t = strip(text);
  const m = PHASE.exec(t) ?? WORK_PACKAGE.exec(t) ?? WORK_PACKAGE_SHORT.exec(t);
  return m ? { number: m[1], title: m[2].trim() } : undefined;
}

export function readNumberedHeading(text: string): PhaseHeading | undefined {
  const m = NUMBERED.exec(strip(text));
  return m ? { number: m[1], title: m[2].trim() } : undefined;
}

/** Headings whose sections hold dependency statements. */
export const DEPENDENCY_SECTION = /dependenc|execution order|critical path|blockers|sequenc|parallel/i;

export interface PhasePlan {
  phases: Phase[];
  /** Phase key and group for a line (the line of a task). */
  locate(line: number): { phase: string; group?: string };
}

export interface PhaseContext {
  headings: HeadingBlock[];
  /** Single-line paragraphs that head a list inside a phase ("Contract Tests (…)"). */
  groupLines: Array<{ line: number; title: string }>;
  /** The first non-blank line after a heading, when it is a one-line paragraph. */
  lineAfter(heading: HeadingBlock): string | undefined;
  file: string;
  diagnostics: Diagnostic[];
}

interface Region {
  fromLine: number;
  phase: () => Phase;
  group?: string;
}

export function planPhases(ctx: PhaseContext): PhasePlan {
  const { headings } = ctx;
  const explicit = headings.some((h) => readPhaseHeading(h.text));
  const numbered = !explicit && headings.some((h) => readNumberedHeading(h.text));
  const read = explicit ? readPhaseHeading : numbered ? readNumberedHeading : undefined;

  const phases: Phase[] = [];
  const keys = new Set<string>();
  const nextSuffix = new Map<string, number>();
  const uniqueKey = (base: string, line: number, numberedKey: boolean): string => {
    let key = base;
    for (let n = nextSuffix.get(base) ?? 2; keys.has(key); n++) {
      key = `${base}~${n}`;
      nextSuffix.set(base, n + 1);
    }
    if (key !== base && numberedKey) {
      ctx.diagnostics.push({
        file: ctx.file,
        line,
        column: 1,
        severity: 'info',
        code: 'duplicate-phase',
        message: `Phase ${base} appears more than once; this one is keyed "${key}".`,
      });
    }
    keys.add(key);
    return key;
  };
  const addPhase = (phase: Omit<Phase, 'key' | 'taskIds'>, base: string, numberedKey: boolean): Phase => {
    const created: Phase = { key: uniqueKey(base, phase.line, numberedKey), ...phase, taskIds: [] };
    phases.push(created);
    return created;
  };
  const lazy = <T>(make: () => T): (() => T) => {
    let value: T | undefined;
    return () => (value ??= make());
  };

  const regions: Region[] = [];
  if (!read) {
    const title = headings[0];
    const implicit = lazy(() =>
      addPhase({ title: title?.text || 'Tasks', line: title?.startLine ?? 1, depth: 0, number: undefined }, '1', false),
    );
    regions.push({ fromLine: 0, phase: implicit });
    headings.forEach((h, n) => {
      if (n === 0 && h.depth === 1) return;
      regions.push({ fromLine: h.startLine, phase: implicit, group: h.text });
    });
  } else {
    const sectionPhase = (h: HeadingBlock | undefined) =>
      lazy(() =>
        addPhase(
          { title: h?.text || 'Tasks', line: h?.startLine ?? 1, depth: h?.depth ?? 0, number: undefined },
          slugify(h?.text ?? '') || 'tasks',
          false,
        ),
      );
    let open: { depth: number; phase: () => Phase } | undefined;
    let anchor: HeadingBlock | undefined;
    let anchorPhase = sectionPhase(undefined);
    regions.push({ fromLine: 0, phase: anchorPhase });
    const path: HeadingBlock[] = [];
    for (const h of headings) {
      while (path.length > 0 && path[path.length - 1].depth >= h.depth) path.pop();
      // "### Phase 1 (Setup)" under "## Parallel Execution Opportunities" talks about a phase.
      const aboutPhases = path.some((p) => !read(p.text) && DEPENDENCY_SECTION.test(p.text));
      path.push(h);
      const found = aboutPhases ? undefined : read(h.text);
      if (found) {
        const title = found.title.replace(/[:：]\s*$/, '') || ctx.lineAfter(h) || h.text;
        const phase = addPhase({ number: found.number, title, line: h.startLine, depth: h.depth }, found.number, true);
        open = { depth: h.depth, phase: () => phase };
        regions.push({ fromLine: h.startLine, phase: open.phase });
      } else if (open && h.depth > open.depth) {
        regions.push({ fromLine: h.startLine, phase: open.phase, group: h.text });
      } else if (!open && anchor && h.depth > anchor.depth) {
        regions.push({ fromLine: h.startLine, phase: anchorPhase, group: h.text });
      } else {
        open = undefined;
        anchor = h;
        anchorPhase = sectionPhase(h);
        regions.push({ fromLine: h.startLine, phase: anchorPhase });
      }
    }
  }

  // Group lines refine the region they fall in, until the next heading.
  const refined: Region[] = [];
  let g = 0;
  regions.forEach((region, n) => {
    refined.push(region);
    const until = regions[n + 1]?.fromLine ?? Infinity;
    for (; g < ctx.groupLines.length && ctx.groupLines[g].line < until; g++) {
      if (ctx.groupLines[g].line < region.fromLine) continue;
      refined.push({ fromLine: ctx.groupLines[g].line, phase: region.phase, group: ctx.groupLines[g].title });
    }
  });

  return {
    phases,
    locate(line: number) {
      let lo = 0;
      let hi = refined.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (refined[mid].fromLine <= line) lo = mid;
        else hi = mid - 1;
      }
      const region = refined[lo];
      return { phase: region.phase().key, group: region.group };
    },
  };
}
