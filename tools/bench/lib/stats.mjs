/** Median of a non-empty list of numbers (mean of the two middle values for an even count). */
export function median(values) {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Smallest and largest value. */
export function range(values) {
  return { min: Math.min(...values), max: Math.max(...values) };
}

/**
 * Median of the per-repeat ratios a[i] / b[i]: both sides of a comparison are measured in the same
 * repeat, side by side, so a noisy moment of a shared machine hits both.
 */
export function medianRatio(numerators, denominators) {
  if (numerators.length !== denominators.length) throw new Error('ratio of lists of different lengths');
  return median(numerators.map((n, i) => n / denominators[i]));
}

export function formatMs(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return 'n/a';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`;
}

export function formatRatio(ratio) {
  if (ratio === undefined || ratio === null || Number.isNaN(ratio)) return 'n/a';
  return `${ratio.toFixed(2)}x`;
}

/** A figure scaled to 1,000 targets (or any other unit counted in `count`). */
export function perThousand(value, count) {
  if (!(count > 0)) throw new Error(`perThousand needs a positive count, got ${count}`);
  return (value * 1000) / count;
}
