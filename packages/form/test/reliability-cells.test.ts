/**
 * Issue 15 (items 12 and 17): how a flat row becomes a person record when its cells are messy.
 * An unreadable cell is kept as written and reported at its item (never the whole row); the
 * standard labels of R4 婚姻状况 and Excel serial dates saved into a CSV are read, and said so; an
 * ID a spreadsheet mangled is recovered from the certificate number beside it, and said so; the
 * result-returning API holds for any JavaScript value; birth years are bounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BIRTH_YEARS, isResidentId, makeDisabilityCertificateNo, makeResidentId, parseResidentId, residentIdCheckCharacter } from '@canji/id';
import { detectFormVersion, flatRowReader, fromFlatRow, personForm, resolveFlatHeaders, validatePerson, validateVillage, type FlatIssue } from '@canji/form';

const codes = (issues: readonly FlatIssue[]) => issues.map((i) => `${i.severity}:${i.code}@${i.key ?? i.column}`);
const ID = makeResidentId({ regionCode: '430121', birthDate: '1961-07-20', sex: 'female', sequence: 156 });
const CERT = makeDisabilityCertificateNo({ residentId: ID, category: 2, level: 3 });
const HOUSEHOLDER = makeResidentId({ regionCode: '430121', birthDate: '1958-03-02', sex: 'male', sequence: 31 });

describe('R4 婚姻状况 in the labels of GB/T 2261.2', () => {
  it.each([
    ['已婚', 20],
    ['初婚', 20],
    ['再婚', 20],
    ['复婚', 20],
    ['有配偶', 20],
    ['离婚', 40],
    ['未说明的婚姻状况', 90],
    ['离异', 40],
    ['已婚有配偶', 20],
  ])('“%s” reads as code %i, reported as a normalisation', (label, code) => {
    const r = fromFlatRow({ 'R4 婚姻状况': label });
    expect(r.record).toEqual({ r4: code });
    expect(r.issues).toEqual([{ code: 'FLAT_LABEL_TO_CODE', column: 'R4 婚姻状况', key: 'r4', severity: 'info', message: `“${label}”读作代码 ${code}`, from: label, to: code }]);
  });

  it('the 2021 form (R3 婚姻状况) reads them too, and 农业户口 / 非农业户口 are 户口性质 1 / 2', () => {
    expect(fromFlatRow({ r3: '离婚' }, { version: '2021' }).record).toEqual({ r3: 40 });
    expect(fromFlatRow({ 'R3 户口性质': '农业户口', r4: '已婚' }).record).toEqual({ r3: 1, r4: 20 });
    expect(fromFlatRow({ 'R3 户口性质': '非农业户口' }).record).toEqual({ r3: 2 });
  });

  it('a label of no list is kept as written and reported, and the validator reports it at R4', () => {
    const r = fromFlatRow({ r4: '丧偶X' });
    expect(codes(r.issues)).toEqual(['error:FLAT_VALUE_INVALID@r4']);
    expect(r.record).toEqual({ r4: '丧偶X' });
    expect(validatePerson(r.record, { partial: true, asOf: '2019-06-30' }).problems.map((p) => `${p.code}@${p.path[0]}`)).toContain('FORM_TYPE@r4');
  });
});

describe('Excel serial dates in a CSV', () => {
  it('five digits in a date column read as the 1900 date system, as a spreadsheet cell would, and said so', () => {
    const r = fromFlatRow({ 出生日期: '22482', collected_on: '43680.5' });
    expect(r.record).toEqual({ birth_date: '1961-07-20', collected_on: '2019-08-03' });
    expect(codes(r.issues)).toEqual(['info:FLAT_EXCEL_SERIAL_DATE@birth_date', 'info:FLAT_EXCEL_SERIAL_DATE@collected_on']);
    // The same as the number a spreadsheet reader hands over.
    expect(fromFlatRow({ birth_date: 22482 }).record).toEqual({ birth_date: '1961-07-20' });
  });

  it('four digits or fewer could be a year: kept as written and reported (the message says what is done)', () => {
    const r = fromFlatRow({ birth_date: '1961' });
    expect(r.record).toEqual({ birth_date: '1961' });
    expect(r.issues).toMatchObject([{ code: 'FLAT_VALUE_INVALID', severity: 'error', message: '无法把“1961”读作日期，按原样保留' }]);
  });
});

describe('identity recovered from the certificate number', () => {
  it('a scientific-notation ID beside a certificate number with all 18 digits: the ID is the certificate’s first 18 characters, as a warning', () => {
    const r = fromFlatRow({ 公民身份号码: '4.30121E+17', 残疾人证号: CERT });
    expect(r.record).toEqual({ resident_id: ID, certificate_no: CERT });
    expect(r.issues).toEqual([
      {
        code: 'FLAT_ID_FROM_CERTIFICATE',
        column: '公民身份号码',
        key: 'resident_id',
        severity: 'warning',
        message: `公民身份号码“4.30121E+17”无法读取（电子表格的科学计数法），取残疾人证号的前 18 位 ${ID}；请把该列设为文本后重新导出`,
        from: '4.30121E+17',
        to: ID,
      },
    ]);
    expect(validatePerson(r.record, { partial: true, asOf: '2019-06-30' }).ok).toBe(true);
  });

  it('an ID turned into a number past its precision is recovered the same way', () => {
    const r = fromFlatRow({ resident_id: Number(ID), certificate_no: CERT });
    expect(r.record.resident_id).toBe(ID);
    expect(codes(r.issues)).toEqual(['warning:FLAT_ID_FROM_CERTIFICATE@resident_id']);
  });

  it('without a usable certificate number the ID cell stays unreadable (an error at resident_id)', () => {
    for (const cert of [undefined, '', '4.30121E+19', `${ID.slice(0, 17)}912`]) {
      const r = fromFlatRow({ resident_id: '4.30121E+17', ...(cert === undefined ? {} : { certificate_no: cert }) });
      expect(r.record.resident_id, String(cert)).toBe('4.30121E+17');
      expect(codes(r.issues).filter((c) => c.includes('resident_id')), String(cert)).toEqual(['error:FLAT_SCIENTIFIC_NOTATION@resident_id']);
    }
  });

  it('a scientific-notation 户主身份证号 alone is an error at that item: the person is read and the validator reports it there', () => {
    const r = fromFlatRow({ resident_id: ID, certificate_no: CERT, 户主身份证号: '4.30121E+17' });
    expect(r.record).toEqual({ resident_id: ID, certificate_no: CERT, householder_id: '4.30121E+17' });
    expect(codes(r.issues)).toEqual(['error:FLAT_SCIENTIFIC_NOTATION@householder_id']);
    const problems = validatePerson(r.record, { partial: true, asOf: '2019-06-30' }).problems;
    expect(problems.map((p) => `${p.code}@${p.path[0]}`)).toEqual(['ID_SCIENTIFIC_NOTATION@householder_id']);
  });

  it('idFromCertificate: a row without an ID gets the certificate’s (info), by fromFlatRow and by the reader for the header alike', () => {
    const row = { 残疾人证号: CERT, 'R3 户口性质': '1', 户主身份证号: HOUSEHOLDER };
    const r = fromFlatRow(row, { idFromCertificate: true });
    expect(r.record).toEqual({ certificate_no: CERT, r3: 1, householder_id: HOUSEHOLDER, resident_id: ID });
    expect(r.issues).toEqual([{ code: 'FLAT_ID_FROM_CERTIFICATE', column: '残疾人证号', key: 'resident_id', severity: 'info', message: `没有公民身份号码，取残疾人证号的前 18 位 ${ID}`, from: CERT, to: ID }]);
    const read = flatRowReader(Object.keys(row), { idFromCertificate: true })!;
    expect(read(Object.values(row))).toEqual(r);
    // Without the option nothing is derived.
    expect(fromFlatRow(row).record).not.toHaveProperty('resident_id');
    expect(flatRowReader(Object.keys(row))!(Object.values(row)).record).not.toHaveProperty('resident_id');
    // A certificate number without a valid ID part gives none.
    expect(fromFlatRow({ certificate_no: `${ID.slice(0, 17)}912` }, { idFromCertificate: true }).record).not.toHaveProperty('resident_id');
  });
});

describe('every unreadable cell is reported by the validator at its item', () => {
  const form = personForm('2017');
  const bad: Record<string, unknown[]> = {
    single: ['农业户口X', '1.非农业', 'abc', true, Object.create(null), [Object.create(null)]],
    yesno: ['也许', '3.是'],
    multiple: ['1,x', '甲、乙'],
    number: ['十二', '1e3x'],
    date: ['2019-02-30', '去年', 1e12],
    text: ['4.30121E+17'],
  };
  const items = form.items.filter((i) => i.type !== 'text' || /_id$|certificate_no/.test(i.key));
  it('fromFlatRow error at key K ⇒ validatePerson problem at K (no cell lost between the two)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...items), fc.nat(), (item, n) => {
        const cells = bad[item.type]!;
        const cell = cells[n % cells.length];
        const r = fromFlatRow({ [item.key]: cell as string });
        const errors = r.issues.filter((i) => i.severity === 'error');
        fc.pre(errors.length > 0);
        const at = validatePerson(r.record, { partial: true, asOf: '2019-06-30' }).problems.map((p) => p.path.join('.'));
        for (const e of errors) expect(at, `${item.key} #${n % cells.length}`).toContain(e.key);
      }),
      { numRuns: 400 },
    );
  });
});

describe('never throws, for any JavaScript value', () => {
  const anything = fc.anything({ withNullPrototype: true, withBoxedValues: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withObjectString: true });
  const keys = [...personForm('2017').items.map((i) => i.key), 'ext', 'R4 婚姻状况', '出生日期', '公民身份号码', 'x'];
  const row = fc.oneof(anything, fc.dictionary(fc.constantFrom(...keys), fc.oneof(anything, fc.constant(Object.create(null)), fc.constant(Symbol('s')), fc.constant(() => 1))));
  const strings = fc.array(fc.oneof(fc.string(), anything), { maxLength: 6 });

  it('fromFlatRow, validatePerson, validateVillage: a result with string messages (fc.anything, null-prototype cells, symbols, functions)', () => {
    fc.assert(
      fc.property(row, fc.constantFrom(undefined, '2019-06-30'), (v, asOf) => {
        const f = fromFlatRow(v as never);
        for (const i of f.issues) expect(typeof i.message).toBe('string');
        const p = validatePerson(v, asOf ? { asOf } : {});
        expect(typeof p.ok).toBe('boolean');
        for (const x of p.problems) expect(typeof x.message).toBe('string');
        expect(typeof validatePerson(f.record, { partial: true }).ok).toBe('boolean');
        expect(typeof validateVillage(v).ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('flatRowReader, resolveFlatHeaders, detectFormVersion: any headers and cells', () => {
    fc.assert(
      fc.property(strings, strings, (headers, cells) => {
        const h = resolveFlatHeaders(headers as string[]);
        expect(h.known).toBeInstanceOf(Map);
        expect(typeof detectFormVersion(headers as string[]).version).toBe('string');
        const read = flatRowReader(headers.map((x) => (typeof x === 'string' ? x : null)));
        if (read) expect(Array.isArray(read(cells as string[]).issues)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('a getter or a proxy that throws is a coded result, not an exception', () => {
    const throwing = Object.defineProperty({}, 'r3', { enumerable: true, get: () => { throw new Error('boom'); } });
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('no keys'); }, get: () => { throw new Error('no value'); } });
    for (const v of [throwing, proxy]) {
      expect(fromFlatRow(v as never)).toEqual({ record: {}, issues: [{ code: 'FLAT_ROW_UNREADABLE', column: '', severity: 'error', message: expect.stringContaining('无法读取该行') }] });
      expect(validatePerson(v)).toEqual({ ok: false, problems: [{ code: 'FORM_RECORD_UNREADABLE', item: '', path: [], severity: 'error', message: expect.stringContaining('无法读取记录') }] });
    }
  });

  it('an object without a prototype as a cell is reported, not thrown (the case issue 15 measured)', () => {
    const r = fromFlatRow({ r3: Object.create(null), r22: [Object.create(null)] } as never);
    expect(codes(r.issues)).toEqual(['error:FLAT_VALUE_INVALID@r3', 'error:FLAT_VALUE_INVALID@r22']);
    const bigint = Object.assign(Object.create(null), { n: 1n });
    expect(validatePerson({ r3: bigint }, { partial: true }).problems.map((p) => p.code)).toContain('FORM_TYPE');
  });
});

describe('birth years are bounded', () => {
  it('an ID number born in 9999 is refused without a reference date (ID_BIRTH_DATE), and the fast checks agree', () => {
    // makeResidentId refuses to build it now: the number is put together by hand.
    const withCheck = (first17: string) => first17 + residentIdCheckCharacter(first17);
    const late = withCheck('43012199990101011');
    expect(parseResidentId(late)).toMatchObject({ ok: false, error: { code: 'ID_BIRTH_DATE', message: '第7–14位出生日期“99990101”的年份不在 1800–2100 年之间' } });
    expect(isResidentId(late)).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 1790, max: 2200 }), fc.integer({ min: 1, max: 28 }), (y, d) => {
        const id = withCheck(`430121${y}03${String(d).padStart(2, '0')}002`);
        const inRange = y >= BIRTH_YEARS.min && y <= BIRTH_YEARS.max;
        expect(parseResidentId(id).ok).toBe(inRange);
        expect(isResidentId(id)).toBe(inRange);
      }),
      { numRuns: 300 },
    );
  });

  it('a record’s birth date: not after the reference date, and within BIRTH_YEARS without one (FORM_DATE_RANGE)', () => {
    const at = (birth: string, asOf?: string) => validatePerson({ birth_date: birth }, { partial: true, ...(asOf ? { asOf } : {}) }).problems.filter((p) => p.code === 'FORM_DATE_RANGE').map((p) => p.message);
    expect(at('9999-01-01')).toEqual(['出生日期：9999-01-01 不在 1800–2100 年之间']);
    expect(at('1700-01-01')).toEqual(['出生日期：1700-01-01 不在 1800–2100 年之间']);
    expect(at('2020-01-01', '2019-06-30')).toEqual(['出生日期：2020-01-01 晚于标准时点 2019-06-30']);
    expect(at('2019-06-30', '2019-06-30')).toEqual([]);
    expect(at('1961-07-20')).toEqual([]);
    expect(validatePerson({ birth_date: '2020-01-01' }, { partial: true, asOf: '2019-06-30' }).ok).toBe(false);
  });
});
