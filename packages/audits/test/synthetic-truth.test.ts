import { describe, expect, it } from 'vitest';
import { collectorFigures, compareBackCheck, drawSample } from '../src/index.js';
import { BASE_RATE, CARELESS, CARELESS_RATE, COLLECTORS, COPIER, collect, population, revisit } from './planted.js';

const truth = population();
const collected = collect(truth);
const sample = drawSample(collected, { method: 'stratified', by: 'collector', count: 40, seed: 2019 });
if (!sample.ok) throw new Error(sample.error.message);
const revisited = revisit(truth, sample.value.records.map((r) => r.index));
const report = compareBackCheck(collected, revisited, { threshold: 0.05 });
if (!report.ok) throw new Error(report.error.message);
const figures = collectorFigures(collected, { period: { from: '2019-06-30', to: '2019-08-31' } });
if (!figures.ok) throw new Error(figures.error.message);

describe('back-check on synthetic truth (planted per-collector error rates)', () => {
  it('samples 40 re-visits from each of the ten collectors and matches them all', () => {
    expect(sample.value.design.strata.map((s) => [s.unit, s.realised])).toEqual([...COLLECTORS].sort().map((c) => [c, 40]));
    expect(report.value.matched).toBe(400);
    expect(report.value.unmatched).toBe(0);
    expect(report.value.issues).toEqual([]);
  });

  it('recovers each honest and the careless collector’s rate within its Wilson 95 % interval (coverage over many re-visit samples)', () => {
    // The rate each collector really has: their planted errors as a re-visit of everybody measures them.
    const full = compareBackCheck(collected, revisit(truth, truth.map((_, i) => i)));
    if (!full.ok) throw new Error(full.error.message);
    const rateOf = new Map(full.value.units.filter((u) => u.level === 'collector').map((u) => [u.unit, u.answers.rate!]));
    for (const c of COLLECTORS.filter((c) => c !== COPIER)) expect(Math.abs(rateOf.get(c)! - (c === CARELESS ? CARELESS_RATE : BASE_RATE)), c).toBeLessThan(0.01);
    let covered = 0;
    let intervals = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const s = drawSample(collected, { method: 'stratified', by: 'collector', count: 40, seed });
      if (!s.ok) throw new Error(s.error.message);
      const r = compareBackCheck(collected, revisit(truth, s.value.records.map((x) => x.index)));
      if (!r.ok) throw new Error(r.error.message);
      for (const c of COLLECTORS.filter((c) => c !== COPIER)) {
        const u = r.value.units.find((x) => x.level === 'collector' && x.unit === c)!;
        expect(u.answers.compared, c).toBeGreaterThan(400);
        intervals++;
        if (u.answers.interval![0] <= rateOf.get(c)! && rateOf.get(c)! <= u.answers.interval![1]) covered++;
      }
    }
    // 95 % intervals: of 180, fewer than 90 % covering would be a 1-in-1000 event.
    expect(covered / intervals).toBeGreaterThan(0.9);
    // In the sample of this file, the careless collector's planted rate lies within its interval.
    const careless = report.value.units.find((u) => u.unit === CARELESS)!;
    expect(careless.answers.interval![0]).toBeLessThanOrEqual(CARELESS_RATE);
    expect(careless.answers.interval![1]).toBeGreaterThanOrEqual(CARELESS_RATE);
  });

  it('fails the careless and the copying collector (验收不合格), passes everybody else', () => {
    const failed = report.value.units.filter((u) => u.level === 'collector' && u.verdict === 'fail').map((u) => u.unit);
    expect(failed.sort()).toEqual([CARELESS, COPIER].sort());
    expect(report.value.units.find((u) => u.unit === CARELESS)!.significant).toBe(true);
  });

  it('flags the copier for identical-answer runs, and no honest collector for anything', () => {
    const flagged = figures.value.filter((f) => f.flags.length > 0).map((f) => f.collector);
    expect(flagged.every((c) => c === CARELESS || c === COPIER), flagged.join()).toBe(true);
    const copier = figures.value.find((f) => f.collector === COPIER)!;
    expect(copier.flags.map((f) => f.figure)).toContain('identical');
    expect(copier.longestRun).toBeGreaterThanOrEqual(3);
    for (const f of figures.value.filter((f) => f.collector !== COPIER)) expect(f.flags.some((x) => x.figure === 'identical'), f.collector).toBe(false);
  });

  it('lists for re-collection every record with a counted discrepancy and every record of a failed collector', () => {
    const listed = new Set(report.value.recollect.map((r) => r.index));
    for (const d of report.value.discrepancies.filter((d) => d.counted)) expect(listed.has(d.index)).toBe(true);
    const ofFailed = collected.map((r, i) => [r, i] as const).filter(([r]) => r.collector === CARELESS || r.collector === COPIER);
    for (const [, i] of ofFailed) expect(listed.has(i)).toBe(true);
    for (const r of report.value.recollect.filter((r) => r.reason === 'unit-failed')) expect(r.units.some((u) => u === `collector:${CARELESS}` || u === `collector:${COPIER}` || u.startsWith('township:'))).toBe(true);
  });
});
