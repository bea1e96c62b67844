/**
 * Review: flat rows as hand-made spreadsheets hold them — Chinese headers in several styles,
 * `1.农业`-style answers written loosely, short category names, blank cells, stray spaces,
 * numbers and dates as a spreadsheet reader hands them over. Identities are generated
 * (makeResidentId), never real.
 */
import { makeDisabilityCertificateNo, makeResidentId } from '@canji/id';
import { describe, expect, it } from 'vitest';
import { fromFlatRow, validatePerson } from '@canji/form';

const codesOf = (issues: { code: string }[]) => issues.map((i) => i.code);
const id = makeResidentId({ regionCode: '430104', birthDate: '1980-05-06', sex: 'male', sequence: 11 });
const cert = makeDisabilityCertificateNo({ residentId: id, category: 4, level: 2 });

describe('headers in the styles exports use', () => {
  it.each([
    ['R13 受教育程度'], ['R13.受教育程度'], ['R13、受教育程度'], ['R13：受教育程度'], ['r13'], ['ｒ１３'], ['R 13'],
    ['(R13)受教育程度'], ['（R13）受教育程度'], ['【R13】受教育程度'], ['受教育程度(R13)'], ['受教育程度（R13）'], ['13.受教育程度'], ['13、受教育程度'],
    ['\uFEFFR13 受教育程度'], [' 受教育程度 '],
  ])('%s → r13', (header) => {
    const r = fromFlatRow({ [header]: '3' });
    expect(r.record).toEqual({ r13: 3 });
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });
  it.each([['R16-2'], ['R16_2'], ['R16.2'], ['R16—2'], ['R16–2'], ['R16 - 2'], ['R16(2)'], ['R16（2）'], ['R16-2是否进行失业登记']])('%s → r16_2', (header) => {
    expect(fromFlatRow({ [header]: '1' }).record).toEqual({ r16_2: 1 });
  });
  it('a header naming a sub-item the form lacks is never read as its parent item', () => {
    for (const header of ['R16-2-1', 'R16之2', 'R16-9', 'R13-1 受教育程度']) {
      const r = fromFlatRow({ [header]: '1' });
      expect(r.record, header).toEqual({});
      expect(codesOf(r.issues), header).toEqual(['FLAT_UNKNOWN_COLUMN']);
    }
  });
  it('a bare number is read as an item only with that item\'s exact label', () => {
    expect(codesOf(fromFlatRow({ '13.受教育': '3' }).issues)).toEqual(['FLAT_UNKNOWN_COLUMN']);
    expect(fromFlatRow({ '13': '3' }).record).toEqual({});
  });
  it.each([
    ['残疾人证号码', 'certificate_no', cert],
    ['残疾证号', 'certificate_no', cert],
    ['身份证', 'resident_id', id],
    ['公民身份证号码', 'resident_id', id],
    ['残疾类型', 'disability_category', 4],
  ])('alias %s → %s', (header, key, value) => {
    const cell = typeof value === 'number' ? String(value) : value;
    expect(fromFlatRow({ [header]: cell }).record).toEqual({ [key]: value });
  });
});

describe('answers written loosely', () => {
  it.each([
    ['1', 1, []], ['1.农业', 1, ['FLAT_CODE_WITH_LABEL']], ['1、农业', 1, ['FLAT_CODE_WITH_LABEL']], ['1 农业', 1, ['FLAT_CODE_WITH_LABEL']],
    ['1农业', 1, ['FLAT_CODE_WITH_LABEL']], ['(1)农业', 1, ['FLAT_CODE_WITH_LABEL']], ['１．农业', 1, ['FLAT_FULLWIDTH', 'FLAT_CODE_WITH_LABEL']],
    ['（1）农业', 1, ['FLAT_FULLWIDTH', 'FLAT_CODE_WITH_LABEL']], ['①农业', 1, ['FLAT_FULLWIDTH', 'FLAT_CODE_WITH_LABEL']],
    ['农业', 1, ['FLAT_LABEL_TO_CODE']], ['2.非农业', 2, ['FLAT_CODE_WITH_LABEL']], [' 2 ', 2, ['FLAT_TRIMMED']], ['1.0', 1, ['FLAT_DECIMAL_CODE']],
  ])('R3 %j → %d', (cell, code, issues) => {
    const r = fromFlatRow({ 'R3 户口性质': cell });
    expect(r.record).toEqual({ r3: code });
    expect(codesOf(r.issues)).toEqual(issues);
  });
  it('never takes a code whose written label contradicts it', () => {
    for (const cell of ['1.非农业', '2农业', '(2)农业']) {
      const r = fromFlatRow({ r3: cell });
      expect(r.record).toEqual({ r3: cell });
      expect(codesOf(r.issues).at(-1)).toBe('FLAT_CODE_LABEL_MISMATCH');
    }
  });
  it('reads the certificate\'s short category names and 2级-style levels', () => {
    const r = fromFlatRow({ 残疾类别: '肢体', 残疾等级: '2级' });
    expect(r.record).toEqual({ disability_category: 4, disability_level: 2 });
    expect(fromFlatRow({ 残疾类别: '肢体残疾', 残疾等级: '二级' }).record).toEqual({ disability_category: 4, disability_level: 2 });
    expect(fromFlatRow({ 残疾类别: '4.肢体' }).issues.at(-1)?.code).toBe('FLAT_CODE_LABEL_MISMATCH');
  });
  it('multiple choice with mixed separators and float-written codes', () => {
    expect(fromFlatRow({ r22: '1.0,3.0' }).record).toEqual({ r22: [1, 3] });
    expect(fromFlatRow({ r22: '3；1' }).record).toEqual({ r22: [1, 3] });
    expect(fromFlatRow({ r22: '1 3' }).record).toEqual({ r22: [1, 3] });
  });
  it('性别 as 男 / 男性 / 1 (text or number) / M', () => {
    for (const cell of ['男', '男性', '1', 1, 'M', ' male ']) expect(fromFlatRow({ 性别: cell }).record, String(cell)).toEqual({ sex: 'male' });
    for (const cell of ['女', '女性', '2', 2, 'f']) expect(fromFlatRow({ 性别: cell }).record, String(cell)).toEqual({ sex: 'female' });
    expect(codesOf(fromFlatRow({ 性别: 3 }).issues)).toEqual(['FLAT_VALUE_INVALID']);
  });
  it('multiple choice written as labels joined with 、 or /, a 、 inside brackets belonging to the label', () => {
    expect(fromFlatRow({ r22: '职工基本养老保险、职工基本医疗保险' }).record).toEqual({ r22: [1, 2] });
    expect(fromFlatRow({ r22: '职工基本养老保险/其他职工保险（失业、工伤、生育）' }).record).toEqual({ r22: [1, 3] });
    expect(fromFlatRow({ r22: '其他职工保险（失业、工伤、生育）' }).record).toEqual({ r22: [3] });
    expect(fromFlatRow({ r22: '1.职工基本养老保险、2.职工基本医疗保险' }).record).toEqual({ r22: [1, 2] });
    const bad = fromFlatRow({ r22: '职工基本养老保险、未知' });
    expect(bad.record).toEqual({ r22: '职工基本养老保险、未知' });
    expect(codesOf(bad.issues)).toContain('FLAT_VALUE_INVALID');
  });
  it('survey year written with 年', () => {
    const r = fromFlatRow({ 调查年度: '２０１９年' });
    expect(r.record).toEqual({ survey_year: 2019 });
    expect(r.issues.every((i) => i.severity === 'info')).toBe(true);
  });
});

describe('cells as spreadsheet readers hand them over', () => {
  it('Excel / WPS serial dates (1900 system) become YYYY-MM-DD, reported', () => {
    const r = fromFlatRow({ 采集日期: 43647, declared_on: 44986.5, reference_date: 20190630 });
    expect(r.record).toEqual({ collected_on: '2019-07-01', declared_on: '2023-03-01', reference_date: '2019-06-30' });
    expect(codesOf(r.issues)).toEqual(['FLAT_EXCEL_SERIAL_DATE', 'FLAT_EXCEL_SERIAL_DATE', 'FLAT_DATE_FORMAT']);
    // Around the Lotus 1-2-3 leap-day bug: 59 = 1900-02-28, 60 = the non-existent 1900-02-29, 61 = 1900-03-01.
    expect(fromFlatRow({ declared_on: 59 }).record).toEqual({ declared_on: '1900-02-28' });
    expect(fromFlatRow({ declared_on: 61 }).record).toEqual({ declared_on: '1900-03-01' });
    expect(codesOf(fromFlatRow({ declared_on: 60 }).issues)).toEqual(['FLAT_VALUE_INVALID']);
    expect(codesOf(fromFlatRow({ declared_on: -3 }).issues)).toEqual(['FLAT_VALUE_INVALID']);
  });
  it('codes and numbers a spreadsheet turned into scientific notation are reported as lost, not read', () => {
    const r = fromFlatRow({ 村社区代码: '4.30104E+11', 身份证号: '4.30104E+17', 残疾人证号: '4.30104E+19', 户主身份证号: '4.30104e17' });
    expect(r.record).toEqual({ region_code: '4.30104E+11', resident_id: '4.30104E+17', certificate_no: '4.30104E+19', householder_id: '4.30104e17' });
    expect(codesOf(r.issues)).toEqual(['FLAT_SCIENTIFIC_NOTATION', 'FLAT_SCIENTIFIC_NOTATION', 'FLAT_SCIENTIFIC_NOTATION', 'FLAT_SCIENTIFIC_NOTATION']);
    expect(r.issues.every((i) => i.severity === 'error')).toBe(true);
    expect(validatePerson(r.record, { partial: true }).problems.map((p) => p.code)).toContain('ID_SCIENTIFIC_NOTATION');
  });
  it('a whole exported row with blank cells and stray spaces reads into a record validatePerson accepts', () => {
    const row = {
      '\uFEFF村（社区）区划代码': '430104001001', 调查年度: '2019', 标准时点: '2019-07-01', 核查状态: '6.正常', 调查方式: '1.入户调查',
      'R1 姓名': ' 测试甲 ', 'R2 残疾人证号': `${cert.slice(0, 18).toLowerCase()}${cert.slice(18)} `, 公民身份号码: id, 性别: '男', 出生日期: '1980/5/6',
      残疾类别: '肢体', 残疾等级: '二级',
      'R3 户口性质': '2.非农业', 'R4 婚姻状况': '20', 'R5 联系人姓名': '测试乙', 'R6 联系电话': '13800000000', R7: '否',
      'R8 家庭收入状况（城镇）': '3', 'R9 家庭住房状况（城镇）': '1', 'R10 贫困与建档立卡状况（农业）': '', 'R12 是否识字': '是', 'R13 受教育程度': '3',
      R16: '是', R17: '2', R20: '6', R21: '1', R22: '1，2', R23: '否', R25: '否', R27: '6', R28: '4', R29: '否', R30: '1',
      R31: '是', R32: '否', R35: '6', R36: '1', R37: '4', R38: '否', R39: '9', R40: '是',
      户主姓名: '测试甲', 户主身份证号: ` ${id}`, 申报人: '测试甲', 备注: '   ',
    };
    const { record, issues } = fromFlatRow(row);
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(record).toMatchObject({ region_code: '430104001001', survey_year: 2019, person_status: 6, collection_mode: 1, name: '测试甲', certificate_no: cert, disability_category: 4, disability_level: 2, r22: [1, 2], householder_id: id });
    expect(record).not.toHaveProperty('r10');
    expect(record).not.toHaveProperty('remarks');
    const v = validatePerson(record, { version: '2017' });
    expect(v.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
