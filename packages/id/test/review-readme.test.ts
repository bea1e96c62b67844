/** Review: the README example and the JSDoc examples of @canji/id do what they say. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CanjiIdError,
  DISABILITY_CATEGORIES,
  DISABILITY_LEVELS,
  PROVINCE_NAMES,
  RESIDENCE_PERMIT_REGIONS,
  ageAt,
  assertResidentId,
  isResidentId,
  parseDisabilityCertificateNo,
  parseResidentId,
} from '@canji/id';
import { disabilityCertificateNoSchema, residentIdSchema } from '@canji/id/zod';

describe('README example', () => {
  it('runs and prints what its comments say', () => {
    const r = parseResidentId('11010519491231002x', { asOf: '2024-06-30' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.value.id, r.value.birthDate, r.value.sex]).toEqual(['11010519491231002X', '1949-12-31', 'female']);
    expect(r.changes.map((c) => c.code)).toEqual(['LOWERCASE_X']);
    const c = parseDisabilityCertificateNo('11010519491231002X42');
    expect(c.ok && [c.value.categoryName, c.value.levelName]).toEqual(['肢体残疾', '二级']);
    expect(isResidentId('4.30104E+17')).toBe(false);
    expect(parseResidentId('4.30104E+17')).toMatchObject({ ok: false, error: { code: 'ID_SCIENTIFIC_NOTATION' } });
    expect(ageAt('11010519491231002X', '2024-12-31')).toBe(75);
    const bad = parseResidentId('110105194912310021');
    expect(!bad.ok && `${bad.error.code} ${bad.error.message}`).toMatch(/^ID_CHECKSUM 第18位校验码不符/);
  });
});

describe('JSDoc examples of the constants, schemas and error class', () => {
  it('say what the code does', () => {
    expect(PROVINCE_NAMES['43']).toBe('湖南省');
    expect(PROVINCE_NAMES['38']).toBeUndefined();
    expect(RESIDENCE_PERMIT_REGIONS['810000']).toBe('香港特别行政区');
    expect(DISABILITY_CATEGORIES[3]).toEqual({ code: 4, label: '肢体残疾', short: '肢体' });
    expect(DISABILITY_LEVELS.map((l) => l.label)).toEqual(['一级', '二级', '三级', '四级']);
    expect(residentIdSchema.parse('110105491231002')).toBe('11010519491231002X');
    expect(z.object({ resident_id: residentIdSchema }).safeParse({ resident_id: '123' }).success).toBe(false);
    expect(disabilityCertificateNoSchema.parse('11010519491231002X42b1')).toBe('11010519491231002X42B1');
    let caught: unknown;
    try {
      assertResidentId('110105194912310021');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CanjiIdError);
    expect((caught as CanjiIdError).code).toBe('ID_CHECKSUM');
  });
});

describe('README: identity read once', () => {
  it('reads the standard example number and its certificate as the README says', async () => {
    const { readIdentity, isoDate } = await import('@canji/id');
    const who = readIdentity('11010519491231002X', '11010519491231002X42', '2024-06-30');
    expect(who).toEqual({ id: '11010519491231002X', birth: 19491231, sex: 'female', age: 74, certificateId: '11010519491231002X', category: 4, level: 2, problems: [] });
    expect(isoDate(who.birth!)).toBe('1949-12-31');
    expect([ageAt('2008-02-29', '2023-02-28'), ageAt('2008-02-29', '2023-03-01')]).toEqual([14, 15]);
  });
});
