import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageAt,
  canonicalResidentId,
  isResidentId,
  makeResidentId,
  parseResidentId,
  residentIdCheckCharacter,
  upgradeLegacyId,
  type RegionLookup,
} from '@canji/id';

/** Published example numbers, each with where it is published. None belongs to a known person. */
const PUBLISHED_VALID: [string, string, string, 'male' | 'female'][] = [
  ['11010519491231002X', 'GB 11643-1999 §5.2 worked example', '1949-12-31', 'female'],
  ['120103198806018241', 'Edditoria/validid README example', '1988-06-01', 'female'],
  ['360426199101010071', 'python-stdnum cn.ric doctest', '1991-01-01', 'male'],
  ['440308199901101512', 'jxlwqq/id-validator README example', '1999-01-10', 'male'],
  ['11012119880808223x', 'neehow/is-valid-id-card README (lower-case x)', '1988-08-08', 'male'],
  ['810000199408230021', '港澳居民居住证 sample number, Beijing PSB (C11 in docs/sources.md)', '1994-08-23', 'female'],
  ['830000199201300022', '台湾居民居住证 sample number, Beijing PSB (C11 in docs/sources.md)', '1992-01-30', 'female'],
];

describe('parseResidentId — published vectors', () => {
  it.each(PUBLISHED_VALID)('%s (%s) is valid with its birth date and sex', (input, _src, birth, sex) => {
    const r = parseResidentId(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.birthDate).toBe(birth);
    expect(r.value.sex).toBe(sex);
    expect(r.value.id).toBe(input.toUpperCase());
    expect(isResidentId(input)).toBe(true);
  });

  it('reads the standard example field by field', () => {
    const r = parseResidentId('11010519491231002X');
    expect(r).toMatchObject({ ok: true, value: { kind: 'mainland', regionCode: '110105', sequence: '002', checkCharacter: 'X' } });
  });

  it('upgrades the legacy 15-digit example of jxlwqq/id-validator', () => {
    const r = parseResidentId('610104620927690');
    expect(r.ok && r.value.id).toBe('610104196209276908'.slice(0, 17) + residentIdCheckCharacter('61010419620927690'));
    expect(r.ok && r.value.legacy15).toBe('610104620927690');
    expect(r.ok && r.changes.map((c) => c.code)).toContain('LEGACY_15_UPGRADED');
    expect(upgradeLegacyId('110105491231002')).toBe('11010519491231002X');
  });

  it('classifies residence-permit numbers and refuses 81/82/83 prefixes that are not x10000', () => {
    expect(parseResidentId('810000199408230021')).toMatchObject({ ok: true, value: { kind: 'hk-macao-taiwan', regionCode: '810000' } });
    const bad = makeResidentId({ regionCode: '110105', birthDate: '1994-08-23', sex: 'female' }).replace(/^110105/, '811234');
    const r = parseResidentId(bad.slice(0, 17) + residentIdCheckCharacter(bad));
    expect(r.ok ? 'ok' : r.error.code).toBe('ID_PROVINCE');
  });

  it('parses the 2023 foreigner permanent-residence layout and marks it provisional', () => {
    const id = makeResidentId({ regionCode: '110000', birthDate: '1985-03-04', sex: 'male', sequence: 11, nationalityCode: '840' });
    expect(id.startsWith('911840')).toBe(true);
    const r = parseResidentId(id);
    expect(r).toMatchObject({ ok: true, value: { kind: 'foreign-permanent-resident', regionCode: '110000', nationalityCode: '840', birthDate: '1985-03-04', provisional: true } });
  });
});

describe('parseResidentId — errors have stable codes and zh-CN messages', () => {
  const cases: [string, string][] = [
    ['', 'ID_EMPTY'],
    ['   ', 'ID_EMPTY'],
    ['4.30104E+17', 'ID_SCIENTIFIC_NOTATION'],
    ['4.30104199E+17', 'ID_SCIENTIFIC_NOTATION'],
    ['1101051949123100', 'ID_LENGTH'],
    ['11010519491231002XX', 'ID_CHARSET'],
    ['1101051949123100A2', 'ID_CHARSET'],
    ['X10105194912310021', 'ID_CHARSET'],
    ['110105194912310021', 'ID_CHECKSUM'],
    ['110105194902300027', 'ID_BIRTH_DATE'],
    ['000105194912310021', 'ID_PROVINCE'],
  ];
  it.each(cases)('%j → %s', (input, code) => {
    const r = parseResidentId(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(isResidentId(input)).toBe(false);
  });

  it('points at the position of a bad character', () => {
    const r = parseResidentId('1101051949123100A2');
    expect(!r.ok && r.error.position).toBe(16);
  });

  it('rejects a birth date after asOf and warns on age over 120', () => {
    const id = makeResidentId({ regionCode: '430104', birthDate: '2030-01-01', sex: 'male' });
    expect(parseResidentId(id, { asOf: '2024-06-30' })).toMatchObject({ ok: false, error: { code: 'ID_BIRTH_FUTURE' } });
    expect(parseResidentId(id).ok).toBe(true); // no clock is read without asOf
    const old = parseResidentId('440524188001010014', { asOf: '2024-06-30' });
    expect(old.ok && old.warnings.map((w) => w.code)).toEqual(['ID_AGE_OVER_120']);
  });

  it('refuses 15-digit numbers when asked to', () => {
    expect(parseResidentId('110105491231002', { allowLegacy15: false })).toMatchObject({ ok: false, error: { code: 'ID_LEGACY_NOT_ALLOWED' } });
  });

  it('reports a non-string input instead of throwing', () => {
    expect(parseResidentId(430104199001011234 as unknown as string)).toMatchObject({ ok: false, error: { code: 'ID_NOT_STRING' } });
    expect(parseResidentId(null as unknown as string)).toMatchObject({ ok: false, error: { code: 'ID_NOT_STRING' } });
  });
});

describe('normalisation is reported, never silent', () => {
  it.each([
    [' 11010519491231002X ', ['TRIMMED']],
    ['110105 19491231 002X', ['WHITESPACE_REMOVED']],
    ['110105-19491231-002X', ['HYPHENS_REMOVED']],
    ['１１０１０５１９４９１２３１００２Ｘ', ['FULLWIDTH_TO_ASCII']],
    ['１１０１０５１９４９１２３１００２ｘ', ['FULLWIDTH_TO_ASCII', 'LOWERCASE_X']],
    ['="11010519491231002X"', ['SPREADSHEET_TEXT_MARKER_REMOVED']],
    ["'11010519491231002X", ['SPREADSHEET_TEXT_MARKER_REMOVED']],
    ['\u200b11010519491231002X', ['INVISIBLE_REMOVED']],
  ])('%j', (input, codes) => {
    const r = parseResidentId(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.id).toBe('11010519491231002X');
    expect(r.changes.map((c) => c.code)).toEqual(codes);
    expect(canonicalResidentId(input)).toBe('11010519491231002X');
    expect(isResidentId(input)).toBe(true);
  });
  it('a clean number has no changes', () => {
    const r = parseResidentId('11010519491231002X');
    expect(r.ok && r.changes).toEqual([]);
  });
});

describe('region lookup warnings', () => {
  const lookup: RegionLookup = (code) =>
    code === '110103' ? { status: 'abolished', validTo: 2010, name: '北京市崇文区' } : code === '110105' ? { status: 'current' } : code === '430104' ? { status: 'current', validFrom: 1996 } : { status: 'unknown' };

  it('warns, never errors, on abolished, unknown and later-created codes', () => {
    const abolished = parseResidentId(makeResidentId({ regionCode: '110103', birthDate: '1960-05-05', sex: 'male' }), { regions: lookup });
    expect(abolished.ok && abolished.warnings.map((w) => w.code)).toEqual(['ID_REGION_ABOLISHED']);
    const unknown = parseResidentId(makeResidentId({ regionCode: '110199', birthDate: '1960-05-05', sex: 'male' }), { regions: lookup });
    expect(unknown.ok && unknown.warnings.map((w) => w.code)).toEqual(['ID_REGION_UNKNOWN']);
    const later = parseResidentId(makeResidentId({ regionCode: '430104', birthDate: '1960-05-05', sex: 'male' }), { regions: lookup });
    expect(later.ok && later.warnings.map((w) => w.code)).toEqual(['ID_REGION_AFTER_BIRTH']);
    expect(parseResidentId('11010519491231002X', { regions: lookup })).toMatchObject({ ok: true, warnings: [] });
  });

  it('does not look residence-permit codes up in the county table', () => {
    const r = parseResidentId('810000199408230021', { regions: lookup });
    expect(r.ok && r.warnings).toEqual([]);
  });

  it('survives a throwing lookup', () => {
    const r = parseResidentId('11010519491231002X', { regions: () => { throw new Error('boom'); } });
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['ID_REGION_UNKNOWN']);
  });
});

describe('ageAt', () => {
  it('counts full years at the reference date', () => {
    expect(ageAt('11010519491231002X', '2024-12-30')).toBe(74);
    expect(ageAt('11010519491231002X', '2024-12-31')).toBe(75);
    expect(ageAt('2010-09-01', '2024-08-31')).toBe(13);
    expect(ageAt('20100901', '2024-09-01')).toBe(14);
    expect(ageAt('2008-02-29', '2023-02-28')).toBe(14);
    expect(ageAt('2008-02-29', '2023-03-01')).toBe(15);
    expect(ageAt('2008-02-29', new Date(2024, 1, 29))).toBe(16);
  });
  it('is undefined for invalid inputs or a birth after asOf', () => {
    expect(ageAt('garbage', '2024-01-01')).toBeUndefined();
    expect(ageAt('2010-01-01', 'not a date')).toBeUndefined();
    expect(ageAt('2025-01-01', '2024-01-01')).toBeUndefined();
  });
});

// ---------- properties ----------
const arbRegion = fc.constantFrom('110105', '430104', '440308', '510107', '650102', '810000', '830000', '360426');
const arbDate = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2024, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const arbPerson = fc.record({ regionCode: arbRegion, birthDate: arbDate, sex: fc.constantFrom('male' as const, 'female' as const), n: fc.integer({ min: 0, max: 499 }) });
const build = (p: { regionCode: string; birthDate: string; sex: 'male' | 'female'; n: number }) =>
  makeResidentId({ regionCode: p.regionCode, birthDate: p.birthDate, sex: p.sex, sequence: p.n * 2 + (p.sex === 'male' ? 1 : 0) });

describe('properties', () => {
  it('every constructed number parses back to what built it', () => {
    fc.assert(
      fc.property(arbPerson, (p) => {
        const id = build(p);
        const r = parseResidentId(id);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.regionCode).toBe(p.regionCode);
        expect(r.value.birthDate).toBe(p.birthDate);
        expect(r.value.sex).toBe(p.sex);
        expect(+r.value.sequence).toBe(p.n * 2 + (p.sex === 'male' ? 1 : 0));
        expect(isResidentId(id)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('every single-character substitution of a valid number is rejected', () => {
    fc.assert(
      fc.property(arbPerson, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (p, pos, delta) => {
        const id = build(p);
        const alphabet = pos === 17 ? '0123456789X' : '0123456789';
        const cur = alphabet.indexOf(id[pos]!);
        const repl = alphabet[(cur + delta) % alphabet.length]!;
        if (repl === id[pos]) return;
        const mutated = id.slice(0, pos) + repl + id.slice(pos + 1);
        expect(isResidentId(mutated)).toBe(false);
        expect(parseResidentId(mutated).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('every adjacent transposition of different characters is rejected', () => {
    fc.assert(
      fc.property(arbPerson, fc.integer({ min: 0, max: 16 }), (p, pos) => {
        const id = build(p);
        if (id[pos] === id[pos + 1]) return;
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        expect(isResidentId(swapped)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('no string makes any function throw, and isResidentId agrees with parseResidentId', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.stringMatching(/^[0-9xX ]{14,20}$/), fc.string({ maxLength: 5000 })), (s) => {
        const r = parseResidentId(s, { asOf: '2024-06-30' });
        expect(typeof r.ok).toBe('boolean');
        expect(isResidentId(s)).toBe(parseResidentId(s).ok);
        canonicalResidentId(s);
        upgradeLegacyId(s);
        ageAt(s, '2024-06-30');
        residentIdCheckCharacter(s);
      }),
      { numRuns: 1500 },
    );
  });

  it('isResidentId agrees with parseResidentId near valid numbers too', () => {
    fc.assert(
      fc.property(arbPerson, fc.integer({ min: 0, max: 17 }), fc.constantFrom('x', ' ', '-', '０', 'A', ''), (p, pos, ins) => {
        const id = build(p);
        const s = id.slice(0, pos) + ins + id.slice(pos);
        expect(isResidentId(s)).toBe(parseResidentId(s).ok);
      }),
      { numRuns: 1000 },
    );
  });

  it('a very long input is rejected quickly without throwing', () => {
    const r = parseResidentId('1'.repeat(1_000_000));
    expect(!r.ok && r.error.code).toBe('ID_LENGTH');
  });
});
