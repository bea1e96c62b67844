/**
 * Reports leave the office: none of them carries an ID or certificate number of the input, in
 * any format, with the departments' discrepancies included (their keys masked), and the XLSX
 * report stores numbers as numbers and rates as percentages. The raw keys stay in the
 * department lists (`--discrepancies`), which are for the people who verify them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const DEPTS = ['public-security', 'civil-affairs', 'education'];
const dir = tempDir();
const identifiers = new Set<string>();

async function xlsxCells(file: string): Promise<ExcelJS.Cell[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cells: ExcelJS.Cell[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => void cells.push(c)));
  return cells;
}

beforeAll(async () => {
  await canji(dir, 'synth', '--count', '2000', '--region', '430121', '--seed', '5', '--errors', '0.03', '--departments', 'depts', '--out', 'persons.csv', '-q');
  // Public security spells a few names otherwise (姓名 is the second column of its extract).
  const ps = join(dir, 'depts', 'public-security.csv');
  const lines = readFileSync(ps, 'utf8').split('\n');
  for (let i = 1; i <= 5; i++) lines[i] = lines[i]!.replace(/^([^,]*),[^,]*,/, '$1,王某某,');
  writeFileSync(ps, lines.join('\n'));
  const r = await canji(dir, 'check', 'persons.csv', '--region', '430121', '--as-of', '2019-06-30', '--level', 'township', ...DEPTS.flatMap((d) => ['--dept', `${d}=depts/${d}.csv`]), '--title', '<script>alert(1)</script>长沙县', '--out', 'report.html', '--out', 'report.md', '--out', 'report.json', '--out', 'report.xlsx', '--out', 'report.csv', '--discrepancies', 'lists', '--fail-on', 'never', '-q');
  expect(r.code).toBe(0);
  // Every ID and certificate number of the input (resident, certificate, householder columns).
  for (const m of readFileSync(join(dir, 'persons.csv'), 'utf8').matchAll(/(?<![\dX])\d{17}[\dX](?:\d{2})?(?![\dX])/g)) identifiers.add(m[0]);
}, 60_000);

describe('reports written by canji check', () => {
  it('the input has identifiers to leak, and the department lists name the persons by masked ID', () => {
    expect(identifiers.size).toBeGreaterThan(3000);
    const list = readFileSync(join(dir, 'lists', '公安部门待核实清单.csv'), 'utf8');
    const masked = [...identifiers].filter((id) => id.length === 18).map((id) => `${id.slice(0, 6)}********${id.slice(14)}`);
    expect(masked.some((m) => list.includes(m))).toBe(true);
    expect([...identifiers].some((id) => list.includes(id))).toBe(false);
  });

  it.each(['report.html', 'report.md', 'report.json', 'report.csv'])('%s holds no 18-digit ID and no 20-character certificate number of the input', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const found = (text.match(/(?<![\dX])\d{17}[\dX](\d{2})?(?![\dX])/g) ?? []).filter((m) => identifiers.has(m) || identifiers.has(m.slice(0, 18)));
    expect(found).toEqual([]);
    for (const id of identifiers) if (text.includes(id)) throw new Error(`${file} contains ${id.slice(0, 6)}…`);
  });

  it('report.json keeps the discrepancies, keys masked, and both names of a name mismatch masked', () => {
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const all = json.departments.flatMap((d: { discrepancies: unknown[] }) => d.discrepancies) as { key: string; ruleId: string; recorded?: string; departmentValue?: string }[];
    expect(all.length).toBeGreaterThan(100);
    for (const d of all) expect(d.key).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    const names = all.filter((d) => d.ruleId === 'XC_PUBSEC_NAME_DIFFERS');
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).not.toContain('王某某');
    for (const d of names) for (const v of [d.recorded!, d.departmentValue!]) expect(v).toMatch(/^\p{Script=Han}{1,2}\*+$/u);
  });

  it('report.md carries no HTML from the title', () => {
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).not.toContain('<');
    expect(md.split('\n')[0]).toBe('# &lt;script&gt;alert(1)&lt;/script&gt;长沙县');
  });

  it('report.xlsx: no identifier of the input, counts as numbers, rates as percentages', async () => {
    const cells = await xlsxCells(join(dir, 'report.xlsx'));
    for (const c of cells) if (typeof c.value === 'string' && identifiers.has(c.value.slice(0, 18))) throw new Error(`identifier in ${c.address}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'report.xlsx'));
    const regions = wb.getWorksheet('按地区')!;
    const header = (regions.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['地区代码', '地区', '记录数', '有错误', '错误率', '有警告', '警告率', '入户调查', '入户调查率']);
    const row = regions.getRow(2);
    expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(1).value).toMatch(/^430121\d{3}$/);
    for (const i of [3, 4, 6, 8]) expect(row.getCell(i).type, header[i - 1] as string).toBe(ExcelJS.ValueType.Number);
    for (const i of [5, 7, 9]) {
      expect(row.getCell(i).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(i).numFmt).toBe('0.0%');
      expect(row.getCell(i).value as number).toBeLessThanOrEqual(1);
    }
    const summary = wb.getWorksheet('概况')!;
    const read = summary.getColumn(1).values.indexOf('读取记录');
    expect(summary.getRow(read).getCell(2).type).toBe(ExcelJS.ValueType.Number);
    const rate = summary.getColumn(1).values.indexOf('入户调查率');
    expect(summary.getRow(rate).getCell(2).numFmt).toBe('0.0%');
  });
});
