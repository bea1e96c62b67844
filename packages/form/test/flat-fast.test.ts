import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extendForm, fromFlatRow, personForm, type ItemDef } from '@canji/form';

// fromFlatRow reads a cell already written the canonical way (codes `1`, `1,3`, dates, IDs,
// machine exports) on a short path. The same cell with a space around it takes the full
// normalisation path: both must give the same value, the first with no issue at all, the second
// with exactly the trim reported.
const form = personForm('2017');
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const d2 = (n: number) => String(n).padStart(2, '0');

function canonical(item: ItemDef): fc.Arbitrary<string> {
  switch (item.type) {
    case 'single':
    case 'yesno':
      return fc.nat(99).map(String);
    case 'multiple':
      return fc.uniqueArray(fc.nat(30), { minLength: 1, maxLength: 5 }).map((a) => a.sort((x, y) => x - y).join(','));
    case 'number':
      return fc.oneof(fc.nat(100_000).map(String), fc.tuple(fc.nat(999), digits(1, 2)).map(([a, b]) => `${a}.${b}`));
    case 'date':
      return fc.tuple(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${d2(m)}-${d2(d)}`);
    case 'text':
      if (item.key === 'sex') return fc.constantFrom('male', 'female');
      if (item.key === 'certificate_no') return fc.tuple(digits(17, 17), fc.constantFrom('0', '7', 'X'), digits(2, 2)).map((p) => p.join(''));
      if (item.key.endsWith('_id')) return fc.tuple(digits(17, 17), fc.constantFrom('1', '9', 'X')).map((p) => p.join(''));
      if (item.key === 'region_code') return digits(1, 12);
      return fc.constantFrom('张三', '测试 村', 'A-12', '其他（说明）');
    default:
      return item.type satisfies never;
  }
}

describe('fromFlatRow: canonical cells', () => {
  it('read to the same value as the full path, with no issue', () => {
    for (const item of form.items) {
      fc.assert(
        fc.property(canonical(item), (cell) => {
          const fast = fromFlatRow({ [item.key]: cell });
          const slow = fromFlatRow({ [item.key]: ` ${cell} ` });
          expect(fast.issues).toEqual([]);
          expect(fast.record).toEqual(slow.record);
          expect(slow.issues.map((i) => i.code)).toEqual(['FLAT_TRIMMED']);
        }),
        { numRuns: 15 },
      );
    }
  });

  it('near-canonical cells still take the full path and are reported', () => {
    const { record, issues } = fromFlatRow({ r3: '01', r22: '3,1', survey_year: '2019年', reference_date: '2019-6-30', sex: 'M', resident_id: '11010519491231002x' });
    expect(record).toEqual({ r3: 1, r22: [1, 3], survey_year: 2019, reference_date: '2019-06-30', sex: 'male', resident_id: '11010519491231002X' });
    expect(issues.map((i) => i.code)).toEqual(['FLAT_LEADING_ZERO', 'FLAT_SORTED', 'FLAT_YEAR_SUFFIX', 'FLAT_DATE_FORMAT', 'FLAT_LABEL_TO_CODE', 'FLAT_IDENTIFIER_NORMALISED']);
  });

  it('a second column for the same item is a duplicate in that row only; the first is kept', () => {
    const a = fromFlatRow({ r3: '1', R3: '2' });
    expect(a.record).toEqual({ r3: 1 });
    expect(a.issues.map((i) => [i.code, i.column])).toEqual([['FLAT_DUPLICATE_COLUMN', 'R3']]);
    const b = fromFlatRow({ R3: '2' });
    expect(b).toEqual({ record: { r3: 2 }, issues: [] });
  });

  it('extension items (ext.<id>.<key>) are filed under ext on both paths', () => {
    const r = extendForm(form, {
      id: 'demo', region: '某省', approvedBy: '某省统计局', approvalNo: '某统制〔2018〕1号',
      items: [{ key: 'visits', code: 'G1', label: '走访次数', section: 'ext', type: 'number', identifier: 'other' }],
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(fromFlatRow({ 'ext.demo.visits': '3', r3: '1' }, { form: r.value })).toEqual({ record: { ext: { demo: { visits: 3 } }, r3: 1 }, issues: [] });
    expect(fromFlatRow({ 'ext.demo.visits': '３' }, { form: r.value }).record).toEqual({ ext: { demo: { visits: 3 } } });
  });
});

describe('fromFlatRow: blank markers of database exports', () => {
  const markers = ['NULL', 'null', 'Null', '\\N', '(null)', '<NULL>', '#N/A', 'N/A', '-', '--', '—', '——', '－', ' NULL '];

  it('read as unanswered on every item, each reported once as FLAT_BLANK_MARKER', () => {
    for (const item of form.items) {
      for (const m of markers) {
        const { record, issues } = fromFlatRow({ [item.key]: m });
        expect(record).toEqual({});
        expect(issues.map((i) => [i.code, i.severity, i.key])).toEqual([['FLAT_BLANK_MARKER', 'info', item.key]]);
      }
    }
  });

  it('only a whole cell is a marker; 无 and text containing a marker are kept', () => {
    expect(fromFlatRow({ name: '无', remarks: 'NULL 路 1 号', collector: '-王-' }).record).toEqual({ name: '无', remarks: 'NULL 路 1 号', collector: '-王-' });
    expect(fromFlatRow({ 备注列: 'NULL' }).issues).toEqual([]);
  });
});
