import { synthesizePersons } from '@canji/synth';
import { describe, expect, it } from 'vitest';
import { reconcileRounds, twoProportionZ } from '../src/index.js';

type Rec = Record<string, unknown>;

describe('change rates by township, outliers against the rest of the county', () => {
  const previous = ([...synthesizePersons({ seed: 23, count: 4000, region: '430121', asOf: '2019-06-30' })] as Rec[]).filter((p) => p.person_status === 6);
  const towns = [...new Set(previous.map((p) => (p.region_code as string).slice(0, 9)))].sort();
  const copied = towns[0]!; // a township whose records were all copied forward
  const busy = towns[1]!; // a township where everyone's employment answer changed
  const current = previous.map((p, i) => {
    const town = (p.region_code as string).slice(0, 9);
    const next: Rec = { ...p, survey_year: 2020, collected_on: '2020-07-01' };
    if (town === busy) next.r16 = p.r16 === 1 ? 2 : 1;
    else if (town !== copied && i % 4 === 0) next.r6 = `1390000${String(i).padStart(4, '0')}`; // a new phone number: basic info changed
    return next;
  });
  const r = reconcileRounds({ asOf: '2020-06-30', previous, current });
  const ch = r.changes!;
  const row = (t: string) => ch.units.find((u) => u.unit === t)!;

  it('flags the copied-forward township low in changes and high in identical records', () => {
    expect(row(copied).compared).toBeGreaterThanOrEqual(ch.minCompared);
    expect(row(copied).anyChange).toMatchObject({ count: 0, rate: 0, flag: 'low' });
    expect(row(copied).identical).toMatchObject({ rate: 1, flag: 'high' });
  });

  it('flags the township where everyone changed employment high in that section', () => {
    expect(row(busy).changed.employment).toMatchObject({ rate: 1, flag: 'high' });
    expect(row(busy).changed.basic!.flag).toBe('low');
  });

  it('leaves the other townships unflagged in employment', () => {
    for (const u of ch.units) if (u.unit !== busy) expect(u.changed.employment!.flag, u.unit!).not.toBe('high');
  });

  it('gives the county rows and the method', () => {
    expect(ch.counties.map((c) => c.unit)).toEqual(['430121']);
    expect(ch.counties[0]!.compared).toBe(ch.total.compared);
    expect(ch.method).toContain('z 检验');
    expect(ch.units.reduce((a, u) => a + u.compared, 0)).toBe(ch.total.compared);
  });

  it('masks collectors by default and shows them when asked', () => {
    const full = reconcileRounds({ asOf: '2020-06-30', previous, current, fullIdentifiers: true }).changes!;
    const names = new Set(previous.map((p) => p.collector as string));
    expect(full.collectors!.every((c) => names.has(c.collector))).toBe(true);
    expect(ch.collectors!.some((c) => names.has(c.collector))).toBe(false);
  });

  it('has no collector table when the records have no collector', () => {
    const strip = (xs: Rec[]) => xs.map(({ collector: _c, ...rest }) => rest);
    expect(reconcileRounds({ asOf: '2020-06-30', previous: strip(previous), current: strip(current) }).changes!.collectors).toBeNull();
  });
});

describe('twoProportionZ', () => {
  it('is the pooled two-proportion statistic', () => {
    expect(twoProportionZ(5, 100, 50, 500)).toBeCloseTo(-1.5819, 3);
    expect(twoProportionZ(0, 10, 0, 10)).toBe(0);
    expect(twoProportionZ(10, 10, 10, 10)).toBe(0);
    expect(twoProportionZ(30, 100, 30, 100)).toBe(0);
  });
});
