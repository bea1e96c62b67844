import { describe, expect, it } from 'vitest';
import {
  BUILTIN_INDICATORS,
  BUILTIN_PERSON_INDICATORS,
  BUILTIN_VILLAGE_INDICATORS,
  compulsoryEducationEnrollment,
  computeIndicators,
  householdVisitRate,
  indicatorMetadata,
  PERSON_INDICATORS as P,
  withTarget,
  type Indicator,
} from '@canji/indicators';
import { AS_OF } from './fixtures.js';

/** [numerator, denominator, missing] of one indicator over records. */
function run(ind: Indicator, recs: object[], asOf = AS_OF): number[] {
  const row = computeIndicators(recs, { indicators: [ind], asOf }).rows[0]!;
  return [row.numerator, row.denominator, row.missing];
}
const ok = { person_status: 6 };
const adult = { ...ok, birth_date: '1980-03-15' }; // 39 at 2019-07-01

describe('built-in catalogue', () => {
  it('has the issue’s ids, unique, kebab-case, each with a zh-CN name, a definition and a basis', () => {
    const ids = BUILTIN_INDICATORS.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'household-visit-rate', 'mobile-collection-rate', 'lost-to-follow-up-rate', 'employment-rate', 'residents-pension-coverage',
      'pension-premium-subsidy-rate', 'medical-insurance-coverage', 'medical-premium-subsidy-rate', 'minimum-living-allowance-rate',
      'living-subsidy-coverage', 'nursing-subsidy-coverage', 'compulsory-education-enrollment', 'rehabilitation-coverage',
      'assistive-device-fitting-rate', 'family-doctor-contract-rate', 'day-care-service-rate', 'day-care-service-need',
      'home-adaptation-done', 'home-adaptation-need', 'culture-sports-participation-rate', 'dangerous-house-rate',
      'village-rehabilitation-station-share',
    ]) expect(ids).toContain(id);
    for (const i of BUILTIN_INDICATORS) {
      expect(i.name).toMatch(/[\u4e00-\u9fff]/);
      expect(i.description).toMatch(/分母.*分子/);
      expect(i.basis.length).toBeGreaterThan(5);
      expect(i.formVersions.length).toBeGreaterThan(0);
    }
    expect(BUILTIN_PERSON_INDICATORS.length + BUILTIN_VILLAGE_INDICATORS.length).toBe(BUILTIN_INDICATORS.length);
  });

  it('marks which built-ins apply to the 2016 form (items up to R30 keep their keys) and which to 2017 only', () => {
    const res = computeIndicators([], { asOf: AS_OF, formVersion: '2016' });
    expect(res.warnings.map((w) => w.indicator).sort()).toEqual(
      ['assistive-device-fitting-rate', 'culture-sports-participation-rate', 'family-doctor-contract-rate', 'home-adaptation-done', 'home-adaptation-need', 'rehabilitation-coverage'],
    );
    const r2021 = computeIndicators([], { asOf: AS_OF, formVersion: '2021' });
    // review: the cover-based three, and ten more whose items have a comparable 2021 item (read through 2017 keys)
    expect(r2021.warnings.length).toBe(BUILTIN_PERSON_INDICATORS.length - 13);
  });

  it('carries the 十四五 targets of the reference with their source', () => {
    const t = (id: string) => BUILTIN_INDICATORS.find((i) => i.id === id)!.target;
    expect(t('residents-pension-coverage')).toMatchObject({ value: 90, comparison: '>' });
    expect(t('medical-insurance-coverage')).toMatchObject({ value: 95, comparison: '>' });
    expect(t('compulsory-education-enrollment')).toMatchObject({ value: 97, comparison: '>=' });
    expect(t('rehabilitation-coverage')).toMatchObject({ value: 85, comparison: '>=' });
    expect(t('assistive-device-fitting-rate')).toMatchObject({ value: 85, comparison: '>=' });
    expect(t('household-visit-rate')).toMatchObject({ value: 90, comparison: '>=' });
    expect(t('rehabilitation-coverage')!.source).toContain('十四五');
    expect(JSON.parse(JSON.stringify(indicatorMetadata(P.employmentRate)))).toMatchObject({ id: 'employment-rate', subject: 'person', factor: 100 });
    expect(withTarget(P.employmentRate, { value: 50, comparison: '>=', source: '本地' }).target?.value).toBe(50);
    expect(withTarget(P.medicalInsuranceCoverage, undefined).target).toBeUndefined();
  });
});

describe('built-in definitions: who is counted', () => {
  it('household-visit-rate: every record is in the denominator; only 入户 (1) counts, optionally 见面', () => {
    const recs = [{ ...ok, collection_mode: 1 }, { ...ok, collection_mode: 2 }, { person_status: 5 }, { ...ok, collection_mode: 3 }];
    expect(run(P.householdVisitRate, recs)).toEqual([1, 4, 0]);
    expect(run(householdVisitRate({ visitModes: [1, 3] }), recs)).toEqual([2, 4, 0]);
  });

  it('mobile-collection-rate and lost-to-follow-up-rate', () => {
    expect(run(P.mobileCollectionRate, [{ collection_channel: 2 }, { collection_channel: 1 }, {}])).toEqual([1, 2, 1]);
    expect(run(P.lostToFollowUpRate, [{ person_status: 6 }, { person_status: 5 }, { person_status: 1 }, {}])).toEqual([2, 3, 1]);
  });

  it('employment-rate: 16–59, surveyed, not in an institution, R16 answered', () => {
    const recs = [
      { ...adult, r16: 1 },
      { ...adult, r16: 2 },
      { ...adult, r16: 1, r7: 1 }, // institution
      { ...adult, r16: 1, person_status: 4 }, // not surveyed
      { ...ok, birth_date: '1950-01-01', r16: 1 }, // 69
      { ...adult }, // unanswered
    ];
    expect(run(P.employmentRate, recs)).toEqual([1, 2, 1]);
  });

  it('residents-pension-coverage: 16+, not a student, employee-pension members outside the base', () => {
    const recs = [
      { ...adult, r22: [4], r23: 1 },
      { ...adult, r22: [4], r23: 2 },
      { ...adult, r22: [1], r23: 2 }, // employee pension
      { ...adult, r19: 1, r23: 2 }, // student
      { ...ok, birth_date: '1940-01-01', r23: 1 }, // 79: still counted
      { ...ok, birth_date: '2010-01-01', r23: 1 }, // 9
    ];
    expect(run(P.residentsPensionCoverage, recs)).toEqual([2, 3, 0]);
  });

  it('pension-premium-subsidy-rate: 16–59 with R23 = 1', () => {
    const recs = [{ ...adult, r23: 1, r24: 1 }, { ...adult, r23: 1, r24: 2 }, { ...adult, r23: 2, r24: 1 }, { ...ok, birth_date: '1950-01-01', r23: 1, r24: 1 }, { ...adult, r23: 1 }];
    expect(run(P.pensionPremiumSubsidyRate, recs)).toEqual([1, 2, 1]);
  });

  it('medical-insurance-coverage and medical-premium-subsidy-rate', () => {
    const recs = [{ ...ok, r25: 1, r26: 1 }, { ...ok, r25: 2 }, { ...ok, r22: [2], r25: 2 }, { ...ok, r25: 1, r26: 2 }, { ...ok, r25: 1 }];
    expect(run(P.medicalInsuranceCoverage, recs)).toEqual([3, 4, 0]);
    expect(run(P.medicalPremiumSubsidyRate, recs)).toEqual([1, 2, 1]);
  });

  it('minimum-living-allowance-rate, living-subsidy-coverage (低保, not 特困) and nursing-subsidy-coverage (levels 1–2, not 特困)', () => {
    const recs = [
      { ...ok, disability_level: 1, r27: [1], r28: [1, 2] },
      { ...ok, disability_level: 2, r27: [1, 3], r28: [4] },
      { ...ok, disability_level: 1, r27: [1, 2], r28: [1, 2] }, // 特困: in neither base
      { ...ok, disability_level: 3, r27: [6], r28: [2] }, // level 3: not in the nursing base
      { ...ok, disability_level: 2, r27: [6] }, // R28 unanswered
    ];
    expect(run(P.minimumLivingAllowanceRate, recs)).toEqual([3, 5, 0]);
    expect(run(P.livingSubsidyCoverage, recs)).toEqual([1, 2, 0]);
    expect(run(P.nursingSubsidyCoverage, recs)).toEqual([1, 2, 1]);
  });

  it('compulsory-education-enrollment: 6–14 at asOf by default, configurable', () => {
    const child = (birth_date: string, extra: object) => ({ ...ok, birth_date, ...extra });
    const recs = [
      child('2010-01-01', { r14: 2 }), // 9, ordinary primary school
      child('2010-01-01', { r14: 8 }), // special-education primary school
      child('2008-01-01', { r15: 2 }), // 11, not enrolled
      child('2004-07-01', { r14: 3 }), // 15 on asOf: out by default
      child('2013-07-02', { r14: 1 }), // 5 on asOf: out
      child('2012-01-01', {}), // 7, neither answered
    ];
    expect(run(P.compulsoryEducationEnrollment, recs)).toEqual([2, 3, 1]);
    expect(run(compulsoryEducationEnrollment({ maxAge: 15 }), recs)).toEqual([3, 4, 1]);
  });

  it('rehabilitation-coverage and assistive-device-fitting-rate: received among those with a need', () => {
    const recs = [
      { ...ok, r35: [3], r37: [6] }, // received, no further need
      { ...ok, r35: [6], r37: [3] }, // needs, not received
      { ...ok, r35: [4], r37: [4] }, // device received, needs more
      { ...ok, r35: [6], r37: [6] }, // no need: outside both bases
      { ...ok, r35: [6], r37: [4] }, // needs a device
      { ...ok, r35: [2] }, // R37 unanswered
    ];
    expect(run(P.rehabilitationCoverage, recs)).toEqual([2, 4, 1]);
    expect(run(P.assistiveDeviceFittingRate, recs)).toEqual([1, 2, 0]);
  });

  it('family-doctor-contract-rate', () => {
    expect(run(P.familyDoctorContractRate, [{ ...ok, r31: 1 }, { ...ok, r31: 2 }, { ...ok }, { person_status: 3, r31: 1 }])).toEqual([1, 2, 1]);
  });

  it('day-care-service-rate and -need: 16–59 and 智力/精神/多重 or 肢体 levels 1–2', () => {
    const p = (extra: object) => ({ ...adult, ...extra });
    const recs = [
      p({ disability_category: 5, disability_level: 3, r29: 1 }),
      p({ disability_category: 6, disability_level: 4, r29: 2, r30: 2 }),
      p({ disability_category: 4, disability_level: 2, r29: 2 }), // no need recorded
      p({ disability_category: 4, disability_level: 3, r29: 2, r30: 1 }), // 肢体 level 3: out of scope
      p({ disability_category: 1, disability_level: 1, r29: 1 }), // 视力: out of scope
      { ...ok, birth_date: '1950-01-01', disability_category: 5, disability_level: 1, r29: 1 }, // 69
    ];
    expect(run(P.dayCareServiceRate, recs)).toEqual([1, 3, 0]);
    expect(run(P.dayCareServiceNeed, recs)).toEqual([1, 3, 0]);
  });

  it('home-adaptation-done / -need, culture-sports-participation-rate, dangerous-house-rate', () => {
    const recs = [
      { ...adult, r3: 1, r11: 2, r38: 1, r39: [9], r40: 1 },
      { ...adult, r3: 1, r11: 1, r38: 2, r39: [2, 5], r40: 2 },
      { ...adult, r3: 2, r11: 2, r38: 2, r39: [9], r40: 2 }, // 非农业: not in the housing base
      { ...adult, r3: 1, r7: 1, r11: 2, r38: 1, r39: [1], r40: 1 }, // institution: in none
      { ...ok, birth_date: '2015-01-01', r3: 1, r38: 2, r40: 1 }, // 4 years: not in the culture base; R11, R39 unanswered
    ];
    expect(run(P.homeAdaptationDone, recs)).toEqual([1, 4, 0]);
    expect(run(P.homeAdaptationNeed, recs)).toEqual([1, 3, 1]);
    expect(run(P.cultureSportsParticipationRate, recs)).toEqual([1, 3, 0]);
    expect(run(P.dangerousHouseRate, recs)).toEqual([1, 2, 1]);
  });

  it('village facility shares: villages answering the item, share with 是', () => {
    const ind = BUILTIN_VILLAGE_INDICATORS.find((i) => i.id === 'village-rehabilitation-station-share')!;
    const villages = [
      { region_code: '430102001001', v7: 1 },
      { region_code: '430102001002', v7: 2 },
      { region_code: '430103001001', v7: 1 },
      { region_code: '430103001002' },
    ];
    const res = computeIndicators(villages, { indicators: BUILTIN_VILLAGE_INDICATORS, by: ['county'], asOf: AS_OF });
    const row = (county: string | null) => res.rows.find((r) => r.indicator === ind.id && (county === null ? r.by.length === 0 : r.group.region === county))!;
    expect([row(null).numerator, row(null).denominator, row(null).missing]).toEqual([2, 3, 1]);
    expect(row('430102')!.value).toBe(50);
    expect(res.checks.ok).toBe(true);
    expect(() => computeIndicators([], { indicators: [P.employmentRate, ind], asOf: AS_OF })).toThrow(/INDICATOR_SUBJECT/);
  });
});
