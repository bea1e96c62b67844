import { describe, expect, it } from 'vitest';
import { flatColumns, fromFlatRow, resolveFlatHeaders } from '../src/index.js';

describe('resolveFlatHeaders', () => {
  it('maps machine names, item numbers, numbered labels, labels and aliases to machine keys', () => {
    const h = resolveFlatHeaders(['身份证号码', 'R13 受教育程度', 'r3', '残疾证号', '(R13)受教育程度', '备注2', '']);
    expect(Object.fromEntries(h.known)).toEqual({ 身份证号码: 'resident_id', 'R13 受教育程度': 'r13', r3: 'r3', 残疾证号: 'certificate_no' });
    expect(h.ignored).toEqual([
      { column: '(R13)受教育程度', code: 'FLAT_DUPLICATE_COLUMN', message: '列“(R13)受教育程度”与列“R13 受教育程度”都对应 r13，忽略后者' },
      { column: '备注2', code: 'FLAT_UNKNOWN_COLUMN', message: '表头“备注2”不是本表的列，已忽略' },
    ]);
    expect(h.identity).toBe(false);
  });

  it('says when every header is its machine key', () => {
    expect(resolveFlatHeaders(flatColumns()).identity).toBe(true);
    expect(resolveFlatHeaders(flatColumns({ headers: 'label' })).known.size).toBe(flatColumns().length);
  });

  it('reports ambiguous labels, sub-items the form lacks and item/label mismatches', () => {
    const h = resolveFlatHeaders(['R16-2-1', 'R13 户口性质']);
    expect(h.ignored.map((i) => [i.column, i.code])).toEqual([['R16-2-1', 'FLAT_UNKNOWN_COLUMN']]);
    expect(h.labelMismatch).toEqual([{ column: 'R13 户口性质', key: 'r13', message: expect.stringContaining('按题号读取') }]);
  });

  it('agrees with fromFlatRow on the key each header lands on', () => {
    for (const column of ['姓名', '公民身份号码', 'R3', '户口性质', 'R16_2', 'birth_date']) {
      const key = resolveFlatHeaders([column]).known.get(column);
      const { record } = fromFlatRow({ [column]: '1' });
      expect(Object.keys(record).concat(fromFlatRow({ [column]: '1' }).issues.map((i) => i.key ?? '')).includes(key!)).toBe(true);
    }
  });

  it('never throws on an unknown version', () => {
    expect(resolveFlatHeaders(['r3'], { version: '1999' as never }).ignored[0]!.code).toBe('FLAT_VERSION_UNKNOWN');
  });
});
