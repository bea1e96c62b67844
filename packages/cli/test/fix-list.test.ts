/**
 * The list of records to fix (待修改记录) as a township clerk opens it: the XLSX read back with
 * exceljs — one sheet per township, the file row of each record as the spreadsheet shows it,
 * names and masked IDs, items and values as labels — and the same rows with one or two threads.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

let dir = '';
let json: { counts: { withErrors: number; warningsOnly: number } };

async function sheets(path: string): Promise<Map<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out = new Map<string, unknown[][]>();
  for (const ws of wb.worksheets) {
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    out.set(ws.name, rows);
  }
  return out;
}

/** The data rows of a township sheet (below its caption lines and header). */
const dataRows = (rows: unknown[][]) => rows.slice(rows.findIndex((r) => r[0] === '行号') + 1);

beforeAll(async () => {
  dir = tempDir();
  await canji(dir, 'synth', '--count', '1500', '--region', '430121', '--seed', '5', '--errors', '0.05', '--out', 'persons.csv', '-q');
  const r = await canji(dir, 'check', 'persons.csv', '--region', '430121', '--as-of', '2019-06-30', '--to-fix', 'out/待修改记录.xlsx', '--out', 'out/report.json', '-q', '--fail-on', 'never');
  expect(r.code, r.stderr).toBe(0);
  json = JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8'));
}, 120_000);

describe('待修改记录', () => {
  it('lists every record with an error or a warning, by its row in the file, in a sheet per township', async () => {
    const book = await sheets(join(dir, 'out/待修改记录.xlsx'));
    const names = [...book.keys()];
    expect(names[0]).toBe('汇总');
    expect(names.length).toBeGreaterThan(2);
    const lines = readFileSync(join(dir, 'persons.csv'), 'utf8').split(/\r?\n/);
    const header = lines[0]!.split(',');
    const nameCol = header.indexOf('name');
    const regionCol = header.indexOf('region_code');
    const rowsSeen = new Set<number>();
    for (const [sheet, rows] of book) {
      if (sheet === '汇总') continue;
      const data = dataRows(rows);
      expect(data.length).toBeGreaterThan(0);
      const villagesDone = new Set<string>();
      let last: [string, number] = ['', 0];
      for (const r of data) {
        const [row, township, village, name, id] = r as [number, string, string, string, string];
        expect(typeof row).toBe('number');
        rowsSeen.add(row);
        // The row number is the line the clerk sees: that line of the file holds this person.
        const cells = lines[row - 1]!.split(',');
        expect(cells[nameCol]).toBe(name);
        // One township per sheet, named from the region table; villages by name.
        expect(sheet.startsWith(township.slice(0, 31)) || township.startsWith(sheet)).toBe(true);
        expect(cells[regionCol]!.slice(0, 9).length).toBe(9);
        expect(village).toMatch(/[\u4e00-\u9fff]/);
        // IDs masked: text, never 18 digits in a row.
        expect(typeof id).toBe('string');
        expect(id).not.toMatch(/\d{17}[\dX]/);
        // Sorted: one block per village, rows ascending within it.
        if (village !== last[0]) {
          expect(villagesDone.has(village)).toBe(false);
          villagesDone.add(last[0]);
        } else expect(row).toBeGreaterThanOrEqual(last[1]);
        last = [village, row];
      }
    }
    // Every record with issues is on the list.
    expect(rowsSeen.size).toBe(json.counts.withErrors + json.counts.warningsOnly);
    expect(statSync(join(dir, 'out/待修改记录.xlsx')).mode & 0o777).toBe(0o600);
  });

  it('names items by number and label and shows values as labels', async () => {
    const book = await sheets(join(dir, 'out/待修改记录.xlsx'));
    const all = [...book].filter(([n]) => n !== '汇总').flatMap(([, rows]) => dataRows(rows));
    const required = all.filter((r) => r[11] === 'FORM_REQUIRED');
    for (const r of required) {
      expect(r[6]).toMatch(/^R\d+/);
      expect(r[8]).toBe('应填写');
    }
    const coded = all.filter((r) => typeof r[7] === 'string' && /（\d+）/.test(r[7] as string));
    expect(coded.length).toBeGreaterThan(0);
    for (const r of all) for (const c of r) if (typeof c === 'string') expect(c).not.toMatch(/^[=+\-@\t\r]/);
    // A duplicate points at the first occurrence by its file row, and that row holds the same person.
    const lines = readFileSync(join(dir, 'persons.csv'), 'utf8').split(/\r?\n/);
    const dups = all.filter((r) => r[11] === 'BATCH_DUPLICATE_PERSON');
    expect(dups.length).toBeGreaterThan(0);
    for (const d of dups) {
      const other = Number(/第 (\d+) 行/.exec(d[7] as string)![1]);
      expect(other).toBeLessThan(d[0] as number);
      expect(lines[other - 1]).toContain(d[3] as string);
    }
  });

  it('the report’s duplicate examples name the first occurrence by its file row too (JSON, Markdown, HTML)', async () => {
    const r = await canji(dir, 'check', 'persons.csv', '--region', '430121', '--as-of', '2019-06-30', '--out', 'rows/r.json', '--out', 'rows/r.md', '--out', 'rows/r.html', '-q', '--fail-on', 'never');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'rows/r.json'), 'utf8'));
    const examples = report.examples.BATCH_DUPLICATE_PERSON as { index: number; rowNumber: number; recorded: number; message: string; residentId: string }[];
    expect(examples.length).toBeGreaterThan(0);
    const lines = readFileSync(join(dir, 'persons.csv'), 'utf8').split(/\r?\n/);
    for (const e of examples) {
      const other = Number(/首次出现于第 (\d+) 行/.exec(e.message)![1]);
      expect(other).toBeLessThan(e.rowNumber);
      // That file row is the same person (same masked ID's visible digits).
      expect(lines[other - 1]).toContain(e.residentId.slice(0, 6));
      expect(lines[other - 1]).toContain(e.residentId.slice(-4));
      expect(e.message).not.toMatch(/第 \d+ 条/);
    }
    const md = readFileSync(join(dir, 'rows/r.md'), 'utf8');
    expect(md).toContain('| 行号 | 地区代码 |');
    expect(md).toContain(`| ${examples[0]!.rowNumber} |`);
    expect(readFileSync(join(dir, 'rows/r.html'), 'utf8')).toContain(examples[0]!.message);
  }, 60_000);

  it('is the same list with two worker threads', async () => {
    const r = await canji(dir, 'check', 'persons.csv', '--region', '430121', '--as-of', '2019-06-30', '--to-fix', 'out2/待修改记录.xlsx', '--workers', '2', '-q', '--fail-on', 'never');
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out2/待修改记录.csv'), 'utf8')).toBe(readFileSync(join(dir, 'out/待修改记录.csv'), 'utf8'));
  }, 60_000);

  it('refuses a list that is not .xlsx before any work', async () => {
    const r = await canji(dir, 'check', 'persons.csv', '--to-fix', 'x.csv', '-q');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('USAGE_OUT_FORMAT');
  });
});
