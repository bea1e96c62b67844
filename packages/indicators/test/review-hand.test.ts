/**
 * Review tests: indicators recomputed by hand over small hand-built record sets (edge cases the
 * authors' fixtures do not aim at), the Wilson interval against published values and an
 * independent derivation, and roll-up invariants on random data against a naive recount.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeIndicators, PERSON_INDICATORS as P, wilsonInterval, Z95, type IndicatorResult, type IndicatorRow, type PersonRecordLike } from '@canji/indicators';

const row = (res: IndicatorResult, id: string, group: Record<string, unknown> = {}) =>
  res.rows.find((r) => r.indicator === id && r.by.length === Object.keys(group).length && Object.entries(group).every(([k, v]) => r.group[k] === v))!;
const nd = (r: IndicatorRow) => [r.numerator, r.denominator, r.missing];

/** Wilson bounds as the roots of (p̂ − p)² = z² p (1 − p) / n, solved as a quadratic in p (independent of the package's centre ± half form). */
function wilsonRoots(x: number, n: number, z = 1.959963984540054): [number, number] {
  const ph = x / n;
  const a = 1 + (z * z) / n;
  const b = -(2 * ph + (z * z) / n);
  const c = ph * ph;
  const disc = Math.sqrt(Math.max(0, b * b - 4 * a * c));
  return [(-b - disc) / (2 * a), (-b + disc) / (2 * a)];
}

describe('review: Wilson interval', () => {
  it('matches published values (Newcombe 1998, Table I: 81/263, 15/148, 0/20, 1/29) to 4 decimals', () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, lo, hi] of cases) {
      const [l, h] = wilsonInterval(x, n)!;
      expect([+l.toFixed(4), +h.toFixed(4)]).toEqual([lo, hi]);
    }
  });

  it('0/10, 10/10 and 5/10 equal the closed forms: [0, z²/(n+z²)], [n/(n+z²), 1], and ½ ± (z/2)·√n/(n+z²)… (quadratic roots)', () => {
    const z2 = Z95 * Z95;
    expect(wilsonInterval(0, 10)).toEqual([0, expect.closeTo(z2 / (10 + z2), 12)]);
    expect(wilsonInterval(10, 10)).toEqual([expect.closeTo(10 / (10 + z2), 12), 1]);
    const [lo, hi] = wilsonInterval(5, 10)!;
    expect(lo).toBeCloseTo(0.2365931, 6);
    expect(hi).toBeCloseTo(0.7634069, 6);
    expect(lo + hi).toBeCloseTo(1, 12); // symmetric about ½
  });

  it('equals the quadratic roots for every x/n (n ≤ 400), and is null for n = 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))), ([x, n]) => {
        const [lo, hi] = wilsonInterval(x, n)!;
        const [rl, rh] = wilsonRoots(x, n);
        expect(lo).toBeCloseTo(rl, 10);
        expect(hi).toBeCloseTo(rh, 10);
        expect(lo).toBeLessThanOrEqual(x / n);
        expect(hi).toBeGreaterThanOrEqual(x / n);
      }),
      { numRuns: 300 },
    );
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('rows carry the interval in per cent, and null value and interval when the denominator is 0', () => {
    const recs = Array.from({ length: 263 }, (_, i) => ({ person_status: 6, r31: i < 81 ? 1 : 2 }));
    const res = computeIndicators(recs, { indicators: [P.familyDoctorContractRate, P.employmentRate], asOf: '2019-07-01' });
    const fd = row(res, 'family-doctor-contract-rate');
    expect(fd.value).toBeCloseTo((81 / 263) * 100, 12);
    expect([+fd.ciLower!.toFixed(2), +fd.ciUpper!.toFixed(2)]).toEqual([25.53, 36.62]);
    const emp = row(res, 'employment-rate'); // nobody has an age: nobody is 16–59
    expect([emp.numerator, emp.denominator, emp.value, emp.ciLower, emp.ciUpper]).toEqual([0, 0, null, null, null]);
  });
});

describe('review: hand counts', () => {
  it('employment rate: ages exactly at the 16 and 59 bounds on the reference date, leap-day births, non-normal status, institutions, missing answers', () => {
    const asOf = '2016-02-28';
    const recs: PersonRecordLike[] = [
      { person_status: 6, birth_date: '2000-02-28', r16: 1 }, // 16 today → in, employed
      { person_status: 6, birth_date: '2000-02-29', r16: 1 }, // leap-day birth: 16 only on 2016-02-29 → out
      { person_status: 6, birth_date: '1956-02-29', r16: 2 }, // 59 (60 on 2016-02-29) → in, not employed
      { person_status: 6, birth_date: '1956-02-28', r16: 1 }, // 60 today → out
      { person_status: 6, birth_date: '1980-06-01', r16: 1, r7: 1 }, // lives in an institution → out
      { person_status: 5, birth_date: '1980-06-01', r16: 1 }, // 死亡 → out
      { person_status: 6, birth_date: '1980-06-01' }, // unanswered → missing
      { person_status: 6, birth_date: '1980-06-01', r16: 2 },
    ];
    const res = computeIndicators(recs, { indicators: [P.employmentRate], asOf });
    expect(nd(row(res, 'employment-rate'))).toEqual([1, 3, 1]);
    // one day later the leap-day child turns 16 and the 1956 leap-day person turns 60
    const next = computeIndicators(recs, { indicators: [P.employmentRate], asOf: '2016-02-29' });
    expect(nd(row(next, 'employment-rate'))).toEqual([2, 3, 1]);
    // in a common year a 29 February birthday is reached on 1 March (as date-fns differenceInYears)
    const common = [{ person_status: 6, birth_date: '2000-02-29', r16: 1 }];
    expect(row(computeIndicators(common, { indicators: [P.employmentRate], asOf: '2017-02-28' }), 'employment-rate').denominator).toBe(1); // 16 (17 on 1 March)
    expect(row(computeIndicators(common, { indicators: [P.employmentRate], asOf: '2076-02-28' }), 'employment-rate').denominator).toBe(0); // 75
  });

  it('school-age enrolment 6–14 at the bounds; 送教上门 and special schools count as enrolled', () => {
    const asOf = '2019-09-01';
    const recs: PersonRecordLike[] = [
      { person_status: 6, birth_date: '2013-09-01', r14: 2 }, // 6 today → in, 普通小学
      { person_status: 6, birth_date: '2013-09-02', r14: 1 }, // 5 → out
      { person_status: 6, birth_date: '2004-09-02', r15: 1 }, // 14 (15 tomorrow) → in, not enrolled
      { person_status: 6, birth_date: '2004-09-01', r14: 3 }, // 15 today → out
      { person_status: 6, birth_date: '2010-01-01', r14: 8 }, // 特殊教育 小学 → in, enrolled
      { person_status: 6, birth_date: '2010-01-01' }, // neither R14 nor R15 → missing
      { person_status: 2, birth_date: '2010-01-01', r14: 2 }, // 已搬迁 → out
    ];
    const res = computeIndicators(recs, { indicators: [P.compulsoryEducationEnrollment], asOf });
    expect(nd(row(res, 'compulsory-education-enrollment'))).toEqual([2, 3, 1]);
    expect(row(res, 'compulsory-education-enrollment').target).toMatchObject({ value: 97, status: 'not-met' });
  });

  it('household-visit rate counts every record (all statuses) and an unrecorded mode as not visited; lost-to-follow-up counts statuses 1–5', () => {
    const recs: PersonRecordLike[] = [
      { person_status: 6, collection_mode: 1 },
      { person_status: 6, collection_mode: 2 },
      { person_status: 6 },
      { person_status: 5 },
      { person_status: 4, collection_mode: 1 },
      {},
    ];
    const res = computeIndicators(recs, { indicators: [P.householdVisitRate, P.lostToFollowUpRate], asOf: '2019-07-01' });
    expect(nd(row(res, 'household-visit-rate'))).toEqual([2, 6, 0]);
    expect(nd(row(res, 'lost-to-follow-up-rate'))).toEqual([2, 5, 1]);
  });

  it('the two subsidies: 低保 families without 特困 for the living subsidy; levels 1–2 (from the certificate number) without 特困 for the care subsidy', () => {
    const id = '430102198001010011';
    const recs: PersonRecordLike[] = [
      { person_status: 6, r27: [1], r28: [1, 2], disability_level: 1 }, // both: living yes, care yes
      { person_status: 6, r27: [1, 2], r28: [2], disability_level: 2 }, // 特困: in neither
      { person_status: 6, r27: [6], r28: [4], certificate_no: `${id}42` }, // level 2 from the certificate: care no
      { person_status: 6, r27: [1], disability_level: 3 }, // living: missing R28; care: out (level 3)
      { person_status: 6, r27: [3], r28: [3], disability_level: 4 }, // neither
    ];
    const res = computeIndicators(recs, { indicators: [P.livingSubsidyCoverage, P.nursingSubsidyCoverage], asOf: '2019-07-01' });
    expect(nd(row(res, 'living-subsidy-coverage'))).toEqual([1, 1, 1]);
    expect(nd(row(res, 'nursing-subsidy-coverage'))).toEqual([1, 2, 0]);
  });

  it('zero denominators in a breakdown are null values, never 0 %, and the grand total still adds up', () => {
    const recs: PersonRecordLike[] = [
      { region_code: '430102001001', person_status: 6, sex: 'male', r31: 1 },
      { region_code: '430103001001', person_status: 1, sex: 'female' }, // not surveyed
    ];
    const res = computeIndicators(recs, { indicators: [P.familyDoctorContractRate], by: ['county', 'sex'], asOf: '2019-07-01' });
    const empty = row(res, 'family-doctor-contract-rate', { region: '430103', sex: 'female' });
    expect([empty.numerator, empty.denominator, empty.value, empty.smallCell]).toEqual([0, 0, null, true]);
    expect(row(res, 'family-doctor-contract-rate').value).toBe(100);
    expect(res.checks.ok).toBe(true);
  });

  it('the 2016 form keeps R3–R30 keys: an indicator over those items gives the same counts; 2017-only items are flagged', () => {
    const recs: PersonRecordLike[] = [
      { person_status: 6, r22: [4], r25: 1, r26: 1 },
      { person_status: 6, r22: [2], r25: 2 }, // employee medical insurance: outside the base
      { person_status: 6, r22: [4], r25: 2 },
    ];
    const res = computeIndicators(recs, { indicators: [P.medicalInsuranceCoverage, P.familyDoctorContractRate], asOf: '2017-07-01', formVersion: '2016' });
    expect(nd(row(res, 'medical-insurance-coverage'))).toEqual([1, 2, 0]);
    expect(res.warnings.map((w) => w.indicator)).toEqual(['family-doctor-contract-rate']);
  });
});

// Random records over a few villages of two cities, with gaps.
const recordArb = fc.record(
  {
    region_code: fc.constantFrom('430102001001', '430102001002', '430102002001', '430103001001', '430211001001', '43021100200'),
    person_status: fc.constantFrom(6, 6, 6, 1, 5),
    sex: fc.constantFrom('male', 'female'),
    disability_category: fc.integer({ min: 1, max: 7 }),
    birth_date: fc.constantFrom('1950-03-01', '1980-07-01', '2003-07-02', '2012-01-31', '2000-02-29'),
    r16: fc.constantFrom(1, 2),
    r31: fc.constantFrom(1, 2),
    collection_mode: fc.constantFrom(1, 2, 3),
  },
  { requiredKeys: ['person_status'] },
);

describe('review: roll-up invariants on random data', () => {
  it('every row equals a naive recount of its group; parents are sums of children; breakdowns sum to the total', () => {
    const inds = [P.employmentRate, P.familyDoctorContractRate, P.householdVisitRate];
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), (recs) => {
        const res = computeIndicators(recs, { indicators: inds, by: ['county', 'sex', 'category'], asOf: '2019-07-01' });
        expect(res.checks.ok).toBe(true);
        const county = (r: PersonRecordLike) => (typeof r.region_code === 'string' && r.region_code.length >= 6 ? r.region_code.slice(0, 6) : null);
        const levelOf = (by: string) => ({ province: 2, prefecture: 4, county: 6 })[by as 'province'];
        for (const rw of res.rows) {
          const ind = inds.find((i) => i.id === rw.indicator)!;
          const members = recs.filter((r) =>
            rw.by.every((b) => {
              if (b === 'sex') return (r.sex ?? null) === rw.group.sex;
              if (b === 'category') return (r.disability_category ?? null) === rw.group.category;
              const c = county(r);
              const g = rw.group.region as string | null;
              return g === null ? c === null : c !== null && c.slice(0, levelOf(b)) === g.slice(0, levelOf(b));
            }),
          );
          // naive recount with the indicator's own definition text: who is in the base, who answered
          let n = 0;
          let d = 0;
          let miss = 0;
          for (const r of members) {
            const age = r.birth_date ? 2019 - +r.birth_date.slice(0, 4) - (r.birth_date.slice(5) > '07-01' ? 1 : 0) : undefined;
            const surveyed = r.person_status === 6;
            if (ind.id === 'employment-rate') {
              if (!(surveyed && age !== undefined && age >= 16 && age <= 59)) continue;
              if (r.r16 === undefined) miss++;
              else d++, (n += r.r16 === 1 ? 1 : 0);
            } else if (ind.id === 'family-doctor-contract-rate') {
              if (!surveyed) continue;
              if (r.r31 === undefined) miss++;
              else d++, (n += r.r31 === 1 ? 1 : 0);
            } else {
              d++;
              n += r.collection_mode === 1 ? 1 : 0;
            }
          }
          expect([rw.numerator, rw.denominator, rw.missing]).toEqual([n, d, miss]);
          expect(rw.value).toBe(d ? (n * 100) / d : null);
        }
      }),
      { numRuns: 60 },
    );
  });
});
