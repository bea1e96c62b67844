/**
 * indicatorRelations: every relation it lists holds (total = Σ parts for numerator, denominator
 * and missing), in the cube and in leaves-only output, and every non-total row is a part of some
 * relation (so small-cell protection sees every roll-up a reader could use).
 */
import { describe, expect, it } from 'vitest';
import { synthesizePersons } from '@canji/synth';
import { computeIndicators, indicatorRelations, indicatorRowsToCsv, type IndicatorResult } from '@canji/indicators';

const persons = [...synthesizePersons({ seed: 4, count: 400, region: '430121' })];

function holds(res: IndicatorResult): number {
  const rel = indicatorRelations(res);
  const wrong: number[] = [];
  for (const { total, parts } of rel) {
    const t = res.rows[total]!;
    for (const f of ['numerator', 'denominator', 'missing'] as const) if (parts.reduce((a, p) => a + res.rows[p]![f], 0) !== t[f]) wrong.push(total);
    for (const p of parts) if (res.rows[p]!.indicator !== t.indicator) wrong.push(p);
  }
  const inSome = new Set(rel.flatMap((r) => r.parts));
  const uncovered = res.rows.flatMap((r, i) => (r.by.length && !inSome.has(i) ? [i] : []));
  expect(wrong).toEqual([]);
  expect(uncovered).toEqual([]);
  return rel.length;
}

describe('indicatorRelations', () => {
  it.each(['cube', 'leaves'] as const)('lists relations that hold, covering every grouped row (%s)', (groupingSets) => {
    const res = computeIndicators(persons, { asOf: '2019-06-30', by: ['township', 'sex', 'category'], groupingSets });
    expect(holds(res)).toBeGreaterThan(10);
  });
  it('the CSV blanks the rows given as suppressed and says so', () => {
    const res = computeIndicators(persons, { asOf: '2019-06-30', by: ['sex'] });
    const suppressed = res.rows.map((_r, i) => (i === 1 ? ('primary' as const) : undefined));
    const lines = indicatorRowsToCsv(res, { suppressed }).trim().split('\n');
    expect(lines[0]!.endsWith(',small_cell,suppressed')).toBe(true);
    const cells = lines[2]!.split(',');
    expect(cells.at(-1)).toBe('true');
    expect(lines[1]!.split(',').at(-1)).toBe('');
  });
});
