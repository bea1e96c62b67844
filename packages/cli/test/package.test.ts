/**
 * `canji package build | verify | combine` on the demo county (长沙县, the README's region, seed and
 * departments; fewer persons) and a second county (浏阳市): the files produced, the 双签字报表 read
 * back as a reader sees it (exceljs) and printed in Chromium (one A4 page), the manifest verified,
 * a tampered file found, the approval state from the review store, and the two counties'
 * packages combined by the level above with their figures re-added.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveUnit, configureReview, openReviewStore, reviewConfigFromRegions, submitUnit } from '@canji/review';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const PDF = CHROMIUM || process.env.CI ? [] : ['--no-pdf'];
const AS_OF = '2019-06-30';

const pdfPages = (file: string): number => readFileSync(file).toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let dir = '';
let built = { code: -1, stdout: '', stderr: '' };

beforeAll(async () => {
  dir = tempDir();
  await canji(dir, 'synth', '--count', '800', '--region', '430121', '--seed', '1', '--errors', '0.02', '--departments', 'depts', '--out', 'changsha.csv', '-q');
  await canji(dir, 'synth', '--count', '300', '--region', '430181', '--seed', '2', '--errors', '0.02', '--out', 'liuyang.csv', '-q');
  built = await canji(dir, 'package', 'build', 'changsha.csv', '--region', '430121', '--as-of', AS_OF, '--dept', 'public-security=depts/public-security.csv', '--dept', 'civil-affairs=depts/civil-affairs.csv', ...PDF, '-q', '-o', '长沙县上报包');
  const b = await canji(dir, 'package', 'build', 'liuyang.csv', '--region', '430181', '--as-of', AS_OF, '--no-pdf', '-q', '-o', '浏阳市上报包');
  expect(b.code, b.stderr).toBe(0);
}, 120_000);

describe('canji package build', () => {
  it('writes the folder and its .zip: 双签字报表, 工作总结 draft, 数据校验报告 by canji check, figures and manifest', () => {
    expect(built.stderr).not.toMatch(/^错误 \[/m);
    expect(built.code).toBe(0);
    expect(built.stderr).toContain('PACKAGE_NO_APPROVAL');
    const pkg = join(dir, '长沙县上报包');
    const files = readdirSync(pkg, { recursive: true }).map(String).sort();
    for (const f of ['manifest.json', '汇总数据.json', '双签字报表.xlsx', '双签字报表.html', '工作总结（草稿）.md', '工作总结（草稿）.html', join('数据校验报告', '数据校验报告.json'), join('数据校验报告', '数据校验报告.html')]) expect(files).toContain(f);
    expect(existsSync(join(dir, '长沙县上报包.zip'))).toBe(true);
    const m = json(join(pkg, 'manifest.json'));
    expect(m).toMatchObject({ unit: { code: '430121', name: '湖南省长沙市长沙县', level: 'county' }, round: '2019', referenceDate: AS_OF, formVersion: '2017', approval: null });
    expect(m.batch).toEqual({ name: 'changsha.csv', sha256: sha(join(dir, 'changsha.csv')), bytes: readFileSync(join(dir, 'changsha.csv')).length, records: expect.any(Number) });
    for (const f of m.files) expect(f.sha256, f.path).toBe(sha(join(pkg, f.path)));
    expect(m.files.length).toBe(files.filter((f) => f !== 'manifest.json' && f !== '数据校验报告').length);
    // The figures are the report's: canji check's own JSON report in the package.
    const report = json(join(pkg, '数据校验报告', '数据校验报告.json'));
    const figures = json(join(pkg, '汇总数据.json'));
    expect(figures.total.persons).toBe(report.counts.read - report.counts.unreadable);
    expect(figures.rows.length).toBe(report.regions.length);
    expect(report.departments.map((d: { department: string }) => d.department).sort()).toEqual(['civil-affairs', 'public-security']);
  });

  it('the 双签字报表 workbook, read back: typed cells by township, the total row, both signature lines and the stamp', async () => {
    const pkg = join(dir, '长沙县上报包');
    const figures = json(join(pkg, '汇总数据.json'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(pkg, '双签字报表.xlsx'));
    const ws = wb.getWorksheet('双签字报表')!;
    expect(String(ws.getCell(1, 1).value)).toBe('湖南省长沙市长沙县 2019 年度残疾人基本服务状况和需求信息数据动态更新汇总表');
    const rows: unknown[][] = [];
    const numbers: number[] = [];
    ws.eachRow((r, n) => {
      rows.push((r.values as unknown[]).slice(1));
      numbers.push(n);
    });
    const header = rows.findIndex((r) => r[0] === '单位代码');
    expect(rows[header]!.slice(0, 4)).toEqual(['单位代码', '单位名称', '人数', '入户调查']);
    const first = rows[header + 1]!;
    expect(typeof first[0]).toBe('string');
    expect(first[0]).toMatch(/^430121\d{3}$/);
    expect(typeof first[2]).toBe('number');
    const total = rows.find((r) => r[0] === '合计')!;
    expect(total[2]).toBe(figures.total.persons);
    expect(total[3]).toBe(figures.total.homeVisits);
    const rateCol = rows[header]!.indexOf('入户调查率') + 1;
    expect(ws.getRow(numbers[header + 1]!).getCell(rateCol).numFmt).toBe('0.0%');
    expect(typeof ws.getRow(numbers[header + 1]!).getCell(rateCol).value).toBe('number');
    const texts = rows.flat().filter((v): v is string => typeof v === 'string');
    expect(texts).toContain('长沙县人民政府副秘书长（签字）：');
    expect(texts).toContain('长沙县残疾人联合会理事长（签字）：');
    expect(texts).toContain('长沙县人民政府残疾人工作委员会（盖章）');
    expect(texts.some((t) => t.includes('暂定'))).toBe(true);
    expect(texts.filter((t) => t.startsWith('日期'))).toHaveLength(2);
  });

  it('the work summary draft: figures filled, prose left as marked blanks', () => {
    const md = readFileSync(join(dir, '长沙县上报包', '工作总结（草稿）.md'), 'utf8');
    const figures = json(join(dir, '长沙县上报包', '汇总数据.json'));
    expect(md).toContain(`共完成 ${figures.total.persons} 名持证残疾人`);
    expect(md.match(/【待填写】/g)!.length).toBeGreaterThanOrEqual(4);
  });

  it.skipIf(!CHROMIUM && !process.env.CI)('prints the 双签字报表 on one A4 page, the draft and canji check’s report as PDFs', () => {
    const pkg = join(dir, '长沙县上报包');
    expect(pdfPages(join(pkg, '双签字报表.pdf'))).toBe(1);
    expect(pdfPages(join(pkg, '工作总结（草稿）.pdf'))).toBeGreaterThanOrEqual(1);
    expect(pdfPages(join(pkg, '数据校验报告', '数据校验报告.pdf'))).toBeGreaterThanOrEqual(3);
    const roles = json(join(pkg, 'manifest.json')).files.map((f: { role: string }) => f.role);
    expect(roles).toEqual(expect.arrayContaining(['summary-pdf', 'work-summary-pdf', 'validation-report-pdf']));
  });

  it('never writes over a folder that is not empty (exit 2), and needs a region in the region table', async () => {
    const r = await canji(dir, 'package', 'build', 'liuyang.csv', '--region', '430181', '--as-of', AS_OF, '--no-pdf', '-o', '浏阳市上报包');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误 [PACKAGE_OUT_EXISTS]');
    const r2 = await canji(dir, 'package', 'build', 'liuyang.csv', '--as-of', AS_OF, '-o', 'x');
    expect(r2.code).toBe(2);
    const r3 = await canji(dir, 'package', 'build', 'liuyang.csv', '--region', '99', '--as-of', AS_OF, '--no-pdf', '-o', 'x');
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('错误 [USAGE_REGION]');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});

describe('canji package verify', () => {
  it('passes the package as made, folder or .zip, and the manifest hash sent apart', async () => {
    const r = await canji(dir, 'package', 'verify', '长沙县上报包');
    expect(r.stdout).toContain('核验通过');
    expect(r.code).toBe(0);
    expect((await canji(dir, 'package', 'verify', '长沙县上报包.zip')).code).toBe(0);
    const h = sha(join(dir, '长沙县上报包', 'manifest.json'));
    expect(built.stderr).toContain(h);
    expect((await canji(dir, 'package', 'verify', '长沙县上报包', '--expect-manifest', h)).code).toBe(0);
    const wrong = await canji(dir, 'package', 'verify', '长沙县上报包', '--expect-manifest', 'f'.repeat(64));
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('PACKAGE_MANIFEST_CHANGED');
  });

  it('finds a tampered, a missing and an extra file (exit 1, code and path)', async () => {
    const copy = join(dir, '改动的上报包');
    cpSync(join(dir, '长沙县上报包'), copy, { recursive: true });
    const xlsx = join(copy, '双签字报表.xlsx');
    const b = readFileSync(xlsx);
    b[b.length >> 1] = b[b.length >> 1]! ^ 0x01;
    writeFileSync(xlsx, b);
    rmSync(join(copy, '工作总结（草稿）.md'));
    writeFileSync(join(copy, '补充说明.txt'), '后加的文件');
    const r = await canji(dir, 'package', 'verify', '改动的上报包');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('错误 [PACKAGE_FILE_CHANGED] 双签字报表.xlsx');
    expect(r.stdout).toContain('错误 [PACKAGE_FILE_MISSING] 工作总结（草稿）.md');
    expect(r.stdout).toContain('错误 [PACKAGE_FILE_EXTRA] 补充说明.txt');
    expect(r.stderr).toContain('核验未通过');
  });

  it('a folder without a manifest fails (exit 1); a path that is not there is an input error (exit 2)', async () => {
    expect((await canji(dir, 'package', 'verify', 'depts')).stdout).toContain('PACKAGE_MANIFEST_MISSING');
    const r = await canji(dir, 'package', 'verify', '没有这个目录');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PACKAGE_NOT_FOUND');
  });
});

describe('canji package combine', () => {
  it('verifies both counties’ packages and writes 长沙市’s package with the figures re-added', async () => {
    const r = await canji(dir, 'package', 'combine', '长沙县上报包', '浏阳市上报包.zip', '--no-pdf', '-o', '长沙市上报包');
    expect(r.stderr).not.toMatch(/^错误 \[/m);
    expect(r.code).toBe(0);
    const a = json(join(dir, '长沙县上报包', '汇总数据.json'));
    const b = json(join(dir, '浏阳市上报包', '汇总数据.json'));
    const c = json(join(dir, '长沙市上报包', '汇总数据.json'));
    expect(c.unit).toEqual({ code: '4301', name: '湖南省长沙市' });
    expect(c.rows.map((x: { code: string; persons: number }) => [x.code, x.persons])).toEqual([
      ['430121', a.total.persons],
      ['430181', b.total.persons],
    ]);
    for (const k of ['persons', 'withErrors', 'withWarnings', 'homeVisits']) expect(c.total[k], k).toBe(a.total[k] + b.total[k]);
    const m = json(join(dir, '长沙市上报包', 'manifest.json'));
    expect(m.batch).toBeNull();
    expect(m.children.map((x: { code: string; added: boolean }) => [x.code, x.added])).toEqual([['430121', true], ['430181', true]]);
    expect(m.children[0].manifestSha256).toBe(sha(join(dir, '长沙县上报包', 'manifest.json')));
    expect(existsSync(join(dir, '长沙市上报包', '下级上报包', '430181', 'manifest.json'))).toBe(true);
    // The level above's package verifies like any other.
    expect((await canji(dir, 'package', 'verify', '长沙市上报包')).code).toBe(0);
  });

  it('leaves out a tampered county, lists why, and exits 1', async () => {
    const r = await canji(dir, 'package', 'combine', '长沙县上报包', '改动的上报包', '浏阳市上报包', '--region', '4301', '--no-pdf', '--no-zip', '-o', '长沙市上报包2');
    expect(r.code).toBe(1);
    const f = json(join(dir, '长沙市上报包2', '合并核验结果.json'));
    const codes = f.findings.map((x: { code: string }) => x.code);
    expect(codes).toEqual(expect.arrayContaining(['PACKAGE_FILE_CHANGED', 'PACKAGE_UNIT_DUPLICATE']));
    const c = json(join(dir, '长沙市上报包2', '汇总数据.json'));
    expect(c.rows.map((x: { code: string }) => x.code)).toEqual(['430121', '430181']);
    expect(existsSync(join(dir, '长沙市上报包2.zip'))).toBe(false);
  });
});

describe('canji package build --review-db', () => {
  it('records the approval state of the unit’s round, locked to this batch', async () => {
    const db = join(dir, 'review.jsonl');
    const store = await openReviewStore(db);
    const at = '2019-07-20T10:00:00+08:00';
    try {
      await configureReview(store, { round: '2019', by: '湖南省残联', at, config: reviewConfigFromRegions('4301') });
      const hash = sha(join(dir, 'liuyang.csv'));
      await submitUnit(store, { round: '2019', unit: '430181', by: '浏阳市 张三', at, hash, batch: 'liuyang.csv' });
      await approveUnit(store, { round: '2019', unit: '430181', level: 'county', by: '浏阳市残联 李四', at, hash });
    } finally {
      await store.close();
    }
    const r = await canji(dir, 'package', 'build', 'liuyang.csv', '--region', '430181', '--as-of', AS_OF, '--review-db', 'review.jsonl', '--no-pdf', '--no-zip', '-q', '-o', '浏阳市已审核');
    expect(r.stderr).not.toMatch(/^错误 \[/m);
    expect(r.code).toBe(0);
    const m = json(join(dir, '浏阳市已审核', 'manifest.json'));
    expect(m.approval).toMatchObject({ state: 'approved', level: 'county', approved: true, current: true, by: '浏阳市残联 李四', batchSha256: sha(join(dir, 'liuyang.csv')) });
    const v = await canji(dir, 'package', 'verify', '浏阳市已审核');
    expect(v.code).toBe(0);
    expect(v.stdout).toContain(`审核状态：${m.approval.label}`);
    expect(v.stdout).not.toContain('PACKAGE_APPROVAL_NONE');
  });
});
