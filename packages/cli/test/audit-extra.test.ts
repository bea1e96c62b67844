/**
 * `canji audit rekey | training-cases | score | supervision` end to end, outputs read back with
 * exceljs as a clerk opens them: two entries of the same forms with planted keying differences,
 * a training set and a planted answer sheet scored exactly, a supervision register's coverage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { itemClasses, trainingCases } from '@canji/audits';
import { flatColumns, isAnswered, personForm, toFlatRow } from '@canji/form';
import { descendantsOf, loadVillages } from '@canji/regions';
import { synthesizePersons, writeCsv } from '@canji/synth';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

type Rec = Record<string, unknown>;
let dir: string;
const MACHINE = flatColumns({ version: '2017', headers: 'machine' });

async function writeForms(path: string, records: Rec[], extra: { key: string; header: string }[]): Promise<void> {
  await writeCsv(records, path, {
    columns: [...extra, ...MACHINE.map((key) => ({ key, header: key }))],
    toRow: (r) => ({ ...Object.fromEntries(extra.map((e) => [e.key, r[e.key]])), ...toFlatRow(r, { version: '2017' }) }),
  });
}

async function open(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** Rows below the header row (the row whose first cell is `first`), as arrays of cell values. */
function table(ws: ExcelJS.Worksheet, first: string): ExcelJS.CellValue[][] {
  let header = 0;
  ws.eachRow((row, n) => {
    if (!header && row.getCell(1).value === first) header = n;
  });
  expect(header, `${ws.name}: header ${first}`).toBeGreaterThan(0);
  const out: ExcelJS.CellValue[][] = [];
  for (let n = header + 1; n <= ws.rowCount; n++) {
    const row = ws.getRow(n);
    if (row.getCell(1).value === null || row.getCell(1).value === undefined) continue;
    const cells: ExcelJS.CellValue[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(row.getCell(c).value);
    out.push(cells);
  }
  return out;
}

/** Another valid code of the item's code list (so the reader keeps it). */
function otherCode(key: string, v: unknown): number {
  const form = personForm('2017');
  const item = form.items.find((i) => i.key === key)!;
  const codes = form.codeLists[item.codeList!]!.entries.map((e) => Number(e.code));
  return codes.find((c) => c !== Number(v))!;
}

beforeAll(() => {
  dir = tempDir();
});
afterAll(removeTempDirs);

describe('canji audit rekey', () => {
  const forms: Rec[] = [...synthesizePersons({ seed: 21, count: 60, region: '430121' })].map((p, i) => ({ ...p, form_no: `B${String(i + 1).padStart(4, '0')}`, keyer: i < 30 ? '刘洋' : '陈静' }));
  it('matches by 表号 in any order, lists each planted difference and the missing form, rates per keyer; exit 1 over the threshold', async () => {
    const b: Rec[] = forms.slice(1).map((r) => ({ ...r, keyer: '王芳' })).reverse();
    const planted: [string, string][] = [];
    for (const [i, key] of [[3, 'r3'], [10, 'r4'], [40, 'disability_level']] as const) {
      const at = b.findIndex((r) => r.form_no === forms[i]!.form_no);
      b[at] = { ...b[at], [key]: otherCode(key, b[at]![key]) };
      planted.push([String(forms[i]!.form_no), key]);
    }
    const extra = [{ key: 'form_no', header: '表号' }, { key: 'keyer', header: '录入员' }];
    await writeForms(join(dir, 'a.csv'), forms, extra);
    await writeForms(join(dir, 'b.csv'), b, extra);
    const r = await canji(dir, 'audit', 'rekey', 'a.csv', 'b.csv', '--threshold', '0.0001', '-o', '双录入比对.xlsx', '-q');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('不一致 3 个');
    expect(r.stderr).not.toContain('表头“表号”');
    const wb = await open(join(dir, '双录入比对.xlsx'));
    const details = table(wb.getWorksheet('不一致明细')!, '表号');
    const label: Record<string, string> = { r3: '户口性质', r4: '婚姻状况', disability_level: '残疾等级' };
    expect(details.map((d) => [d[0], d[3]]).sort()).toEqual(planted.map(([f, k]) => [f, label[k]]).sort());
    for (const d of details) expect(d[4]).not.toBe(d[5]);
    const unmatched = table(wb.getWorksheet('未匹配的表')!, '情况');
    expect(unmatched.map((u) => [u[0], u[1]])).toEqual([['只在录入 A 中', 'B0001']]);
    const rates = table(wb.getWorksheet('录入差错率')!, '类别');
    const byKeyer = Object.fromEntries(rates.map((x) => [x[1], x]));
    expect(byKeyer['刘洋']![2]).toBe(29);
    expect(byKeyer['刘洋']![4]).toBe(2);
    expect(byKeyer['陈静']![4]).toBe(1);
    expect(byKeyer['王芳']![4]).toBe(3);
    expect(typeof rates[0]![5]).toBe('number');
    const ok = await canji(dir, 'audit', 'rekey', 'a.csv', 'b.csv', '--threshold', '0.05', '-o', '双录入比对2.xlsx', '-q');
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('matches by resident ID without a form number, masking the IDs', async () => {
    await writeForms(join(dir, 'c.csv'), forms.slice(0, 10), []);
    await writeForms(join(dir, 'd.csv'), [...forms.slice(1, 10)].reverse(), []);
    const r = await canji(dir, 'audit', 'rekey', 'c.csv', 'd.csv', '-o', 'r.xlsx', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('不一致 0 个');
    const wb = await open(join(dir, 'r.xlsx'));
    expect(table(wb.getWorksheet('录入差错率')!, '类别')[0]![2]).toBe(9);
    const [only] = table(wb.getWorksheet('未匹配的表')!, '情况');
    expect(String(only![1])).not.toMatch(/\d{17}[\dX]/);
    expect(String(only![1]).slice(0, 6)).toBe(String(forms[0]!.resident_id).slice(0, 6));
  });

  it('refuses a keyer column the file does not have', async () => {
    const r = await canji(dir, 'audit', 'rekey', 'a.csv', 'b.csv', '--keyer-column', '操作员', '-o', 'x.xlsx', '-q');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('USAGE_COLUMN');
  });
});

describe('canji audit training-cases and score', () => {
  it('writes facts without codes, the key and a blank sheet; a planted answer sheet gets the exact expected score', async () => {
    const gen = await canji(dir, 'audit', 'training-cases', '--seed', '9', '--count', '5', '-o', '培训');
    expect(gen.code, gen.stderr).toBe(0);
    const cases = table((await open(join(dir, '培训', '培训案例.xlsx'))).getWorksheet('培训案例')!, '案例编号');
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(['C001', 'C002', 'C003', 'C004', 'C005']));
    const sexFacts = cases.filter((c) => c[2] === '性别').map((c) => c[3]);
    expect(sexFacts).toHaveLength(5);
    for (const f of sexFacts) expect(['男', '女']).toContain(f);
    expect(readFileSync(join(dir, '培训', '答题表.csv'), 'utf8')).toMatch(/^\uFEFF学员,案例编号,/);
    // The same seed gives the same cases: the key is rebuilt here to plant the answers.
    const t = trainingCases([...synthesizePersons({ seed: 9, count: 5, region: '430121', version: '2017' })]);
    if (!t.ok) throw new Error(t.error.message);
    const key = t.value.key as Rec[];
    const items = itemClasses('2017').map((i) => i.key);
    const total = key.reduce((s, k) => s + items.filter((i) => isAnswered(k[i])).length, 0);
    const right: Rec[] = key.map((k) => ({ ...k, trainee: '甲' }));
    const planted: Rec[] = key.map((k) => ({ ...k, trainee: '乙' }));
    planted[0] = { ...planted[0], r4: otherCode('r4', planted[0]!.r4) };
    planted[1] = { ...planted[1], disability_level: otherCode('disability_level', planted[1]!.disability_level) };
    planted[2] = { ...planted[2], r3: otherCode('r3', planted[2]!.r3) };
    const answers = [...right, ...planted.slice(0, 4)]; // 乙 did not hand in C005
    const c5 = items.filter((i) => isAnswered(key[4]![i])).length;
    await writeForms(join(dir, 'answers.csv'), answers, [{ key: 'trainee', header: '学员' }, { key: 'case_no', header: '案例编号' }]);
    const r = await canji(dir, 'audit', 'score', 'answers.csv', '--key', join('培训', '答案.csv'), '--pass', '0.95', '-o', '培训考核.xlsx', '-q');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('未过关：乙');
    const wb = await open(join(dir, '培训考核.xlsx'));
    const rows = Object.fromEntries(table(wb.getWorksheet('学员成绩')!, '学员').map((x) => [x[0], x]));
    expect(rows['甲']!.slice(1)).toEqual([5, null, total, total, 1, '培训质量过关']);
    expect(rows['乙']!.slice(1)).toEqual([4, 'C005', total - 3 - c5, total, (total - 3 - c5) / total, '未过关']);
    const perItem = table(wb.getWorksheet('学员分项得分')!, '学员').filter((x) => x[0] === '乙' && x[2] === '婚姻状况');
    expect(perItem.map((x) => x.slice(3, 5))).toEqual([[key.filter((k) => isAnswered(k.r4)).length - 1 - (isAnswered(key[4]!.r4) ? 1 : 0), key.filter((k) => isAnswered(k.r4)).length]]);
    const hardItems = table(wb.getWorksheet('项目正确率')!, '题号').filter((x) => x[7] === '易错').map((x) => x[1]);
    expect(hardItems).toEqual(expect.arrayContaining(['婚姻状况', '残疾等级', '户口性质']));
    const mistakes = table(wb.getWorksheet('答错明细')!, '学员');
    expect(mistakes.filter((m) => m[1] !== 'C005').map((m) => [m[0], m[1], m[3]])).toEqual([
      ['乙', 'C001', '婚姻状况'],
      ['乙', 'C002', '残疾等级'],
      ['乙', 'C003', '户口性质'],
    ]);
  });
});

describe('canji audit supervision', () => {
  it('validates codes against the region table and reports coverage and the units never reached', async () => {
    await loadVillages('43');
    const townships = descendantsOf('430121', 'township');
    const villages = descendantsOf('430121', 'village');
    const lines = ['单位代码,督查日期,督查人员,督查方式,发现问题', `430121,2019-07-10,市残联 李明,实地督查,`, `${villages[0]!.code},2019-07-11,县残联 王,实地督查,入户率偏低`, `${townships[5]!.code},2019-07-12,县残联 王,电话抽查,`, '430121999,2019-07-13,县残联 王,实地督查,'];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, '督查登记.csv'), lines.join('\n') + '\n');
    const r = await canji(dir, 'audit', 'supervision', '督查登记.csv', '--region', '430121', '-o', '督查覆盖.xlsx');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`乡镇 2/${townships.length}`);
    const wb = await open(join(dir, '督查覆盖.xlsx'));
    const cov = table(wb.getWorksheet('督查覆盖')!, '县（区）代码');
    expect(cov[0]!.slice(0, 6)).toEqual(['430121', '湖南省长沙市长沙县', '是', 3, 2, townships.length]);
    expect(cov[0]![7]).toBe(1);
    expect(table(wb.getWorksheet('未督查到的乡镇')!, '县（区）')).toHaveLength(townships.length - 2);
    expect(table(wb.getWorksheet('未督查到的村')!, '县（区）')).toHaveLength(villages.length - 1);
    const problems = table(wb.getWorksheet('登记问题')!, '行号');
    expect(problems.map((p) => [p[0], p[1]])).toEqual([[5, 'AUDIT_UNIT_UNKNOWN']]);
  });

  it('reads a register typed in Excel: codes as numbers, dates as date cells; exit 0 when every unit is reached', async () => {
    await loadVillages('43');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('督查登记');
    ws.addRow(['单位代码', '督查日期', '督查人员', '督查方式', '发现问题']);
    ws.addRow([430121, new Date(Date.UTC(2019, 6, 10)), '市残联 李明', '实地督查', '']);
    for (const v of descendantsOf('430121', 'village')) ws.addRow([Number(v.code), new Date(Date.UTC(2019, 7, 1)), '县残联 王', '实地督查', '']);
    await wb.xlsx.writeFile(join(dir, '督查登记.xlsx'));
    const r = await canji(dir, 'audit', 'supervision', '督查登记.xlsx', '--region', '430121', '-o', '督查覆盖2.xlsx');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('全部督查到');
    const out = await open(join(dir, '督查覆盖2.xlsx'));
    const people = table(out.getWorksheet('督查人员')!, '督查人员');
    expect(people.map((p) => [p[0], p[1]])).toEqual([['县残联 王', descendantsOf('430121', 'village').length], ['市残联 李明', 1]]);
    expect(people[1]![3]).toEqual(new Date(Date.UTC(2019, 6, 10)));
  });
});
