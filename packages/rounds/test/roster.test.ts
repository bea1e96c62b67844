import { makeDisabilityCertificateNo, makeResidentId } from '@canji/id';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificateRoster, parseRosterRow, ROSTER_CANCEL_REASONS, ROSTER_ISSUE_CODES, ROSTER_STATUSES, createReconciler } from '../src/index.js';

const rid = makeResidentId({ regionCode: '430121', birthDate: '1970-03-04', sex: 'female', sequence: 22 });
const cert = makeDisabilityCertificateNo({ residentId: rid, category: 4, level: 2 });
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const codes = (r: { issues: { code: string }[] }) => r.issues.map((i) => i.code);

describe('the roster layout', () => {
  it('is provisional, with provisional status and cancel-reason lists', () => {
    expect(certificateRoster.provisional).toBe(true);
    expect(ROSTER_STATUSES.provisional).toBe(true);
    expect(ROSTER_CANCEL_REASONS.provisional).toBe(true);
    expect(ROSTER_STATUSES.basis).toContain('未见');
    expect(certificateRoster.fields.filter((f) => f.required).map((f) => f.key)).toEqual(['resident_id']);
  });

  it('has a zod schema derived from the fields', () => {
    expect(certificateRoster.schema.safeParse({ resident_id: rid, status: 1, valid_until: '2030-01-01' }).success).toBe(true);
    expect(certificateRoster.schema.safeParse({ resident_id: rid, status: 5 }).success).toBe(false);
  });
});

describe('parseRosterRow', () => {
  it('reads machine headers as they are', () => {
    const r = parseRosterRow({ resident_id: rid, certificate_no: cert, status: 1, region_code: '430121001001', issued_on: '2016-05-01', valid_until: '2026-04-30' });
    expect(r).toEqual({ ok: true, record: { resident_id: rid, certificate_no: cert, status: 1, region_code: '430121001001', issued_on: '2016-05-01', valid_until: '2026-04-30' }, extra: {}, issues: [] });
  });

  it('reads messy cells: Chinese headers, 15-digit ID, lower-case x, full-width digits, labels, Chinese dates, padded region', () => {
    const legacy = makeResidentId({ regionCode: '430121', birthDate: '1958-11-02', sex: 'male', sequence: 7 });
    const withX = Array.from({ length: 40 }, (_, i) => makeResidentId({ regionCode: '430121', birthDate: '1966-01-01', sex: 'male', sequence: 2 * i + 1 })).find((x) => x.endsWith('X'))!;
    const r = parseRosterRow({
      ' 公民身份号码 ': legacy.slice(0, 6) + legacy.slice(8, 17),
      残疾证号: ` ${makeDisabilityCertificateNo({ residentId: legacy, category: 1, level: 3 })} `,
      持证人姓名: '测试甲',
      行政区划代码: fullWidth('430121001000'),
      类别: '视力',
      等级: '三级',
      状态: '已注销',
      注销原因: '2.迁出',
      注销日期: '2020年3月5日',
      有效期至: '20260101',
      备注: '合成数据',
    });
    expect(r.ok).toBe(true);
    expect(r.record).toEqual({
      resident_id: legacy,
      certificate_no: `${legacy}13`,
      name: '测试甲',
      region_code: '430121001',
      disability_category: 1,
      disability_level: 3,
      status: 2,
      cancel_reason: 2,
      cancelled_on: '2020-03-05',
      valid_until: '2026-01-01',
    });
    expect(r.extra).toEqual({ 备注: '合成数据' });
    expect(codes(r)).toContain('EXTRACT_ID_NORMALISED');
    expect(codes(r)).toContain('ROSTER_REGION_NORMALISED');
    expect(codes(r)).toContain('EXTRACT_UNKNOWN_COLUMN');
    const x = parseRosterRow({ 身份证号: withX.toLowerCase(), 残疾人证号: `${withX.toLowerCase()}42b1` });
    expect(x.record).toEqual({ resident_id: withX, certificate_no: `${withX}42B1` });
    expect(codes(x)).toEqual(['EXTRACT_HEADER_ALIAS', 'EXTRACT_ID_NORMALISED', 'EXTRACT_HEADER_ALIAS', 'ROSTER_CERTIFICATE_NORMALISED']);
  });

  it('reports what does not agree, each with a stable code and a zh-CN message', () => {
    const other = makeResidentId({ regionCode: '430121', birthDate: '1980-01-01', sex: 'male', sequence: 9 });
    const cases: [Record<string, unknown>, string, boolean][] = [
      [{ resident_id: rid, certificate_no: makeDisabilityCertificateNo({ residentId: other, category: 4, level: 2 }) }, 'ROSTER_CERTIFICATE_ID_MISMATCH', false],
      [{ resident_id: rid, certificate_no: `${rid}82` }, 'ROSTER_INVALID_CERTIFICATE', false],
      [{ resident_id: rid, certificate_no: '4.30121E+19' }, 'ROSTER_INVALID_CERTIFICATE', false],
      [{ resident_id: rid, region_code: '43012' }, 'ROSTER_INVALID_REGION', false],
      [{ resident_id: rid, certificate_no: cert, disability_category: 5 }, 'ROSTER_CERTIFICATE_DISAGREES', true],
      [{ resident_id: rid, issued_on: '2020-01-01', valid_until: '2019-01-01' }, 'ROSTER_DATES_ORDER', true],
      [{ resident_id: rid, status: 1, cancel_reason: 1 }, 'ROSTER_CANCEL_WITHOUT_STATUS', true],
      [{ resident_id: rid, status: '失效了' }, 'EXTRACT_UNKNOWN_CODE', false],
      [{ resident_id: '430121197003040000' }, 'EXTRACT_INVALID_ID', false],
      [{ name: '测试乙' }, 'EXTRACT_MISSING_FIELD', false],
    ];
    for (const [row, code, ok] of cases) {
      const r = parseRosterRow(row);
      expect(codes(r), code).toContain(code);
      expect(r.ok, code).toBe(ok);
      const issue = r.issues.find((i) => i.code === code)!;
      expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
      if (code in ROSTER_ISSUE_CODES) expect(issue.severity).toBe(ROSTER_ISSUE_CODES[code as keyof typeof ROSTER_ISSUE_CODES]);
    }
  });

  it('says when a valid certificate is past its date at asOf', () => {
    const r = parseRosterRow({ resident_id: rid, status: '有效', valid_until: '2019-12-31' }, { asOf: '2020-06-30' });
    expect(r.ok).toBe(true);
    expect(codes(r)).toEqual(['EXTRACT_VALUE_NORMALISED', 'ROSTER_EXPIRED_BY_DATE']);
  });

  it('never throws, for any JavaScript value', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const r = parseRosterRow(v);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('身份证号', '残疾人证号', '区划代码', '证件状态', '有效期至', '注销原因', '等级', 'x'), fc.anything()), (row) => {
        expect(() => parseRosterRow(row)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('feeds the reconciler through addRosterRow, issues counted', () => {
    const r = createReconciler({ asOf: '2020-06-30' });
    r.addRosterRow({ 身份证号: rid.toLowerCase(), 状态: '有效' });
    r.addRosterRow({ 身份证号: 'bad' });
    const out = r.result();
    expect(out.sources.roster).toMatchObject({ read: 2, persons: 1, unkeyed: 1 });
    expect(out.sources.roster?.issues).toMatchObject({ EXTRACT_INVALID_ID: 1, EXTRACT_VALUE_NORMALISED: 1 });
    expect(out.total.byClass['not-updated']).toBe(1);
  });
});
