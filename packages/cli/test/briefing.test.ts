/**
 * `canji briefing` on a demo province: four synthetic counties in two rounds (`canji synth
 * --rounds 2`, the county files put together), the province checked by county with the previous
 * round and the roster, scored (`canji scorecard --json`), and the briefing printed to PDF by
 * headless Chromium: pages counted, the text checked in Chromium's print layout, nothing wider
 * than A4. Skips the printing only when no chromium exists and CI is not set.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const COUNTIES = ['430121', '430124', '430181', '430111'];
let dir: string;

const pdfPages = (file: string) => readFileSync(file).toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;

/** The county files of one kind put together under one header. */
function concat(kind: string): void {
  const parts = COUNTIES.map((c) => readFileSync(join(dir, c, kind), 'utf8').trim().split('\n'));
  writeFileSync(join(dir, kind), [parts[0]![0], ...parts.flatMap((p) => p.slice(1))].join('\n') + '\n');
}

beforeAll(async () => {
  dir = tempDir();
  for (const [k, c] of COUNTIES.entries()) expect((await canji(dir, 'synth', '--count', '250', '--region', c, '--seed', String(20 + k), '--rounds', '2', '--out', c, '-q')).code).toBe(0);
  for (const f of ['round-1.csv', 'round-2.csv', 'roster-2.csv']) concat(f);
  const r = await canji(dir, 'check', 'round-2.csv', '--previous', 'round-1.csv', '--roster', 'roster-2.csv', '--as-of', '2020-06-30', '--out', 'province.json', '--fail-on', 'never', '-q');
  expect(r.code, r.stderr).toBe(0);
  const s = await canji(dir, 'scorecard', 'province.json', '-o', 'scorecard.html', '--json', 'scorecard.json');
  expect(s.code, s.stderr).toBe(0);
}, 120_000);

describe('canji briefing', () => {
  it('writes the HTML: key indicators year on year, the counties, the scorecard and the gaps', async () => {
    const r = await canji(dir, 'briefing', '--current', 'round-2.csv', '--previous', 'round-1.csv', '--scorecard', 'scorecard.json', '--unit', '演示省残疾人联合会', '-o', 'briefing.html', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('年度通报：2020年');
    const html = readFileSync(join(dir, 'briefing.html'), 'utf8');
    for (const s of ['一、基本情况', '2019年', '2020年', '长沙县', '宁乡', '浏阳', '四、工作考核', '五、服务缺口', '需要康复服务而未得到']) expect(html).toContain(s);
    expect(html).not.toMatch(/\d{17}[\dX]/);
    // The scorecard can also be scored from the reports on the spot.
    const r2 = await canji(dir, 'briefing', '--current', 'round-2.csv', '--previous', 'round-1.csv', '--scorecard', 'province.json', '-o', 'b2.html', '-q');
    expect(r2.code, r2.stderr).toBe(0);
    expect(readFileSync(join(dir, 'b2.html'), 'utf8')).toContain('四、工作考核');
  });

  it('refuses rounds in the wrong order, a bad --as-of and a bad output, exit 2', async () => {
    const cases: [string[], string][] = [
      [['briefing', '--current', 'round-1.csv', '--previous', 'round-2.csv', '-o', 'x.html', '-q'], 'BRIEFING_ROUND_ORDER'],
      [['briefing', '--current', 'round-2.csv', '--previous', 'round-1.csv', '--as-of', '2020-02-30', '-o', 'x.html', '-q'], 'USAGE_DATE'],
      [['briefing', '--current', 'round-2.csv', '--previous', 'round-1.csv', '-o', 'x.xlsx', '-q'], 'USAGE_OUT_FORMAT'],
      [['briefing', '--current', 'round-2.csv', '--previous', 'round-1.csv', '--scorecard', 'nope.json', '-o', 'x.html', '-q'], 'SCORECARD_REPORT_UNREADABLE'],
    ];
    for (const [argv, code] of cases) {
      const r = await canji(dir, ...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain(`[${code}]`);
    }
  });
});

describe.skipIf(!CHROMIUM && !process.env.CI)('the briefing printed in headless Chromium', () => {
  it('prints the demo province on a few A4 pages, with the text in the print layout and nothing wider than the page', async () => {
    expect(CHROMIUM, 'chromium binary (apt-get install chromium)').toBeDefined();
    const r = await canji(dir, 'briefing', '--current', 'round-2.csv', '--previous', 'round-1.csv', '--scorecard', 'scorecard.json', '--unit', '演示省残疾人联合会', '-o', 'briefing.pdf', '-q');
    expect(r.code, r.stderr).toBe(0);
    const pdf = readFileSync(join(dir, 'briefing.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdfPages(join(dir, 'briefing.pdf'));
    // The same document as HTML, to read its text in Chromium's print layout.
    expect((await canji(dir, 'briefing', '--current', 'round-2.csv', '--previous', 'round-1.csv', '--scorecard', 'scorecard.json', '--unit', '演示省残疾人联合会', '-o', 'print.html', '-q')).code).toBe(0);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(6);

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const width = Math.floor(((210 - 26) / 25.4) * 96);
      const page = await browser.newPage({ viewport: { width, height: 1000 } });
      await page.emulateMedia({ media: 'print' });
      await page.goto(pathToFileURL(join(dir, 'print.html')).href);
      const text = await page.locator('body').innerText();
      for (const s of ['残疾人基本服务状况和需求信息数据动态更新年度通报', '演示省残疾人联合会', '基本康复服务覆盖率', '长沙县', '考核总分', '服务缺口']) expect(text).toContain(s);
      expect(text).not.toMatch(/\d{17}[\dX]/);
      const overflow = await page.evaluate((w) => Array.from(document.querySelectorAll('table, svg'), (e) => e.getBoundingClientRect().right).filter((right) => right > w + 1), width);
      expect(overflow).toEqual([]);
      expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(4);
      if (process.env.CANJI_KEEP_SCREENSHOT) {
        await page.setViewportSize({ width: 794, height: 1123 });
        await page.addStyleTag({ content: 'body{padding:13mm !important;box-sizing:border-box;max-width:none !important;margin:0 !important}' });
        await page.screenshot({ path: process.env.CANJI_KEEP_SCREENSHOT });
      }
    } finally {
      await browser.close();
    }
  });
});
