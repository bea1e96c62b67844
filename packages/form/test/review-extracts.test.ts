/** Review: partner-department extract rows as spreadsheet readers hand them over. */
import { describe, expect, it } from 'vitest';
import { parseExtractRow } from '@canji/form';

const ID = '11010519491231002X'; // GB 11643-1999's own example number

describe('month and period cells', () => {
  it('a month cell formatted 2023年1月 holds a date; its serial (44927) reads as 2023-01, reported', () => {
    for (const cell of [44927, '44927', 44941]) {
      const r = parseExtractRow('civil-affairs', { 身份证号: ID, 项目: '低保', 发放月份: cell });
      expect(r.ok, String(cell)).toBe(true);
      expect(r.record.period).toBe('2023-01');
      expect(r.issues.some((i) => i.code === 'EXTRACT_VALUE_NORMALISED' && i.field === 'period')).toBe(true);
    }
  });
  it('the written forms still read, and an impossible month is an error', () => {
    for (const cell of ['2023年1月', '2023-1', 202301]) expect(parseExtractRow('civil-affairs', { 身份证号: ID, 项目: '低保', 发放月份: cell }).record.period).toBe('2023-01');
    expect(parseExtractRow('civil-affairs', { 身份证号: ID, 项目: '低保', 发放月份: 2023 }).record.period).toBe('2023');
    expect(parseExtractRow('civil-affairs', { 身份证号: ID, 项目: '低保', 发放月份: '2023-13' }).ok).toBe(false);
  });
  it('an ID number turned into scientific notation is reported as lost', () => {
    const r = parseExtractRow('civil-affairs', { 身份证号: '4.30104E+17', 项目: '低保', 发放月份: '2023-01' });
    expect(r.ok).toBe(false);
    expect(r.issues.find((i) => i.severity === 'error')?.message).toMatch(/科学计数法/);
  });
});
