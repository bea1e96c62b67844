import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flatColumns, flatRowReader, fromFlatRow, toFlatRow } from '@canji/form';
import { synthesizePersons } from '@canji/synth';

// The check reads CSV cells by column index (flatRowReader); it must give what fromFlatRow gives
// on the row object, for canonical cells and for cells that need normalising.
const columns = flatColumns();
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
});
