import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeDisabilityCertificateNo, makeResidentId } from '@canji/id';
import { compileValidator, itemApplicability, personForm, validatePerson, type DenseRecord } from '@canji/form';
import { compileForm, evaluate } from '../src/engine.js';
import { ruralElder, urbanEmployed } from './fixtures.js';

const form = personForm('2017');
const v = compileValidator(form);
const asOf = '2019-07-01';
const keys = form.items.map((i) => i.key);

/** Values that hit the type, code-list, date and identity checks from both sides. */
const value = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  fc.constant(null),
  fc.integer({ min: -1, max: 14 }),
  fc.double({ noNaN: false }),
  fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 3 }),
  fc.string({ maxLength: 4 }),
  fc.constantFrom('2017-02-29', '2016-02-29', '1980-05-06', '1980-5-6', '１９８０-05-06', 'male', 'female', '110105198005060000'),
  fc.constantFrom(
    makeResidentId({ regionCode: '110105', birthDate: '1980-05-06', sex: 'male', sequence: 11 }),
    makeResidentId({ regionCode: '110105', birthDate: '2020-01-01', sex: 'female', sequence: 12 }),
    makeResidentId({ regionCode: '110105', birthDate: '1890-01-01', sex: 'male', sequence: 13 }),
    makeResidentId({ regionCode: '110105', birthDate: '1980-05-06', sex: 'male', sequence: 11 }).toLowerCase().replace(/.$/, 'x'),
    makeDisabilityCertificateNo({ residentId: makeResidentId({ regionCode: '110105', birthDate: '1980-05-06', sex: 'male', sequence: 11 }), category: 4, level: 2 }),
    makeDisabilityCertificateNo({ residentId: makeResidentId({ regionCode: '110105', birthDate: '1949-03-02', sex: 'female', sequence: 12 }), category: 1, level: 1 }),
  ),
);
const mutated = fc.tuple(fc.boolean(), fc.array(fc.tuple(fc.constantFrom(...keys, 'extra'), value), { maxLength: 4 })).map(([urban, changes]) => {
  const rec: Record<string, unknown> = urban ? urbanEmployed() : ruralElder();
  for (const [k, x] of changes) rec[k] = x;
  return rec;
});

describe('compileValidator: one compiled form for entry time, applicability and the batch', () => {
  it('validate is validatePerson', () => {
    fc.assert(
      fc.property(mutated, fc.boolean(), (rec, partial) => {
        expect(v.validate(rec, { asOf, partial })).toEqual(validatePerson(rec, { asOf, partial }));
      }),
      { numRuns: 300 },
    );
  });

  it('isCertainlyClean is true exactly on records without any problem when nothing is undetermined, and never on one with a problem', () => {
    let clean = 0;
    let both = 0;
    fc.assert(
      fc.property(mutated, (rec) => {
        const problems = validatePerson(rec, { asOf }).problems;
        const sure = v.isCertainlyClean(rec, asOf);
        if (sure) {
          clean++;
          expect(problems).toEqual([]);
        }
        if (problems.length === 0) both++;
      }),
      { numRuns: 500, seed: 7 },
    );
    // The pre-check does say "clean", and for most clean records (else it would save nothing).
    expect(clean).toBeGreaterThan(50);
    expect(clean / both).toBeGreaterThan(0.9);
  });

  it('a dense row gives the same verdict as the object it was taken from', () => {
    const viewKeys = [...keys, 'extra'];
    fc.assert(
      fc.property(mutated, (rec) => {
        const dense: DenseRecord = { keys: viewKeys, values: viewKeys.map((k) => rec[k]), unknownKeys: Object.keys(rec).some((k) => !viewKeys.includes(k) && rec[k] !== undefined) };
        expect(v.isCertainlyClean(rec, asOf, dense)).toBe(v.isCertainlyClean(rec, asOf));
      }),
      { numRuns: 300 },
    );
  });

  it('reads identity the same with the fast ID read as with the parsers (forced by a region table that knows every code)', () => {
    const everyCodeCurrent = () => ({ status: 'current' as const });
    fc.assert(
      fc.property(mutated, (rec) => {
        expect(validatePerson(rec, { asOf })).toEqual(validatePerson(rec, { asOf, regions: everyCodeCurrent }));
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('the per-item fast check gives the verdict of the full value check', () => {
    const cf = compileForm(form);
    fc.assert(
      fc.property(fc.constantFrom(...cf.items), value, (item, x) => {
        if (x === undefined || x === null || x === '') return;
        const rec = { [item.key]: x };
        const { state, problems } = evaluate(cf, rec, { partial: true, asOf }, true);
        const valueProblems = problems.filter((p) => p.path[0] === item.key && !p.code.startsWith('ID_') && !p.code.startsWith('CERT_') && p.code !== 'FORM_NOT_APPLICABLE' && p.code !== 'FORM_IDENTITY_MISMATCH' && p.code !== 'FORM_OPTION_NOT_AVAILABLE');
        expect(item.ok(x)).toBe(state.valid[item.index] === 1);
        expect(item.ok(x)).toBe(valueProblems.length === 0);
      }),
      { numRuns: 1500 },
    );
  });

  it('applicability is itemApplicability, for partial and complete records', () => {
    fc.assert(
      fc.property(mutated, fc.boolean(), (rec, complete) => {
        expect(v.applicability(rec, { complete })).toEqual(itemApplicability(rec, { complete, form }));
      }),
      { numRuns: 100 },
    );
    const r = v.applicability({ person_status: 6, reference_date: asOf, r3: 1 });
    expect(r.find((i) => i.key === 'r10')?.status).not.toBe('not-applicable'); // 农业: R10, R11 (undetermined until the age is known)
    expect(r.find((i) => i.key === 'r8')?.status).toBe('not-applicable');
  });
});
