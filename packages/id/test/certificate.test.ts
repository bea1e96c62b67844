import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CanjiIdError,
  DISABILITY_CATEGORIES,
  assertDisabilityCertificateNo,
  assertResidentId,
  isDisabilityCertificateNo,
  makeDisabilityCertificateNo,
  makeResidentId,
  parseDisabilityCertificateNo,
  type DisabilityCategory,
  type DisabilityLevel,
} from '@canji/id';
import { createResidentIdSchema, disabilityCertificateNoSchema, residentIdSchema } from '@canji/id/zod';

const STD = '11010519491231002X'; // GB 11643-1999's own example number

describe('parseDisabilityCertificateNo', () => {
  it('reads ID, category and level', () => {
    const r = parseDisabilityCertificateNo(`${STD}42`);
    expect(r).toMatchObject({ ok: true, value: { certificateNo: `${STD}42`, category: 4, categoryName: '肢体残疾', level: 2, levelName: '二级', residentId: { id: STD, birthDate: '1949-12-31' } } });
  });

  it('reads a reissue suffix B1–B9, normalising case and reporting it', () => {
    const r = parseDisabilityCertificateNo(`${STD.toLowerCase()}61b3`);
    expect(r.ok && r.value.reissue).toBe(3);
    expect(r.ok && r.value.certificateNo).toBe(`${STD}61B3`);
    expect(r.ok && r.changes.map((c) => c.code).sort()).toEqual(['LOWERCASE_B', 'LOWERCASE_X']);
  });

  it.each([
    ['', 'CERT_EMPTY'],
    [STD, 'CERT_LENGTH'],
    [`${STD}4`, 'CERT_LENGTH'],
    [`${STD}42B`, 'CERT_SUFFIX'],
    [`${STD}42B12`, 'CERT_LENGTH'],
    [`110105194912310021` + '42', 'CERT_RESIDENT_ID'],
    [`${STD}82`, 'CERT_CATEGORY'],
    [`${STD}02`, 'CERT_CATEGORY'],
    [`${STD}45`, 'CERT_LEVEL'],
    [`${STD}40`, 'CERT_LEVEL'],
    [`${STD}49`, 'CERT_LEVEL'],
    [`${STD}42C1`, 'CERT_SUFFIX'],
    [`${STD}42B0`, 'CERT_SUFFIX'],
    // A certificate number a spreadsheet turned into a number: the cause, not "11 characters".
    ['4.30121E+17', 'CERT_SCIENTIFIC_NOTATION'],
    ['1.10105E+19', 'CERT_SCIENTIFIC_NOTATION'],
  ])('%j → %s', (input, code) => {
    const r = parseDisabilityCertificateNo(input);
    expect(r.ok ? 'ok' : r.error.code).toBe(code);
    if (!r.ok) expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(isDisabilityCertificateNo(input)).toBe(false);
  });

  it('carries the inner ID error', () => {
    const r = parseDisabilityCertificateNo('11010519491231002142');
    expect(!r.ok && r.error.cause?.code).toBe('ID_CHECKSUM');
  });

  it('accepts level 9 only behind allowUnknownLevel, as a warning', () => {
    expect(parseDisabilityCertificateNo(`${STD}49`).ok).toBe(false);
    const r = parseDisabilityCertificateNo(`${STD}49`, { allowUnknownLevel: true });
    expect(r.ok && r.value.level).toBe(9);
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['CERT_LEVEL_UNKNOWN']);
  });

  it('round-trips every category and level through the constructor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }), (c, l, reissue) => {
        const no = makeDisabilityCertificateNo({ residentId: STD, category: c as DisabilityCategory, level: l as DisabilityLevel, ...(reissue ? { reissue } : {}) });
        const r = parseDisabilityCertificateNo(no);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.category).toBe(c);
        expect(r.value.categoryName).toBe(DISABILITY_CATEGORIES[c - 1]!.label);
        expect(r.value.level).toBe(l);
        expect(r.value.reissue).toBe(reissue);
      }),
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => { parseDisabilityCertificateNo(s); }), { numRuns: 1000 });
  });
});

describe('constructors and assert variants', () => {
  it('makeResidentId refuses a sequence whose parity contradicts sex', () => {
    expect(() => makeResidentId({ regionCode: '430104', birthDate: '1990-01-01', sex: 'male', sequence: 2 })).toThrow(CanjiIdError);
  });
  it('assertResidentId throws a typed error with the stable code', () => {
    try {
      assertResidentId('123');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CanjiIdError);
      expect((e as CanjiIdError).code).toBe('ID_LENGTH');
    }
    expect(assertDisabilityCertificateNo(`${STD}11`).category).toBe(1);
  });
});

describe('zod schemas', () => {
  it('normalise to the canonical string', () => {
    expect(residentIdSchema.parse(' 11010519491231002x')).toBe(STD);
    expect(disabilityCertificateNoSchema.parse(`${STD.toLowerCase()}42`)).toBe(`${STD}42`);
  });
  it('put the stable code on the issue', () => {
    const r = residentIdSchema.safeParse('110105194912310021');
    expect(r.success).toBe(false);
    expect((r.error?.issues[0] as { params?: { code?: string } }).params?.code).toBe('ID_CHECKSUM');
    const c = disabilityCertificateNoSchema.safeParse(`${STD}92`);
    expect((c.error?.issues[0] as { params?: { code?: string } }).params?.code).toBe('CERT_CATEGORY');
  });
  it('honour options such as asOf', () => {
    const s = createResidentIdSchema({ asOf: '1949-12-30' });
    expect(s.safeParse(STD).success).toBe(false);
  });
  it('compose into object schemas and export to JSON Schema on the input side', () => {
    const person = z.object({ resident_id: residentIdSchema, certificate_no: disabilityCertificateNoSchema });
    expect(person.parse({ resident_id: STD, certificate_no: `${STD}42` })).toEqual({ resident_id: STD, certificate_no: `${STD}42` });
    const js = z.toJSONSchema(person, { io: 'input' }) as { properties: Record<string, { type: string; title?: string }> };
    expect(js.properties.resident_id).toMatchObject({ type: 'string', title: '公民身份号码' });
  });
  it('rejects non-strings with a message, not a crash', () => {
    expect(residentIdSchema.safeParse(430104).success).toBe(false);
  });
});
