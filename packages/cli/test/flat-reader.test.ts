import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { extendForm, flatColumns, flatRowReader, fromFlatRow, personForm, toFlatRow } from '@canji/form';
import { cellsReader, mapHeaders, rowToRecord } from '../src/records.js';
import { rowObject } from '../src/sources.js';
import { synthesizePersons } from '@canji/synth';

// The check reads CSV cells by column index (flatRowReader); it must give what fromFlatRow gives
// on the row object, for canonical cells and for cells that need normalising.
const columns = flatColumns();
/** A record without its `undefined` keys: what fromFlatRow gives. */
const defined = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));
const asRow = (cells: readonly string[]) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));

describe('flatRowReader (cells by column index)', () => {
  const read = flatRowReader(columns)!;

  it('reads synthetic rows exactly as fromFlatRow does', () => {
    for (const p of synthesizePersons({ seed: 3, count: 40, region: '430121' })) {
      const flat = toFlatRow(p);
      const cells = columns.map((c) => flat[c] ?? '');
      expect(read(cells)).toEqual(fromFlatRow(asRow(cells)));
    }
  });

  it('agrees with fromFlatRow on cells that need normalising or are unreadable', () => {
    const cell = fc.constantFrom('', ' ', '1', '01', '1,3', '１、２', '2.非农业', '1980/5/6', '1980-05-06', 'x', '99', '-1', '1.5');
    fc.assert(
      fc.property(fc.array(cell, { minLength: columns.length, maxLength: columns.length }), (cells) => {
        expect(read(cells)).toEqual(fromFlatRow(asRow(cells)));
      }),
      { numRuns: 60 },
    );
  });

  it('declines headers that need mapping or repeat a column', () => {
    expect(flatRowReader(['r3', 'R3'])).toBeUndefined();
    expect(flatRowReader(['r3', '不是登记表的列'])).toBeUndefined();
    expect(flatRowReader(['r3'])!(['1']).record).toEqual({ r3: 1 });
  });

  it('with fixedShape: every column key in every record (undefined when blank), otherwise the same record', () => {
    const fixed = flatRowReader(columns, { fixedShape: true })!;
    const cell = fc.constantFrom('', '1', '2', '1,3', '2019-06-30', '11010519491231002X', '男', 'male', '１', '1.是');
    fc.assert(
      fc.property(fc.array(cell, { minLength: columns.length, maxLength: columns.length }), (cells) => {
        const a = fixed(cells);
        const b = fromFlatRow(asRow(cells));
        expect(a.issues).toEqual(b.issues);
        expect(defined(a.record)).toEqual(b.record);
        // Fast rows (no issue) carry every column key; rows read the general way carry fromFlatRow's keys.
        if (a.issues.length === 0) expect(Object.keys(a.record).sort()).toEqual([...new Set(columns)].sort());
      }),
      { numRuns: 80 },
    );
    expect(Object.keys(fixed(columns.map(() => '')).record)).toEqual(columns);
  });

  it('ignores null columns, and reads provincial extension columns into ext', () => {
    const ext = extendForm(personForm('2017'), {
      id: 'gpage',
      region: '某省（测试）',
      approvedBy: '某省统计局（测试）',
      approvalNo: '测统制〔2018〕0号',
      codeLists: {},
      items: [{ key: 'g3', code: 'G3', label: '家庭人口', section: 'ext', type: 'number', min: 1, max: 30, identifier: 'quasi' }],
    });
    if (!ext.ok) throw new Error(ext.error.message);
    const form = ext.value;
    const headers = ['r3', null, 'G3 家庭人口'];
    for (const fixedShape of [false, true]) {
      const read = flatRowReader(headers, { form, fixedShape })!;
      expect(defined(read(['1', '随便', '4']).record)).toEqual({ r3: 1, ext: { gpage: { g3: 4 } } });
      expect(read(['1', '随便', '４'])).toEqual(fromFlatRow({ r3: '1', 'G3 家庭人口': '４' }, { form }));
    }
    expect(flatRowReader(['r3', null, 'r3'])).toBeUndefined();
  });
});

describe('flatRowReader where eval is forbidden (a page with a strict Content-Security-Policy)', () => {
  it('falls back to a reader without generated code, with the same records', () => {
    const generated = flatRowReader(columns, { fixedShape: true })!;
    const plainGen = flatRowReader(columns)!;
    vi.stubGlobal('Function', function () {
      throw new EvalError('Refused to evaluate a string as JavaScript (CSP)');
    });
    let loop: ReturnType<typeof flatRowReader>;
    let plainLoop: ReturnType<typeof flatRowReader>;
    try {
      loop = flatRowReader(columns, { fixedShape: true });
      plainLoop = flatRowReader(columns);
    } finally {
      vi.unstubAllGlobals();
    }
    for (const p of synthesizePersons({ seed: 8, count: 30, region: '430121' })) {
      const flat = toFlatRow(p);
      const cells = columns.map((c) => flat[c] ?? '');
      expect(loop!(cells)).toEqual(generated(cells));
      expect(Object.keys(loop!(cells).record)).toEqual(Object.keys(generated(cells).record));
      expect(plainLoop!(cells)).toEqual(plainGen(cells));
    }
    const odd = columns.map((_, i) => (i % 7 === 0 ? '１' : ''));
    expect(loop!(odd)).toEqual(generated(odd));
  });
});

describe('cellsReader (the CLI reading CSV cells)', () => {
  const headerSets = [
    columns,
    [...columns.slice(0, 20), '备注', ...columns.slice(20)],
    ['身份证号码', 'R3 户口性质', 'R13 受教育程度', 'R22 参加社会保险情况', '出生日期', '备注'],
    ['resident_id', 'r3', 'R3'],
    ['resident_id', 'R13 户口性质'],
  ];
  const cell = fc.constantFrom('', ' ', '1', '2', '1,2', '１、２', '2.非农业', '1980/5/6', '1980-05-06', '11010519491231002x', '11010519491231002X', '4.30121E+17', '其他');

  it('gives what rowToRecord gives on the row object, for any header the CLI accepts', () => {
    for (const header of headerSets) {
      const mapping = mapHeaders(header);
      const read = cellsReader(header, mapping);
      const build = (cells: readonly string[]) => rowObject(header, cells);
      fc.assert(
        fc.property(fc.array(cell, { minLength: header.length, maxLength: header.length }), (cells) => {
          const a = read(cells);
          const b = rowToRecord(build(cells), mapping);
          if (a.ok && b.ok) {
            expect(defined(a.record)).toEqual(b.record);
            expect(a.notes).toBe(b.notes);
          } else expect(a).toEqual(b);
        }),
        { numRuns: 40 },
      );
    }
  });
});
