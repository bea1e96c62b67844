import { describe, expect, it } from 'vitest';
import { PERSON_INDICATORS, computeIndicators, toPivot } from '@canji/indicators';
import { synthesizePersons } from '@canji/synth';
import { countTableFromPivot, suppressSmallCells } from '@canji/deid';

describe('suppressing an @canji/indicators table', () => {
  it('takes a numerator pivot (township × category) and protects it', () => {
    const records = [...synthesizePersons({ seed: 3, count: 2000, region: '430121' })];
    const res = computeIndicators(records as never, { indicators: [PERSON_INDICATORS.familyDoctorContractRate], by: ['township', 'category'], asOf: '2019-06-30' });
    const pivot = toPivot(res, { indicator: 'family-doctor-contract-rate', rows: 'township', columns: 'category', measure: 'numerator' });
    const table = countTableFromPivot(pivot);
    if (!table.ok) throw new Error(table.error.message);
    const r = suppressSmallCells(table.value, { threshold: 5 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.primary).toBeGreaterThan(0);
    expect(r.value.audit).toEqual({ method: 'exact', derivable: [] });
    // the published grand total is the indicator's own total
    expect(r.value.values.at(-1)!.at(-1)).toBe(pivot.total);
  });

  it('refuses a pivot whose margins count groups that the cells leave out', () => {
    const r = countTableFromPivot({ rowKeys: [{ value: 1, label: 'a' }], columnKeys: [{ value: 1, label: 'x' }], cells: [[3]], rowTotals: [4], columnTotals: [3], total: 4 });
    expect(r.ok ? 'ok' : r.error.code).toBe('DEID_TABLE_NOT_ADDITIVE');
  });
});
