import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const dir = tempDir();

beforeAll(async () => {
  const r = await canji(dir, 'synth', '--count', '400', '--region', '430121', '--seed', '3', '--errors', '0.05', '--departments', 'depts', '--out', 'persons.csv');
  expect(r.code).toBe(0);
});

describe('canji synth', () => {
  it('writes persons, error labels and department extracts; same seed, same bytes', async () => {
    expect(readFileSync(join(dir, 'persons.csv'), 'utf8').split('\r\n')[0]).toMatch(/^region_code,survey_year,/);
    const labels = readFileSync(join(dir, 'persons.labels.jsonl'), 'utf8').trim().split('\n');
    expect(labels.length).toBeGreaterThan(5);
    expect(readFileSync(join(dir, 'depts', 'public-security.csv'), 'utf8')).toContain('身份证号');
    await canji(dir, 'synth', '--count', '400', '--region', '430121', '--seed', '3', '--errors', '0.05', '--out', 'again.csv');
    expect(readFileSync(join(dir, 'again.csv'), 'utf8')).toBe(readFileSync(join(dir, 'persons.csv'), 'utf8'));
  });

  it('rejects an unknown region (exit 2)', async () => {
    const r = await canji(dir, 'synth', '--count', '5', '--region', '999999', '--out', 'x.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('区划代码未知');
  });
});

describe('canji check with department extracts', () => {
  it('finds the planted errors and writes the per-department discrepancy lists', async () => {
    const depts = ['education', 'civil-affairs', 'public-security'].flatMap((d) => ['--dept', `${d}=depts/${d}.csv`]);
    const r = await canji(dir, 'check', 'persons.csv', '--region', '430121', ...depts, '--discrepancies', 'disc', '--out', 'report.json');
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const planted = readFileSync(join(dir, 'persons.labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // Every planted error that changes the record itself makes the record an error or a warning.
    expect(report.counts.withErrors + report.counts.warningsOnly).toBeGreaterThan(planted.length / 2);
    expect(report.departments.map((d: { department: string }) => d.department).sort()).toEqual(['civil-affairs', 'education', 'public-security']);
    const ps = report.departments.find((d: { department: string }) => d.department === 'public-security');
    expect(ps.matched).toBeGreaterThan(300);
    const list = readFileSync(join(dir, 'disc', '公安部门待核实清单.csv'), 'utf8').split('\r\n').filter(Boolean);
    expect(list[0]).toBe('\uFEFF核查编号,乡镇（街道）,村（社区）,原表行号,姓名,公民身份号码,比对项目,残联登记值,部门数据值,不一致情况,核实结果,备注,核实人,核实日期');
    expect(list.length - 1).toBe(ps.discrepancyCount);
    expect(r.stderr).toMatch(/部门数据 公安部门（户籍）.*读取 \d+ 行 = 采用 \d+ 行 \+ 拒收 0 行/);
    // What the reader normalised in the extracts is said, counted, not left unsaid.
    expect(r.stderr).toMatch(/  已规范 \d+ 行：".+"的值".+"规范为/);
  });

  it('writes an XLSX report', async () => {
    const r = await canji(dir, 'check', 'persons.csv', '--out', 'report.xlsx', '-q');
    expect(r.stderr).toContain('报告已写入 report.xlsx');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'report.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '按规则', '按地区']);
  });
});

describe('canji indicators', () => {
  it('computes the indicator tables with targets, by county and sex', async () => {
    const r = await canji(dir, 'indicators', 'persons.csv', '--as-of', '2019-06-30', '--by', 'county,sex', '--target', 'household-visit-rate=95', '--out', 'ind.csv');
    // Rows a spreadsheet damaged (an ID shown as 4.30121E+17, planted by --errors) are rejected and make the exit code 1.
    const m = /读取 (\d+) 行 = 处理 (\d+) 行 \+ 拒收 (\d+) 行/.exec(r.stderr)!;
    expect(Number(m[1])).toBe(Number(m[2]) + Number(m[3]));
    expect(r.code).toBe(Number(m[3]) > 0 ? 1 : 0);
    const csv = readFileSync(join(dir, 'ind.csv'), 'utf8');
    expect(csv.split('\n')[0]).toContain('indicator_id,indicator_name,grouping');
    expect(csv).toMatch(/household-visit-rate,[^\n]*,95,>=,(met|not-met)/);
    const md = await canji(dir, 'indicators', 'persons.csv', '--as-of', '2019-06-30', '--indicators', 'household-visit-rate');
    expect(md.stdout).toContain('| 合计 |');
  });

  it('an unknown breakdown is a usage error', async () => {
    const r = await canji(dir, 'indicators', 'persons.csv', '--as-of', '2019-06-30', '--by', 'planet');
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining('未知分组“planet”') });
  });
});

describe('canji deid', () => {
  it('releases a k-anonymous extract without names or ID numbers, with a risk report', async () => {
    writeFileSync(join(dir, 'key.hex'), createHash('sha256').update('commands test key').digest('hex'));
    const r = await canji(dir, 'deid', 'persons.csv', '--key-file', 'key.hex', '--k', '5', '--as-of', '2019-06-30', '--out', 'research.csv', '--risk-report', 'risk.md');
    const out = readFileSync(join(dir, 'research.csv'), 'utf8');
    const [head, ...rows] = out.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(head).not.toMatch(/(^|,)name(,|$)/);
    expect(out).not.toMatch(/\d{17}[\dX]/);
    expect(head).toContain('resident_id');
    expect(rows[0]).toMatch(/k1/);
    expect(r.stderr).toMatch(/k：\d+ → ([5-9]|\d{2,})/);
    expect(readFileSync(join(dir, 'risk.md'), 'utf8')).toContain('最大重识别风险');
  });

  it('a short key is refused with the deid error code (exit 2)', async () => {
    writeFileSync(join(dir, 'short.key'), 'abc');
    const r = await canji(dir, 'deid', 'persons.csv', '--key-file', 'short.key', '--out', 'x.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/错误 \[DEID_/);
  });
});

describe('canji regions and schema', () => {
  it('looks a county up by code and by name', async () => {
    const byCode = await canji(dir, 'regions', '430121');
    expect(byCode).toMatchObject({ code: 0, stdout: expect.stringContaining('湖南省长沙市长沙县') });
    const byName = await canji(dir, 'regions', '岳麓区');
    expect(byName.stdout).toContain('430104');
    expect((await canji(dir, 'regions', '不存在的地方')).code).toBe(1);
  });

  it('prints the JSON Schema and the data dictionary of the 2017 form', async () => {
    const js = await canji(dir, 'schema');
    const schema = JSON.parse(js.stdout);
    expect(Object.keys(schema.properties)).toContain('resident_id');
    const md = await canji(dir, 'schema', '--format', 'markdown');
    expect(md.stdout).toContain('| `r13` | R13 |');
  });
});
