import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatColumns, fromFlatRow, personForm, toFlatRow, validatePerson } from '@canji/form';
import { ruralElder, urbanEmployed } from './fixtures.js';

const codesOf = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('fromFlatRow', () => {
  it('reads machine columns into typed values', () => {
    const { record, issues } = fromFlatRow({ r3: '1', r22: '1,2', survey_year: '2019', reference_date: '2019-07-01', name: '测试' });
    expect(record).toEqual({ r3: 1, r22: [1, 2], survey_year: 2019, reference_date: '2019-07-01', name: '测试' });
    expect(issues).toEqual([]);
  });
  it('accepts Chinese headers: numbered labels, labels, item numbers, aliases', () => {
    const { record, issues } = fromFlatRow({ 'R13 受教育程度': '3', 户口性质: '2', 'R16-2': '1', 残疾人证号: '11010519491231002X42', 身份证号: '11010519491231002X', r1: '测试' });
    expect(record).toEqual({ r13: 3, r3: 2, r16_2: 1, certificate_no: '11010519491231002X42', resident_id: '11010519491231002X', name: '测试' });
    expect(issues).toEqual([]);
  });
  it('normalises 1.农业 / 农业 / full-width / separators / dates and reports each', () => {
    const { record, issues } = fromFlatRow({ r3: '1.农业', r7: '否', r13: '高中（含中专）', r22: '２、１', collected_on: '2019年7月2日' });
    expect(record).toEqual({ r3: 1, r7: 2, r13: 4, r22: [1, 2], collected_on: '2019-07-02' });
    expect(codesOf(issues)).toEqual(['FLAT_CODE_WITH_LABEL', 'FLAT_LABEL_TO_CODE', 'FLAT_FULLWIDTH', 'FLAT_LABEL_TO_CODE', 'FLAT_FULLWIDTH', 'FLAT_SEPARATOR', 'FLAT_SORTED', 'FLAT_DATE_FORMAT']);
    expect(issues.every((i) => i.severity === 'info')).toBe(true);
  });
  it('keeps unreadable values as written and reports them; validatePerson then flags the type', () => {
    const { record, issues } = fromFlatRow({ r3: '城镇', r13: '2.初中', survey_year: '二〇一九' });
    expect(record).toEqual({ r3: '城镇', r13: '2.初中', survey_year: '二〇一九' });
    expect(codesOf(issues)).toEqual(['FLAT_VALUE_INVALID', 'FLAT_CODE_LABEL_MISMATCH', 'FLAT_VALUE_INVALID']);
    expect(issues.every((i) => i.severity === 'error')).toBe(true);
    expect(validatePerson(record, { partial: true }).problems.filter((p) => p.severity === 'error').map((p) => p.code)).toEqual(['FORM_TYPE', 'FORM_TYPE', 'FORM_TYPE']);
  });
  it('reports unknown, ambiguous and duplicate columns instead of dropping them silently', () => {
    const { record, issues } = fromFlatRow({ 序号: '7', 家庭住房状况: '1', r3: '1', 'R3 户口性质': '2', 空列: '' });
    expect(record).toEqual({ r3: 1 });
    expect(codesOf(issues)).toEqual(['FLAT_UNKNOWN_COLUMN', 'FLAT_AMBIGUOUS_COLUMN', 'FLAT_DUPLICATE_COLUMN']);
    expect(fromFlatRow({ 家庭收入状况: '1' }).record).toEqual({ r8: 1 });
  });
  it('canonicalises identity numbers and flags numbers that lost precision', () => {
    const { record, issues } = fromFlatRow({ resident_id: '11010519491231002x', certificate_no: 11010519491231002 });
    expect(record.resident_id).toBe('11010519491231002X');
    expect(issues.map((i) => `${i.code}:${i.severity}`)).toEqual(['FLAT_IDENTIFIER_NORMALISED:info', 'FLAT_NUMBER_AS_TEXT:error']);
  });
});

describe('toFlatRow', () => {
  it('writes machine columns in form order, multiple choices joined by ","', () => {
    expect(toFlatRow({ r22: [1, 2], r3: 1 })).toEqual({ r3: '1', r22: '1,2' });
    expect(Object.keys(toFlatRow(urbanEmployed()))).toEqual(flatColumns().filter((c) => c in urbanEmployed()));
  });
  it('writes Chinese headers on request, which fromFlatRow reads back', () => {
    const row = toFlatRow(ruralElder(), { headers: 'label' });
    expect(row['R13 受教育程度']).toBe('1');
    expect(fromFlatRow(row)).toEqual({ record: ruralElder(), issues: [] });
  });
  it('keeps keys the form does not know', () => {
    expect(toFlatRow({ r3: 1, extra: 'x' })).toEqual({ r3: '1', extra: 'x' });
  });
});

const BLANK = ['NULL', '\\N', '(NULL)', '<NULL>', '#N/A', 'N/A', '-', '--', '—', '——', '－'];

describe('round trip (property)', () => {
  const form = personForm('2017');
  const arbRecord = fc.record(
    Object.fromEntries(
      form.items
        .filter((i) => i.type !== 'text' || !/(_id|certificate_no|sex)$/.test(i.key))
        .map((i) => {
          const list = i.codeList ? form.codeLists[i.codeList]! : undefined;
          const codeArb = list && !list.open ? fc.constantFrom(...list.entries.map((e) => e.code)) : fc.integer({ min: 1, max: 30 });
          switch (i.type) {
            case 'single':
            case 'yesno':
              return [i.key, codeArb];
            case 'multiple':
              return [i.key, fc.uniqueArray(codeArb, { minLength: 1, maxLength: 4 }).map((a) => a.sort((x, y) => x - y))];
            case 'number':
              return [i.key, fc.integer({ min: 2015, max: 2100 })];
            case 'date':
              return [i.key, fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))];
            default:
              // region_code is read like the ID columns (a spreadsheet's 4.3E+11 is an error, not text): 12 digits.
              if (i.key === 'region_code') return [i.key, fc.stringMatching(/^\d{12}$/)];
              // Free text that is only a blank marker (`NULL`, `-` …) reads back as unanswered (reported): see the blank-marker tests.
              return [i.key, fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s !== '' && !BLANK.includes(s.toUpperCase()))];
          }
        }),
    ) as Record<string, fc.Arbitrary<unknown>>,
    { requiredKeys: [] },
  );
  it('fromFlatRow(toFlatRow(r)) gives r back with no issues', () => {
    fc.assert(
      fc.property(arbRecord, (rec) => {
        expect(fromFlatRow(toFlatRow(rec))).toEqual({ record: rec, issues: [] });
      }),
      { numRuns: 200 },
    );
  });
});
