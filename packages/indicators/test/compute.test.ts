import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BUILTIN_PERSON_INDICATORS,
  checkIndicatorResult,
  computeIndicators,
  createIndicatorCalculator,
  definePersonIndicator,
  PERSON_INDICATORS as P,
  type IndicatorRow,
  type PersonRecordLike,
} from '@canji/indicators';
import { AS_OF, generatePersons } from './fixtures.js';

const total = (rows: readonly IndicatorRow[], id: string) => rows.find((r) => r.indicator === id && r.by.length === 0)!;
const counts = (r: IndicatorRow) => [r.numerator, r.denominator, r.missing];

describe('computeIndicators: mechanics', () => {
  it('rolls counties up to cities and the province from sums, never by averaging rates', () => {
    const recs = [
      // county 430102: 1 of 1 employed (100 %); county 430103: 1 of 3 (33.3 %)
      { region_code: '430102001001', person_status: 6, birth_date: '1980-01-01', r16: 1 },
      { region_code: '430103001001', person_status: 6, birth_date: '1980-01-01', r16: 1 },
      { region_code: '430103001001', person_status: 6, birth_date: '1980-01-01', r16: 2 },
      { region_code: '430103002001', person_status: 6, birth_date: '1980-01-01', r16: 2 },
    ];
    const res = computeIndicators(recs, { indicators: [P.employmentRate], by: ['county'], asOf: AS_OF });
    const city = res.rows.find((r) => r.by[0] === 'prefecture')!;
    expect(city.group.region).toBe('430100');
    expect(counts(city)).toEqual([2, 4, 0]);
    expect(city.value).toBe(50); // the mean of 100 and 33.3 would be 66.7
    expect(res.rows.map((r) => r.by.join())).toEqual(['', 'province', 'prefecture', 'county', 'county']);
    expect(res.checks.ok).toBe(true);
  });

  it('puts records with an unknown group value in a null group so breakdowns add up', () => {
    const recs = [
      { person_status: 6, r31: 1 }, // no region, no sex, no IDs
      { region_code: '430102001001', person_status: 6, sex: 'female', r31: 2 },
    ];
    const res = computeIndicators(recs, { indicators: [P.familyDoctorContractRate], by: ['county', 'sex'], asOf: AS_OF });
    const bySex = res.rows.filter((r) => r.by.join() === 'sex');
    expect(bySex.map((r) => [r.group.sex, r.numerator, r.denominator])).toEqual([
      ['female', 0, 1],
      [null, 1, 1],
    ]);
    expect(res.checks.ok).toBe(true);
  });

  it('derives age, sex, category and level from the ID and certificate numbers when the fields are absent', () => {
    // 43010219800101001X is male (sequence 001 odd), born 1980-01-01; certificate digit 19 = 4, 20 = 2.
    const id = '430102198001010011';
    const recs = [{ person_status: 6, resident_id: id, certificate_no: `${id}42`, r16: 1 }];
    const res = computeIndicators(recs, { indicators: [P.employmentRate, P.nursingSubsidyCoverage], by: ['sex', 'category', 'level', 'age'], asOf: AS_OF });
    const leaf = res.rows.find((r) => r.indicator === 'employment-rate' && r.by.length === 4)!;
    expect(leaf.group).toEqual({ sex: 'male', category: 4, level: 2, age: '16–59' });
    expect(leaf.denominator).toBe(1);
  });

  it('counts age in completed years at asOf (birthday on asOf counts, the day before does not)', () => {
    const rec = (birth_date: string) => ({ person_status: 6, birth_date, r16: 1 });
    const res = computeIndicators([rec('2003-07-01'), rec('2003-07-02'), rec('1959-07-02'), rec('1959-07-01')], {
      indicators: [P.employmentRate],
      asOf: AS_OF,
    });
    // 2003-07-01 → 16 (in), 2003-07-02 → 15 (out), 1959-07-02 → 59 (in), 1959-07-01 → 60 (out)
    expect(total(res.rows, 'employment-rate').denominator).toBe(2);
  });

  it('accepts a Date as asOf (its calendar date) and refuses a malformed one instead of reading the clock', () => {
    const a = computeIndicators([{ person_status: 6, birth_date: '2003-07-01', r16: 1 }], { indicators: [P.employmentRate], asOf: new Date(2019, 6, 1) });
    expect(a.asOf).toBe('2019-07-01');
    expect(() => computeIndicators([], { asOf: '2019-7-1' })).toThrow(/INDICATOR_AS_OF/);
    expect(() => computeIndicators([], { asOf: undefined as unknown as string })).toThrow(/INDICATOR_AS_OF/);
  });

  it('gives the same rows for an async iterable, a sync iterable and the push calculator', async () => {
    const recs = generatePersons(300, 7);
    const opts = { by: ['county', 'sex'] as const, asOf: AS_OF };
    const sync = computeIndicators(recs, { ...opts, by: [...opts.by] });
    async function* gen() {
      for (const r of recs) yield r;
    }
    const asyncRes = await computeIndicators(gen(), { ...opts, by: [...opts.by] });
    const calc = createIndicatorCalculator({ ...opts, by: [...opts.by] });
    for (const r of recs) calc.add(r);
    expect(asyncRes.rows).toEqual(sync.rows);
    expect(calc.result().rows).toEqual(sync.rows);
    expect(calc.records).toBe(300);
  });

  it("distinguishes missing from zero: a group with no denominator has value null, not 0", () => {
    const res = computeIndicators([{ person_status: 6, birth_date: '1950-01-01', r16: 1 }], { indicators: [P.employmentRate], asOf: AS_OF });
    const t = total(res.rows, 'employment-rate');
    expect([t.denominator, t.value, t.ciLower, t.target]).toEqual([0, null, null, null]);
  });

  it("applies the missing policy: 'exclude' counts unanswered apart, 'count-as-no' keeps them in the denominator", () => {
    const recs = [
      { person_status: 6, collection_mode: 1, r31: 1 },
      { person_status: 5 }, // 失访: no mode, no answers
      { person_status: 6, collection_mode: 2 }, // R31 unanswered
    ];
    const res = computeIndicators(recs, { indicators: [P.householdVisitRate, P.familyDoctorContractRate], asOf: AS_OF });
    expect(counts(total(res.rows, 'household-visit-rate'))).toEqual([1, 3, 0]); // count-as-no
    expect(counts(total(res.rows, 'family-doctor-contract-rate'))).toEqual([1, 1, 1]); // exclude
  });

  it('flags small cells on the denominator, a small numerator and a small complement', () => {
    const mk = (yes: number, no: number) => [...Array(yes).fill({ person_status: 6, r31: 1 }), ...Array(no).fill({ person_status: 6, r31: 2 })];
    const flag = (yes: number, no: number, complement = true) =>
      total(computeIndicators(mk(yes, no), { indicators: [P.familyDoctorContractRate], asOf: AS_OF, smallCell: { threshold: 5, complement } }).rows, 'family-doctor-contract-rate').smallCell;
    expect(flag(2, 2)).toBe(true); // denominator 4
    expect(flag(0, 20)).toBe(false); // a zero numerator is not a small cell
    expect(flag(3, 20)).toBe(true); // numerator 3
    expect(flag(20, 3)).toBe(true); // complement 3 reveals the numerator
    expect(flag(20, 3, false)).toBe(false);
    expect(flag(20, 20)).toBe(false);
  });

  it('reports the target status and whether the 95 % interval is entirely on one side', () => {
    const many = (yes: number, no: number) => [
      ...Array.from({ length: yes }, () => ({ person_status: 6, r22: [4], r25: 1 })),
      ...Array.from({ length: no }, () => ({ person_status: 6, r22: [4], r25: 2 })),
    ];
    const t = (yes: number, no: number) => total(computeIndicators(many(yes, no), { indicators: [P.medicalInsuranceCoverage], asOf: AS_OF }).rows, 'medical-insurance-coverage').target!;
    expect(t(990, 10)).toMatchObject({ value: 95, comparison: '>', status: 'met', certain: true });
    expect(t(97, 3)).toMatchObject({ status: 'met', certain: false }); // 97 %, but the interval reaches below 95
    expect(t(19, 1)).toMatchObject({ status: 'not-met', certain: false }); // 95 % is not > 95 %
    expect(t(50, 950)).toMatchObject({ status: 'not-met', certain: true });
  });

  it('skips items that are not records instead of throwing mid-stream, and says so', () => {
    const res = computeIndicators([{ person_status: 6, r31: 1 }, null, 'x'] as object[], { indicators: [P.familyDoctorContractRate], asOf: AS_OF });
    expect(res.records).toBe(1);
    expect(res.warnings).toEqual([{ code: 'INDICATOR_NOT_A_RECORD', message: expect.stringContaining('2') }]);
    expect(total(res.rows, 'family-doctor-contract-rate').denominator).toBe(1);
  });

  it('warns when an indicator does not apply to the form version of the data', () => {
    // (review: employment-rate reads 2021 R9 through 2017 keys now; R11 农村危房 has no 2021 counterpart)
    const res = computeIndicators([], { indicators: [P.householdVisitRate, P.dangerousHouseRate], asOf: AS_OF, formVersion: '2021' });
    expect(res.warnings.map((w) => [w.code, w.indicator])).toEqual([['INDICATOR_FORM_VERSION', 'dangerous-house-rate']]);
  });

  it('refuses mixed subjects, duplicate indicators and duplicate or unknown dimensions', () => {
    expect(() => computeIndicators([], { indicators: [P.employmentRate, P.employmentRate], asOf: AS_OF })).toThrow(/INDICATOR_DUPLICATE/);
    expect(() => computeIndicators([], { by: ['county', 'prefecture'], asOf: AS_OF })).toThrow(/INDICATOR_DIMENSION/);
    expect(() => computeIndicators([], { by: ['ward' as 'county'], asOf: AS_OF })).toThrow(/INDICATOR_DIMENSION/);
    expect(() => computeIndicators([], { by: [{ age: [6, 3] }], asOf: AS_OF })).toThrow(/INDICATOR_AGE_BANDS/);
  });

  it('supports configurable age bands and custom dimensions', () => {
    const recs = [
      { person_status: 6, birth_date: '2015-01-01', r31: 1, r3: 1 },
      { person_status: 6, birth_date: '1990-01-01', r31: 2, r3: 2 },
      { person_status: 6, birth_date: '1940-01-01', r31: 1, r3: 1 },
    ];
    const res = computeIndicators(recs, {
      indicators: [P.familyDoctorContractRate],
      by: [{ age: [3, 18, 65] }, { id: 'institution', key: (r) => (r.r7 === 1 ? 'yes' : 'no') }, 'hukou'],
      asOf: AS_OF,
      groupingSets: 'leaves',
    });
    expect(res.rows.filter((r) => r.by.length === 3).map((r) => [r.group.age, r.group.hukou])).toEqual([
      ['3–17', 1],
      ['18–64', 2],
      ['65+', 1],
    ]);
    expect(res.rows.map((r) => r.by.length)).toEqual([0, 3, 3, 3]);
    const young = computeIndicators([...recs, { person_status: 6, birth_date: '2018-01-01', r31: 1 }], { indicators: [P.familyDoctorContractRate], by: [{ age: [3, 18, 65] }], asOf: AS_OF });
    expect(young.rows.slice(1).map((r) => r.group.age)).toEqual(['<3', '3–17', '18–64', '65+']);
  });
});

describe('computeIndicators: laws', () => {
  const recs = generatePersons(600, 11);
  const by = ['village', 'category', 'sex'] as const;

  it('passes its own checks on synthetic data: children sum to parents, breakdowns to totals', () => {
    const res = computeIndicators(recs, { by: [...by], asOf: AS_OF });
    expect(res.checks).toMatchObject({ ok: true, problemCount: 0 });
    expect(res.checks.checked).toBeGreaterThan(res.rows.length);
    for (const ind of BUILTIN_PERSON_INDICATORS) expect(total(res.rows, ind.id).denominator).toBeGreaterThan(0);
  });

  it('is additive: the counts of A ++ B are the counts of A plus those of B', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), (cut) => {
        const opts = { by: ['county', 'sex'] as ('county' | 'sex')[], asOf: AS_OF };
        const all = computeIndicators(recs, opts).rows;
        const a = computeIndicators(recs.slice(0, cut), opts).rows;
        const b = computeIndicators(recs.slice(cut), opts).rows;
        const key = (r: IndicatorRow) => `${r.indicator}|${r.by.join()}|${JSON.stringify(r.group)}`;
        const sum = new Map<string, number[]>();
        for (const r of [...a, ...b]) {
          const s = sum.get(key(r)) ?? [0, 0, 0];
          sum.set(key(r), [s[0]! + r.numerator, s[1]! + r.denominator, s[2]! + r.missing]);
        }
        for (const r of all) expect(sum.get(key(r))).toEqual(counts(r));
      }),
      { numRuns: 8 },
    );
  });

  it('does not depend on record order', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const shuffled = [...recs];
        let s = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(computeIndicators(shuffled, { by: ['county'], asOf: AS_OF }).rows).toEqual(computeIndicators(recs, { by: ['county'], asOf: AS_OF }).rows);
      }),
      { numRuns: 5 },
    );
  });

  it('keeps numerator ≤ denominator and the value inside its interval for any record', () => {
    const anyRecord = fc.record(
      {
        person_status: fc.integer({ min: 1, max: 6 }),
        birth_date: fc.date({ min: new Date('1900-01-01'), max: new Date('2019-06-30'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        r3: fc.constantFrom(1, 2, 3),
        r7: fc.constantFrom(1, 2),
        r16: fc.constantFrom(1, 2, 7),
        r22: fc.subarray([1, 2, 3, 4]),
        r23: fc.constantFrom(1, 2),
        r27: fc.subarray([1, 2, 3, 4, 5, 6]),
        r28: fc.subarray([1, 2, 3, 4]),
        r35: fc.subarray([1, 2, 3, 4, 5, 6]),
        r37: fc.subarray([1, 2, 3, 4, 5, 6]),
        disability_level: fc.integer({ min: 1, max: 4 }),
      },
      { requiredKeys: ['person_status'] },
    );
    fc.assert(
      fc.property(fc.array(anyRecord, { maxLength: 40 }), (rs) => {
        const res = computeIndicators(rs as PersonRecordLike[], { by: ['age'], asOf: AS_OF });
        expect(res.checks.ok).toBe(true);
        for (const r of res.rows) {
          expect(r.numerator).toBeLessThanOrEqual(r.denominator);
          if (r.value !== null) {
            expect(r.ciLower!).toBeLessThanOrEqual(r.value + 1e-9);
            expect(r.ciUpper!).toBeGreaterThanOrEqual(r.value - 1e-9);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('checkIndicatorResult', () => {
  const res = computeIndicators(generatePersons(200, 3), { indicators: [P.employmentRate, P.familyDoctorContractRate], by: ['county', 'sex'], asOf: AS_OF });

  it('detects a child that does not add up to its parent', () => {
    const i = res.rows.findIndex((r) => r.by.join() === 'county,sex' && r.numerator > 0);
    const rows = res.rows.map((r, k) => (k === i ? { ...r, numerator: r.numerator - 1 } : r));
    const rep = checkIndicatorResult({ ...res, rows });
    expect(rep.ok).toBe(false);
    expect(new Set(rep.problems.map((p) => p.code))).toEqual(new Set(['CHILDREN_SUM_MISMATCH', 'BREAKDOWN_SUM_MISMATCH']));
  });

  it('detects a numerator above the denominator and totals that differ from the pass', () => {
    const rows = res.rows.map((r) => (r.by.length === 0 ? { ...r, numerator: r.denominator + 1 } : r));
    const codes = new Set(checkIndicatorResult({ ...res, rows }).problems.map((p) => p.code));
    expect(codes.has('NUMERATOR_EXCEEDS_DENOMINATOR')).toBe(true);
    expect(codes.has('TOTAL_MISMATCH')).toBe(true);
  });

  it('checks leaves-only output against the total too', () => {
    const leaves = computeIndicators(generatePersons(200, 3), { indicators: [P.employmentRate], by: ['county', 'sex'], asOf: AS_OF, groupingSets: 'leaves' });
    expect(leaves.checks.ok).toBe(true);
    const i = leaves.rows.findIndex((r) => r.by.length === 2 && r.denominator > 0);
    const rep = checkIndicatorResult({ ...leaves, rows: leaves.rows.filter((_r, k) => k !== i) });
    expect(rep.problems.map((p) => p.code)).toEqual(['BREAKDOWN_SUM_MISMATCH']);
  });

  it('detects a dropped group', () => {
    const i = res.rows.findIndex((r) => r.by.join() === 'county' && r.denominator > 0);
    const rep = checkIndicatorResult({ ...res, rows: res.rows.filter((_r, k) => k !== i) });
    expect(rep.ok).toBe(false);
  });
});

describe('local indicators', () => {
  it('are data like the built-ins and run in the same pass', () => {
    const quota = definePersonIndicator({
      id: 'local-quota-employment-share',
      name: '按比例就业占比',
      description: '分母：已就业者；分子：R17=1 者。',
      basis: '本地指标',
      formVersions: ['2017'],
      denominator: (r, c) => r.person_status === 6 && c.age !== undefined && c.age >= 16 && c.age <= 59 && r.r16 === 1,
      answered: (r) => typeof r.r17 === 'number',
      numerator: (r) => r.r17 === 1,
    });
    const recs = [
      { person_status: 6, birth_date: '1980-01-01', r16: 1, r17: 1 },
      { person_status: 6, birth_date: '1980-01-01', r16: 1, r17: 3 },
      { person_status: 6, birth_date: '1980-01-01', r16: 1 },
    ];
    const res = computeIndicators(recs, { indicators: [P.employmentRate, quota], asOf: AS_OF });
    expect(counts(total(res.rows, 'local-quota-employment-share'))).toEqual([1, 2, 1]);
    expect(() => definePersonIndicator({ ...quota, id: 'Bad Id' })).toThrow(/INDICATOR_ID/);
  });
});
