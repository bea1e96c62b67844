import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPOUND_SURNAMES,
  makeDisabilityCertificateNo,
  makeResidentId,
  maskCertificateNo,
  maskIdentifier,
  maskName,
  maskResidentId,
  splitChineseName,
  type NameMaskPreset,
  type ResidentIdMaskPreset,
} from '@canji/id';

// Invented names and generated ID numbers only (no real personal data).
const SINGLE = ['张', '李', '王', '刘', '陈', '欧', '司', '诸'] as const;
const GIVEN = [...'明华建国秀英子涵某阳马葛'];
const NAME_PRESETS: readonly NameMaskPreset[] = ['name.keep-surname', 'name.keep-surname-fixed', 'name.keep-surname-and-last', 'name.keep-last', 'name.all'];
const LENGTH_KEEPING: readonly NameMaskPreset[] = ['name.keep-surname', 'name.keep-surname-and-last', 'name.keep-last', 'name.all'];
const ID_PRESETS: readonly ResidentIdMaskPreset[] = ['id.keep-first-6-last-4', 'id.keep-last-4', 'id.keep-region', 'id.keep-first-1-last-1', 'id.all'];

const surnameArb = fc.oneof(fc.constantFrom(...SINGLE), fc.constantFrom(...COMPOUND_SURNAMES));
const givenArb = fc.string({ unit: fc.constantFrom(...GIVEN), minLength: 0, maxLength: 3 });
/** Chinese names of two or more characters, single or compound surname. */
const nameArb = fc.tuple(surnameArb, givenArb).map(([s, g]) => s + g).filter((n) => Array.from(n).length >= 2);

const residentIdArb = fc
  .record({
    regionCode: fc.constantFrom('110105', '430104', '650102'),
    date: fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ regionCode, date, seq }) => makeResidentId({ regionCode, birthDate: date.toISOString().slice(0, 10), sex: seq % 2 === 1 ? 'male' : 'female', sequence: seq }));

const len = (s: string) => Array.from(s).length;

describe('COMPOUND_SURNAMES', () => {
  it('is the 80-entry set of 复姓, simplified and traditional, each of two Han characters', () => {
    expect(COMPOUND_SURNAMES.size).toBe(80);
    for (const s of COMPOUND_SURNAMES) expect(s).toMatch(/^\p{Script=Han}{2}$/u);
    for (const s of ['欧阳', '司马', '诸葛', '上官', '歐陽']) expect(COMPOUND_SURNAMES.has(s)).toBe(true);
  });
});

describe('maskName', () => {
  it('keeps a compound surname whole (the reports once gave 欧***)', () => {
    expect(maskName('欧阳某某')).toBe('欧阳**');
    expect(splitChineseName('欧阳某某')).toEqual({ surname: '欧阳', given: '某某' });
  });

  it('masks a one-character name entirely under every preset: its surname is the whole name', () => {
    for (const preset of NAME_PRESETS) {
      expect(maskName('张', preset)).toBe('*');
      expect(maskName(' 李 ', preset)).toBe('*');
    }
  });

  it('gives "" for a blank name', () => {
    expect(maskName('')).toBe('');
    expect(maskName('   ')).toBe('');
  });

  it('keeps the length of a name of two or more characters (all presets but keep-surname-fixed)', () => {
    fc.assert(
      fc.property(nameArb, fc.constantFrom(...LENGTH_KEEPING), (name, preset) => {
        expect(len(maskName(name, preset))).toBe(len(name));
      }),
    );
  });

  it('never reveals more than the surname under keep-surname and keep-surname-fixed', () => {
    fc.assert(
      fc.property(nameArb, fc.constantFrom<NameMaskPreset>('name.keep-surname', 'name.keep-surname-fixed'), (name, preset) => {
        const out = maskName(name, preset);
        const { surname } = splitChineseName(name);
        expect(out.startsWith(surname)).toBe(true);
        expect(out.slice(surname.length)).toMatch(/^\*+$/);
      }),
    );
  });

  it('reveals at most the surname and the last character under any preset', () => {
    fc.assert(
      fc.property(nameArb, fc.constantFrom(...NAME_PRESETS), (name, preset) => {
        const out = maskName(name, preset);
        const { surname, given } = splitChineseName(name);
        const shown = Array.from(out).filter((c) => c !== '*').join('');
        expect([surname + Array.from(given).slice(-1).join(''), surname, Array.from(name).at(-1), '']).toContain(shown);
      }),
    );
  });
});

describe('maskResidentId / maskCertificateNo / maskIdentifier', () => {
  const VISIBLE: Record<ResidentIdMaskPreset, (i: number) => boolean> = {
    'id.keep-first-6-last-4': (i) => i < 6 || i >= 14,
    'id.keep-last-4': (i) => i >= 14,
    'id.keep-region': (i) => i < 6,
    'id.keep-first-1-last-1': (i) => i === 0 || i === 17,
    'id.all': () => false,
  };

  it('maskResidentId keeps the length and exactly the positions its preset names', () => {
    fc.assert(
      fc.property(residentIdArb, fc.constantFrom(...ID_PRESETS), (id, preset) => {
        const out = maskResidentId(id, preset);
        expect(out).toHaveLength(18);
        for (let i = 0; i < 18; i++) expect(out[i]).toBe(VISIBLE[preset](i) ? id[i] : '*');
      }),
    );
  });

  it('maskCertificateNo hides the ID part and keeps category and level', () => {
    fc.assert(
      fc.property(residentIdArb, fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), (id, category, level) => {
        const cert = makeDisabilityCertificateNo({ residentId: id, category: category as 1, level: level as 1 });
        expect(maskCertificateNo(cert)).toBe('*'.repeat(18) + cert.slice(18));
        expect(maskCertificateNo(cert, 'cert.keep-last-4-category-level')).toBe('*'.repeat(14) + cert.slice(14));
        expect(maskCertificateNo(cert, 'cert.all')).toBe('*'.repeat(20));
      }),
    );
  });

  it('maskIdentifier keeps the length and the stated positions, valid number or not', () => {
    const visible = (n: number, i: number) =>
      n >= 18 ? i < 6 || i >= 14 : n === 15 ? i < 6 || i >= 12 : n >= 10 ? i < 4 || i >= n - 2 : false;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789Xx'), minLength: 1, maxLength: 22 }), (v) => {
        const out = maskIdentifier(v)!;
        expect(out).toHaveLength(v.length);
        for (let i = 0; i < v.length; i++) expect(out[i]).toBe(visible(v.length, i) ? v[i] : '*');
      }),
    );
    expect(maskIdentifier('11010519491231002X')).toBe('110105********002X');
    expect(maskIdentifier('11010519491231002X42')).toBe('110105********002X42');
    expect(maskIdentifier('110105491231002')).toBe('110105******002');
    expect(maskIdentifier('')).toBeUndefined();
    expect(maskIdentifier(42)).toBeUndefined();
  });
});
