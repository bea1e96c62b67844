/**
 * Files for people: XLSX workbooks a clerk opens in Excel or WPS, with typed cells (IDs and codes
 * as text, counts as numbers, dates as dates), Chinese headers, a frozen header row, column widths,
 * an autofilter and drop-down lists — and, beside each, the same table as CSV for machines (UTF-8
 * with BOM). No cell a spreadsheet would evaluate: a text starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is written with a leading `'` (see {@link neutralizeCell}), in both files.
 * Every file is written atomically (see `output-file.ts`).
 */
import { writeFile } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { csvLine } from './csv.js';
import { beginOutput, outputError, type OutputOptions } from './output-file.js';
import { xlsxWriter, type XlsxWriter } from './xlsx-engine.js';

/**
 * How a column's cells are typed: `text` (a string cell formatted as text `@`, so a typed-in value
 * stays text: IDs, codes, names), `integer` / `number` (numeric cells), `percent` (a number
 * 0–1 shown as a percentage), `date` (`YYYY-MM-DD` text written as a date cell).
 */
export type CellKind = 'text' | 'integer' | 'number' | 'percent' | 'date';

/** One column of a table for people. */
export interface SheetColumn {
  /** The Chinese header, e.g. `公民身份号码`. */
  header: string;
  kind?: CellKind;
  /** Width in characters (a CJK character counts about 2); default from the header. */
  width?: number;
  /** A drop-down of fixed choices (data validation); other text typed in is refused by Excel / WPS. */
  choices?: readonly string[];
  /** Shown as the header cell's input message (what to enter). */
  prompt?: string;
}

/** A cell value: `undefined` / `null` / `''` is an empty cell. */
export type SheetValue = string | number | boolean | Date | null | undefined;

/**
 * A cell typed on its own, not by its column: for key–value sheets whose value column mixes text,
 * counts and rates (`{ value: 0.914, kind: 'percent' }`).
 */
export interface TypedCell {
  value: SheetValue;
  kind: CellKind;
}

/** A cell of a row: a value typed by its column, or a {@link TypedCell}. */
export type SheetCell = SheetValue | TypedCell;

const isTyped = (v: SheetCell): v is TypedCell => typeof v === 'object' && v !== null && !(v instanceof Date);

/** One sheet of a workbook for people. */
export interface SheetSpec {
  /** Sheet name (at most 31 characters, none of `\ / ? * [ ] :`; made so by {@link safeSheetName}). */
  name: string;
  columns: readonly SheetColumn[];
  rows: Iterable<readonly SheetCell[]>;
  /** Lines shown above the table (title, source, what to do); the header row follows them. */
  caption?: readonly string[];
  /** Rows below the last row the drop-down lists cover, for rows a department adds (default 200). */
  spareRows?: number;
}

const TRIGGER = /^[=+\-@\t\r\n]/;

/**
 * A text cell as written for people: a text starting with a character a spreadsheet would read
 * as the start of a formula (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading `'`, so that
 * Excel, WPS and LibreOffice show it as text and never run it (OWASP's CSV-injection advice).
 *
 * @example
 * ```ts
 * neutralizeCell('=HYPERLINK("http://x")'); //=> '\'=HYPERLINK("http://x")'
 * neutralizeCell('张三'); //=> '张三'
 * ```
 */
export function neutralizeCell(text: string): string {
  return TRIGGER.test(text) ? `'${text}` : text;
}

/** Whether {@link neutralizeCell} would change `text`. */
export const needsNeutralizing = (text: string): boolean => TRIGGER.test(text);

/**
 * A valid, unique-looking sheet name: characters Excel refuses replaced by `_`, cut to 31.
 *
 * @example
 * ```ts
 * safeSheetName('星沙街道/泉塘'); //=> '星沙街道_泉塘'
 * ```
 */
export function safeSheetName(name: string): string {
  // eslint-disable-next-line no-control-regex
  let s = name.replace(/[\\/?*[\]:]/g, '_').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  s = Array.from(s).reduce((acc, ch) => (acc.length + ch.length <= 31 ? acc + ch : acc), '');
  s = s.replace(/^[\s']+|[\s']+$/g, '');
  return s || 'Sheet';
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Display width of a text in "characters" (CJK and full-width count 2). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

/** A cell value for a CSV file (machine format): text neutralised, numbers as written, dates as `YYYY-MM-DD`. */
function csvValue(cell: SheetCell): string | number {
  const v = isTyped(cell) ? cell.value : cell;
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return neutralizeCell(v);
}

/** A cell value for XLSX, typed by the column's kind. */
function xlsxValue(v: SheetValue, kind: CellKind): ExcelJS.CellValue {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  switch (kind) {
    case 'integer':
    case 'number':
    case 'percent':
      if (typeof v === 'number') return Number.isFinite(v) ? v : null;
      break;
    case 'date':
      if (v instanceof Date) return v;
      if (typeof v === 'string') {
        const m = DATE_RE.exec(v);
        if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      }
      break;
    case 'text':
      break;
  }
  // Anything else is text, as given (a number in a text column is its decimal digits).
  return neutralizeCell(v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
}

const NUM_FMT: Record<CellKind, string> = { text: '@', integer: '0', number: '0.##', percent: '0.0%', date: 'yyyy-mm-dd' };

const colLetter = (n: number): string => {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};

/**
 * Writes a workbook for people: one sheet per {@link SheetSpec}, streamed (rows are not kept),
 * atomically. Header row bold, frozen and filtered; text columns formatted as text; drop-downs on
 * the columns with `choices` for every data row and `spareRows` more.
 *
 * @example
 * ```ts
 * await writeWorkbook('待核实/教育部门.xlsx', [{
 *   name: '待核实', columns: [{ header: '公民身份号码' }, { header: '核实结果', choices: ['以残联数据为准', '以部门数据为准'] }],
 *   rows: [['43012120100101001X', '']],
 * }], { personal: true });
 * ```
 */
export async function writeWorkbook(path: string, sheets: readonly SheetSpec[], options: OutputOptions = {}): Promise<void> {
  const out = await beginOutput(path, options);
  try {
    const wb = xlsxWriter(out.tmp, { useStyles: true });
    const used = new Set<string>();
    for (const spec of sheets) {
      let name = safeSheetName(spec.name);
      for (let i = 2; used.has(name); i++) name = safeSheetName(`${spec.name.slice(0, 27)}(${i})`);
      used.add(name);
      writeSheet(wb, name, spec);
    }
    await wb.commit();
  } catch (e) {
    await out.abort();
    throw outputError(e, path);
  }
  await out.commit();
}

/** The streaming writer's worksheet has data validations (exceljs 4 types omit them). */
type ValidationsOf = { dataValidations: { add(address: string, v: Record<string, unknown>): void } };

function writeSheet(wb: XlsxWriter, name: string, spec: SheetSpec): void {
  const caption = spec.caption ?? [];
  const headerRow = caption.length + 1;
  const cols = spec.columns;
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}` },
  });
  ws.columns = cols.map((c) => ({
    width: c.width ?? Math.min(60, Math.max(8, displayWidth(c.header) + 2)),
    style: { numFmt: NUM_FMT[c.kind ?? 'text'] },
  }));
  for (const line of caption) {
    const r = ws.addRow([neutralizeCell(line)]);
    r.font = { bold: r.number === 1, size: r.number === 1 ? 13 : 10 };
    r.commit();
  }
  const header = ws.addRow(cols.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.commit();
  let last = headerRow;
  for (const row of spec.rows) {
    const r = ws.addRow(cols.map((c, i) => {
      const cell = row[i];
      return isTyped(cell) ? xlsxValue(cell.value, cell.kind) : xlsxValue(cell, c.kind ?? 'text');
    }));
    cols.forEach((c, i) => {
      const cell = row[i];
      if (isTyped(cell) && cell.kind !== (c.kind ?? 'text')) r.getCell(i + 1).numFmt = NUM_FMT[cell.kind];
    });
    r.commit();
    last = r.number;
  }
  ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(last, headerRow), column: cols.length } };
  const spare = spec.spareRows ?? 200;
  cols.forEach((c, i) => {
    const col = colLetter(i + 1);
    if (c.choices?.length) {
      const list = c.choices.join(',');
      (ws as unknown as ValidationsOf).dataValidations.add(`${col}${headerRow + 1}:${col}${last + spare}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${list}"`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '请从下拉列表中选择',
        error: `只能填写：${c.choices.join('、')}`,
        ...(c.prompt ? { showInputMessage: true, promptTitle: c.header, prompt: c.prompt } : {}),
      });
    } else if (c.prompt) {
      (ws as unknown as ValidationsOf).dataValidations.add(`${col}${headerRow + 1}:${col}${last + spare}`, { type: 'any', allowBlank: true, showInputMessage: true, promptTitle: c.header, prompt: c.prompt });
    }
  });
  ws.commit();
}

/**
 * Writes the same table as CSV for machines: UTF-8 with BOM (Excel and WPS read the Chinese),
 * header row first, texts neutralised like the XLSX cells, dates `YYYY-MM-DD`; atomically.
 *
 * @example
 * ```ts
 * await writeCsvTable('待修改记录.csv', [{ header: '行号', kind: 'integer' }, { header: '问题' }], [[12, '出生日期晚于参照日期']]);
 * ```
 */
export async function writeCsvTable(path: string, columns: readonly SheetColumn[], rows: Iterable<readonly SheetCell[]>, options: OutputOptions = {}): Promise<void> {
  const out = await beginOutput(path, options);
  try {
    const parts: string[] = ['\uFEFF', csvLine(columns.map((c) => neutralizeCell(c.header)))];
    for (const row of rows) parts.push(csvLine(columns.map((_, i) => csvValue(row[i]))));
    await writeFile(out.tmp, parts.join(''), options.personal ? { mode: 0o600 } : {});
  } catch (e) {
    await out.abort();
    throw outputError(e, path);
  }
  await out.commit();
}
