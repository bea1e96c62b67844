/**
 * Review tests: form versions. Before the review, 2021 records were read with 2017 item numbers
 * (2021 `r16` is 托养需求, 2017 `r16` 是否就业; 2021 `r14`/`r15` are 医保补贴/社会救助, 2017 在校/未入学)
 * and every built-in gave a plausible-looking wrong rate with only a warning.
 */
import { describe, expect, it } from 'vitest';
import { synthesizePersons } from '@canji/synth';
import { BUILTIN_PERSON_INDICATORS, computeIndicators, PERSON_INDICATORS as P, type IndicatorResult, type PersonRecordLike } from '@canji/indicators';

const total = (res: IndicatorResult, id: string) => res.rows.find((r) => r.indicator === id && r.by.length === 0);

describe('review: 2021 form version', () => {
  it('employment and family doctor on hand-made 2021 records (R6 机构, R9 是否就业, R20 家庭医生) by hand', () => {
    const recs: PersonRecordLike[] = [
      { person_status: 6, birth_date: '1980-01-01', r9: 1, r20: 1, r16: 2 }, // 2021 r16 = 托养需求: must not read as 是否就业
      { person_status: 6, birth_date: '1980-01-01', r9: 2, r20: 2, r16: 1 },
      { person_status: 6, birth_date: '1980-01-01', r6: 1, r9: 1, r20: 1 }, // 2021 r6 = lives in an institution
      { person_status: 6, birth_date: '1980-01-01', r7: 1, r9: 2 }, // 2021 r7 = housing, not the institution question
      { person_status: 5, birth_date: '1980-01-01', r9: 1 },
    ];
    const res = computeIndicators(recs, { indicators: [P.employmentRate, P.familyDoctorContractRate, P.compulsoryEducationEnrollment], asOf: '2021-06-30', formVersion: '2021' });
    expect(total(res, 'employment-rate')).toMatchObject({ numerator: 1, denominator: 3, missing: 0 });
    expect(total(res, 'family-doctor-contract-rate')).toMatchObject({ numerator: 2, denominator: 3, missing: 1 });
    // R14/R15 (在校, 未入学原因) are not on the 2021 form: not computed, and said so
    expect(total(res, 'compulsory-education-enrollment')).toBeUndefined();
    expect(res.indicators.map((i) => i.id)).toEqual(['employment-rate', 'family-doctor-contract-rate']);
    expect(res.warnings).toEqual([expect.objectContaining({ code: 'INDICATOR_FORM_VERSION', indicator: 'compulsory-education-enrollment' })]);
  });

  it('the same synthetic persons on the 2017 and the 2021 form give the same counts for every built-in that applies to both', () => {
    const opts = { seed: 77, count: 1500, region: '4301' } as const;
    const r2017 = computeIndicators([...synthesizePersons({ ...opts, version: '2017' })], { asOf: '2021-06-30', by: ['county', 'sex'], formVersion: '2017' });
    const r2021 = computeIndicators([...synthesizePersons({ ...opts, version: '2021' })], { asOf: '2021-06-30', by: ['county', 'sex'], formVersion: '2021' });
    const both = BUILTIN_PERSON_INDICATORS.filter((i) => i.formVersions.includes('2021')).map((i) => i.id);
    expect(both).toHaveLength(13);
    expect(r2021.indicators.map((i) => i.id)).toEqual(both);
    const pick = (res: IndicatorResult) => res.rows.filter((r) => both.includes(r.indicator)).map((r) => [r.indicator, r.by.join(), JSON.stringify(r.group), r.numerator, r.denominator, r.missing]);
    expect(pick(r2021)).toEqual(pick(r2017));
    expect(total(r2021, 'employment-rate')!.denominator).toBeGreaterThan(100);
    expect(r2021.checks.ok).toBe(true);
  });

  it('without formVersion nothing is renumbered or dropped (the records are taken as 2017 numbering)', () => {
    const res = computeIndicators([{ person_status: 6, birth_date: '1980-01-01', r16: 1 }], { indicators: [P.employmentRate], asOf: '2021-06-30' });
    expect(total(res, 'employment-rate')).toMatchObject({ numerator: 1, denominator: 1 });
    expect(res.warnings).toEqual([]);
  });
});
