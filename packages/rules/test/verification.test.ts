import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  VERIFICATION_ANSWERS,
  parseVerificationAnswer,
  parseVerificationDate,
  openItemsFile,
  parseOpenItemsFile,
  parseVerificationManifest,
  verifyReturnedLists,
  type ReturnedRow,
  type VerificationManifest,
} from '@canji/rules';

const toFullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('parseVerificationAnswer', () => {
  it('reads each answer as written, and padded or full-width variants as the same answer, saying so', () => {
    const pad = fc.constantFrom('', ' ', '\u3000', '\t', '  ');
    fc.assert(
      fc.property(fc.constantFrom(...VERIFICATION_ANSWERS), pad, pad, fc.constantFrom('', '。', '.'), (a, l, r, dot) => {
        const typed = `${l}${a}${dot}${r}`;
        const p = parseVerificationAnswer(typed);
        expect(p).toEqual({ ok: true, value: a, normalized: typed !== a });
      }),
    );
    expect(parseVerificationAnswer('以公安数据为准')).toEqual({ ok: true, value: '以部门数据为准', normalized: true });
    expect(parseVerificationAnswer('以残联为准')).toEqual({ ok: true, value: '以残联数据为准', normalized: true });
    expect(parseVerificationAnswer('不能核实')).toEqual({ ok: true, value: '无法核实', normalized: true });
    expect(parseVerificationAnswer(toFullWidth('以部门数据为准'))).toMatchObject({ ok: true, value: '以部门数据为准' });
    expect(parseVerificationAnswer('')).toEqual({ ok: true, value: undefined, normalized: false });
  });

  it('refuses anything else with VERIFY_INVALID_ANSWER, and never throws on any value', () => {
    for (const t of ['同意', '是', '以', '残联', '部门数据', '1']) expect(parseVerificationAnswer(t)).toMatchObject({ ok: false, error: { code: 'VERIFY_INVALID_ANSWER' } });
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const p = parseVerificationAnswer(v);
        if (p.ok && p.value !== undefined) expect(VERIFICATION_ANSWERS).toContain(p.value);
      }),
    );
  });
});

describe('parseVerificationDate', () => {
  it('reads date cells, Excel serials and the common written forms; refuses the rest', () => {
    expect(parseVerificationDate(new Date(Date.UTC(2024, 4, 6)))).toEqual({ ok: true, value: '2024-05-06', normalized: false });
    expect(parseVerificationDate(45418)).toEqual({ ok: true, value: '2024-05-06', normalized: true });
    for (const t of ['2024/5/6', '2024.05.06', '2024年5月6日', '20240506', '２０２４-０５-０６']) expect(parseVerificationDate(t)).toEqual({ ok: true, value: '2024-05-06', normalized: true });
    expect(parseVerificationDate('2024-05-06')).toEqual({ ok: true, value: '2024-05-06', normalized: false });
    for (const t of ['5月6日', '2024-02-30', 'yesterday', 1.5]) expect(parseVerificationDate(t)).toMatchObject({ ok: false, error: { code: 'VERIFY_INVALID_DATE' } });
    fc.assert(fc.property(fc.anything(), (v) => void parseVerificationDate(v)));
  });
});

const entry = (id: string, township: string) => ({ id, ruleId: 'XC_X', ruleTitle: '不一致', index: 0, shownId: '430121********0012', recordedLabel: '是（1）', departmentLabel: '否（2）', townshipCode: township, name: '张三' });
const manifest: VerificationManifest = {
  format: 'canji-verification-manifest',
  version: 1,
  createdAt: '2024-05-01T00:00:00.000Z',
  source: { file: 'persons.csv' },
  fullIds: false,
  lists: [
    { listId: 'A', department: 'health', departmentName: '卫健部门', files: [], entries: [entry('WJ-1', '430121001'), entry('WJ-2', '430121001'), entry('WJ-3', '430121002')] },
    { listId: 'B', department: 'housing', departmentName: '住建部门', files: [], entries: [entry('ZJ-1', '430121002')] },
  ],
};
const row = (id: string, answer: unknown, n: number, more: Partial<ReturnedRow> = {}): ReturnedRow => ({ id, answer, person: '李四', date: '2024-05-06', location: { file: 'h.xlsx', row: n }, ...more });

describe('verifyReturnedLists', () => {
  it('matches answers by 核查编号 whatever the order; closure by department and township', () => {
    const r = verifyReturnedLists(manifest, [row('WJ-3', '以部门数据为准', 3), row('WJ-1', '以残联数据为准', 4)]);
    expect(r.findings.map((f) => f.code)).toEqual(['VERIFY_NOT_RETURNED', 'VERIFY_LIST_NOT_RETURNED']);
    expect(r.byDepartment.map((c) => [c.department, c.listed, c.answered, c.unanswered])).toEqual([
      ['health', 3, 2, 1],
      ['housing', 1, 0, 1],
    ]);
    expect(r.byTownship.map((c) => [c.townshipCode, c.listed, c.answered])).toEqual([
      ['430121001', 2, 1],
      ['430121002', 2, 1],
    ]);
    expect(r.corrections.map((c) => c.id)).toEqual(['WJ-3']);
    // The open items as the next round reads them.
    const next = parseOpenItemsFile(JSON.parse(JSON.stringify(openItemsFile(manifest, r))));
    expect(next.ok && next.value.items.map((i) => [i.id, i.department, i.reason])).toEqual([
      ['WJ-2', 'health', '未答复'],
      ['ZJ-1', 'housing', '未答复'],
    ]);
    expect(parseOpenItemsFile({ format: 'x' })).toMatchObject({ ok: false, error: { code: 'VERIFY_OPEN_ITEMS_INVALID' } });
    expect(r.open.map((i) => [i.entry.id, i.open])).toEqual([
      ['WJ-2', '未答复'],
      ['ZJ-1', '未答复'],
    ]);
  });

  it('leaves an item open, with an error, for an invalid answer, a missing person or date, a duplicate; reports unknown IDs and edits', () => {
    const r = verifyReturnedLists(manifest, [
      row('WJ-1', '同意', 3),
      row('WJ-2', '无法核实', 4, { person: '' }),
      row('WJ-3', '以残联数据为准', 5, { date: undefined }),
      row('ZJ-1', '以残联数据为准', 6),
      row('ZJ-1', '以部门数据为准', 9),
      row('XX-9', '以残联数据为准', 7),
      row('', '以残联数据为准', 8),
      row('WJ-1', undefined, 10, { location: { file: 'other.xlsx', row: 2 }, shown: { 姓名: '李四' } }),
    ]);
    const codes = r.findings.map((f) => f.code);
    for (const c of ['VERIFY_INVALID_ANSWER', 'VERIFY_MISSING_PERSON', 'VERIFY_MISSING_DATE', 'VERIFY_DUPLICATE_ID', 'VERIFY_UNKNOWN_ID', 'VERIFY_ROW_WITHOUT_ID']) expect(codes).toContain(c);
    expect(r.findings.find((f) => f.code === 'VERIFY_INVALID_ANSWER')).toMatchObject({ severity: 'error', location: { file: 'h.xlsx', row: 3 }, id: 'WJ-1' });
    expect(r.total).toMatchObject({ listed: 4, answered: 0, invalid: 4 });
    expect(r.open.every((i) => i.open === '答复无效')).toBe(true);
    expect(r.corrections).toEqual([]);
  });

  it('validates the manifest it is given', () => {
    expect(parseVerificationManifest(manifest)).toMatchObject({ ok: true });
    expect(parseVerificationManifest({ ...manifest, lists: [{ ...manifest.lists[0], department: 'transport' }] })).toMatchObject({ ok: false, error: { code: 'VERIFY_MANIFEST_INVALID' } });
  });
});
