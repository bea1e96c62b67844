/**
 * The one place that reaches exceljs's streaming classes: the worksheet reader of `sources.ts` and
 * the workbook writer of `sheets.ts`. Node streams a workbook row by row, both ways (memory stays
 * flat). The browser workbench (`apps/workbench`) bundles the same reading and writing code with
 * this module swapped for one over exceljs's in-memory `Workbook` (its browser build has no
 * streaming classes): every other line of the CLI's reading and writing is shared.
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { openedWriteStream } from './output-file.js';

/** One worksheet as the reader yields it: its name, then its rows (1-based `values`, as exceljs gives them). */
export interface XlsxSheetRows {
  name: string;
  rows: AsyncIterable<{ number: number; values: unknown[] }>;
}

/**
 * The worksheets of an XLSX file in workbook order, each with its rows, streamed: a sheet's rows
 * are read when iterated, and a sheet not wanted is read past by iterating its rows.
 *
 * @example
 * ```ts
 * for await (const ws of xlsxWorksheets(createReadStream('县级导出.xlsx'), '县级导出.xlsx')) console.log(ws.name);
 * ```
 */
export async function* xlsxWorksheets(input: Readable, _path: string): AsyncGenerator<XlsxSheetRows> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    entries: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  let n = 0;
  for await (const ws of reader) {
    n++;
    const name = String((ws as unknown as { name?: string }).name ?? `Sheet${n}`);
    yield { name, rows: ws as unknown as AsyncIterable<{ number: number; values: unknown[] }> };
  }
}

/** The part of an exceljs worksheet the workbook writer uses (streamed or in memory alike). */
export type XlsxWorksheet = ExcelJS.Worksheet & { commit(): void };

/** A workbook being written: worksheets added in order, then `commit` writes the file. */
export interface XlsxWriter {
  addWorksheet(name: string, options: Partial<ExcelJS.AddWorksheetOptions>): XlsxWorksheet;
  commit(): Promise<void>;
}

/**
 * A workbook writer to `path`, streamed (rows are written as they are committed, not kept).
 *
 * @example
 * ```ts
 * const wb = xlsxWriter('out.xlsx', { useStyles: true });
 * wb.addWorksheet('表1', {}).addRow(['a']).commit();
 * await wb.commit();
 * ```
 */
export function xlsxWriter(path: string, options: { useStyles: boolean }): XlsxWriter {
  // The file opened now (see openedWriteStream): an interruption's clean-up never races its open.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: openedWriteStream(path), useSharedStrings: false, useStyles: options.useStyles });
  return {
    addWorksheet: (name, o) => wb.addWorksheet(name, o) as unknown as XlsxWorksheet,
    commit: () => wb.commit(),
  };
}
