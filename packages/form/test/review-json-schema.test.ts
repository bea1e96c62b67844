/**
 * Review: the JSON Schema export consumed by a plain JSON-Schema validator (Ajv, draft 2020-12,
 * with ajv-formats), as a non-TypeScript client would — not through zod.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { FORM_SCHEMA_KEYWORDS, PERSON_FORM_VERSIONS, extendForm, personForm, toJSONSchema, validatePerson, type FormExtension } from '@canji/form';
import { ruralElder, urbanEmployed } from './fixtures.js';

// ajv-formats ships CJS; under ESM interop the function may sit on `.default`.
const withFormats = ((addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats) as typeof addFormats;
const AjvCtor = ((Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020) as typeof Ajv2020;

function strictAjv() {
  const ajv = new AjvCtor({ allErrors: true }); // Ajv's default: strict mode on
  withFormats(ajv);
  ajv.addVocabulary([...FORM_SCHEMA_KEYWORDS]);
  return ajv;
}

describe('toJSONSchema through Ajv (strict mode)', () => {
  it('compiles for every form version once the x- keywords are declared, and without them only in non-strict mode', () => {
    for (const v of PERSON_FORM_VERSIONS) {
      expect(() => strictAjv().compile(toJSONSchema(v))).not.toThrow();
      const loose = new AjvCtor({ strict: false });
      withFormats(loose);
      expect(() => loose.compile(toJSONSchema(v))).not.toThrow();
    }
    // The list is complete: every x- keyword the export uses is in FORM_SCHEMA_KEYWORDS.
    const used = new Set<string>();
    const walk = (o: unknown): void => {
      if (Array.isArray(o)) return o.forEach(walk);
      if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) { if (k.startsWith('x-')) used.add(k); walk(v); }
    };
    for (const v of PERSON_FORM_VERSIONS) walk(toJSONSchema(v));
    expect([...used].filter((k) => !(FORM_SCHEMA_KEYWORDS as readonly string[]).includes(k))).toEqual([]);
  });

  it('accepts the records validatePerson accepts', () => {
    const validate = strictAjv().compile(toJSONSchema('2017'));
    for (const rec of [urbanEmployed(), ruralElder()]) {
      expect(validatePerson(rec).ok).toBe(true);
      expect(validate(JSON.parse(JSON.stringify(rec))), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('accepts a partial record with { partial: true } (nothing required while filling in), not as a complete record', () => {
    expect(strictAjv().compile(toJSONSchema('2017', { partial: true }))({ r3: 1, r22: [1, 3] })).toBe(true);
    expect(strictAjv().compile(toJSONSchema('2017'))({ r3: 1, r22: [1, 3] })).toBe(false);
  });

  it('rejects what the contract forbids: unknown codes, wrong types, unknown keys, bad dates, non-unique multiple choices', () => {
    const validate = strictAjv().compile(toJSONSchema('2017'));
    const bad: [Record<string, unknown>, string][] = [
      [{ r3: 9 }, 'code not in the list'],
      [{ r3: '1' }, 'code as text'],
      [{ r22: 1 }, 'multiple choice as a scalar'],
      [{ r22: [1, 1] }, 'duplicate choice'],
      [{ r22: [] }, 'empty multiple choice (unanswered is absent)'],
      [{ reference_date: '2019-02-30' }, 'no such date'],
      [{ reference_date: '2019/07/01' }, 'not YYYY-MM-DD'],
      [{ sex: '男' }, 'sex is male | female'],
      [{ r99: 1 }, 'unknown item'],
      [{ region_code: '4301040010' }, 'region code not 12 digits'],
    ];
    for (const [rec, why] of bad) {
      expect(validate(rec), why).toBe(false);
      // validatePerson agrees that each of these is an error
      expect(validatePerson(rec, { partial: true }).ok, why).toBe(false);
    }
  });

  it('carries zh-CN titles for items and codes a client can render', () => {
    const s = toJSONSchema('2017', { partial: true });
    expect(s.properties.r3).toMatchObject({ title: 'R3 户口性质', 'x-item-code': 'R3' });
    expect((s.properties.r3 as { oneOf: unknown[] }).oneOf).toEqual([{ const: 1, title: '农业' }, { const: 2, title: '非农业' }]);
    // The complete-record schema names the code list in $defs (ASCII, for code generators), the same codes.
    const full = toJSONSchema('2017');
    expect(full.properties.r3).toMatchObject({ $ref: '#/$defs/code_hukou', title: 'R3 户口性质' });
    expect((full.$defs as Record<string, { oneOf: unknown[]; 'x-title': string }>).code_hukou).toMatchObject({ oneOf: [{ const: 1, title: '农业' }, { const: 2, title: '非农业' }], 'x-title': '户口性质' });
  });

  it('an extended form\'s schema (items under ext.<id>) compiles and validates extension answers', () => {
    const extension: FormExtension = {
      id: 'gtest', region: '某省（测试）', approvedBy: '某省统计局（测试）', approvalNo: '测统制〔2018〕0号',
      items: [
        { key: 'g1', code: 'G1', label: '民族', section: 'ext', type: 'single', codeList: 'ethnicity', identifier: 'quasi' },
        { key: 'g3', code: 'G3', label: '家庭人口', section: 'ext', type: 'number', min: 1, max: 30, identifier: 'quasi' },
      ],
    };
    const r = extendForm(personForm('2017'), extension);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const validate = strictAjv().compile(toJSONSchema(r.value));
    const rec = { ...urbanEmployed(), ext: { gtest: { g1: 1, g3: 3 } } };
    expect(validatePerson(rec, { form: r.value }).ok).toBe(true);
    expect(validate(rec), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ext: { gtest: { g3: 0 } } })).toBe(false);
    expect(validate({ ext: { other: {} } })).toBe(false);
  });
});
