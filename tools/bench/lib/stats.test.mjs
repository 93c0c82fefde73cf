import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMs, formatRatio, median, medianRatio, perThousand, range } from './stats.mjs';

test('median of an odd count is the middle value, of an even count the mean of the two middle ones', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
});

test('median leaves its input as it was', () => {
  const values = [3, 1, 2];
  median(values);
  assert.deepEqual(values, [3, 1, 2]);
});

test('median of nothing is an error', () => {
  assert.throws(() => median([]), /empty/);
});

test('medianRatio pairs the samples of the same repeat', () => {
  // Repeat-wise ratios 2, 3, 10 → median 3 (a ratio of medians would give 20 / 5 = 4).
  assert.equal(medianRatio([2, 30, 20], [1, 10, 2]), 3);
  assert.throws(() => medianRatio([1, 2], [1]), /different lengths/);
});

test('range gives the smallest and largest value', () => {
  assert.deepEqual(range([3, -1, 8]), { min: -1, max: 8 });
});

test('formatMs picks a unit that keeps three significant digits', () => {
  assert.equal(formatMs(12.34), '12.3 ms');
  assert.equal(formatMs(250), '250 ms');
  assert.equal(formatMs(1234), '1.23 s');
  assert.equal(formatMs(61_000), '61.0 s');
  assert.equal(formatMs(undefined), 'n/a');
  assert.equal(formatRatio(1.234), '1.23x');
  assert.equal(formatRatio(Number.NaN), 'n/a');
});

test('perThousand scales a figure to 1,000 of what it counts, and refuses a count of zero', () => {
  assert.equal(perThousand(500, 250), 2000);
  assert.equal(perThousand(3, 3000), 1);
  assert.throws(() => perThousand(1, 0), /positive count/);
});
