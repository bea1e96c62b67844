/**
 * `canji satisfaction`: follow-up answers (headed by number, machine key or wording) with the
 * batch, counted by township and compared with the service received; the XLSX read back with
 * exceljs and recounted here; bad rows reported with exit 1; usage errors exit 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
let dir: string;
let answers: { id: string; region: string; s1: number; s5: number }[];

beforeAll(async () => {
  dir = tempDir();
  expect((await canji(dir, 'synth', '--count', '600', '--region', '430121', '--seed', '5', '--out', 'batch.csv', '-q')).code).toBe(0);
  const lines = readFileSync(join(dir, 'batch.csv'), 'utf8').trim().split('\n');
  const h = lines[0]!.split(',');
  answers = lines.slice(1).filter((_, k) => k % 3 === 0).map((l, k) => {
    const c = l.split(',');
    return { id: c[h.indexOf('resident_id')]!, region: c[h.indexOf('region_code')]!, s1: [1, 2, 3, 4, 8][k % 5]!, s5: k % 4 === 0 ? 5 : 1 };
  });
  // Headed as a clerk would: the ID in words, S0 by number, S1 by its wording, S5 by number.
  writeFileSync(join(dir, 'answers.csv'), ['公民身份号码,S0,对残联和村（社区）提供的各项服务总体是否满意,S5', ...answers.map((a, k) => `${a.id},${k % 2 ? 2 : 1},${a.s1},${a.s5}`)].join('\n') + '\n');
});

describe('canji satisfaction', () => {
  it('writes the XLSX of shares satisfied by township, recounted here, and the comparison with services received', async () => {
    const r = await canji(dir, 'satisfaction', 'answers.csv', '--batch', 'batch.csv', '-o', '满意度.xlsx', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`回访 ${answers.length} 人（登记数据中找到 ${answers.length} 人）`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, '满意度.xlsx'));
    const ws = wb.getWorksheet('满意比例')!;
    let header: string[] = [];
    const rows: unknown[][] = [];
    ws.eachRow((row) => {
      const cells = (row.values as unknown[]).slice(1);
      if (!header.length) {
        if (cells[0] === '单位代码') header = cells.map(String);
      } else rows.push(cells);
    });
    const col = (x: string) => header.indexOf(x);
    const total = rows.find((x) => x[col('单位')] === '合计')!;
    const answered = answers.filter((a) => a.s1 <= 5);
    expect(total[col('回访人数')]).toBe(answers.length);
    expect(total[col('服务总体回答人数')]).toBe(answered.length);
    expect(total[col('服务总体满意人数')]).toBe(answered.filter((a) => a.s1 <= 2).length);
    expect(Number(total[col('调查工作人员态度满意比例')])).toBeCloseTo(answers.filter((a) => a.s5 <= 2).length / answers.length, 9);
    for (const row of rows.filter((x) => x[col('单位')] !== '合计')) {
      const code = String(row[col('单位代码')]);
      const mine = answers.filter((a) => a.region.startsWith(code));
      expect(row[col('回访人数')], code).toBe(mine.length);
      expect(row[col('服务总体满意人数')]).toBe(mine.filter((a) => a.s1 <= 2).length);
      expect(String(row[col('单位')])).not.toBe('');
    }
    expect(wb.getWorksheet('与得到的服务比较')!.rowCount).toBeGreaterThan(3);
  });

  it('prints HTML that says the wording is provisional; bad rows give exit 1 with their codes', async () => {
    writeFileSync(join(dir, 'bad.csv'), `resident_id,s1\nnot-an-id,1\n${answers[0]!.id},7\n`);
    const r = await canji(dir, 'satisfaction', 'bad.csv', '-o', 'bad.html', '-q');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[SATISFACTION_NO_ID]');
    expect(r.stderr).toContain('[SATISFACTION_CODE_INVALID]');
    expect(r.stderr).toContain('[SATISFACTION_NO_REGION]');
    expect(readFileSync(join(dir, 'bad.html'), 'utf8')).toContain('暂定措辞');
  });

  it('refuses a file without the ID column or without items, and an unknown output, exit 2', async () => {
    writeFileSync(join(dir, 'noid.csv'), 'x,s1\n1,1\n');
    writeFileSync(join(dir, 'noitems.csv'), 'resident_id,x\n1,1\n');
    for (const [argv, code] of [
      [['satisfaction', 'noid.csv', '-o', 'x.html'], 'SATISFACTION_NO_HEADER'],
      [['satisfaction', 'noitems.csv', '-o', 'x.html'], 'SATISFACTION_NO_ITEMS'],
      [['satisfaction', 'answers.csv', '-o', 'x.docx'], 'USAGE_OUT_FORMAT'],
    ] as [string[], string][]) {
      const r = await canji(dir, ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain(`[${code}]`);
    }
  });
});
