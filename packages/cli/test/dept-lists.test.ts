/**
 * The department lists that go out and come back, tried as a department officer would: the lists
 * of the demo county opened with exceljs (typed cells, labels, the drop-down, no formula), then
 * filled in by a script as a department would (rows reordered, a row inserted above the header,
 * an extra column, typed-in variants, one invalid answer, a row that was never sent, the CSV form
 * saved as GBK) and read back with `canji verify`; the closure figures and corrections are
 * recomputed here from what the script wrote.
 */
import { readFileSync, statSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvLine } from '../src/csv.js';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const dir = tempDir();
const DEPTS = ['public-security', 'civil-affairs', 'education'] as const;
const FILES = { 'public-security': '公安部门待核实清单', 'civil-affairs': '民政部门待核实清单', education: '教育部门待核实清单' } as const;
const ANSWERS = ['以残联数据为准', '以部门数据为准', '双方均需更正', '无法核实'] as const;
const HEADERS = ['核查编号', '乡镇（街道）', '村（社区）', '原表行号', '姓名', '公民身份号码', '比对项目', '残联登记值', '部门数据值', '不一致情况', '核实结果', '备注', '核实人', '核实日期'];
const INJECTED = '=HYPERLINK("http://x")';
const deptArgs = DEPTS.flatMap((d) => ['--dept', `${d}=depts/${d}.csv`]);
let fullIdsRun: { code: number; stderr: string };

beforeAll(async () => {
  const s = await canji(dir, 'synth', '--count', '4000', '--region', '430121', '--seed', '1', '--errors', '0.02', '--departments', 'depts', '--out', 'persons.csv', '-q');
  expect(s.code).toBe(0);
  // A person whose name is a formula and differs from the household register's.
  const rows = parse(readFileSync(join(dir, 'persons.csv'), 'utf8'), { relax_column_count: true }) as string[][];
  const nameCol = rows[0]!.indexOf('name');
  rows[1]![nameCol] = INJECTED;
  writeFileSync(join(dir, 'persons.csv'), rows.map((r) => csvLine(r)).join(''));
  const base = ['check', 'persons.csv', '--region', '430121', '--as-of', '2019-06-30', ...deptArgs, '--out', 'report.json', '--fail-on', 'never', '-q'];
  expect((await canji(dir, ...base, '--discrepancies', 'lists')).code).toBe(0);
  fullIdsRun = await canji(dir, ...base, '--discrepancies', 'lists-full', '--full-ids');
}, 120_000);

async function sheetOf(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets[0]!;
}

/** The data rows of a list as the officer sees them: header row found, then values by header. */
function tableOf(ws: ExcelJS.Worksheet) {
  let headerRow = 0;
  ws.eachRow((r, n) => {
    if (!headerRow && r.getCell(1).value === '核查编号') headerRow = n;
  });
  const rows: { n: number; cells: ExcelJS.Cell[]; get: (h: string) => ExcelJS.Cell }[] = [];
  for (let n = headerRow + 1; n <= ws.rowCount; n++) {
    const r = ws.getRow(n);
    if (r.getCell(1).value === null) continue;
    const cells = HEADERS.map((_, i) => r.getCell(i + 1));
    rows.push({ n, cells, get: (h) => cells[HEADERS.indexOf(h)]! });
  }
  return { headerRow, rows };
}

describe('department lists (check --discrepancies)', () => {
  it('are XLSX for people: Chinese headers, a caption, masked IDs as text, labels, the four-choice drop-down, 0600', async () => {
    const ws = await sheetOf(join(dir, 'lists', `${FILES['public-security']}.xlsx`));
    const { headerRow, rows } = tableOf(ws);
    expect(headerRow).toBe(5);
    expect(String(ws.getCell('A1').value)).toContain('待核实清单');
    expect(String(ws.getCell('A3').value)).toContain('以残联数据为准 / 以部门数据为准 / 双方均需更正 / 无法核实');
    expect((ws.getRow(headerRow).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(rows.length).toBeGreaterThan(50);
    for (const r of rows) {
      const id = r.get('公民身份号码');
      expect(id.type).toBe(ExcelJS.ValueType.String);
      expect(id.value).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      expect(String(r.get('核查编号').value)).toMatch(/^GA-[0-9A-F]{4}-\d{4}$/);
      expect(r.get('乡镇（街道）').value).toMatch(/[街道镇乡]$/);
      expect(r.get('村（社区）').value).toBeTruthy();
    }
    // Both values as labels of their own code lists: 核查状态 正常（6） against 户籍状态 迁出（2）.
    const moved = rows.filter((r) => String(r.get('不一致情况').value).startsWith('户籍已迁出或注销'));
    expect(moved.length).toBeGreaterThan(10);
    for (const r of moved) {
      expect(r.get('残联登记值').value).toBe('正常（6）');
      expect(['迁出（2）', '注销（其他原因）（4）']).toContain(r.get('部门数据值').value);
    }
    const dv = rows[0]!.get('核实结果').dataValidation;
    expect(dv.type).toBe('list');
    expect(dv.formulae[0]).toBe(`"${ANSWERS.join(',')}"`);
    expect(rows[0]!.get('核实日期').numFmt).toBe('yyyy-mm-dd');
    for (const f of readdirSync(join(dir, 'lists'))) expect(statSync(join(dir, 'lists', f)).mode & 0o777).toBe(0o600);
  });

  it('hold full 18-character IDs only with --full-ids, and say so', async () => {
    expect(fullIdsRun.code).toBe(0);
    expect(fullIdsRun.stderr).toContain('--full-ids');
    expect(fullIdsRun.stderr).toContain('完整的公民身份号码');
    const { rows } = tableOf(await sheetOf(join(dir, 'lists-full', `${FILES['public-security']}.xlsx`)));
    for (const r of rows) {
      const id = r.get('公民身份号码');
      expect(id.type).toBe(ExcelJS.ValueType.String);
      expect(String(id.value)).toMatch(/^\d{17}[\dX]$/);
    }
    // Without the option no list or manifest holds an 18-digit number.
    for (const f of readdirSync(join(dir, 'lists')).filter((f) => /\.(csv|json)$/.test(f))) expect(readFileSync(join(dir, 'lists', f), 'utf8')).not.toMatch(/\d{17}[\dX]/);
  });

  it('write no cell a spreadsheet would evaluate: the formula name is shown as text', async () => {
    let injected = 0;
    for (const d of DEPTS) {
      const ws = await sheetOf(join(dir, 'lists', `${FILES[d]}.xlsx`));
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') {
            expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
            if (cell.value.includes('HYPERLINK')) injected++;
          }
        }),
      );
      const csv = readFileSync(join(dir, 'lists', `${FILES[d]}.csv`), 'utf8');
      for (const rec of parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][]) for (const c of rec) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    }
    // The name mismatch is listed for public security: the name and the recorded value cells, at the
    // spreadsheet row the clerk sees (line 2 of persons.csv).
    expect(injected).toBeGreaterThanOrEqual(2);
    const { rows } = tableOf(await sheetOf(join(dir, 'lists', `${FILES['public-security']}.xlsx`)));
    const named = rows.find((r) => String(r.get('不一致情况').value).startsWith('姓名与户籍登记不一致') && String(r.get('姓名').value).includes('HYPERLINK'))!;
    expect(named.get('原表行号').value).toBe(2);
    expect(named.get('残联登记值').value).toBe(`'${INJECTED}`);
  });

  it('list only real disagreements, sorted by township, village and row; agreements are counted', async () => {
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    for (const d of DEPTS) {
      const { rows } = tableOf(await sheetOf(join(dir, 'lists', `${FILES[d]}.xlsx`)));
      const dep = report.departments.find((x: { department: string }) => x.department === d);
      expect(rows.length).toBe(dep.discrepancyCount);
      const persons = new Set(rows.map((r) => r.get('原表行号').value));
      expect(dep.agreed).toBe(dep.compared - persons.size);
      const keys = rows.map((r) => [String(r.get('乡镇（街道）').value), String(r.get('村（社区）').value), Number(r.get('原表行号').value)] as const);
      // Townships and villages come in blocks; rows ascend within a village.
      const seen = new Set<string>();
      keys.forEach((k, i) => {
        const prev = keys[i - 1];
        if (prev && prev[0] === k[0] && prev[1] === k[1]) expect(k[2]).toBeGreaterThanOrEqual(prev[2]);
        else {
          expect(seen.has(`${k[0]}/${k[1]}`)).toBe(false);
          seen.add(`${k[0]}/${k[1]}`);
        }
      });
      for (const r of rows) {
        // Both sides are labels: a code is always shown with its label, never bare.
        for (const h of ['残联登记值', '部门数据值']) expect(String(r.get(h).value)).not.toMatch(/^\d+$/);
      }
    }
    const civil = report.departments.find((x: { department: string }) => x.department === 'civil-affairs');
    expect(civil.agreementFindings).toBeGreaterThan(0);
    const { rows } = tableOf(await sheetOf(join(dir, 'lists', `${FILES['civil-affairs']}.xlsx`)));
    expect(rows.some((r) => String(r.get('不一致情况').value).includes('均未享受'))).toBe(false);
  });
});

interface Written {
  id: string;
  dept: (typeof DEPTS)[number];
  township: string;
  /** What the script means; `invalid` for the answer that is not one. */
  answer: (typeof ANSWERS)[number] | 'invalid' | undefined;
  label: string;
  departmentLabel: string;
}

/** Fills the lists in as a department would and saves them into `returned/`; returns what it wrote. */
async function fillIn(all: boolean): Promise<Written[]> {
  const out = join(dir, all ? 'returned-all' : 'returned');
  mkdirSync(out, { recursive: true });
  const written: Written[] = [];
  let invalidDone = false;
  for (const d of DEPTS) {
    const ws = await sheetOf(join(dir, 'lists', `${FILES[d]}.xlsx`));
    const { rows } = tableOf(ws);
    const data = rows.map((r) => r.cells.map((c) => (c.value instanceof Date ? c.value : c.value === null ? '' : String(c.value))));
    // Reordered: sorted by name, as an officer might.
    data.sort((a, b) => String(a[4]).localeCompare(String(b[4]), 'zh'));
    data.forEach((row, i) => {
      let answer: Written['answer'] = all ? ANSWERS[i % 4] : i % 5 === 4 ? undefined : ANSWERS[i % 5];
      let typed: string = answer ?? '';
      if (!all && answer === '以部门数据为准' && i % 3 === 0) typed = d === 'public-security' ? '以公安数据为准' : '以部门数据为准。';
      if (!all && answer === '以残联数据为准' && i % 3 === 0) typed = ' 以残联数据为准　';
      if (!all && answer === '无法核实' && i % 3 === 0) typed = '不能核实';
      if (!all && !invalidDone && answer === '双方均需更正') {
        typed = '同意';
        answer = 'invalid';
        invalidDone = true;
      }
      row[10] = typed;
      row[11] = answer === '无法核实' ? '查无此人' : '';
      row[12] = answer ? '李核实' : '';
      row[13] = answer ? (i % 2 ? new Date(Date.UTC(2024, 4, 6)) : '2024/5/6') : '';
      written.push({ id: String(row[0]), dept: d, township: String(row[1]), answer, label: String(row[9]), departmentLabel: String(row[8]) });
    });
    if (d === 'education') {
      // The CSV form, saved by Chinese Excel: GBK, no BOM, rows reordered.
      const lines = [csvLine(HEADERS), ...data.map((r) => csvLine(r.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c))))];
      writeFileSync(join(out, `${FILES[d]}.csv`), iconv.encode(lines.join(''), 'gbk'));
      continue;
    }
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('待核实清单');
    sheet.addRow([`${FILES[d]}（已核实）`]);
    sheet.addRow(['报送单位：某部门']); // a row inserted above the header
    sheet.addRow([]);
    sheet.addRow(['请逐条核实']);
    sheet.addRow(['说明']);
    sheet.addRow(all ? HEADERS : [...HEADERS, '联系电话']);
    for (const r of data) sheet.addRow(all ? r : [...r, '0731-1234567']);
    if (!all && d === 'public-security') sheet.addRow(['GA-0000-9999', '星沙街道', '', 1, '王某', '', '', '', '', '', '以部门数据为准', '', '李核实', new Date(Date.UTC(2024, 4, 6))]);
    await wb.xlsx.writeFile(join(out, `${FILES[d]}.xlsx`));
  }
  return written;
}

describe('canji verify (the round trip)', () => {
  it('reads the returned lists back: closure by department and township, corrections and open items as written', async () => {
    const written = await fillIn(false);
    const r = await canji(dir, 'verify', 'returned', '--manifest', 'lists/清单.json', '--out', 'results');
    expect(r.code).toBe(1);
    // Every problem reported with its stable code, file and row.
    expect(r.stderr).toMatch(/错误 \[VERIFY_INVALID_ANSWER\]：\S+待核实清单\.xlsx（工作表“待核实清单”）第 \d+ 行：核实结果“同意”不是可选的答复/);
    expect(r.stderr).toMatch(/错误 \[VERIFY_UNKNOWN_ID\]：公安部门待核实清单\.xlsx（工作表“待核实清单”）第 \d+ 行的核查编号“GA-0000-9999”不在发出的清单中/);
    expect(r.stderr).toMatch(/提示 \[VERIFY_EXTRA_COLUMN\]：.*“联系电话”不是清单的列，有 \d+ 个单元格有内容/);
    expect(r.stderr).toMatch(/提示 \[VERIFY_ANSWER_NORMALIZED\]：.*核实结果“以公安数据为准”按“以部门数据为准”读取/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'results', '核实汇总.xlsx'));
    const findings = wb.getWorksheet('读取问题')!;
    const codes: string[] = [];
    findings.eachRow((row) => codes.push(String(row.getCell(2).value)));
    expect(codes).toContain('VERIFY_DATE_NORMALIZED');
    expect(codes.filter((c) => c === 'VERIFY_INVALID_ANSWER')).toHaveLength(1);

    // Closure per department, recomputed from what the script wrote.
    const valid = (w: Written) => w.answer !== undefined && w.answer !== 'invalid';
    const byDept = wb.getWorksheet('按部门')!;
    const table = new Map<string, number[]>();
    byDept.eachRow((row, n) => {
      if (n > 3) table.set(String(row.getCell(1).value), (row.values as unknown[]).slice(2).map(Number));
    });
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    for (const d of DEPTS) {
      const name = report.departments.find((x: { department: string }) => x.department === d).name;
      const mine = written.filter((w) => w.dept === d);
      const row = table.get(name)!;
      const answered = mine.filter(valid).length;
      expect(row.slice(0, 3)).toEqual([mine.length, answered, answered / mine.length]);
      expect(row.slice(3, 7)).toEqual(ANSWERS.map((a) => mine.filter((w) => w.answer === a).length));
      expect(row[7]).toBe(mine.filter((w) => w.answer === 'invalid').length);
      expect(row[8]).toBe(mine.filter((w) => w.answer === undefined).length);
    }
    // Closure per township.
    const byTown = wb.getWorksheet('按乡镇')!;
    byTown.eachRow((row, n) => {
      if (n === 1) return;
      const mine = written.filter((w) => w.township === String(row.getCell(1).value));
      expect([row.getCell(2).value, row.getCell(3).value]).toEqual([mine.length, mine.filter(valid).length]);
    });

    // Corrections: exactly the rows answered 以部门数据为准, with what to set.
    const corrections = JSON.parse(readFileSync(join(dir, 'results', '更正清单.json'), 'utf8')).corrections as { id: string; op: string; label?: string; item: string; value?: unknown }[];
    expect(corrections.map((c) => c.id).sort()).toEqual(written.filter((w) => w.answer === '以部门数据为准').map((w) => w.id).sort());
    let moved = 0;
    let civil = 0;
    for (const c of corrections) {
      const w = written.find((x) => x.id === c.id)!;
      if (w.label.startsWith('户籍已迁出') && w.departmentLabel === '迁出（2）') {
        expect(c).toMatchObject({ item: 'person_status', op: 'set', value: 2, label: '核查状态 改为“已搬迁（2）”' });
        moved++;
      }
      // A subsidy the roster has (or lacks): added to (or taken off) R28.
      if (w.label.startsWith('重度残疾人护理补贴登记情况')) {
        expect(c).toMatchObject({ item: 'r28', op: w.departmentLabel.includes('重度残疾人护理补贴（4）') ? 'add' : 'remove', value: 2 });
        civil++;
      }
    }
    expect(moved).toBeGreaterThan(0);
    expect(civil).toBeGreaterThan(0);
    // Open items: unanswered, invalid, 无法核实, 双方均需更正 — and a later run can read them.
    const open = JSON.parse(readFileSync(join(dir, 'results', '未结事项.json'), 'utf8'));
    expect(open.format).toBe('canji-open-items');
    expect(open.items.map((i: { id: string }) => i.id).sort()).toEqual(
      written.filter((w) => w.answer === undefined || w.answer === 'invalid' || w.answer === '无法核实' || w.answer === '双方均需更正').map((w) => w.id).sort(),
    );
    for (const f of readdirSync(join(dir, 'results'))) expect(statSync(join(dir, 'results', f)).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('puts the verification status into the report (check --verification): per department sent, answered, by answer, open', async () => {
    const status = JSON.parse(readFileSync(join(dir, 'results', '核实状态.json'), 'utf8'));
    expect(status.format).toBe('canji-verification-status');
    const open = JSON.parse(readFileSync(join(dir, 'results', '未结事项.json'), 'utf8')).items as { department: string }[];
    const manifest = JSON.parse(readFileSync(join(dir, 'lists', '清单.json'), 'utf8'));
    const r = await canji(dir, 'check', 'persons.csv', '--region', '430121', '--as-of', '2019-06-30', ...deptArgs, '--verification', 'results/核实状态.json',
      '--out', 'verified.json', '--out', 'verified.html', '--out', 'verified.xlsx', '--fail-on', 'never', '-q');
    expect(r.code, r.stderr).toBe(0);
    // Same data file as the lists were made from: no notice that it is another round.
    expect(r.stderr).not.toContain('CHECK_VERIFICATION_OTHER_FILE');
    const report = JSON.parse(readFileSync(join(dir, 'verified.json'), 'utf8'));
    expect(report.verification.departments.map((d: { department: string }) => d.department).sort()).toEqual([...DEPTS].sort());
    for (const d of report.verification.departments as { department: string; sent: number; answered: number; open: number; byResult: Record<string, number> }[]) {
      const list = manifest.lists.find((l: { department: string }) => l.department === d.department);
      expect(d.sent).toBe(list.entries.length);
      expect(d.open).toBe(open.filter((i) => i.department === d.department).length);
      expect(Object.values(d.byResult).reduce((a, b) => a + b, 0)).toBe(d.answered);
    }
    const html = readFileSync(join(dir, 'verified.html'), 'utf8');
    const ps = report.verification.departments.find((d: { department: string }) => d.department === 'public-security');
    expect(html).toContain(`已核实 ${ps.answered} / ${ps.sent}，未结 ${ps.open}`);
    expect(html).not.toContain('未核实（核实结果尚未返回）');
    // The XLSX report has the same figures, as numbers.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'verified.xlsx'));
    const sheet = wb.getWorksheet('核实情况')!;
    let psRow: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === report.departments.find((d: { department: string }) => d.department === 'public-security').name) psRow = row;
    });
    expect(psRow, 'the public-security row of 核实情况').toBeDefined();
    expect([psRow!.getCell(2).value, psRow!.getCell(3).value]).toEqual([ps.sent, ps.answered]);
    // A malformed status file is refused before any work.
    writeFileSync(join(dir, 'bad-status.json'), JSON.stringify({ format: 'canji-verification-status', version: 1 }));
    const bad = await canji(dir, 'check', 'persons.csv', '--verification', 'bad-status.json', '--out', 'never.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('VERIFY_STATUS_INVALID');
  }, 60_000);

  it('exits 0 when every item is answered validly and closed', async () => {
    await fillIn(true);
    // Answers 双方均需更正 / 无法核实 leave items open (exit 1); replace them to close everything.
    for (const d of DEPTS) {
      const path = join(dir, 'returned-all', `${FILES[d]}.${d === 'education' ? 'csv' : 'xlsx'}`);
      if (d === 'education') {
        const text = iconv.decode(readFileSync(path), 'gbk').replaceAll('双方均需更正', '以残联数据为准').replaceAll('无法核实', '以部门数据为准');
        writeFileSync(path, iconv.encode(text, 'gbk'));
        continue;
      }
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      wb.worksheets[0]!.eachRow((row) => {
        const c = row.getCell(11);
        if (c.value === '双方均需更正') c.value = '以残联数据为准';
        if (c.value === '无法核实') c.value = '以部门数据为准';
      });
      await wb.xlsx.writeFile(path);
    }
    const r = await canji(dir, 'verify', 'returned-all', '--manifest', 'lists/清单.json', '--out', 'results-all');
    expect(r.stderr).not.toMatch(/^错误 \[/m); // no error finding (the summary line counts 错误 0 条)
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('未结事项 0 条');
  }, 60_000);

  it('refuses a missing manifest with a usage error (exit 2)', async () => {
    const r = await canji(dir, 'verify', 'returned');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('VERIFY_NO_MANIFEST');
  });
});
