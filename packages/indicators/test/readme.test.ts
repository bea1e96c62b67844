/** The README's example, run as written, with the results it shows. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeIndicators, indicatorRowsToCsv, PERSON_INDICATORS, toPivot } from '@canji/indicators';

describe('README example', () => {
  const records = [
    { region_code: '430102001001', person_status: 6, birth_date: '1980-05-01', sex: 'female', disability_category: 4, r16: 1, r22: [4], r25: 1 },
    { region_code: '430102001002', person_status: 6, birth_date: '1975-01-09', sex: 'male', disability_category: 5, r16: 2, r22: [4], r25: 1 },
    { region_code: '430103002001', person_status: 6, birth_date: '1990-12-31', sex: 'male', disability_category: 4, r16: 1, r22: [4], r25: 2 },
  ];
  const result = computeIndicators(records, {
    indicators: [PERSON_INDICATORS.employmentRate, PERSON_INDICATORS.medicalInsuranceCoverage],
    by: ['county', 'sex'],
    asOf: '2019-06-30',
  });

  it('gives the results the README shows', () => {
    expect(result.checks.ok).toBe(true);
    const total = result.rows.find((r) => r.indicator === 'employment-rate' && r.by.length === 0)!;
    expect([total.numerator, total.denominator, total.value]).toEqual([2, 3, 66.66666666666667]);
    expect(total.ciLower!.toFixed(2)).toBe('20.77');
    expect(toPivot(result, { indicator: 'medical-insurance-coverage', rows: 'county', columns: 'sex' }).cells).toEqual([
      [100, 100],
      [0, null],
    ]);
    expect(indicatorRowsToCsv(result, { digits: 1, bom: true }).startsWith('\uFEFFindicator_id,indicator_name,grouping,region_level')).toBe(true);
  });

  it('is the example printed in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain("by: ['county', 'sex']");
    expect(readme).toContain('//=> [2, 3, 66.66666666666667]');
    expect(readme).toContain('//=> [[100, 100], [0, null]]');
  });
});
