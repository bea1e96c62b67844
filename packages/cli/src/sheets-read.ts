/**
 * Reading back the files for people after a person edited them in Excel or WPS: each sheet's
 * table found by its header row (wherever rows were inserted above it), cells as the reader typed
 * them (text, numbers, dates, the result of a formula and where one was), the CSV form too (UTF-8,
 * with or without BOM, GBK as Chinese Excel saves it, UTF-16 "Unicode 文本"). Companion of
 * `sheets.ts` (which writes them).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseCsvSync } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { detectEncoding } from './encoding.js';
import { CliError, readReason } from './io.js';
import { sniffDelimiter } from './sources.js';

/** A cell as read: text, number, boolean or date; `undefined` when empty. */
export type ReadCell = string | number | boolean | Date | undefined;

/** One table read back: its header and the rows below it. */
export interface ReadTable {
  /** Sheet name (XLSX) or undefined (CSV). */
  sheet?: string;
  /** Row (1-based) of the header. */
  headerRow: number;
  /** Header texts as written, trimmed. */
  headers: string[];
  rows: { row: number; cells: ReadCell[]; formulaColumns: number[] }[];
}

/** What a file held: the tables found and the sheets without one. */
export interface ReadTables {
  tables: ReadTable[];
  /** Sheets in which no header row was found (nothing in them was read). */
  otherSheets: { sheet: string; rows: number }[];
}

/** A header text compared loosely: NFKC, no spaces, no `*` or `：` marks. */
export const headerKey = (h: string): string => h.normalize('NFKC').replace(/[\s\u3000*＊:：]/g, '');

function cellOf(v: unknown): { value: ReadCell; formula: boolean } {
  if (v === null || v === undefined) return { value: undefined, formula: false };
  if (typeof v === 'string') return { value: v === '' ? undefined : v, formula: false };
  if (typeof v === 'number' || typeof v === 'boolean') return { value: v, formula: false };
  if (v instanceof Date) return { value: Number.isNaN(v.getTime()) ? undefined : v, formula: false };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return { value: (o.richText as { text?: string }[]).map((t) => t.text ?? '').join(''), formula: false };
    if ('formula' in o || 'sharedFormula' in o) return { value: cellOf(o.result).value, formula: true };
    if (typeof o.text === 'string') return { value: o.text, formula: false };
    if ('error' in o) return { value: String(o.error), formula: false };
  }
  return { value: String(v), formula: false };
}

/** The first of the first 50 rows holding every one of `required` (loosely compared). */
function findHeader(rows: ReadCell[][], required: readonly string[]): number {
  const keys = required.map(headerKey);
  for (let i = 0; i < Math.min(rows.length, 50); i++) {
    const cells = new Set(rows[i]!.map((c) => (typeof c === 'string' ? headerKey(c) : '')));
    if (keys.every((k) => cells.has(k))) return i;
  }
  return -1;
}

function tableOf(sheet: string | undefined, grid: { row: number; cells: ReadCell[]; formulaColumns: number[] }[], required: readonly string[]): ReadTable | undefined {
  const at = findHeader(
    grid.map((r) => r.cells),
    required,
  );
  if (at < 0) return undefined;
  const header = grid[at]!;
  const t: ReadTable = { headerRow: header.row, headers: header.cells.map((c) => (c === undefined ? '' : String(c).trim())), rows: grid.slice(at + 1) };
  if (sheet !== undefined) t.sheet = sheet;
  return t;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/**
 * Reads the tables of a returned XLSX or CSV file: in each sheet the first row (of the first 50)
 * that holds all `required` headers, and every row below it. Throws a {@link CliError}
 * (`VERIFY_FILE_UNREADABLE`, exit 2) for a file that is neither.
 *
 * @example
 * ```ts
 * const { tables } = await readTables('公安部门待核实清单.xlsx', ['核查编号', '核实结果']);
 * tables[0].headers; //=> ['核查编号', '乡镇（街道）', …]
 * ```
 */
export async function readTables(path: string, required: readonly string[]): Promise<ReadTables> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new CliError('VERIFY_FILE_UNREADABLE', `无法读取“${path}”：${readReason(e)}`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || startsWith(bytes, ZIP)) return readXlsx(path, bytes, required);
  if (ext !== '.csv' && ext !== '.txt') throw new CliError('VERIFY_FILE_UNREADABLE', `“${path}”不是 .xlsx 或 .csv 文件`);
  if (bytes.subarray(0, 8).includes(0) && detectEncoding(bytes.subarray(0, 4096)).encoding === 'utf8') {
    throw new CliError('VERIFY_FILE_UNREADABLE', `“${path}”不是文本文件（可能是改了扩展名的其他文件）`);
  }
  return readCsv(path, bytes, required);
}

async function readXlsx(path: string, bytes: Buffer, required: readonly string[]): Promise<ReadTables> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new CliError('VERIFY_FILE_UNREADABLE', `“${path}”不是可以读取的 XLSX 文件（文件损坏，或是改了扩展名的其他文件）`);
  }
  const out: ReadTables = { tables: [], otherSheets: [] };
  wb.eachSheet((ws) => {
    const grid: ReadTable['rows'] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: ReadCell[] = [];
      const formulaColumns: number[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        const c = cellOf(cell.value);
        cells[col - 1] = c.value;
        if (c.formula) formulaColumns.push(col - 1);
      });
      grid.push({ row: n, cells, formulaColumns });
    });
    const t = tableOf(ws.name, grid, required);
    if (t) out.tables.push(t);
    else if (grid.length > 0) out.otherSheets.push({ sheet: ws.name, rows: grid.length });
  });
  return out;
}

function readCsv(path: string, bytes: Buffer, required: readonly string[]): ReadTables {
  const enc = detectEncoding(bytes.subarray(0, 65536));
  const text = enc.encoding === 'utf8' ? bytes.toString('utf8').replace(/^\uFEFF/, '') : iconv.decode(bytes, enc.encoding === 'gb18030' ? 'gb18030' : enc.encoding).replace(/^\uFEFF/, '');
  let records: string[][];
  try {
    records = parseCsvSync(text, { delimiter: sniffDelimiter(bytes.subarray(0, 65536), enc.encoding), relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    throw new CliError('VERIFY_FILE_UNREADABLE', `“${path}”不是可以读取的 CSV 文件：${readReason(e)}`);
  }
  const grid = records.map((r, i) => ({ row: i + 1, cells: r.map((c) => (c === '' ? undefined : c)), formulaColumns: [] as number[] }));
  const t = tableOf(undefined, grid, required);
  return { tables: t ? [t] : [], otherSheets: t ? [] : [{ sheet: '（CSV）', rows: grid.length }] };
}
