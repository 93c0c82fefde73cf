import type { Phase } from '../model';

/**
 * Phase patterns, one rule for `gates.phases[].match`, `gates.tdd.exclude`, `exclusive[].phase` and
 * `routes[].match.phase` (README "Phase patterns").
 */

/** A phase key or number: `3`, `3.2`, `WP01`, `setup`. */
const NUMBER_LIKE = /^(?:\d+(?:\.\d+)*|WP\d+)$/i;

/** `*` any run of characters, `?` one character; whole-string, case-insensitive. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : escape(ch)))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

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
 * Whether a pattern names this phase:
 * - `*` every phase;
 * - the phase number or key (`3`, `3.2`, `setup`): that phase only;
 * - a pattern with `*` or `?`: a wildcard over the whole title (with or without its `Phase 3:`
 *   prefix), the number or the key (`User Story *`, `3.*`);
 * - any other text: words the title contains, case-insensitive (`Polish` matches
 *   `Phase 6: Polish & Cross-Cutting Concerns`, `Tests` matches `Tests First (TDD)`).
 */
export function phasePatternMatches(pattern: string, phase: Pick<Phase, 'key' | 'title'> & { number?: string }): boolean {
  const p = pattern.trim();
  if (p === '*') return true;
  const names = [phase.key, ...(phase.number ? [phase.number] : [])];
  if (names.some((name) => p.toLowerCase() === name.toLowerCase())) return true;
  if (NUMBER_LIKE.test(p)) return false;
  if (/[*?]/.test(p)) {
    const re = globToRegExp(p);
    return [phase.title, bareTitle(phase.title), ...names].some((name) => re.test(name.trim()));
  }
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])${escape(p)}(?:$|[^\\p{L}\\p{N}])`, 'iu').test(phase.title);
}

export function anyPhasePatternMatches(patterns: readonly string[], phase: Pick<Phase, 'key' | 'title'> & { number?: string }): boolean {
  return patterns.some((p) => phasePatternMatches(p, phase));
}
