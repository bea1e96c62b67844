import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { eachCsvRecord, splitPlainCsv, type CsvChunkItem } from '../src/csv-chunk.js';

// The hand-written split of plain CSV must give exactly the records csv-parse gives (cells and the
// line each record is on), and give up on anything else so that csv-parse reads it.
const cell = fc.string({ unit: fc.constantFrom('a', '1', ' ', ',', '"', '张', '、', '\t'), maxLength: 6 });
const quoteIfNeeded = (c: string, always: boolean) => (always || /[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
const withLines = (text: string, firstLine: number) =>
  (parse(text, { relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[]).map((r) => ({ rowNumber: firstLine + r.info.lines - 1, cells: r.record }));

/** The records eachCsvRecord hands on, in order. */
const each = (text: string, first: number) => {
  const out: CsvChunkItem[] = [];
  eachCsvRecord(text, ',', first, (it) => out.push(it));
  return out;
};

describe('splitPlainCsv', () => {
  it('agrees with csv-parse on plain CSV (quoted fields, "" escapes, CRLF, empty lines, trailing commas)', () => {
    const record = fc.array(fc.tuple(cell, fc.boolean()), { minLength: 1, maxLength: 5 }).map((cs) => cs.map(([c, q]) => quoteIfNeeded(c, q)).join(','));
    fc.assert(
      fc.property(fc.array(fc.oneof(record, fc.constant('')), { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.nat(50), (lines, eol, first) => {
        const text = lines.join(eol) + eol;
        const got = splitPlainCsv(text, ',', first + 1);
        expect(got).toEqual(withLines(text, first + 1));
      }),
    );
  });

  it('gives up on what only a full parser reads; eachCsvRecord then reports like csv-parse', () => {
    expect(splitPlainCsv('a,"b\nc"\nd\n', ',', 1)).toBeUndefined();
    expect(splitPlainCsv('a,b"c\n', ',', 1)).toBeUndefined();
    expect(splitPlainCsv('a,"b"c\n', ',', 1)).toBeUndefined();
    expect(each('a,"b\nc"\nd\n', 10)).toEqual([{ rowNumber: 11, cells: ['a', 'b\nc'] }, { rowNumber: 12, cells: ['d'] }]);
    const bad = each('x,y\n"a,b\nc,d\n', 1);
    expect(bad[0]).toEqual({ rowNumber: 1, cells: ['x', 'y'] });
    expect(bad[1]).toMatchObject({ rowNumber: 2, reject: { code: 'CSV_MALFORMED' } });
  });

  it('splits on tabs for TSV', () => {
    expect(splitPlainCsv('a\tb,c\t\n', '\t', 1)).toEqual([{ rowNumber: 1, cells: ['a', 'b,c', ''] }]);
  });
});

describe('eachCsvRecord (rows handed on as they are split)', () => {
  it('gives csv-parse\'s records when a line in the middle needs the full parser (a line break in quotes, a stray quote)', () => {
    const plain = fc.array(fc.tuple(cell.filter((c) => !/["\r]/.test(c)), fc.boolean()), { minLength: 1, maxLength: 4 }).map((cs) => cs.map(([c, q]) => quoteIfNeeded(c, q)).join(','));
    const hard = fc.constantFrom('a,"b\nc",d', '"x\r\ny"', 'p,"q""\n""r"');
    fc.assert(
      fc.property(fc.array(fc.oneof(plain, plain, hard), { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.nat(50), (lines, eol, first) => {
        const text = lines.join(eol) + eol;
        expect(each(text, first + 1)).toEqual(withLines(text, first + 1));
      }),
    );
  });

  it('reports a broken record where it starts, after the plain rows before it, and reads the lines after it', () => {
    const got = each('x,y\nu,v\n"a,b\nc,d\n', 1);
    expect(got.slice(0, 2)).toEqual([{ rowNumber: 1, cells: ['x', 'y'] }, { rowNumber: 2, cells: ['u', 'v'] }]);
    expect(got[2]).toMatchObject({ rowNumber: 3, reject: { code: 'CSV_MALFORMED' } });
    // The unclosed quote rejects its own line; the line after it is read again without the quote.
    expect(got).toHaveLength(4);
    expect((got[2] as { reject: { message: string } }).reject.message).toContain('引号不配对');
    expect(got[3]).toEqual({ rowNumber: 4, cells: ['c', 'd'] });
  });
});
