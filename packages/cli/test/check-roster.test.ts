/**
 * `canji check --previous LAST --roster ROSTER --round-lists DIR`: every person of the two rounds and
 * the certificate roster classified, counted per township in every report format (read back as its
 * reader would: the XLSX through a spreadsheet library), and the lists to act on written per
 * township with masked IDs. The synthetic next round is made from the last one by a known plan, so
 * each class's expected count is known.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir();
type Rec = Record<string, unknown>;
const read = (f: string): Rec[] => readFileSync(join(dir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Rec);

/** What the plan makes of the 300 persons of last round (by index), and 4 newcomers. */
const expected = { notUpdated: 5, diedRoster: 3, exitedUnknown: 2, movedWithin: 3, notInRoster: 2, newcomers: 4 };
let diedInBatch = 0;
let lastIds: string[] = [];
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const townOf = (r: Rec) => (r.region_code as string).slice(0, 9);

beforeAll(async () => {
  const base = ['--region', '430121', '--as-of', '2020-06-30'];
  expect((await canji(dir, 'synth', '--count', '300', '--seed', '21', ...base, '--out', 'last.jsonl')).code).toBe(0);
  expect((await canji(dir, 'synth', '--count', '20', '--seed', '99', ...base, '--out', 'extra.jsonl')).code).toBe(0);
  const last = read('last.jsonl');
  lastIds = last.map((r) => r.resident_id as string);
  const ids = new Set(lastIds);
  const extra = read('extra.jsonl').filter((r) => !ids.has(r.resident_id as string)).slice(0, expected.newcomers);
  const bump = (r: Rec): Rec => ({ ...r, survey_year: 2021, reference_date: '2021-06-30', collected_on: typeof r.collected_on === 'string' ? `2021${r.collected_on.slice(4)}` : r.collected_on });
  const now: Rec[] = [];
  const roster: (string | number)[][] = [];
  last.forEach((r, i) => {
    const row = (region: unknown, status: number, reason: number | '' = '') => roster.push([r.resident_id as string, r.certificate_no as string, region as string, status, reason]);
    if (i < 5) return row(r.region_code, 1); // valid certificate, not updated
    if (i < 8) return row(r.region_code, 2, 1); // cancelled: died
    if (i < 10) return; // in no source but last round
    const n = bump(r);
    if (i < 13) n.region_code = last.find((x) => townOf(x) !== townOf(r))!.region_code; // moved to another township
    now.push(n);
    row(n.region_code, i >= 13 && i < 15 ? 3 : 1); // 13, 14: expired certificate
  });
  for (const r of extra) {
    now.push(bump(r));
    roster.push([r.resident_id as string, r.certificate_no as string, r.region_code as string, 1, '']);
  }
  diedInBatch = now.filter((r, i) => r.person_status === 5 && i >= 5).length; // 核查状态 5 死亡 in the batch
  writeFileSync(join(dir, 'now.jsonl'), now.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, 'roster.csv'), '身份证号,残疾人证号,区划代码,证件状态,注销原因\n' + roster.map((r) => r.join(',')).join('\n') + '\n');
}, 60_000);

interface Rounds {
  total: { persons: number; byClass: Record<string, number>; exitedBy: Record<string, number> };
  units: { unit: string | null; name?: string; persons: number; byClass: Record<string, number> }[];
  sources: { roster: { read: number } | null; previous: { persons: number } | null };
  lists?: { files: string[]; persons: number };
  checks: { ok: boolean; problems: string[] };
  changes: unknown;
}
const rounds = (f: string) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { rounds?: Rounds }).rounds;
const cellText = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : typeof v === 'object' && 'richText' in v ? v.richText.map((t) => t.text).join('') : String(v));
async function sheetRows(file: string, sheet: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet} in ${file}: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  const out: string[][] = [];
  ws.eachRow((row) => out.push((row.values as ExcelJS.CellValue[]).slice(1).map(cellText)));
  return out;
}

describe('canji check --previous --roster', () => {
  let run: Awaited<ReturnType<typeof canji>>;
  beforeAll(async () => {
    run = await canji(dir, 'check', 'now.jsonl', '--as-of', '2021-06-30', '--previous', 'last.jsonl', '--roster', 'roster.csv', '--round-lists', 'lists', '--fail-on', 'never', '--out', 'r.json', '--out', 'r.html', '--out', 'r.md', '--out', 'r.xlsx');
  }, 90_000);

  it('classifies every person of the three sources by the plan, and the counts add up per township', () => {
    expect(run.code, run.stderr).toBe(0);
    const r = rounds('r.json')!;
    expect(r.checks).toEqual({ ok: true, problems: [] });
    expect(r.total.persons).toBe(300 + expected.newcomers);
    expect(r.total.byClass['not-updated']).toBe(expected.notUpdated);
    expect(r.total.byClass['moved-within']).toBe(expected.movedWithin);
    expect(r.total.byClass['not-in-roster']).toBe(expected.notInRoster);
    expect(r.total.byClass.new).toBe(expected.newcomers);
    expect(r.total.exitedBy.died).toBe(expected.diedRoster + diedInBatch);
    expect(r.total.exitedBy.unknown).toBe(expected.exitedUnknown);
    expect(r.total.byClass.continuing).toBe(300 - 15 - diedInBatch);
    const sum = (k: string) => r.units.reduce((s, u) => s + (u.byClass[k] ?? 0), 0);
    for (const k of Object.keys(r.total.byClass)) expect(sum(k), k).toBe(r.total.byClass[k]);
    expect(r.units.every((u) => u.unit === null || u.unit.length === 9)).toBe(true); // per township
    expect(r.units.some((u) => u.name?.endsWith('镇'))).toBe(true);
    expect(r.changes).not.toBeNull();
    expect(run.stderr).toMatch(/与上一轮和底册比对：304 人/);
  });

  it('puts the same figures in the HTML and Markdown reports', () => {
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('与上一轮和底册比对');
    expect(html).toMatch(/底册有效持证、本轮未更新/);
    const md = readFileSync(join(dir, 'r.md'), 'utf8');
    const section = md.slice(md.indexOf('## 与上一轮和底册比对'));
    expect(section.length).toBeGreaterThan(100);
    // The county total line of the class table holds the counts of the JSON report.
    const total = rounds('r.json')!.total;
    const line = section.split('\n').find((l) => l.startsWith('| 合计 |'));
    expect(line, section.slice(0, 2000)).toBeDefined();
    for (const n of [total.persons, total.byClass['not-updated'], total.byClass.new]) expect(line).toContain(`| ${n} `);
  });

  it('writes the reconciliation sheets into the XLSX report', async () => {
    const rows = await sheetRows(join(dir, 'r.xlsx'), '人员分类');
    const flat = rows.map((r) => r.join('|')).join('\n');
    expect(flat).toContain('底册有效持证、本轮未更新');
    const header = rows.find((r) => r[0] === '地区代码')!;
    const total = rows.find((r) => r[0] === '合计')!;
    expect(Number(total[header.indexOf('底册有效持证、本轮未更新')])).toBe(expected.notUpdated);
    expect(Number(total[header.indexOf('合计')])).toBe(300 + expected.newcomers);
    const units = rows.slice(rows.indexOf(header) + 1, rows.indexOf(total));
    expect(units.every((r) => /^\d{9}$/.test(r[0]!))).toBe(true); // codes stay text: 9 digits
  });

  it('lists the persons to act on per township, IDs masked, and names the files in the report', async () => {
    const files = readdirSync(join(dir, 'lists')).sort();
    expect(files).toContain('轮次比对清单.csv');
    const books = files.filter((f) => f.endsWith('.xlsx'));
    expect(books.length).toBeGreaterThan(1);
    expect(books.every((f) => /^\d{9} \S+\.xlsx$/.test(f))).toBe(true);
    const r = rounds('r.json')!;
    const listed = expected.notUpdated + expected.notInRoster + expected.movedWithin + expected.newcomers + r.total.byClass.exited!;
    expect(r.lists?.persons).toBe(listed);
    const csv = readFileSync(join(dir, 'lists', '轮次比对清单.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(csv).toHaveLength(listed + 1);
    expect(csv[0]).toContain('公民身份号码');
    let notUpdated = 0;
    for (const book of books) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'lists', book));
      const ws = wb.getWorksheet('未更新');
      if (!ws) continue;
      ws.eachRow((row) => {
        const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (cells[0]?.startsWith('底册有效持证')) {
          notUpdated++;
          expect(cells.join('|')).toContain(book.slice(0, 9)); // the person's township is the workbook's
          expect(cells.join('|')).toContain('底册：证件有效，本轮没有记录'); // the basis of the entry
          expect(cells.some((c) => /^\d{6}\*+\d{3}[\dX]$/.test(c))).toBe(true);
        }
      });
    }
    expect(notUpdated).toBe(expected.notUpdated);
    const all = readFileSync(join(dir, 'lists', '轮次比对清单.csv'), 'utf8');
    for (const id of lastIds.slice(0, 15)) expect(all).not.toContain(id);
  });

  it('gives the same reconciliation with two worker threads', async () => {
    const r = await canji(dir, 'check', 'now.jsonl', '--as-of', '2021-06-30', '--previous', 'last.jsonl', '--roster', 'roster.csv', '--workers', '2', '--fail-on', 'never', '--out', 'w.json');
    expect(r.code, r.stderr).toBe(0);
    const [a, b] = [rounds('r.json')!, rounds('w.json')!];
    expect(b.total).toEqual(a.total);
    expect(b.units).toEqual(a.units);
    expect(b.changes).toEqual(a.changes);
  }, 90_000);

  it('writes full IDs only with --full-ids', async () => {
    const r = await canji(dir, 'check', 'now.jsonl', '--as-of', '2021-06-30', '--previous', 'last.jsonl', '--roster', 'roster.csv', '--round-lists', 'full', '--full-ids', '--fail-on', 'never', '--out', 'f.json');
    expect(r.code, r.stderr).toBe(0);
    const all = readFileSync(join(dir, 'full', '轮次比对清单.csv'), 'utf8');
    for (const id of lastIds.slice(0, 5)) expect(all).toContain(id); // the not-updated ones
  }, 90_000);

  it('classifies against the roster alone (no previous round): updated or without a valid certificate', async () => {
    const r = await canji(dir, 'check', 'now.jsonl', '--as-of', '2021-06-30', '--roster', 'roster.csv', '--fail-on', 'never', '--out', 'o.json');
    expect(r.code, r.stderr).toBe(0);
    const x = rounds('o.json')!;
    expect(x.sources.previous).toBeNull();
    expect(x.total.byClass['not-updated']).toBe(expected.notUpdated);
    expect(x.total.byClass['not-in-roster']).toBe(expected.notInRoster);
    expect(x.total.byClass.continuing ?? 0).toBe(0);
    expect(x.changes).toBeNull();
  }, 90_000);

  it('refuses --round-lists without a previous round or roster, with a usage error', async () => {
    const r = await canji(dir, 'check', 'now.jsonl', '--as-of', '2021-06-30', '--round-lists', 'x', '--fail-on', 'never');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/USAGE_ROUND_LISTS/);
    expect(r.stderr).toMatch(/需要 --previous/);
  });

  it('a missing roster file is an input error, not a crash', async () => {
    const r = await canji(dir, 'check', 'now.jsonl', '--as-of', '2021-06-30', '--roster', 'nope.csv', '--fail-on', 'never');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/错误 \[/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe.skipIf(!CHROMIUM && !process.env.CI)('the reconciliation section as printed (headless Chromium)', () => {
  it('fits the A4 width: every column of the reconciliation tables readable, no table wider than the page', async () => {
    expect(CHROMIUM, 'chromium binary (apt-get install chromium)').toBeDefined();
    expect(existsSync(join(dir, 'r.html'))).toBe(true);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const width = Math.floor(((210 - 26) / 25.4) * 96);
      const page = await browser.newPage({ viewport: { width, height: 1000 } });
      await page.emulateMedia({ media: 'print' });
      await page.goto(pathToFileURL(join(dir, 'r.html')).href);
      const tables = await page.evaluate(() =>
        Array.from(document.querySelectorAll('table.rounds'), (t) => ({
          table: t.className,
          width: t.getBoundingClientRect().width,
          columns: Array.from(t.querySelector('tr')!.children, (c) => ({ text: (c.textContent ?? '').trim(), width: c.getBoundingClientRect().width })),
        })),
      );
      expect(tables.map((t) => t.table.replace('rounds ', ''))).toEqual(expect.arrayContaining(['rounds-sources', 'rounds-classes', 'rounds-exits', 'rounds-changes']));
      for (const t of tables) {
        expect(t.width, t.table).toBeLessThanOrEqual(width + 1);
        for (const c of t.columns) expect(c.width, `${t.table}: ${c.text}`).toBeGreaterThanOrEqual(30);
      }
      const text = await page.locator('body').innerText();
      expect(text).toContain('与上一轮和底册比对');
      expect(text).not.toMatch(/\d{17}[\dX]/); // no full ID in the printed report
    } finally {
      await browser.close();
    }
  }, 60_000);
});
