import { readFileSync } from 'node:fs';
import { synthesizePersons } from '@canji/synth';
import { expect, it } from 'vitest';
import { collectorFigures, compareBackCheck, compareRekeying, drawSample, scoreTrainees, trainingCases } from '../src/index.js';

it('the README example runs and gives what it says', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain("drawSample(batch, { method: 'stratified', by: 'township', rate: 0.02, seed: 7 })");
  const batch = [...synthesizePersons({ seed: 1, count: 2000 })];
  const sample = drawSample(batch, { method: 'stratified', by: 'township', rate: 0.02, seed: 7 });
  if (!sample.ok) throw new Error(sample.error.message);
  const revisit = sample.value.records.map((s) => ({ resident_id: s.record.resident_id, r13: s.record.r13 }));
  const report = compareBackCheck(batch, revisit, { threshold: 0.05 });
  expect(report.ok && report.value.overall.verdict).toBe('pass');
  const figures = collectorFigures(batch, { period: { from: '2019-06-30', to: '2019-08-31' } });
  expect(figures.ok && figures.value.length).toBeGreaterThan(100);
  expect(readme).toContain("compareRekeying(entryA, entryB, { formKey: 'form_no', keyerKey: 'keyer' })");
  const entryA = batch.slice(0, 10).map((r, i) => ({ ...r, form_no: i, keyer: '甲' }));
  const entryB = entryA.map((r) => ({ ...r, keyer: '乙' }));
  const rekey = compareRekeying(entryA, entryB, { formKey: 'form_no', keyerKey: 'keyer' });
  expect(rekey.ok && rekey.value.overall.rate).toBe(0);
  const training = trainingCases([...synthesizePersons({ seed: 3, count: 20 })]);
  if (!training.ok) throw new Error(training.error.message);
  const traineeAnswers = training.value.key.map((k) => ({ ...k, trainee: '王' }));
  const scores = scoreTrainees(traineeAnswers, training.value.key, { pass: 0.9 });
  expect(scores.ok && scores.value.trainees.map((t) => [t.trainee, t.score, t.passed])).toEqual([['王', 1, true]]);
});
