import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERSON_FORM_VERSIONS, detectFormVersion, flatColumns, fromFlatRow, personForm, resolveFlatHeaders, type PersonFormVersion } from '../src/index.js';

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

describe('detectFormVersion', () => {
  const cols = (v: PersonFormVersion, headers: 'machine' | 'label' | 'code' = 'machine') =>
    headers === 'code' ? personForm(v).items.map((i) => i.code || i.label) : flatColumns({ version: v, headers });

  it.each(PERSON_FORM_VERSIONS.flatMap((v) => (['machine', 'label'] as const).map((h) => [v, h] as const)))('the full %s header (%s names) is recognised', (v, h) => {
    expect(detectFormVersion(cols(v, h))).toMatchObject({ version: v, decided: true, candidates: [v] });
  });

  it('a 2021 header is told from a 2017 one by the 2021-only columns or by item number and label', () => {
    expect(detectFormVersion(['resident_id', 'hukou', 'r3', 'r4']).version).toBe('2021');
    expect(detectFormVersion(['身份证号码', 'R3 婚姻状况', 'R4 联系人姓名'])).toMatchObject({ version: '2021', decided: true });
    // the same columns with their 2017 numbers and labels fit 2017 (and 2016, which numbers them alike)
    expect(detectFormVersion(['身份证号码', 'R4 婚姻状况', 'R5 联系人姓名'])).toMatchObject({ version: '2017', decided: false, candidates: ['2016', '2017'] });
    // machine names r1–r40 are also 2017 columns; 2016's R36 sub-items (2017 R37-x) or a label tell them apart
    expect(detectFormVersion(['resident_id', 'r31', 'r40'])).toMatchObject({ version: '2017', decided: false, candidates: ['2016', '2017'] });
    expect(detectFormVersion(['resident_id', 'r31', 'r36_4'])).toMatchObject({ version: '2016', decided: true });
    expect(detectFormVersion(['resident_id', 'R31 除残疾外，过去两周内是否患有其他疾病'])).toMatchObject({ version: '2016', decided: true });
    expect(detectFormVersion(['resident_id', 'r16_2', 'r3'])).toMatchObject({ version: '2017', decided: true });
  });

  it('a header every version reads alike is undecided and read as 2017', () => {
    expect(detectFormVersion(['resident_id', 'name', 'r3'])).toMatchObject({ version: '2017', decided: false, candidates: ['2016', '2017', '2021'] });
    expect(detectFormVersion([])).toMatchObject({ version: '2017', decided: false });
  });

  it('the chosen version reads at least as many columns as any other (property)', () => {
    const all = [...new Set(PERSON_FORM_VERSIONS.flatMap((v) => [...cols(v), ...cols(v, 'label'), ...cols(v, 'code')]))];
    fc.assert(
      fc.property(fc.subarray(all, { maxLength: 30 }), (headers) => {
        const d = detectFormVersion(headers);
        for (const v of PERSON_FORM_VERSIONS) expect(d.scores[d.version]).toBeGreaterThanOrEqual(d.scores[v]);
        expect(d.decided).toBe(d.candidates.length === 1);
        expect(d.candidates).toContain(d.version);
      }),
    );
  });
});
