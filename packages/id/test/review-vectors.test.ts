/**
 * Review: vectors other projects publish in their test suites (source next to each), calendar
 * edge cases, 15-digit upgrades and spreadsheet-mangled input. Constructed numbers come from
 * makeResidentId (generated, not real people).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageAt,
  canonicalResidentId,
  isDisabilityCertificateNo,
  isResidentId,
  makeResidentId,
  parseDisabilityCertificateNo,
  parseResidentId,
  residentIdCheckCharacter,
  upgradeLegacyId,
} from '@canji/id';

const errorCode = (s: string) => {
  const r = parseResidentId(s);
  return r.ok ? 'OK' : r.error.code;
};

describe('validator.js isIdentityCard(s, "zh-CN") test vectors (validator/test/validators.test.js)', () => {
  it.each([
    ['235407195106112745', '1951-06-11', 'female'],
    ['210203197503102721', '1975-03-10', 'female'],
    ['520323197806058856', '1978-06-05', 'male'],
  ])('valid %s', (id, birth, sex) => {
    expect(parseResidentId(id)).toMatchObject({ ok: true, value: { id, birthDate: birth, sex }, warnings: [], changes: [] });
    expect(isResidentId(id)).toBe(true);
  });
  it('valid 15-digit 110101491001001 upgrades to 18 digits', () => {
    const r = parseResidentId('110101491001001');
    expect(r).toMatchObject({ ok: true, value: { id: '11010119491001001X', birthDate: '1949-10-01', sex: 'male', legacy15: '110101491001001' } });
    expect(upgradeLegacyId('110101491001001')).toBe('11010119491001001X');
  });
  it.each([
    ['160323197806058856', 'ID_PROVINCE'], // no province 16
    ['010203197503102721', 'ID_PROVINCE'],
    ['520323297806058856', 'ID_CHECKSUM'], // year 2978: a real date, wrong check character
    ['520323197802318856', 'ID_BIRTH_DATE'], // 31 February
    ['235407195106112742', 'ID_CHECKSUM'],
    ['110101491041001', 'ID_BIRTH_DATE'], // 15 digits, month 10 day 41
  ])('invalid %s → %s', (id, code) => {
    expect(errorCode(id)).toBe(code);
    expect(isResidentId(id)).toBe(false);
  });
});

describe('python-stdnum cn.ric vectors (tests/test_cn_ric.py)', () => {
  it.each(['354133198209290022', '338720197801060214', '341617198002120424', '45883019880120031X'])('valid %s', (id) => {
    expect(isResidentId(id)).toBe(true);
  });
  // stdnum checks only date and check character; these three have a correct check character but
  // begin with 48 / 38, which GB/T 2260 has never assigned to a province: we reject them (ID_PROVINCE).
  it.each(['486268198802140611', '387908198001010226', '38064219921117061X'])('%s: correct check character, no such province', (id) => {
    expect(residentIdCheckCharacter(id)).toBe(id[17]);
    expect(errorCode(id)).toBe('ID_PROVINCE');
  });
});

describe('calendar edge cases', () => {
  it('2000-02-29 is a date (divisible by 400), 1900-02-29 is not (divisible by 100)', () => {
    const ok = makeResidentId({ regionCode: '110101', birthDate: '2000-02-29', sex: 'male', sequence: 1 });
    expect(parseResidentId(ok)).toMatchObject({ ok: true, value: { birthDate: '2000-02-29' } });
    const first17 = '11010119000229001';
    expect(errorCode(first17 + residentIdCheckCharacter(first17))).toBe('ID_BIRTH_DATE');
    // 15-digit numbers carry 19xx: 000229 is 1900-02-29 and therefore invalid, 960229 is fine.
    expect(errorCode('110101000229001')).toBe('ID_BIRTH_DATE');
    expect(parseResidentId('110101960229001')).toMatchObject({ ok: true, value: { birthDate: '1996-02-29' } });
    expect(() => makeResidentId({ regionCode: '110101', birthDate: '1900-02-29', sex: 'male' })).toThrow();
  });
  it.each([
    ['2023-02-29', false], ['2024-02-29', true], ['2024-04-31', false], ['2024-13-01', false], ['2024-00-10', false], ['2024-12-00', false],
  ])('birth date %s valid: %s', (date, valid) => {
    const first17 = `110101${date.replace(/-/g, '')}001`;
    expect(isResidentId(first17 + residentIdCheckCharacter(first17))).toBe(valid);
  });
  it('a birthday on 29 February counts a year on 1 March in common years; the birthday itself counts', () => {
    const id = makeResidentId({ regionCode: '110101', birthDate: '2000-02-29', sex: 'male', sequence: 1 });
    expect(ageAt(id, '2001-02-28')).toBe(0);
    expect(ageAt(id, '2001-03-01')).toBe(1);
    expect(ageAt(id, '2004-02-29')).toBe(4);
    expect(ageAt(id, '2000-02-29')).toBe(0);
    expect(ageAt(id, '2000-02-28')).toBeUndefined();
  });
  it('born on asOf is allowed, the day after is ID_BIRTH_FUTURE', () => {
    const id = makeResidentId({ regionCode: '110101', birthDate: '2019-07-01', sex: 'female' });
    expect(parseResidentId(id, { asOf: '2019-07-01' }).ok).toBe(true);
    expect(parseResidentId(id, { asOf: '2019-06-30' })).toMatchObject({ ok: false, error: { code: 'ID_BIRTH_FUTURE' } });
  });
});

describe('15 → 18 digit upgrade', () => {
  it('property: the upgrade of a 15-digit number is the 18-digit number of the same person', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(1999, 11, 31)), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }), (d, seq) => {
        const ymd = d.toISOString().slice(0, 10);
        const sex = seq % 2 === 1 ? 'male' : 'female';
        const id18 = makeResidentId({ regionCode: '430104', birthDate: ymd, sex, sequence: seq });
        const id15 = id18.slice(0, 6) + id18.slice(8, 17);
        expect(upgradeLegacyId(id15)).toBe(id18);
        expect(canonicalResidentId(id15)).toBe(id18);
        expect(parseResidentId(id15)).toMatchObject({ ok: true, value: { id: id18, legacy15: id15, sex } });
      }),
      { numRuns: 200 },
    );
  });
  it('upgradeLegacyId refuses 18-digit and invalid input instead of guessing', () => {
    expect(upgradeLegacyId('11010519491231002X')).toBeUndefined();
    expect(upgradeLegacyId('110105491331002')).toBeUndefined(); // month 13
    expect(upgradeLegacyId('12345')).toBeUndefined();
  });
});

describe('spreadsheet-mangled input', () => {
  const id = makeResidentId({ regionCode: '430104', birthDate: '1990-01-01', sex: 'female', sequence: 2 });
  it.each([
    [`４３０１０４１９９００１０１００２７`, ['FULLWIDTH_TO_ASCII']],
    [`430104 19900101 0027`, ['WHITESPACE_REMOVED']],
    [`430104-19900101-0027`, ['HYPHENS_REMOVED']],
    [`="${id}"`, ['SPREADSHEET_TEXT_MARKER_REMOVED']],
    [`'${id}`, ['SPREADSHEET_TEXT_MARKER_REMOVED']],
    [`＇${id}`, ['SPREADSHEET_TEXT_MARKER_REMOVED']], // full-width apostrophe from a Chinese IME
    [`＝＂${id}＂`, ['SPREADSHEET_TEXT_MARKER_REMOVED']],
    [`${id}\t`, ['TRIMMED']],
    [`\u00A0${id}\u3000`, ['TRIMMED']],
    [`${id.slice(0, 9)}\u200B${id.slice(9)}`, ['INVISIBLE_REMOVED']],
  ])('%j is read with changes %j', (input, changes) => {
    expect(id).toBe('430104199001010027');
    const r = parseResidentId(input);
    expect(r).toMatchObject({ ok: true, value: { id } });
    expect(r.ok && r.changes.map((c) => c.code)).toEqual(changes);
    expect(isResidentId(input)).toBe(true);
    expect(canonicalResidentId(input)).toBe(id);
  });
  it.each([
    ['4.30104E+17', 'ID_SCIENTIFIC_NOTATION'],
    ['4.30104199001010E+17', 'ID_SCIENTIFIC_NOTATION'],
    ['4.30104e17', 'ID_SCIENTIFIC_NOTATION'],
    ['430104199001011000', 'ID_CHECKSUM'], // last digits lost to float precision (Excel keeps 15)
    ['', 'ID_EMPTY'],
    ['   ', 'ID_EMPTY'],
  ])('%j → %s', (input, code) => {
    expect(errorCode(input)).toBe(code);
  });
  it('a lost-digits number says it may have been stored as a number', () => {
    const r = parseResidentId('430104199001011000');
    expect(!r.ok && r.error.message).toMatch(/数值/);
  });
});

describe('certificate numbers as typed in the field', () => {
  const id = makeResidentId({ regionCode: '430104', birthDate: '1990-01-01', sex: 'female', sequence: 2 });
  it('a certificate of a holder whose number ends in X, typed with lower case and spaces', () => {
    const idX = '11010519491231002X';
    const r = parseDisabilityCertificateNo(' 11010519491231002x 4 2 b3 ');
    expect(r).toMatchObject({ ok: true, value: { certificateNo: `${idX}42B3`, category: 4, level: 2, reissue: 3 } });
  });
  it.each([
    [`${id}`, 'CERT_LENGTH'],
    [`${id}8`, 'CERT_LENGTH'],
    [`${id}02`, 'CERT_CATEGORY'],
    [`${id}80`, 'CERT_CATEGORY'],
    [`${id}40`, 'CERT_LEVEL'],
    [`${id}45`, 'CERT_LEVEL'],
    [`${id}42B0`, 'CERT_SUFFIX'],
    [`${id}42C1`, 'CERT_SUFFIX'],
    [`${id}42B`, 'CERT_SUFFIX'],
    [`${id.slice(0, 17)}142`, 'CERT_RESIDENT_ID'],
  ])('%s → %s', (cert, code) => {
    const r = parseDisabilityCertificateNo(cert);
    expect(r.ok ? 'OK' : r.error.code).toBe(code);
    expect(isDisabilityCertificateNo(cert)).toBe(false);
  });
});

describe('independent recomputations', () => {
  it('check character equals the standard\'s own definition: Σ a_i·2^(i−1) mod 11 over positions 18…2, then (12 − s) mod 11, 10 → X', () => {
    const fromStandard = (first17: string) => {
      let sum = 0;
      for (let k = 0; k < 17; k++) sum += Number(first17[k]) * (2 ** (17 - k) % 11);
      const v = (12 - (sum % 11)) % 11;
      return v === 10 ? 'X' : String(v);
    };
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{17}$/), (f) => residentIdCheckCharacter(f) === fromStandard(f)), { numRuns: 2000 });
  });
  it('agrees with validator.js isIdentityCard(s, "zh-CN") on mainland numbers born 1800–2020 (where both rule sets apply)', async () => {
    // validator ships no types; this is the one function used.
    const validator = ((await import('validator' as string)) as { default: { isIdentityCard: (s: string, locale: string) => boolean } }).default;
    const mainland = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'];
    fc.assert(
      fc.property(
        fc.constantFrom(...mainland),
        fc.stringMatching(/^[0-9]{4}$/),
        fc.integer({ min: 1800, max: 2020 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.stringMatching(/^[0-9]{3}$/),
        fc.option(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'), { nil: undefined }),
        (p, county, y, m, d, seq, last) => {
          const first17 = `${p}${county}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq}`;
          const id = first17 + (last ?? residentIdCheckCharacter(first17));
          expect(isResidentId(id), id).toBe(validator.isIdentityCard(id, 'zh-CN'));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
