import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderReport } from './report.mjs';

const machine = {
  cpu: 'Test CPU',
  cores: 2,
  memoryGiB: 8,
  freeMemoryGiB: 6,
  os: 'linux',
  node: 'v20.0.0',
  nx: '23.2.1',
  plugin: '0.1.0',
  pluginSourceHash: 'abc',
  commit: '1234567',
  dirty: false,
  loadAverage: [1, 2, 3],
  date: '2026-01-02T03:04:05.000Z',
};
const section = (targets) => ({ id: 'x', title: 'X bench', markdown: '| a |', chart: { file: 'x.svg' }, targets });

test('the report names the machine, judges each target and links each chart', () => {
  const text = renderReport({
    machine,
    quick: false,
    durationMs: 125_000,
    loadAtEnd: [4, 5, 6],
    sections: [
      section([
        { name: 'fast', value: '1.0x', met: true, applies: true },
        { name: 'slow', value: '3x', met: false, applies: true },
      ]),
    ],
    notes: { x: 'Why it is slow.' },
  });
  assert.match(text, /Test CPU, 2 cores/);
  assert.match(text, /1, 2, 3 at start · 4, 5, 6 at the end/);
  assert.match(text, /2 min 05 s/);
  assert.match(text, /\| X bench \| fast \| 1.0x \| \*\*met\*\* \|/);
  assert.match(text, /\| X bench \| slow \| 3x \| \*\*missed\*\* \|/);
  assert.match(text, /!\[X bench\]\(x\.svg\)/);
  assert.match(text, /Why it is slow\./);
});

test('a quick run says so and judges nothing', () => {
  const text = renderReport({
    machine,
    quick: true,
    durationMs: 1000,
    loadAtEnd: [0, 0, 0],
    sections: [section([{ name: 'fast', value: '1x', met: true, applies: false }])],
  });
  assert.match(text, /Quick mode/);
  assert.match(text, /not judged \(quick\)/);
});
