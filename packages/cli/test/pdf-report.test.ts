/**
 * The 数据校验报告 as it is printed and signed: `canji check --pdf` through headless Chromium,
 * the pages counted in the PDF, and in Chromium's print layout every table column wide enough to
 * read. Skips only when no chromium binary exists and CI is not set (.ci/needs-chromium makes CI
 * install it). The README's demo county (20 000 persons) prints on 10 pages (docs/guides/cli.md);
 * CI prints a smaller county with the same townships, rules and departments.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const DEPTS = ['public-security', 'civil-affairs', 'education'];

/** Pages of a PDF: its `/Type /Page` objects (not `/Pages`). */
function pdfPages(file: string): number {
  return readFileSync(file).toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
}

describe('canji check --pdf without a browser', () => {
  it('fails before any work with PDF_NO_CHROMIUM, exit 2, no stack trace, nothing written', async () => {
    const dir = tempDir();
    await canji(dir, 'synth', '--count', '50', '--region', '430121', '--seed', '3', '--out', 'persons.csv', '-q');
    const saved = process.env.CANJI_CHROMIUM;
    process.env.CANJI_CHROMIUM = join(dir, 'no-such-browser');
    try {
      const r = await canji(dir, 'check', 'persons.csv', '--pdf', 'report.pdf', '--out', 'report.html', '-q');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('错误 [PDF_NO_CHROMIUM]');
      expect(r.stderr).toContain('CANJI_CHROMIUM');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).not.toContain('校验完成');
      expect(readdirSync(dir).sort()).toEqual(['persons.csv']);
    } finally {
      if (saved === undefined) delete process.env.CANJI_CHROMIUM;
      else process.env.CANJI_CHROMIUM = saved;
    }
  });

  it('refuses a --pdf name that is not .pdf (USAGE_PDF_FORMAT)', async () => {
    const dir = tempDir();
    const r = await canji(dir, 'check', 'persons.csv', '--pdf', 'report.html');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误 [USAGE_PDF_FORMAT]');
  });
});

describe.skipIf(!CHROMIUM && !process.env.CI)('the printed report in headless Chromium', () => {
  it('prints a county with 18 townships and three departments on about 10 A4 pages, no column narrower than 40 px', async () => {
    expect(CHROMIUM, 'chromium binary (apt-get install chromium)').toBeDefined();
    const dir = tempDir();
    await canji(dir, 'synth', '--count', '3000', '--region', '430121', '--seed', '1', '--errors', '0.02', '--departments', 'depts', '--out', 'persons.csv', '-q');
    const r = await canji(dir, 'check', 'persons.csv', '--region', '430121', '--as-of', '2019-06-30', '--level', 'township', ...DEPTS.flatMap((d) => ['--dept', `${d}=depts/${d}.csv`]), '--out', 'report.html', '--out', 'report.json', '--pdf', 'report.pdf', '--fail-on', 'never', '-q');
    expect(r.stderr).not.toMatch(/^错误 \[/m);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('PDF 报告已写入 report.pdf');
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(json.regions.length).toBeGreaterThanOrEqual(18);
    expect(json.meta.input.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.meta.reportingUnit).toMatchObject({ code: '430121', name: '湖南省长沙市长沙县' });
    const pdf = readFileSync(join(dir, 'report.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdfPages(join(dir, 'report.pdf'));
    expect(pages).toBeGreaterThanOrEqual(6);
    expect(pages).toBeLessThanOrEqual(12);
    // No temporary file left beside the PDF.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      // The printable width of A4 with the report's margins (210 − 2 × 13 mm) at 96 px per inch.
      const page = await browser.newPage({ viewport: { width: Math.floor(((210 - 26) / 25.4) * 96), height: 1000 } });
      await page.emulateMedia({ media: 'print' });
      await page.goto(pathToFileURL(join(dir, 'report.html')).href);
      const widths = await page.evaluate(() =>
        Array.from(document.querySelectorAll('table'), (t) => ({
          table: t.className,
          columns: Array.from(t.querySelector('tr')!.children, (c) => ({ text: (c.textContent ?? '').trim(), width: c.getBoundingClientRect().width })),
        })),
      );
      expect(widths.map((t) => t.table)).toEqual(expect.arrayContaining(['meta', 'overview', 'collection', 'regions', 'rules', 'examples', 'departments', 'sources', 'sign']));
      for (const t of widths) for (const c of t.columns) expect(c.width, `${t.table}: ${c.text}`).toBeGreaterThanOrEqual(40);
      // The description of a rule reads as lines, not one character per line.
      const desc = await page.evaluate(() => {
        const cell = document.querySelector('table.rules tbody td') as HTMLElement;
        return { width: cell.getBoundingClientRect().width, fontSize: parseFloat(getComputedStyle(cell).fontSize) };
      });
      expect(desc.width).toBeGreaterThan(desc.fontSize * 12);
      // Rules without findings are one line, not rows.
      const ruleRows = await page.locator('table.rules tbody tr').count();
      expect(ruleRows).toBe(json.rules.filter((x: { records: number }) => x.records > 0).length);
      expect(await page.locator('p.quiet').innerText()).toContain(`其余 ${json.rules.length - ruleRows} 条规则未发现问题`);
      const text = await page.locator('body').innerText();
      for (const s of ['填报单位', '湖南省长沙市长沙县', '标准时点', 'persons.csv', json.meta.input.sha256, '入户调查率', '湘残联字〔2019〕7号', '残联理事长签字', '盖章']) expect(text).toContain(s);
      expect(text).not.toMatch(/\d{17}[\dX]/);
      if (process.env.CANJI_KEEP_SCREENSHOT) {
        await page.setViewportSize({ width: 794, height: 1123 });
        await page.addStyleTag({ content: 'body{padding:14mm 13mm !important;box-sizing:border-box}' });
        await page.screenshot({ path: process.env.CANJI_KEEP_SCREENSHOT });
      }
    } finally {
      await browser.close();
    }
  });
});
