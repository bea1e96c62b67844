import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileValidator, personForm, validatePerson } from '@canji/form';
import { checkRecord, formRules } from '@canji/rules';
import { ids, person } from './fixtures.js';

const rules = formRules('2017');
const ctx = { referenceDate: '2017-06-30' };

describe('formRules', () => {
  it('derives one rule per skip rule, option rule and implication of the form, with the same id', () => {
    const form = personForm('2017');
    const have = new Set(rules.map((r) => r.id));
    for (const s of form.skipRules) expect(have.has(s.id)).toBe(true);
    for (const m of form.implications) expect(have.has(m.id)).toBe(true);
    for (const it of form.items) for (const o of it.optionRules ?? []) expect(have.has(o.id)).toBe(true);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('finds nothing on a clean record', () => {
    expect(checkRecord(person(), rules, ctx)).toEqual([]);
  });

  it.each([
    ['FORM_CODE_UNKNOWN', { r3: 9 }],
    ['FORM_EXCLUSIVE', { r20: [1, 6] }],
    ['FORM_REQUIRED', { r31: undefined }],
    ['SKIP_R7_INSTITUTION', { r7: 1, r10: undefined, r16: undefined, r17: undefined, r20: undefined, r21: undefined, r38: undefined, r39: undefined, r40: undefined, r11: 1 }],
    ['IMPL_R22_PENSION_R23_NO', { r22: [1], r24: undefined, r17: 3 }],
    ['FORM_IDENTITY_SEX', { sex: 'female' }],
    ['FORM_IDENTITY_CATEGORY', { disability_category: 2 }],
    ['FORM_RESIDENT_ID_INVALID', { householder_id: '430102198003150010' }],
  ] as const)('reports %s under its own rule', (id, change) => {
    expect(ids(checkRecord(person({}, change), rules, ctx))).toContain(id);
  });

  it('reports the certificate ID part differing from the resident ID', () => {
    const p = person();
    const other = person({ seq: 9 });
    expect(ids(checkRecord({ ...p, certificate_no: other.certificate_no }, rules, ctx))).toContain('FORM_IDENTITY_CERT_ID');
  });

  // Entry time (validatePerson) and batch time (formRules) must never disagree: for any change
  // to a clean record, a record has form errors under formRules exactly when validatePerson says
  // it is not ok, and every problem is counted under exactly one rule.
  it('agrees with validatePerson on arbitrary changes', () => {
    const keys = personForm('2017').items.map((i) => i.key);
    const value = fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 13 }), fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 4 }), (changes) => {
        const rec: Record<string, unknown> = person();
        for (const [k, v] of changes) rec[k] = v;
        const expected = validatePerson(rec, { asOf: ctx.referenceDate });
        const issues = checkRecord(rec, rules, ctx);
        expect(issues.some((i) => i.severity === 'error')).toBe(!expected.ok);
        const perRule = issues.reduce((n, i) => n + (i.message.match(/另有 (\d+) 处/) ? 1 + Number(i.message.match(/另有 (\d+) 处/)![1]) : 1), 0);
        expect(perRule).toBe(expected.problems.length);
      }),
      { numRuns: 150, seed: 20170630 },
    );
  });
});

describe('the batch pre-check (the form validator\'s isCertainlyClean)', () => {
  it('never calls a record clean that validatePerson finds a problem in, read as an object or as a dense row', async () => {
    const form = personForm('2017');
    const v = compileValidator(form);
    const fast = (rec: Record<string, unknown>, asOf: string | undefined) => v.isCertainlyClean(rec, asOf);
    const keys = [...form.items.map((i) => i.key), 'extra_column'];
    const value = fc.oneof(fc.constant(undefined), fc.constant(''), fc.integer({ min: -1, max: 13 }), fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 3 }), fc.string({ maxLength: 4 }), fc.constantFrom('2017-02-29', '2016-02-29', '1980-03-15', 'male', 'female'));
    let clean = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 3 }), (seq, changes) => {
        const rec: Record<string, unknown> = person({ seq, birthDate: `${1940 + seq}-0${1 + (seq % 9)}-1${seq % 9}`, level: ((seq % 4) + 1) as 1 | 2 | 3 | 4 });
        for (const [k, v] of changes) rec[k] = v;
        const dense = { keys, values: keys.map((k) => rec[k]), unknownKeys: Object.keys(rec).some((k) => !keys.includes(k) && rec[k] !== undefined) };
        // The dense view gives the same verdict as the object.
        expect(v.isCertainlyClean(rec, ctx.referenceDate, dense)).toBe(fast(rec, ctx.referenceDate));
        if (fast(rec, ctx.referenceDate)) {
          clean++;
          expect(validatePerson(rec, { asOf: ctx.referenceDate }).problems).toEqual([]);
        }
      }),
      { numRuns: 400, seed: 42 },
    );
    expect(clean).toBeGreaterThan(20); // the pre-check does say "clean" (else the test proves nothing)
  });

  it('recognises clean synthetic records as clean', async () => {
    const { synthesizePersons } = await import('@canji/synth');
    const v = compileValidator(personForm('2017'));
    const fast = (rec: Record<string, unknown>, asOf: string) => v.isCertainlyClean(rec, asOf);
    let clean = 0;
    let n = 0;
    for (const p of synthesizePersons({ seed: 9, count: 400, region: '430121', asOf: '2019-06-30' })) {
      n++;
      const ok = fast(p, '2019-06-30');
      expect(ok).toBe(validatePerson(p, { asOf: '2019-06-30' }).problems.length === 0);
      if (ok) clean++;
    }
    expect(clean).toBe(n);
  });
});
