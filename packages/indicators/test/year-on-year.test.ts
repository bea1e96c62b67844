/**
 * Year on year: the difference intervals against published examples and their laws, the
 * comparison of two results, and two synthetic rounds of one county (all persons and the
 * continuing persons, with planted changes).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { synthesizePersons } from '@canji/synth';
import {
  BUILTIN_VILLAGE_INDICATORS,
  compareIndicatorResults,
  computeIndicators,
  computeYearOnYear,
  indicatorComparisonToCsv,
  indicatorComparisonToMarkdown,
  newcombeDifferenceInterval,
  newcombePairedDifferenceInterval,
  overlappingDifferenceInterval,
  PERSON_INDICATORS as P,
  type IndicatorComparisonRow,
  type PairedCounts,
  type PersonRecordLike,
} from '@canji/indicators';
import { mulberry32 } from './fixtures.js';

const fixed = (ci: readonly [number, number] | null) => ci!.map((v) => v.toFixed(4));

describe('newcombeDifferenceInterval: Newcombe (1998), independent proportions, method 10', () => {
  // Table II of Newcombe (1998) "Interval estimation for the difference between independent
  // proportions", Statistics in Medicine 17:873–890, method 10 (score, no continuity correction).
  // (a) and (b) are also the test vectors of an independent implementation (the R package propint).
  // Note: 56/70 − 48/80 is 0.2000 (0.0524 to 0.3339); a figure of 0.1750 (0.0381 to 0.3056)
  // sometimes quoted for it is not in the table.
  it.each([
    ['(a)', 56, 70, 48, 80, ['0.0524', '0.3339']],
    ['(b)', 9, 10, 3, 10, ['0.1705', '0.8090']],
    ['(d)', 5, 56, 0, 29, ['-0.0381', '0.1926']],
    ['(e)', 0, 10, 0, 20, ['-0.1611', '0.2775']],
    ['(f)', 0, 10, 0, 10, ['-0.2775', '0.2775']],
    ['(g)', 10, 10, 0, 20, ['0.6791', '1.0000']],
    ['(h)', 10, 10, 0, 10, ['0.6075', '1.0000']],
  ] as const)('Table II %s: %i/%i − %i/%i', (_ex, x1, n1, x2, n2, want) => {
    expect(fixed(newcombeDifferenceInterval(x1, n1, x2, n2))).toEqual(want);
  });

  it('is null for counts that are not a proportion', () => {
    expect(newcombeDifferenceInterval(1, 0, 1, 2)).toBeNull();
    expect(newcombeDifferenceInterval(3, 2, 1, 2)).toBeNull();
    expect(newcombeDifferenceInterval(1.5, 3, 1, 2)).toBeNull();
    expect(newcombeDifferenceInterval(-1, 3, 1, 2)).toBeNull();
    expect(newcombeDifferenceInterval(Number.NaN, 3, 1, 2)).toBeNull();
  });
});

describe('newcombePairedDifferenceInterval: Newcombe (1998), paired proportions, method 10', () => {
  // Table II of Newcombe (1998) "Improved confidence intervals for the difference between binomial
  // proportions based on paired data", Statistics in Medicine 17:2635–2650, method 10 (also the
  // vectors of propint); and the Cavo et al. (2012) example of Fagerland, Lydersen & Laake,
  // "Statistical Analysis of Contingency Tables" (2017), chapter 8, Newcombe square-and-add.
  it.each([
    ['Newcombe (a)', { both: 36, currentOnly: 12, previousOnly: 2, neither: 0 }, ['0.0569', '0.3404']],
    ['Newcombe (b)', { both: 18, currentOnly: 12, previousOnly: 2, neither: 18 }, ['0.0562', '0.3290']],
    ['Newcombe (c)', { both: 53, currentOnly: 0, previousOnly: 0, neither: 1 }, ['-0.0729', '0.0729']],
    ['Newcombe (d)', { both: 0, currentOnly: 30, previousOnly: 0, neither: 0 }, ['0.8395', '1.0000']],
    ['Cavo et al.', { both: 59, currentOnly: 6, previousOnly: 16, neither: 80 }, ['-0.1186', '-0.0046']],
  ] as const)('%s', (_name, table, want) => {
    expect(fixed(newcombePairedDifferenceInterval(table))).toEqual(want);
  });

  it('is null for an empty table or counts that are not whole numbers', () => {
    expect(newcombePairedDifferenceInterval({ both: 0, currentOnly: 0, previousOnly: 0, neither: 0 })).toBeNull();
    expect(newcombePairedDifferenceInterval({ both: 1.5, currentOnly: 0, previousOnly: 0, neither: 1 })).toBeNull();
    expect(newcombePairedDifferenceInterval(null as unknown as PairedCounts)).toBeNull();
  });
});

const proportion = fc.integer({ min: 1, max: 400 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
const table = fc
  .tuple(fc.nat(60), fc.nat(60), fc.nat(60), fc.nat(60))
  .filter((t) => t[0] + t[1] + t[2] + t[3] > 0)
  .map(([both, currentOnly, previousOnly, neither]) => ({ both, currentOnly, previousOnly, neither }));
const mirror = (t: PairedCounts): PairedCounts => ({ both: t.both, currentOnly: t.previousOnly, previousOnly: t.currentOnly, neither: t.neither });

describe('the laws of a difference interval (for all counts)', () => {
  it('independent: contains the difference, lies within [−1, 1], and swapping the rounds negates and mirrors it', () => {
    fc.assert(
      fc.property(proportion, proportion, ([x1, n1], [x2, n2]) => {
        const [lo, hi] = newcombeDifferenceInterval(x1, n1, x2, n2)!;
        const d = x1 / n1 - x2 / n2;
        expect(lo).toBeLessThanOrEqual(d);
        expect(hi).toBeGreaterThanOrEqual(d);
        expect(lo).toBeGreaterThanOrEqual(-1);
        expect(hi).toBeLessThanOrEqual(1);
        const [lo2, hi2] = newcombeDifferenceInterval(x2, n2, x1, n1)!;
        expect(lo2).toBeCloseTo(-hi, 12);
        expect(hi2).toBeCloseTo(-lo, 12);
      }),
    );
  });

  it('paired: the same three laws', () => {
    fc.assert(
      fc.property(table, (t) => {
        const n = t.both + t.currentOnly + t.previousOnly + t.neither;
        const d = (t.currentOnly - t.previousOnly) / n;
        const [lo, hi] = newcombePairedDifferenceInterval(t)!;
        expect(lo).toBeLessThanOrEqual(d + 1e-12);
        expect(hi).toBeGreaterThanOrEqual(d - 1e-12);
        expect(lo).toBeGreaterThanOrEqual(-1);
        expect(hi).toBeLessThanOrEqual(1);
        const [lo2, hi2] = newcombePairedDifferenceInterval(mirror(t))!;
        expect(lo2).toBeCloseTo(-hi, 12);
        expect(hi2).toBeCloseTo(-lo, 12);
      }),
    );
  });

  it('overlapping: Newcombe’s paired interval when everyone is in both rounds, his independent one when no one is; laws as above', () => {
    fc.assert(
      fc.property(table, fc.nat(80), fc.nat(80), fc.nat(80), fc.nat(80), (t, yesNow, noNow, yesBefore, noBefore) => {
        const n12 = t.both + t.currentOnly + t.previousOnly + t.neither;
        const cur = { x: t.both + t.currentOnly + yesNow, n: n12 + yesNow + noNow };
        const prev = { x: t.both + t.previousOnly + yesBefore, n: n12 + yesBefore + noBefore };
        const ci = overlappingDifferenceInterval(cur, prev, t)!;
        const d = cur.x / cur.n - prev.x / prev.n;
        expect(ci[0]).toBeLessThanOrEqual(d + 1e-12);
        expect(ci[1]).toBeGreaterThanOrEqual(d - 1e-12);
        expect(ci[0]).toBeGreaterThanOrEqual(-1);
        expect(ci[1]).toBeLessThanOrEqual(1);
        const sw = overlappingDifferenceInterval(prev, cur, mirror(t))!;
        expect(sw[0]).toBeCloseTo(-ci[1], 12);
        expect(sw[1]).toBeCloseTo(-ci[0], 12);
        // The two limits.
        const all = overlappingDifferenceInterval({ x: t.both + t.currentOnly, n: n12 }, { x: t.both + t.previousOnly, n: n12 }, t)!;
        const paired = newcombePairedDifferenceInterval(t)!;
        expect(all[0]).toBeCloseTo(paired[0], 12);
        expect(all[1]).toBeCloseTo(paired[1], 12);
        const none = overlappingDifferenceInterval(cur, prev, { both: 0, currentOnly: 0, previousOnly: 0, neither: 0 })!;
        const indep = newcombeDifferenceInterval(cur.x, cur.n, prev.x, prev.n)!;
        expect(none[0]).toBeCloseTo(indep[0], 12);
        expect(none[1]).toBeCloseTo(indep[1], 12);
      }),
    );
  });

  it('overlapping: counts that cannot come from one population are refused (null)', () => {
    const t = { both: 5, currentOnly: 2, previousOnly: 1, neither: 2 };
    expect(overlappingDifferenceInterval({ x: 6, n: 10 }, { x: 6, n: 10 }, t)).toBeNull(); // 5 + 2 yes now > 6
    expect(overlappingDifferenceInterval({ x: 7, n: 9 }, { x: 6, n: 10 }, t)).toBeNull(); // overlap of 10 > 9
  });

  it('overlapping: keeps its 95 % coverage on simulated partly paired rounds, and is narrower than ignoring the pairing', () => {
    // 90 persons in both rounds (answers agree more often than chance), 30 only now, 30 only before:
    // true shares 0.55 now, 0.50 before.
    const rnd = mulberry32(2024);
    const bern = (p: number) => (rnd() < p ? 1 : 0);
    let covered = 0;
    let coveredIndep = 0;
    let width = 0;
    let widthIndep = 0;
    const reps = 3000;
    for (let k = 0; k < reps; k++) {
      const t = { both: 0, currentOnly: 0, previousOnly: 0, neither: 0 };
      for (let i = 0; i < 90; i++) {
        const before = bern(0.5);
        const now = before ? bern(0.85) : bern(0.25);
        if (now && before) t.both++;
        else if (now) t.currentOnly++;
        else if (before) t.previousOnly++;
        else t.neither++;
      }
      let xNow = t.both + t.currentOnly;
      let xBefore = t.both + t.previousOnly;
      for (let i = 0; i < 30; i++) xNow += bern(0.55);
      for (let i = 0; i < 30; i++) xBefore += bern(0.5);
      const ci = overlappingDifferenceInterval({ x: xNow, n: 120 }, { x: xBefore, n: 120 }, t)!;
      const ind = newcombeDifferenceInterval(xNow, 120, xBefore, 120)!;
      if (ci[0] <= 0.05 && 0.05 <= ci[1]) covered++;
      if (ind[0] <= 0.05 && 0.05 <= ind[1]) coveredIndep++;
      width += ci[1] - ci[0];
      widthIndep += ind[1] - ind[0];
    }
    expect(covered / reps).toBeGreaterThan(0.935);
    expect(covered / reps).toBeLessThan(0.97);
    // Ignoring the pairing is conservative here: wider, and covering more than 95 %.
    expect(coveredIndep / reps).toBeGreaterThan(covered / reps);
    expect(width / widthIndep).toBeLessThan(0.85);
  });
});

const contract = (yes: number, no: number, asOf: string, extra: Partial<PersonRecordLike> = {}) =>
  computeIndicators([...Array.from({ length: yes }, () => ({ person_status: 6, r31: 1, ...extra })), ...Array.from({ length: no }, () => ({ person_status: 6, r31: 2, ...extra }))], {
    indicators: [P.familyDoctorContractRate],
    asOf,
  });

describe('compareIndicatorResults', () => {
  it('gives each round’s value, the difference in percentage points, its interval and whether it excludes 0', () => {
    const c = compareIndicatorResults(contract(56, 14, '2019-06-30'), contract(48, 32, '2018-06-30'));
    const [row] = c.rows;
    expect(row!.current!.value).toBe(80);
    expect(row!.previous!.value).toBe(60);
    expect(row!.difference).toBeCloseTo(20, 10);
    expect(row!.ciLower).toBeCloseTo(5.24, 2);
    expect(row!.ciUpper).toBeCloseTo(33.39, 2);
    expect(row!.significant).toBe(true);
    expect(row!.method).toBe('newcombe-independent');
    expect(c.population).toBe('all');
    expect(c.labels).toEqual({ current: '本轮', previous: '上轮' });
    const small = compareIndicatorResults(contract(6, 4, '2019-06-30'), contract(5, 5, '2018-06-30')).rows[0]!;
    expect(small.significant).toBe(false);
  });

  it('swapping the rounds negates the difference and mirrors the interval (for all counts)', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.nat(40), fc.nat(40), fc.nat(40), (a, b, c, d) => {
        const x = contract(a, b, '2019-06-30');
        const y = contract(c, d, '2018-06-30');
        const fwd = compareIndicatorResults(x, y).rows[0]!;
        const back = compareIndicatorResults(y, x).rows[0]!;
        if (a + b === 0 || c + d === 0) {
          expect([fwd.method, back.method]).toEqual(['no-data', 'no-data']);
          return;
        }
        expect(back.difference).toBeCloseTo(-fwd.difference!, 10);
        expect(back.ciLower).toBeCloseTo(-fwd.ciUpper!, 10);
        expect(back.ciUpper).toBeCloseTo(-fwd.ciLower!, 10);
        expect(back.significant).toBe(fwd.significant);
        expect(fwd.ciLower!).toBeLessThanOrEqual(fwd.difference! + 1e-9);
        expect(fwd.ciUpper!).toBeGreaterThanOrEqual(fwd.difference! - 1e-9);
        expect(fwd.ciLower!).toBeGreaterThanOrEqual(-100);
        expect(fwd.ciUpper!).toBeLessThanOrEqual(100);
      }),
      { numRuns: 60 },
    );
  });

  it('matches groups by their values, not their position; a group of one round only has no difference', () => {
    const recs = (sexes: ('male' | 'female')[], r31: 1 | 2) => sexes.map((sex) => ({ person_status: 6, sex, r31 }));
    const now = computeIndicators([...recs(['female', 'female'], 1), ...recs(['female'], 2)], { indicators: [P.familyDoctorContractRate], by: ['sex'], asOf: '2019-06-30' });
    const before = computeIndicators([...recs(['male'], 1), ...recs(['female', 'female'], 2)], { indicators: [P.familyDoctorContractRate], by: ['sex'], asOf: '2018-06-30' });
    const c = compareIndicatorResults(now, before);
    const bySex = (s: string) => c.rows.find((r) => r.group.sex === s)!;
    expect(bySex('female').current!.value).toBeCloseTo(200 / 3, 10);
    expect(bySex('female').previous!.value).toBe(0);
    expect(bySex('male').current).toBeNull();
    expect(bySex('male').method).toBe('no-data');
    expect(bySex('male').difference).toBeNull();
    // this round's rows first, then last round's own
    expect(c.rows.map((r) => r.group.sex ?? 'total')).toEqual(['total', 'female', 'male']);
    expect(c.rows.map((r) => [r.currentIndex, r.previousIndex])).toEqual([[0, 0], [1, 2], [null, 1]]);
  });

  it('an indicator of one round only is listed in warnings; a count or a mean gets the difference only', () => {
    const now = computeIndicators([{ person_status: 6, r31: 1, r16: 1, birth_date: '1980-01-01' }], { indicators: [P.familyDoctorContractRate, P.employmentRate], asOf: '2019-06-30' });
    const before = computeIndicators([{ person_status: 6, r31: 1 }], { indicators: [P.familyDoctorContractRate], asOf: '2018-06-30' });
    const c = compareIndicatorResults(now, before, { measures: { 'family-doctor-contract-rate': 'count' } });
    expect(c.warnings.map((w) => [w.code, w.indicator])).toEqual([['YOY_INDICATOR_ONE_ROUND', 'employment-rate']]);
    expect(c.rows.find((r) => r.indicator === 'family-doctor-contract-rate')).toMatchObject({ difference: 0, ciLower: null, significant: null, method: 'difference-only' });
    expect(c.rows.find((r) => r.indicator === 'employment-rate')!.method).toBe('no-data');
    // A hand-made result of means (numerator above denominator): no interval.
    const mean = (v: number) => ({ ...before, rows: [{ ...before.rows[0]!, numerator: v * 3, denominator: 3, value: v }] });
    expect(compareIndicatorResults(mean(2.5), mean(2)).rows[0]).toMatchObject({ difference: 0.5, method: 'difference-only', ciLower: null });
  });

  it('warns when the rounds look reversed or were broken down differently', () => {
    const a = computeIndicators([], { indicators: [P.familyDoctorContractRate], by: ['sex'], asOf: '2018-06-30' });
    const b = computeIndicators([], { indicators: [P.familyDoctorContractRate], asOf: '2019-06-30' });
    expect(compareIndicatorResults(a, b).warnings.map((w) => w.code)).toEqual(['YOY_AS_OF_ORDER', 'YOY_DIMENSIONS_DIFFER']);
  });

  it('continuing persons without their paired counts: the independent interval, said to be approximate', () => {
    const row = compareIndicatorResults(contract(56, 14, '2019-06-30'), contract(48, 32, '2018-06-30'), { population: 'continuing' }).rows[0]!;
    expect(row.method).toBe('newcombe-independent-approximate');
    expect(row.population).toBe('continuing');
  });

  it('refuses what is not a result, with a stable code', () => {
    expect(() => compareIndicatorResults({} as never, contract(1, 1, '2018-06-30'))).toThrow(/^INDICATOR_YOY_INPUT: /);
    expect(() => compareIndicatorResults(contract(1, 1, '2019-06-30'), contract(1, 1, '2018-06-30'), { population: 'some' as never })).toThrow(/^INDICATOR_YOY_POPULATION: /);
  });
});

// ---------------------------------------------------------------------------------------------
// Two synthetic rounds of one county
// ---------------------------------------------------------------------------------------------

type Rec = Record<string, unknown>;

/**
 * Last round (2018) and this round (2019) of one synthetic county: 12 % of last round's persons
 * left, 80 new persons came (another seed), every continuing person is a year older, a fifth of
 * the continuing persons without a family doctor contract got one, a few moved township.
 */
function rounds() {
  const previous = [...synthesizePersons({ seed: 41, count: 900, asOf: '2018-06-30' })].map((r) => ({ ...r }) as Rec);
  const rnd = mulberry32(7);
  const prevIds = new Set(previous.map((r) => r.resident_id));
  const newcomers = [...synthesizePersons({ seed: 42, count: 100, asOf: '2019-06-30' })].map((r) => ({ ...r }) as Rec).filter((r) => !prevIds.has(r.resident_id)).slice(0, 80);
  const planted = { contracted: 0, moved: 0 };
  const current: Rec[] = [];
  for (const r of previous) {
    if (rnd() < 0.12) continue;
    const c: Rec = { ...r, survey_year: 2019, reference_date: '2019-06-30' };
    if (c.person_status === 6 && c.r31 === 2 && rnd() < 0.2) {
      c.r31 = 1;
      planted.contracted++;
    }
    if (rnd() < 0.03 && typeof c.region_code === 'string') {
      // Moved to another township of the county.
      const code = c.region_code;
      c.region_code = `${code.slice(0, 6)}${code.slice(6, 9) === '101' ? '102' : '101'}${code.slice(9)}`;
      planted.moved++;
    }
    current.push(c);
  }
  current.push(...newcomers);
  return { previous, current, newcomers: newcomers.length, planted };
}

const R = rounds();
const total = (rows: readonly IndicatorComparisonRow[], id: string) => rows.find((r) => r.indicator === id && r.by.length === 0)!;

describe('computeYearOnYear on two synthetic rounds', () => {
  const y = computeYearOnYear({
    current: { records: R.current, asOf: '2019-06-30', formVersion: '2017', label: '2019年' },
    previous: { records: R.previous, asOf: '2018-06-30', formVersion: '2017', label: '2018年' },
    by: ['township'],
  });

  it('counts the persons of each round, the continuing persons, those who came and those who left', () => {
    const left = R.previous.length - (R.current.length - R.newcomers);
    expect(y.persons).toEqual({
      current: R.current.length,
      previous: R.previous.length,
      continuing: R.current.length - R.newcomers,
      currentOnly: R.newcomers,
      previousOnly: left,
      withoutKey: { current: 0, previous: 0 },
      duplicateKeys: { current: 0, previous: 0 },
    });
    expect(y.results.continuing.current.records).toBe(y.persons.continuing);
    expect(y.results.continuing.previous.records).toBe(y.persons.continuing);
    expect(y.results.all.current.records).toBe(R.current.length);
    expect([y.all.labels, y.continuing.population]).toEqual([{ current: '2019年', previous: '2018年' }, 'continuing']);
  });

  it('all persons: each round’s published figure, with the independent interval', () => {
    const c = total(y.all.rows, 'family-doctor-contract-rate');
    const cur = y.results.all.current.rows.find((r) => r.indicator === 'family-doctor-contract-rate' && r.by.length === 0)!;
    expect(c.current!.value).toBe(cur.value);
    expect(c.method).toBe('newcombe-independent');
    expect(y.all.rows.every((r) => r.population === 'all')).toBe(true);
  });

  it('continuing persons: the planted improvement of family doctor contracts is found, with the paired interval', () => {
    const c = total(y.continuing.rows, 'family-doctor-contract-rate');
    expect(c.method).toBe('newcombe-paired');
    // Every planted change is a "no → yes" of a continuing person counted in both rounds, and nothing else changed.
    expect(c.paired).toMatchObject({ currentOnly: R.planted.contracted, previousOnly: 0 });
    expect(c.paired!.both + c.paired!.currentOnly).toBe(c.current!.numerator);
    expect(c.paired!.both + c.paired!.previousOnly).toBe(c.previous!.numerator);
    expect(c.difference!).toBeGreaterThan(0);
    expect(c.significant).toBe(true);
    // Pairing removes the persons' own variation: the paired interval is narrower than the independent one.
    const unpaired = newcombeDifferenceInterval(c.current!.numerator, c.current!.denominator, c.previous!.numerator, c.previous!.denominator)!;
    expect(c.ciUpper! - c.ciLower!).toBeLessThan(((unpaired[1] - unpaired[0]) * 100) / 2);
  });

  it('continuing persons: nothing changed, no difference (an item that was not edited)', () => {
    const c = total(y.continuing.rows, 'medical-insurance-coverage');
    expect(c.method).toBe('newcombe-paired');
    expect(c.difference).toBe(0);
    expect(c.paired).toMatchObject({ currentOnly: 0, previousOnly: 0 });
    expect(c.significant).toBe(false);
  });

  it('an indicator whose population moves with age (working age 16–59): overlapping persons, approximate method', () => {
    const c = total(y.continuing.rows, 'employment-rate');
    expect(c.method).toBe('newcombe-overlapping');
    const n12 = c.paired!.both + c.paired!.currentOnly + c.paired!.previousOnly + c.paired!.neither;
    // Persons who turned 60 left the population, persons who turned 16 entered it.
    expect(n12).toBeLessThan(Math.max(c.current!.denominator, c.previous!.denominator));
    expect(n12).toBeGreaterThan(0.9 * c.current!.denominator);
  });

  it('the paired counts add up to each round’s rows: the persons’ statuses are the calculator’s', () => {
    for (const row of y.continuing.rows) {
      if (!row.paired || !row.current || !row.previous) continue;
      const { both, currentOnly, previousOnly, neither } = row.paired;
      expect(both + currentOnly).toBeLessThanOrEqual(row.current.numerator);
      expect(both + previousOnly).toBeLessThanOrEqual(row.previous.numerator);
      expect(previousOnly + neither).toBeLessThanOrEqual(row.current.denominator - row.current.numerator);
      expect(currentOnly + neither).toBeLessThanOrEqual(row.previous.denominator - row.previous.numerator);
      if (row.method === 'newcombe-paired') {
        expect(both + currentOnly).toBe(row.current.numerator);
        expect(both + previousOnly).toBe(row.previous.numerator);
      }
    }
    expect(y.continuing.warnings.filter((w) => w.code === 'YOY_PAIRED_MISMATCH')).toEqual([]);
  });

  it.each(['2017', '2021'] as const)('the persons’ statuses are exactly the calculator’s: a round against itself pairs every counted person, in every group (%s form)', (form) => {
    const recs = [...synthesizePersons({ seed: 8, count: 400, asOf: '2019-06-30', version: form })];
    const self = computeYearOnYear({ current: { records: recs, asOf: '2019-06-30', formVersion: form }, previous: { records: recs, asOf: '2019-06-30', formVersion: form }, by: ['township', 'age'] });
    let rows = 0;
    for (const r of self.continuing.rows) {
      if (!r.current || r.current.denominator === 0) continue;
      rows++;
      const t = r.paired!;
      expect([t.both + t.currentOnly + t.previousOnly + t.neither, t.both + t.currentOnly, t.currentOnly, t.previousOnly], `${r.indicator} ${r.by.join('×')}`).toEqual([r.current.denominator, r.current.numerator, 0, 0]);
      expect(r.method).toBe('newcombe-paired');
    }
    expect(rows).toBeGreaterThan(200);
  });

  it('a person who moved township is paired in the county but in neither township', () => {
    expect(R.planted.moved).toBeGreaterThan(3);
    const id = 'medical-insurance-coverage';
    const t = total(y.continuing.rows, id);
    const townships = y.continuing.rows.filter((r) => r.indicator === id && r.by.join() === 'township' && r.paired);
    const pairedIn = (r: IndicatorComparisonRow) => r.paired!.both + r.paired!.currentOnly + r.paired!.previousOnly + r.paired!.neither;
    const sumTownships = townships.reduce((a, r) => a + pairedIn(r), 0);
    expect(sumTownships).toBeLessThan(pairedIn(t));
    expect(pairedIn(t) - sumTownships).toBeLessThanOrEqual(R.planted.moved);
    const county = y.continuing.rows.find((r) => r.indicator === id && r.by.join() === 'county')!;
    expect(pairedIn(county)).toBe(pairedIn(t));
    expect(townships.some((r) => r.method === 'newcombe-overlapping')).toBe(true);
  });

  it('Markdown and CSV say which population, with the zh-CN headers', () => {
    const md = indicatorComparisonToMarkdown(y.continuing);
    expect(md).toContain('## 年度比较（连续在册人员）：2019年 与 2018年');
    expect(md).toContain('| 指标 | 单位 | 本轮（2019年） | 上轮（2018年） | 差值 | 95%区间 | 显著 |');
    expect(md).toMatch(/\| 家庭医生签约率 \| 合计 \| \d+\.\d% \| \d+\.\d% \| \+\d+\.\d个百分点 \| \+\d+\.\d ～ \+\d+\.\d \| 是 \|/);
    expect(md).toContain('Newcombe 配对混合得分法（同一批人）');
    const csv = indicatorComparisonToCsv([y.all, y.continuing], { header: 'zh-CN', digits: 2 }).trim().split('\n');
    expect(csv[0]).toBe('指标编号,指标,人群,分组,单位代码,单位,本轮,上轮,本轮分子,本轮分母,本轮值,上轮分子,上轮分母,上轮值,计量单位,差值,95%区间下限,95%区间上限,显著,区间方法,小格,已抑制');
    expect(csv).toHaveLength(1 + y.all.rows.length + y.continuing.rows.length);
    expect(csv.filter((l) => l.split(',')[2] === '连续在册人员')).toHaveLength(y.continuing.rows.length);
  });
});

describe('computeYearOnYear: keys, forms and bad input', () => {
  const people = (ids: (string | undefined)[], r31: 1 | 2) => ids.map((id) => ({ ...(id ? { resident_id: id } : {}), person_status: 6, r31 }));

  it('matches by the canonical resident ID (a lower-case x is the same person); duplicates and missing keys are not continuing', () => {
    const x = '11010519491231002X';
    const y = computeYearOnYear({
      current: { records: [...people([x.toLowerCase(), 'B', 'B', undefined], 1)], asOf: '2019-06-30' },
      previous: { records: people([x, 'B', 'C'], 2), asOf: '2018-06-30' },
      indicators: [P.familyDoctorContractRate],
    });
    expect(y.persons).toMatchObject({ continuing: 1, withoutKey: { current: 1, previous: 0 }, duplicateKeys: { current: 1, previous: 0 } });
    expect(y.warnings.map((w) => w.code)).toEqual(['YOY_NO_KEY', 'YOY_DUPLICATE_KEY']);
    expect(total(y.continuing.rows, 'family-doctor-contract-rate').paired).toEqual({ both: 0, currentOnly: 1, previousOnly: 0, neither: 0 });
  });

  it('takes a key function (e.g. a pseudonym of de-identified rounds)', () => {
    const y = computeYearOnYear({
      current: { records: [{ pid: 'p1', person_status: 6, r31: 1 }], asOf: '2019-06-30' },
      previous: { records: [{ pid: 'p1', person_status: 6, r31: 1 }], asOf: '2018-06-30' },
      key: (r) => r.pid as string,
      indicators: [P.familyDoctorContractRate],
    });
    expect(y.persons.continuing).toBe(1);
  });

  it('compares a 2017-form round with a 2021-form round on the indicators both compute', () => {
    const previous = [...synthesizePersons({ seed: 5, count: 300, asOf: '2021-06-30' })];
    const current = [...synthesizePersons({ seed: 5, count: 300, asOf: '2021-06-30', version: '2021' })];
    const y = computeYearOnYear({
      current: { records: current, asOf: '2021-06-30', formVersion: '2021' },
      previous: { records: previous, asOf: '2021-06-30', formVersion: '2017' },
    });
    expect(y.persons.continuing).toBe(300);
    // Not asked on the 2021 form (or needs a department's data): compared in one round only.
    expect(y.continuing.warnings.some((w) => w.code === 'YOY_INDICATOR_ONE_ROUND' && w.indicator === 'dangerous-house-rate')).toBe(true);
    // The same persons, renumbered: the same answers.
    const c = total(y.continuing.rows, 'family-doctor-contract-rate');
    expect([c.method, c.difference, c.paired!.currentOnly, c.paired!.previousOnly]).toEqual(['newcombe-paired', 0, 0, 0]);
  });

  it('refuses input it cannot read twice, village indicators, and a bad key, with stable codes', () => {
    function* once() {
      yield { person_status: 6 };
    }
    expect(() => computeYearOnYear({ current: { records: once(), asOf: '2019-06-30' }, previous: { records: [], asOf: '2018-06-30' } })).toThrow(/^INDICATOR_YOY_INPUT: /);
    expect(() => computeYearOnYear({ current: null as never, previous: { records: [], asOf: '2018-06-30' } })).toThrow(/^INDICATOR_YOY_INPUT: /);
    expect(() => computeYearOnYear({ current: { records: [], asOf: '2019-06-30' }, previous: { records: [], asOf: '2018-06-30' }, key: 'name' as never })).toThrow(/^INDICATOR_YOY_KEY: /);
    expect(() => computeYearOnYear({ current: { records: [], asOf: '2019-06-30' }, previous: { records: [], asOf: '2018-06-30' }, indicators: BUILTIN_VILLAGE_INDICATORS as never })).toThrow(/^INDICATOR_YOY_SUBJECT: /);
    expect(() => computeYearOnYear({ current: { records: [], asOf: 'x' }, previous: { records: [], asOf: '2018-06-30' } })).toThrow(/^INDICATOR_AS_OF: /);
  });
});
