import type { Phase } from '../model';
import { globToRegExp } from '../runners/routes';

/** A phase key or number: `3`, `3.2`, `WP01`, `setup`. */
const NUMBER_LIKE = /^(?:\d+(?:\.\d+)*|WP\d+)$/i;

/** The title without its `Phase 3:` / `3.` prefix. */
export function bareTitle(title: string): string {
  return title
    .replace(/^\s*phase\s+[\w.]+\s*[:.\-–—]?\s*/i, '')
    .replace(/^\s*[\d.]+\s*[:.\-–—]?\s+/, '')
    .trim();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Whether a gate pattern names this phase:
 * - `*` every phase;
 * - a number (`3`, `3.2`) or the phase key: that phase only;
 * - a pattern with `*` or `?`: a wildcard over the whole title (with or without its `Phase 3:` prefix);
 * - any other text: words the title contains, case-insensitive (`Polish` matches
 *   `Phase 6: Polish & Cross-Cutting Concerns`, `Tests` matches `Tests First (TDD)`).
 */
export function phasePatternMatches(pattern: string, phase: Pick<Phase, 'key' | 'number' | 'title'>): boolean {
  const p = pattern.trim();
  if (p === '*') return true;
  if (p.toLowerCase() === phase.key.toLowerCase() || (phase.number && p.toLowerCase() === phase.number.toLowerCase())) {
    return true;
  }
  if (NUMBER_LIKE.test(p)) return false;
  if (/[*?]/.test(p)) {
    const re = globToRegExp(p);
    return [phase.title, bareTitle(phase.title)].some((t) => re.test(t.trim()));
  }
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])${escape(p)}(?:$|[^\\p{L}\\p{N}])`, 'iu').test(phase.title);
}

export function anyPhasePatternMatches(patterns: readonly string[], phase: Pick<Phase, 'key' | 'number' | 'title'>): boolean {
  return patterns.some((p) => phasePatternMatches(p, phase));
}
