import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageAt, makeResidentId } from '@canji/id';
import { checkRecord, consistencyRules, compileRules, defineRule, formRules, RuleDefinitionError, batchRules, crossCheckRules } from '@canji/rules';
import { ids, person } from './fixtures.js';

const rules = consistencyRules('2017');
/** Form + consistency, as a data office runs them: a planted error must show under its own rule only. */
const both = [...formRules('2017'), ...rules];
const ctx = { referenceDate: '2017-06-30' };

describe('consistencyRules', () => {
  it('finds nothing on a clean record', () => {
    expect(checkRecord(person(), both, ctx)).toEqual([]);
    expect(checkRecord(person({ seq: 2, sex: 'female', category: 4, level: 1 }, { r29: 2, r30: 1 }), both, ctx)).toEqual([]);
  });

  const child = (age: number) => `${2017 - age}-01-10`;
  /** What a small child's form leaves out (R4, R12–R13, R16–R24, R40) and adds (R5 联系人). */
  const YOUNG = { r4: undefined, r5: '测试家长', r12: undefined, r13: undefined, r16: undefined, r17: undefined, r20: undefined, r21: undefined, r22: undefined, r23: undefined, r24: undefined, r40: undefined };
  // Each case changes one thing in a clean record; exactly the named rule must fire.
  const cases: [string, () => Record<string, unknown>][] = [
    ['CON_SPEECH_UNDER_3', () => person({ birthDate: child(2), category: 3, level: 2 }, YOUNG)],
    ['CON_HEARING_LEVEL4_UNDER_3', () => person({ birthDate: child(1), category: 2, level: 4 }, YOUNG)],
    ['CON_MENTAL_UNDER_3', () => person({ birthDate: child(2), category: 6, level: 2 }, YOUNG)],
    ['CON_COLLECTED_OUTSIDE_PERIOD', () => person({}, { collected_on: '2018-01-03' })],
    ['CON_HOUSEHOLDER_SELF_NAME', () => person({}, { householder_name: '另一人' })],
    ['CON_ILLITERATE_SECONDARY', () => person({}, { r12: 2 })],
    ['CON_EDUCATION_TOO_HIGH_FOR_AGE', () => person({ birthDate: '2001-02-01' }, { r4: undefined, r5: '测试家长', r13: 6, r16: 2, r17: undefined, r18: 4, r19: 3, r20: undefined, r21: undefined })],
    ['CON_PENSION_INCOME_UNDER_45', () => person({}, { r16: 2, r17: undefined, r18: 1, r19: 2, r20: undefined, r21: undefined })],
    ['CON_QUOTA_EMPLOYMENT_NO_INSURANCE', () => person({}, { r17: 1, r17_1: 1 })],
    ['CON_CARE_SUBSIDY_LEVEL', () => person({}, { r28: [2] })],
    ['CON_CARE_SUBSIDY_WIDENED_SCOPE', () => person({ category: 5, level: 3 }, { r28: [2], r29: 2, r30: 1 })],
    ['CON_LIVING_SUBSIDY_WITHOUT_DIBAO', () => person({}, { r28: [1] })],
    ['CON_DIBAO_WITHOUT_LIVING_SUBSIDY', () => person({}, { r26: 1, r27: [1, 3] })],
    ['CON_PREMIUM_SUBSIDY_WITHOUT_MEDICAL_ASSISTANCE', () => person({}, { r26: 1 })],
    ['CON_SUBSIDY_WITH_TEKUN', () => person({ level: 1 }, { r26: 1, r27: [2, 3], r28: [2], r29: 2, r30: 1 })],
    ['CON_ASSISTANCE_WITHOUT_PREMIUM_SUBSIDY', () => person({}, { r27: [1], r28: [1] })],
  ];

  it.each(cases)('%s fires alone on its planted error', (id, make) => {
    expect(ids(checkRecord(make(), both, ctx))).toEqual([id]);
  });

  it('has a case for every consistency rule (recall 100 % per rule)', () => {
    expect(cases.map((c) => c[0]).sort()).toEqual(rules.map((r) => r.id).sort());
  });

  it('uses the survey period from the context when given', () => {
    const rec = person({}, { collected_on: '2017-06-01' });
    expect(ids(checkRecord(rec, rules, ctx))).toEqual([]);
    expect(ids(checkRecord(rec, rules, { ...ctx, surveyPeriod: { from: '2017-07-02', to: '2017-08-31' } }))).toEqual(['CON_COLLECTED_OUTSIDE_PERIOD']);
  });

  it('reads category and level from the certificate when the record leaves them out', () => {
    const rec = person({ category: 3, level: 2, birthDate: '2015-08-01' }, { disability_category: undefined, disability_level: undefined, r12: undefined, r13: undefined, r16: undefined, r17: undefined, r20: undefined, r21: undefined, r22: undefined, r23: undefined, r24: undefined, r40: undefined });
    expect(ids(checkRecord(rec, rules, ctx))).toEqual(['CON_SPEECH_UNDER_3']);
  });

  it('accepts a 15-digit legacy ID as the same person as its 18-digit certificate', () => {
    const id18 = makeResidentId({ regionCode: '430102', birthDate: '1960-05-05', sex: 'male', sequence: 11 });
    const id15 = id18.slice(0, 6) + id18.slice(8, 17);
    const rec = person({ birthDate: '1960-05-05', sex: 'male' }, { resident_id: id15, certificate_no: `${id18}43`, householder_id: id18 });
    expect(ids(checkRecord(rec, rules, ctx))).toEqual([]);
  });
});

describe('rule model', () => {
  it('refuses an error rule resting on a single-source or inferred fact', () => {
    const bad = () =>
      defineRule({ id: 'LOCAL_X', title: 'x', severity: 'error', scope: 'record', formVersions: '*', items: [], basis: { kind: 'form', document: 's', certainty: '1' }, violation: { item: 'r1', present: false } });
    expect(bad).toThrow(RuleDefinitionError);
    expect(() => defineRule({ id: 'bad id', title: 'x', severity: 'warning', scope: 'record', formVersions: '*', items: [], basis: { kind: 'form', document: 's', certainty: '1' }, violation: { item: 'r1', present: false } })).toThrow(/SCREAMING_SNAKE/);
  });

  it('built-in rules have unique SCREAMING_SNAKE ids and zh-CN titles, and weak bases are warnings', () => {
    const all = [...consistencyRules('2017'), ...batchRules(), ...crossCheckRules('2017')];
    expect(() => compileRules(all)).not.toThrow();
    for (const r of all) {
      expect(r.id).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(r.title).toMatch(/[\u4e00-\u9fff]/);
      if (r.basis.certainty === '1' || r.basis.certainty === 'inf') expect(r.severity).toBe('warning');
    }
  });

  it('a local office can add its own rule as plain data', () => {
    const local = defineRule({
      id: 'LOCAL_PHONE_MISSING', title: '未填写联系电话', severity: 'warning', scope: 'record', formVersions: '*', items: ['r6'],
      basis: { kind: 'form', document: '本地规则', certainty: 'official' }, violation: { item: 'r6', present: false },
    });
    expect(ids(checkRecord(person({}, { r6: '' }), [...rules, local], ctx))).toEqual(['LOCAL_PHONE_MISSING']);
    expect(ids(checkRecord(person(), [...rules, local], ctx))).toEqual([]);
  });
});

describe('ageAt (of @canji/id, which the facts use)', () => {
  const day = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  it('counts whole years like a calendar does', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [birth, asOf] = a <= b ? [a, b] : [b, a];
        // Reference: the number of birthdays that have passed (a birthday on 29 February counts on 1 March).
        const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
        const [ay, am, ad] = asOf.split('-').map(Number) as [number, number, number];
        let n = 0;
        while (Date.UTC(by + n + 1, bm - 1, bd) <= Date.UTC(ay, am - 1, ad)) n++;
        expect(ageAt(birth, asOf)).toBe(n);
      }),
      { numRuns: 300, seed: 1 },
    );
  });
  it('is undefined for malformed dates or asOf before birth', () => {
    expect(ageAt('2010-7-1', '2017-06-30')).toBeUndefined();
    expect(ageAt('2010-07-01', undefined)).toBeUndefined();
    expect(ageAt('2018-07-01', '2017-06-30')).toBeUndefined();
  });
});
