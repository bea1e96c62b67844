/**
 * The workbench in real Chromium (Debian's, driven by playwright-core), opened from disk as a clerk
 * would: the demo county's files dropped into the page give the figures `canji check` gives on the
 * same files (GBK CSV, UTF-16 text, XLSX); the downloads open with exceljs and hold what the CLI
 * writes; returned department lists read back give `canji verify`'s closure; a run can be cancelled;
 * no network request is made and the strict CSP logs no violation. The entry page shows and hides
 * items as the skip logic says. Skips only when no chromium binary exists and CI is not set.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { run, type CliIo } from '@canji/cli';
import { applicableItems, personForm } from '@canji/form';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const enabled = CHROMIUM !== undefined || process.env.CI !== undefined;
const here = fileURLToPath(new URL('..', import.meta.url));
const DEPTS = ['civil-affairs', 'education', 'health', 'housing', 'poverty-relief', 'public-security', 'social-security'];
const AS_OF = '2019-06-30';

async function canji(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, cwd };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** A worksheet's cells as text rows (what a clerk sees), for comparing two workbooks. */
async function sheetsOf(path: string): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: Record<string, string[][]> = {};
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (c, i) => void (cells[i - 1] = c.value instanceof Date ? c.value.toISOString().slice(0, 10) : c.value === null || c.value === undefined ? '' : typeof c.value === 'object' ? JSON.stringify(c.value) : String(c.value)));
      rows[n - 1] = cells;
    });
    out[ws.name] = rows;
  });
  return out;
}

/** The summary without what names where the files went (the page writes them in its own memory). */
const comparable = (s: Record<string, unknown>) => ({ ...s, written: undefined, input: { ...(s.input as object), name: undefined } });

describe.skipIf(!enabled)('the workbench in headless Chromium', () => {
  let dir = '';
  let dist = '';
  let browser: Browser;
  let context: BrowserContext;
  const violations: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canji-workbench-'));
    dist = join(dir, 'dist');
    const b = spawnSync(process.execPath, [join(here, 'build.mjs')], { env: { ...process.env, WORKBENCH_DIST: dist }, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`workbench build failed: ${b.stderr}`);
    // The demo county (synthetic: 3 000 persons, 5 % with planted errors, labels as headers, GBK as Excel saves it) and the seven extracts.
    const s = await canji(dir, 'synth', '--count', '3000', '--seed', '7', '--errors', '0.05', '--departments', 'dept', '--encoding', 'gbk', '--headers', 'label', '-q', '-o', 'county.csv');
    expect(s.code, s.stderr).toBe(0);
    const x = await canji(dir, 'synth', '--count', '800', '--seed', '8', '--errors', '0.05', '-q', '-o', 'county.xlsx');
    expect(x.code, x.stderr).toBe(0);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ ...(CHROMIUM ? { executablePath: CHROMIUM } : {}), args: ['--no-sandbox'] });
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => ((window as unknown as { __violations: string[] }).__violations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    context.on('request', (r) => requests.push(r.url()));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = async (file: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(`console: ${m.text()}`);
    });
    await page.goto(pathToFileURL(join(dist, file)).href);
    return page;
  };
  const done = async (page: Page, state: string) => {
    await page.waitForFunction((s) => document.body.dataset.state === s || document.querySelector('#status')?.className === 'error', state, { timeout: 180_000 });
    const status = await page.textContent('#status');
    expect(await page.evaluate(() => document.body.dataset.state), status ?? '').toBe(state);
  };
  const collectViolations = async (page: Page) => violations.push(...(await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? [])));

  it('checks the demo county (GBK, seven extracts) with the figures, lists and report of canji check', async () => {
    const cli = await canji(dir, 'check', 'county.csv', '--as-of', AS_OF, '--region', '430121', '--level', 'township', '--json', '-q', '--to-fix', 'cli/待修改记录.xlsx', '--discrepancies', 'cli/lists', ...DEPTS.flatMap((d) => ['--dept', `${d}=dept/${d}.csv`]));
    const expected = JSON.parse(cli.stdout);

    const page = await open('index.html');
    await page.fill('#asOf', AS_OF);
    await page.selectOption('#province', '43');
    await page.selectOption('#prefecture', '4301');
    await page.selectOption('#county', '430121');
    await page.setInputFiles('#batch', join(dir, 'county.csv'));
    await page.click('details summary');
    for (const d of DEPTS) await page.setInputFiles(`input[data-department="${d}"]`, join(dir, 'dept', `${d}.csv`));
    await page.click('#run');
    await done(page, 'checked');

    // What the clerk sees: the same counts as the CLI.
    const figures = await page.$$eval('#figures .figure b', (els) => els.map((e) => e.textContent));
    const c = expected.counts;
    expect(figures.slice(0, 5)).toEqual([c.read, c.clean, c.warningsOnly, c.withErrors, c.unreadable].map(String));
    expect(figures.slice(5)).toEqual(expected.departments.map((d: { discrepancies: number }) => String(d.discrepancies)));
    // And the whole summary: per rule, per department, the input's SHA-256.
    const shown = JSON.parse((await page.textContent('#summaryJson'))!);
    expect(comparable(shown)).toEqual(comparable(expected));

    // The report in the page is the CLI's report (its tables), printable from the page.
    const report = page.frameLocator('#report');
    await expect.poll(() => report.locator('h1').textContent()).toContain('数据校验报告');
    expect(await report.locator('body').textContent()).toContain(String(c.withErrors));

    // The downloads open with exceljs and hold what the CLI wrote.
    const download = async (name: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(`#downloads a:text-is("${name}")`)]);
      const to = join(dir, 'page', name.replace(/\//g, '_'));
      mkdirSync(join(dir, 'page'), { recursive: true });
      await d.saveAs(to);
      return to;
    };
    expect(await sheetsOf(await download('待修改记录.xlsx'))).toEqual(await sheetsOf(join(dir, 'cli', '待修改记录.xlsx')));
    const eduList = '部门核实清单/教育部门待核实清单.xlsx';
    const eduPage = await download(eduList);
    expect(await sheetsOf(eduPage)).toEqual(await sheetsOf(join(dir, 'cli', 'lists', '教育部门待核实清单.xlsx')));

    // The township filter narrows the list of records to fix.
    const all = Number(/(\d+) 处/.exec((await page.textContent('#fixCount'))!)![1]);
    const towns = await page.$$eval('#township option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(towns.length).toBeGreaterThan(3);
    let sum = 0;
    for (const t of towns) {
      await page.selectOption('#township', t);
      sum += Number(/(\d+) 处/.exec((await page.textContent('#fixCount'))!)![1]);
      const column = await page.$$eval('#fixTable tbody tr td:nth-child(2)', (tds) => [...new Set(tds.map((td) => td.textContent))]);
      expect(column).toEqual([t]);
      // The report's township rows follow the filter too.
      const shownTowns = await page.frameLocator('#report').locator('tr:not([hidden]) > :first-child').evaluateAll((cells) => [...new Set(cells.map((c) => /^(.+?)\s+\d{9}$/.exec(c.textContent?.trim() ?? '')?.[1]).filter(Boolean))]);
      expect(shownTowns).toEqual([t]);
    }
    await page.selectOption('#township', '');
    const allTowns = await page.frameLocator('#report').locator('tr:not([hidden]) > :first-child').evaluateAll((cells) => new Set(cells.map((c) => /^(.+?)\s+\d{9}$/.exec(c.textContent?.trim() ?? '')?.[1]).filter(Boolean)).size);
    expect(allTowns).toBeGreaterThanOrEqual(towns.length);
    expect(sum).toBe(all);

    // Read back: the education department answers some rows of its list; the closure equals canji verify's.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(eduPage);
    const ws = wb.getWorksheet('待核实清单')!;
    let header = 0;
    ws.eachRow((row, n) => void (header ||= (row.values as unknown[]).includes('核实结果') ? n : 0));
    const col = (h: string) => (ws.getRow(header).values as unknown[]).indexOf(h);
    let answered = 0;
    ws.eachRow((row, n) => {
      if (n > header && n % 3 === 0) {
        row.getCell(col('核实结果')).value = n % 2 ? '以部门数据为准' : '以残联数据为准';
        row.getCell(col('核实人')).value = '测试核实员';
        row.getCell(col('核实日期')).value = '2019-07-15';
        answered++;
      }
    });
    expect(answered).toBeGreaterThan(0);
    const returned = join(dir, 'returned', '教育部门待核实清单.xlsx');
    mkdirSync(join(dir, 'returned'), { recursive: true });
    await wb.xlsx.writeFile(returned);
    await page.setInputFiles('#returned', returned);
    await done(page, 'verified');
    const pageVerify = JSON.parse((await page.textContent('#verifyJson'))!);
    // canji verify on the same returned file, against the manifest the page wrote.
    const [m] = await Promise.all([page.waitForEvent('download'), page.click('#downloads a:text-is("部门核实清单/清单.json")')]);
    mkdirSync(join(dir, 'page-lists'), { recursive: true });
    await m.saveAs(join(dir, 'page-lists', '清单.json'));
    copyFileSync(returned, join(dir, 'page-lists', '教育部门待核实清单.xlsx'));
    const v = await canji(dir, 'verify', 'page-lists/教育部门待核实清单.xlsx', '--manifest', 'page-lists/清单.json', '--out', 'verified', '--json');
    const cliVerify = JSON.parse(v.stdout);
    expect({ ...pageVerify, written: undefined }).toEqual({ ...cliVerify, written: undefined });
    expect(pageVerify.total.answered).toBe(answered);
    expect(await page.$$eval('#closure .figure b', (els) => els.map((e) => e.textContent))).toContain(String(answered));
    await collectViolations(page);
    await page.close();
  }, 300_000);

  it('reads an XLSX batch and UTF-16 text as canji check does', async () => {
    // UTF-16LE with BOM and tabs (Excel/WPS “Unicode 文本”), made from the GBK CSV's content.
    const csv = spawnSync(process.execPath, ['-e', `const iconv=require(${JSON.stringify(require_('iconv-lite'))});const fs=require('fs');const t=iconv.decode(fs.readFileSync(process.argv[1]),'gb18030');fs.writeFileSync(process.argv[2],Buffer.concat([Buffer.from([0xff,0xfe]),Buffer.from(t.replace(/,/g,'\\t'),'utf16le')]))`, join(dir, 'county.csv'), join(dir, 'county-utf16.txt')]);
    expect(csv.status, String(csv.stderr)).toBe(0);
    // A workbook as offices send it: a merged title row above the header, and two cells merged in the data.
    const merged = new ExcelJS.Workbook();
    await merged.xlsx.readFile(join(dir, 'county.xlsx'));
    const ws = merged.worksheets[0]!;
    ws.spliceRows(1, 0, ['某某县残疾人基本服务状况和需求信息（合成数据）'], ['填报单位：某某县残联']);
    ws.mergeCells('A1:J1');
    ws.mergeCells('A2:E2');
    ws.mergeCells('B10:B11');
    await merged.xlsx.writeFile(join(dir, 'county-merged.xlsx'));
    for (const file of ['county.xlsx', 'county-utf16.txt', 'county-merged.xlsx']) {
      const cli = await canji(dir, 'check', file, '--as-of', AS_OF, '--level', 'township', '--json', '-q');
      const expected = JSON.parse(cli.stdout);
      const page = await open('index.html');
      await page.fill('#asOf', AS_OF);
      await page.uncheck('#withIndicators');
      await page.setInputFiles('#batch', join(dir, file));
      await page.click('#run');
      await done(page, 'checked');
      expect(comparable(JSON.parse((await page.textContent('#summaryJson'))!)), file).toEqual(comparable(expected));
      await collectViolations(page);
      await page.close();
    }
  }, 240_000);

  it('compares with last round and the roster, and writes the indicator tables, as the CLI does', async () => {
    // Round 2 of the synthetic rounds is a year after round 1 (2019-06-30).
    const ROUND_AS_OF = '2020-06-30';
    const r = await canji(dir, 'synth', '--rounds', '2', '--count', '1200', '--seed', '5', '-q', '-o', 'rounds');
    expect(r.code, r.stderr).toBe(0);
    const args = ['rounds/round-2.csv', '--previous', 'rounds/round-1.csv', '--roster', 'rounds/roster-2.csv', '--level', 'township', '--json', '-q'];
    const cli = await canji(dir, 'check', ...args, '--round-lists', 'cli-rounds', '--full-ids', '--as-of', ROUND_AS_OF);
    const expected = JSON.parse(cli.stdout);
    expect(expected.rounds.persons).toBeGreaterThan(1000);
    const page = await open('index.html');
    await page.setInputFiles('#batch', join(dir, 'rounds', 'round-2.csv'));
    await page.click('details summary');
    await page.setInputFiles('#previous', join(dir, 'rounds', 'round-1.csv'));
    await page.setInputFiles('#roster', join(dir, 'rounds', 'roster-2.csv'));
    await page.fill('#asOf', ROUND_AS_OF);
    await page.check('#fullIds');
    await page.click('#run');
    await done(page, 'checked');
    // With a reference date the page also computes the indicators: the same args for the CLI.
    const withDate = await canji(dir, 'check', ...args, '--as-of', ROUND_AS_OF);
    expect(comparable(JSON.parse((await page.textContent('#summaryJson'))!))).toEqual(comparable(JSON.parse(withDate.stdout)));
    const links = await page.$$eval('#downloads a', (as) => as.map((a) => a.textContent));
    expect(links).toContain('轮次比对清单/轮次比对清单.csv');
    // With 完整身份证号 ticked, the round list is the CLI's with --full-ids.
    const [rl] = await Promise.all([page.waitForEvent('download'), page.click('#downloads a:text-is("轮次比对清单/轮次比对清单.csv")')]);
    await rl.saveAs(join(dir, 'page-round-list.csv'));
    const roundList = readFileSync(join(dir, 'page-round-list.csv'), 'utf8');
    expect(roundList).toBe(readFileSync(join(dir, 'cli-rounds', '轮次比对清单.csv'), 'utf8'));
    expect(roundList).toMatch(/\d{17}[\dX]/);
    expect(links.filter((l) => l?.startsWith('轮次比对清单/') && l.endsWith('.xlsx')).length).toBeGreaterThan(0);
    // The indicator table is canji indicators' table on the same file.
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#downloads a:text-is("指标表.csv")')]);
    await d.saveAs(join(dir, 'page-indicators.csv'));
    const ind = await canji(dir, 'indicators', 'rounds/round-2.csv', '--as-of', ROUND_AS_OF, '--by', 'township', '--out', 'cli-indicators.csv', '-q');
    expect(ind.code, ind.stderr).toBe(0);
    expect(readFileSync(join(dir, 'page-indicators.csv'), 'utf8')).toBe(readFileSync(join(dir, 'cli-indicators.csv'), 'utf8'));
    await collectViolations(page);
    await page.close();
  }, 240_000);

  it('a bad file is a zh-CN error with its code, and a run can be cancelled', async () => {
    writeFileSync(join(dir, 'notes.csv'), '会议纪要\n今天讨论了明年的工作安排\n');
    const page = await open('index.html');
    await page.setInputFiles('#batch', join(dir, 'notes.csv'));
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#status')?.className === 'error');
    expect(await page.textContent('#status')).toMatch(/^错误 \[INPUT_HEADER_UNKNOWN\]：/);

    const big = await canji(dir, 'synth', '--count', '40000', '--seed', '9', '-q', '-o', 'big.csv');
    expect(big.code).toBe(0);
    await page.setInputFiles('#batch', join(dir, 'big.csv'));
    await page.click('#run');
    await page.waitForFunction(() => /已读取 \d+ 行/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 60_000 });
    // The page stays responsive while the worker reads: a click is handled at once.
    await page.click('#cancel', { timeout: 2_000 });
    expect(await page.textContent('#status')).toContain('已取消');
    expect(await page.isEnabled('#run')).toBe(true);
    expect(await page.isHidden('#results')).toBe(true);
    // A new run after a cancel works (a fresh worker).
    await page.setInputFiles('#batch', join(dir, 'county.xlsx'));
    await page.click('#run');
    await done(page, 'checked');
    await collectViolations(page);
    await page.close();
  }, 240_000);

  it('the entry page shows only the items that apply, fills category and level, and puts problems beside the item', async () => {
    const page = await open('entry.html');
    await page.waitForSelector('body[data-ready="true"]');
    await page.selectOption('#version', '2017');
    const visible = () => page.$$eval('.field:not([hidden])', (els) => els.map((e) => (e as HTMLElement).dataset.key!));
    const record = async () => JSON.parse((await page.textContent('#record'))!);
    const expectedVisible = async () => applicableItems(await record(), { form: personForm('2017'), asOf: '2024-06-30', includeUndetermined: true }).map((a) => a.key);
    // A scripted visit: the cover, the certificate, then answers that open and close branches.
    const steps: [string, string][] = [
      ['person_status', '6'],
      ['reference_date', '2024-06-30'],
      ['certificate_no', '43012119800506011152'],
      ['r3', '1'],
      ['r3', '2'],
      ['r7', '2'],
      ['r12', '1'],
      ['r3', '1'],
    ];
    for (const [key, value] of steps) {
      const e = page.locator(`[name="${key}"]`);
      if ((await e.evaluate((x) => x.tagName)) === 'SELECT') await e.selectOption(value);
      else await e.fill(value);
      expect(await visible(), `${key}=${value}`).toEqual(await expectedVisible());
      if (key === 'r3') {
        const v = await visible();
        // 农业 households are asked R10/R11, 非农业 R8 (the form's skip rule).
        expect(v.includes('r10'), `${key}=${value}`).toBe(value === '1');
        expect(v.includes('r8'), `${key}=${value}`).toBe(value === '2');
      }
    }
    // The certificate number filled category and level (智力残疾 二级), sex and birth date.
    expect(await page.inputValue('[name="disability_category"]')).toBe('5');
    expect(await page.inputValue('[name="disability_level"]')).toBe('2');
    expect((await record()).birth_date).toBe('1980-05-06');
    expect(await page.textContent('.field[data-key="disability_category"] .msg')).toContain('智力残疾');
    // A mistyped ID: the zh-CN message beside the field.
    await page.fill('[name="resident_id"]', '430121198005060112');
    expect(await page.textContent('.field[data-key="resident_id"] .msg .error')).toMatch(/校验码/);
    await page.fill('[name="resident_id"]', '430121198005060111');
    expect(await page.locator('.field[data-key="resident_id"] .msg .error').count()).toBe(0);
    if (process.env.CANJI_SCREENSHOTS) await page.screenshot({ path: join(process.env.CANJI_SCREENSHOTS, 'entry-page.png') });
    await collectViolations(page);
    await page.close();
  }, 120_000);

  it('works the same from an intranet web server (http), still without any request of its own', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      const name = (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : decodeURIComponent((req.url ?? '').slice(1));
      const file = join(dist, name);
      if (!/^[\w.-]+$/.test(name) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const page = await context.newPage();
    const seen: string[] = [];
    page.on('request', (r) => seen.push(r.url()));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.setInputFiles('#batch', join(dir, 'county.xlsx'));
    await page.click('#run');
    await done(page, 'checked');
    // The page itself is the one request; the worker, the report and the downloads are blobs and srcdoc.
    expect(seen.filter((u) => !/^(blob|data):/.test(u))).toEqual([`http://127.0.0.1:${port}/`]);
    await collectViolations(page);
    await page.close();
    await new Promise<void>((r) => server.close(() => r()));
  }, 120_000);

  it('made no network request and logged no CSP violation', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !/^(file|blob|data):/.test(u) && !/^http:\/\/127\.0\.0\.1:\d+\/$/.test(u))).toEqual([]);
    expect(violations).toEqual([]);
  });
});

function require_(m: string): string {
  return join(here, '..', '..', 'packages', 'cli', 'node_modules', m);
}
