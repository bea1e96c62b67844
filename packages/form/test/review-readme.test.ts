/** Review: the README example and JSDoc examples of @canji/form do what they say. */
import { describe, expect, it } from 'vitest';
import {
  PERSON_FORM_VERSIONS,
  applicableItems,
  codeLabel,
  codes,
  formRecordSchema,
  fromFlatRow,
  isCodeOf,
  personForm,
  renderDataDictionary,
  toFlatRow,
  validatePerson,
} from '@canji/form';

describe('README example', () => {
  it('gives the one problem its comment shows, and a list of items to ask', () => {
    const record = { person_status: 6, reference_date: '2019-07-01', r3: 1, r8: 1 };
    const result = validatePerson(record, { partial: true });
    expect(result.problems.map((p) => `${p.code} ${p.message}`)).toEqual(['FORM_NOT_APPLICABLE R8 家庭收入状况（城镇）：按跳转规则不应填写（R3 = 1（农业）：不问 R8、R9。）']);
    const asked = applicableItems(record).map((i) => i.code || i.key);
    expect(asked).toContain('R10'); // 农业户口: R10/R11 instead of R8/R9
    expect(asked).not.toContain('R9');
  });
});

describe('JSDoc examples', () => {
  it('fromFlatRow / toFlatRow', () => {
    const { record, issues } = fromFlatRow({ 'R3 户口性质': '1.农业', r22: '１、２', 出生日期: '1980/5/6' });
    expect(record).toEqual({ r3: 1, r22: [1, 2], birth_date: '1980-05-06' });
    expect(issues.map((i) => i.code)).toEqual(['FLAT_CODE_WITH_LABEL', 'FLAT_FULLWIDTH', 'FLAT_SEPARATOR', 'FLAT_DATE_FORMAT']);
    expect(toFlatRow({ r3: 1, r22: [1, 2] })).toEqual({ r3: '1', r22: '1,2' });
  });
  it('code lists, versions, record schema, dictionary', () => {
    expect(isCodeOf(codes.hukou, 2)).toBe(true);
    expect(isCodeOf(codes.hukou, 3)).toBe(false);
    expect(codeLabel(codes.hukou, 1)).toBe('农业');
    expect(PERSON_FORM_VERSIONS).toEqual(['2016', '2017', '2021']);
    expect(formRecordSchema(personForm('2017')).safeParse({ r3: 1 }).success).toBe(true);
    expect(formRecordSchema(personForm('2017')).safeParse({ r3: 9 }).success).toBe(false);
    expect(renderDataDictionary(personForm('2017')).includes('R13')).toBe(true);
  });
});
