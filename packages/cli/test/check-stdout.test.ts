/**
 * `canji check` in pipelines: `--json` gives one machine-readable line on stdout (the lines for
 * people move to stderr), `--out -` writes the report itself to stdout, `--sheet` picks the
 * worksheet of a workbook, and an old .xls / WPS .et file is refused with what to do.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = tempDir();
  const r = await canji(dir, 'synth', '--count', '40', '--seed', '5', '--errors', '0.3', '--out', 'b.csv', '-q');
  expect(r.code).toBe(0);
  const x = await canji(dir, 'synth', '--count', '12', '--seed', '6', '--out', 'b.xlsx', '-q');
  expect(x.code).toBe(0);
});
afterAll(removeTempDirs);

describe('canji check for pipelines', () => {
  it('--json: one line of JSON on stdout with the counts, files written and exit code; the summary for people on stderr', async () => {
    const r = await canji(dir, 'check', 'b.csv', '--as-of', '2019-06-30', '--json', '-o', 'r.html', '-o', 'r.json', '-q');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]!);
    // The same counts as the report file (the planted errors add duplicate rows: more than 40).
    const file = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(s.counts).toEqual(file.counts);
    expect(s.counts.read).toBeGreaterThanOrEqual(40);
    expect(s.counts.read).toBe(s.counts.clean + s.counts.warningsOnly + s.counts.withErrors + s.counts.unreadable);
    expect(s.exitCode).toBe(r.code);
    expect(s.exitMeaning).toBe(r.code === 0 ? 'ok' : 'problems-found');
    expect(s.written).toEqual([{ kind: 'report', path: 'r.html' }, { kind: 'report', path: 'r.json' }]);
    expect(s.rules.reduce((n: number, x: { records: number }) => n + x.records, 0)).toBeGreaterThan(0);
    expect(r.stderr).toContain('校验完成');
    expect(r.stderr).toContain('报告已写入 r.html');
  });

  it('--out - writes the report to stdout in the format asked (JSON by default), identifiers masked', async () => {
    const json = await canji(dir, 'check', 'b.csv', '--as-of', '2019-06-30', '-o', '-', '-q');
    const report = JSON.parse(json.stdout);
    expect(report.counts).toEqual(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).counts);
    expect(json.stderr).toContain('校验完成');
    expect(json.stdout).not.toMatch(/(?<![\d.])[1-9]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])\d{5}[\dX](?!\d)/);
    const md = await canji(dir, 'check', 'b.csv', '--as-of', '2019-06-30', '-o', '-', '--out-format', 'md', '-q');
    expect(md.stdout.startsWith('# ')).toBe(true);
    const twice = await canji(dir, 'check', 'b.csv', '-o', '-', '--json', '-q');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('USAGE_STDOUT_TWICE');
  });

  it('--sheet reads another worksheet by position or name; a missing one names the sheets there are', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'b.xlsx'));
    const first = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    first.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const out = new ExcelJS.Workbook();
    out.addWorksheet('说明').addRow(['本工作簿第二张表为登记数据']);
    const data = out.addWorksheet('登记表');
    for (const r of rows.slice(0, 6)) data.addRow(r);
    await out.xlsx.writeFile(join(dir, 'two.xlsx'));
    const byName = await canji(dir, 'check', 'two.xlsx', '--sheet', '登记表', '--as-of', '2019-06-30', '--json', '-q');
    expect(JSON.parse(byName.stdout).counts.read).toBe(5);
    const byIndex = await canji(dir, 'check', 'two.xlsx', '--sheet', '2', '--as-of', '2019-06-30', '--json', '-q');
    expect(JSON.parse(byIndex.stdout).counts.read).toBe(5);
    const missing = await canji(dir, 'check', 'two.xlsx', '--sheet', '汇总', '-q');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('XLSX_SHEET_NOT_FOUND');
    expect(missing.stderr).toContain('1 说明、2 登记表');
  });

  it('an old .xls or a WPS .et file is refused with what to do', async () => {
    for (const name of ['old.xls', 'wps.et']) {
      writeFileSync(join(dir, name), 'x');
      const r = await canji(dir, 'check', name, '-q');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('INPUT_FORMAT_UNKNOWN');
      expect(r.stderr).toContain('另存为 .xlsx 或 CSV');
    }
  });
});
