/**
 * Files for people, opened as their reader opens them: the XLSX read back with exceljs (cell
 * types, the drop-down's choices, the frozen header, the filter), the CSV as bytes (BOM, no
 * formula trigger at the start of any cell).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { neutralizeCell, safeSheetName, writeCsvTable, writeWorkbook, type SheetColumn } from '../src/sheets.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const COLUMNS: SheetColumn[] = [
  { header: '行号', kind: 'integer' },
  { header: '公民身份号码' },
  { header: '姓名' },
  { header: '出生日期', kind: 'date' },
  { header: '错误率', kind: 'percent' },
  { header: '核实结果', choices: ['以残联数据为准', '以部门数据为准', '双方均需更正', '无法核实'], prompt: '从下拉列表中选择' },
];
const ROWS = [
  [12, '430121197107202011', '=HYPERLINK("http://x","点我")', '1971-07-20', 0.125, ''],
  [13, '43012119710720201X', "+cmd|' /C calc'!A0", '2001-02-03', 0, '以部门数据为准'],
  [14, '430121200001010012', '@SUM(1)', undefined, 1, undefined],
];

describe('writeWorkbook', () => {
  it('types the cells: IDs as 18-character text, counts as numbers, dates as dates', async () => {
    const dir = tempDir();
    const path = join(dir, 'list.xlsx');
    await writeWorkbook(path, [{ name: '待核实', columns: COLUMNS, rows: ROWS, caption: ['教育部门待核实清单'] }], { personal: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('待核实')!;
    expect(ws.getRow(1).getCell(1).value).toBe('教育部门待核实清单');
    expect(ws.getRow(2).values).toEqual([undefined, ...COLUMNS.map((c) => c.header)]);
    const id = ws.getRow(3).getCell(2);
    expect(id.type).toBe(ExcelJS.ValueType.String);
    expect(id.value).toBe('430121197107202011');
    expect(id.numFmt).toBe('@');
    expect(ws.getRow(3).getCell(1).type).toBe(ExcelJS.ValueType.Number);
    const date = ws.getRow(3).getCell(4);
    expect(date.type).toBe(ExcelJS.ValueType.Date);
    expect((date.value as Date).toISOString().slice(0, 10)).toBe('1971-07-20');
    expect(ws.getRow(3).getCell(5).value).toBe(0.125);
    expect(ws.getRow(3).getCell(5).numFmt).toBe('0.0%');
    // Frozen below the header; filter over the table.
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBeTruthy();
    // The drop-down: a list validation on the result column, with the four choices.
    const dv = ws.getCell('F3').dataValidation;
    expect(dv.type).toBe('list');
    expect(dv.formulae[0]).toBe('"以残联数据为准,以部门数据为准,双方均需更正,无法核实"');
    expect(ws.getCell('F150').dataValidation?.type).toBe('list');
    // No cell is a formula and none starts with a formula trigger.
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
    expect(ws.getRow(3).getCell(3).value).toBe(`'=HYPERLINK("http://x","点我")`);
    // Personal data: owner-only; no temporary file left beside it.
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['list.xlsx']);
  });

  it('makes sheet names Excel accepts, unique within the workbook', async () => {
    const dir = tempDir();
    const path = join(dir, 'x.xlsx');
    const long = '一个名字特别特别特别长的乡镇街道办事处社区居民委员会第一片区';
    await writeWorkbook(path, [
      { name: long, columns: COLUMNS.slice(0, 1), rows: [[1]] },
      { name: long, columns: COLUMNS.slice(0, 1), rows: [[2]] },
      { name: 'a/b:c', columns: COLUMNS.slice(0, 1), rows: [] },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const names = wb.worksheets.map((w) => w.name);
    expect(new Set(names).size).toBe(3);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
    expect(names[2]).toBe('a_b_c');
  });

  it('types a cell on its own when a column mixes kinds (a key–value sheet: text, counts, rates)', async () => {
    const dir = tempDir();
    const path = join(dir, 'kv.xlsx');
    await writeWorkbook(path, [{ name: '概况', columns: [{ header: '项目' }, { header: '数值' }], rows: [['标题', '=1+1'], ['读取记录', { value: 2009, kind: 'integer' }], ['入户调查率', { value: 0.914, kind: 'percent' }], ['文件', '00123']] }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('概况')!;
    expect(ws.getCell('B2').value).toBe("'=1+1");
    expect(ws.getCell('B3').value).toBe(2009);
    expect(ws.getCell('B3').numFmt).toBe('0');
    expect(ws.getCell('B4').value).toBe(0.914);
    expect(ws.getCell('B4').numFmt).toBe('0.0%');
    expect(ws.getCell('B5').value).toBe('00123');
    expect(ws.getCell('B5').type).toBe(ExcelJS.ValueType.String);
  });
});

describe('writeCsvTable', () => {
  it('writes UTF-8 with BOM and neutralises formula triggers', async () => {
    const dir = tempDir();
    const path = join(dir, 'list.csv');
    await writeCsvTable(path, COLUMNS, ROWS);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('行号,公民身份号码,姓名,出生日期,错误率,核实结果');
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(1)) for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('neutralizeCell', () => {
  it('leaves no text starting with a formula trigger, and changes nothing else', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = neutralizeCell(s);
        expect(n).not.toMatch(/^[=+\-@\t\r\n]/);
        expect(n === s || n === `'${s}`).toBe(true);
        if (!/^[=+\-@\t\r\n]/.test(s)) expect(n).toBe(s);
      }),
    );
  });
  it('sheet names never hold characters Excel refuses', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(safeSheetName(s)).toMatch(/^[^\\/?*[\]:]{1,31}$/);
    }));
  });
});
