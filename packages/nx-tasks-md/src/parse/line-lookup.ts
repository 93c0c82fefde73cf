/** The last entry whose `line` is at or before `line` (entries sorted by line), by binary search. */
export function lastAtOrBefore<T extends { line: number }>(entries: readonly T[], line: number): T | undefined {
  let lo = 0;
  let hi = entries.length - 1;
  let found: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].line <= line) {
      found = entries[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
