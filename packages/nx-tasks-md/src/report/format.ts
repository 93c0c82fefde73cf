import type { Phase } from '../model';

/** `850ms`, `12.3s`, `2m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes}m ${String(totalSeconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** `Phase 3.2 Tests First`, whatever way the heading wrote it (`Phase 3.2: Tests First`, `3.2 Tests First`). */
export function phaseLabel(phase: Pick<Phase, 'number' | 'title' | 'key'> | undefined): string {
  if (!phase) return '';
  const title = phase.title
    .replace(/^\s*phase\s+[\w.]+\s*[:.\-–—]?\s*/i, '')
    .replace(/^\s*[\d.]+\s*[:.\-–—]?\s+/, '')
    .trim();
  if (phase.number) return title ? `Phase ${phase.number} ${title}` : `Phase ${phase.number}`;
  return title || phase.key;
}

export function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.floor((part / whole) * 100);
}
