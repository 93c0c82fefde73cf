import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusLikePlan } from './corpus-plan.mjs';

test('a corpus-like plan: agent tasks without shell blocks, most naming a file of the feature', () => {
  const plan = corpusLikePlan({ tasks: 60, seed: 3, feature: 'billing' });
  assert.equal(plan.ids.length, 60);
  assert.ok(!plan.text.includes('```'));
  const lines = plan.text.split('\n').filter((l) => /^- \[ \] T\d{3}/.test(l));
  assert.equal(lines.length, 60);
  const naming = lines.filter((l) => /src\/billing\/\S+\.ts/.test(l));
  assert.ok(naming.length >= 40 && naming.length < 60, `${naming.length} of 60 name a file`);
  const mean = lines.reduce((sum, l) => sum + l.length, 0) / lines.length;
  assert.ok(mean > 80 && mean < 220, `mean line length ${mean}`);
});

test('the same options give the same plan; another seed another one', () => {
  const a = corpusLikePlan({ tasks: 30, seed: 1, feature: 'x' }).text;
  assert.equal(corpusLikePlan({ tasks: 30, seed: 1, feature: 'x' }).text, a);
  assert.notEqual(corpusLikePlan({ tasks: 30, seed: 2, feature: 'x' }).text, a);
});
