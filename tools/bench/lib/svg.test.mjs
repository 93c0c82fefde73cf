import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barChart, escape, niceCeiling } from './svg.mjs';

const chart = (overrides = {}) =>
  barChart({
    title: 'T <1> & "2"',
    yLabel: 'ratio',
    categories: ['a', 'b', 'c'],
    series: [
      { name: 'one', values: [1, 2, 3] },
      { name: 'two', values: [0.5, undefined, 4] },
    ],
    lines: [{ value: 1.1, label: 'target' }],
    ...overrides,
  });

test('one bar per defined value, with its value in the tooltip', () => {
  const svg = chart();
  const bars = svg.match(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#[0-9a-f]{6}"><title>/g) ?? [];
  assert.equal(bars.length, 5);
  assert.ok(svg.includes('<title>two · c: 4</title>'));
  assert.ok(svg.includes('<title>two · a: 0.50</title>'));
  assert.ok(!svg.includes('two · b'));
});

test('taller bars for larger values, all standing on the same baseline', () => {
  const svg = chart();
  const bars = [...svg.matchAll(/<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)" fill="[^"]+"><title>one · (\w)/g)];
  const heights = bars.map((m) => Number(m[2]));
  assert.ok(heights[0] < heights[1] && heights[1] < heights[2]);
  const baselines = bars.map((m) => Math.round(Number(m[1]) + Number(m[2])));
  assert.equal(new Set(baselines).size, 1);
});

test('text is escaped, so the SVG stays well-formed', () => {
  const svg = chart();
  assert.ok(svg.includes('T &lt;1&gt; &amp; &quot;2&quot;'));
  assert.ok(!svg.includes('<1>'));
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"') && svg.trim().endsWith('</svg>'));
  assert.equal(escape('<a&b>'), '&lt;a&amp;b&gt;');
});

test('a reference line is drawn with its label', () => {
  assert.match(chart(), /stroke-dasharray="6 4"\/>\n<text[^>]*>target<\/text>/);
});

test('the axis top is a round number at or above the largest value', () => {
  assert.equal(niceCeiling(0.8), 1);
  assert.equal(niceCeiling(1.3), 2);
  assert.equal(niceCeiling(2.2), 2.5);
  assert.equal(niceCeiling(37), 50);
  assert.equal(niceCeiling(100), 100);
  assert.equal(niceCeiling(0), 1);
});
