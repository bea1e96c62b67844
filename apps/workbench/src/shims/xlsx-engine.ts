/**
 * The browser's side of `packages/cli/src/xlsx-engine.ts`: exceljs's browser build has no streaming
 * classes, so a workbook is loaded whole from the in-memory file (reading) and built whole, then
 * written to it (writing). The CLI's code around it — header finding, cell values, sheet layout,
 * drop-downs, neutralised cells — is the same code.
 */
import ExcelJS from 'exceljs';
import type { XlsxSheetRows, XlsxWorksheet, XlsxWriter } from '../../../../packages/cli/src/xlsx-engine.js';
import { memfs } from './memfs.js';

export type { XlsxSheetRows, XlsxWorksheet, XlsxWriter };

export async function* xlsxWorksheets(_input: unknown, path: string): AsyncGenerator<XlsxSheetRows> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(memfs.read(path) as unknown as ArrayBuffer);
  for (const ws of wb.worksheets) {
    const rows: { number: number; values: unknown[] }[] = [];
    ws.eachRow({ includeEmpty: false }, (row, number) => {
      // As the sheet's XML holds them (what the CLI's streaming reader sees): a merged range's value in
      // its first cell only — the in-memory model would repeat it in every cell of the range.
      const values: unknown[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (cell.type !== ExcelJS.ValueType.Merge) values[col] = cell.value;
      });
      rows.push({ number, values });
    });
    yield {
      name: ws.name,
      rows: (async function* () {
        yield* rows;
      })(),
    };
  }
}

export function xlsxWriter(path: string, _options: { useStyles: boolean }): XlsxWriter {
  const wb = new ExcelJS.Workbook();
  return {
    addWorksheet: (name, o) => {
      const ws = wb.addWorksheet(name, o) as XlsxWorksheet;
      ws.commit = () => {};
      return ws;
    },
    async commit() {
      memfs.put(path, new Uint8Array(await wb.xlsx.writeBuffer()));
    },
  };
}
