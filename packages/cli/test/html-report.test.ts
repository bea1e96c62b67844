/**
 * The HTML validation report as a person sees it: rendered by headless Chromium, screenshot taken,
 * content asserted against the JSON report of the same run. Skips only when no chromium binary
 * exists and CI is not set (.ci/needs-chromium makes CI install it).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe.skipIf(!CHROMIUM && !process.env.CI)('HTML report in headless Chromium', () => {
  it('shows the counts, the per-township error-rate chart, the rules and masked examples', async () => {
    expect(CHROMIUM, 'chromium binary (apt-get install chromium)').toBeDefined();
    const dir = tempDir();
    await canji(dir, 'synth', '--count', '600', '--region', '430121', '--seed', '11', '--errors', '0.04', '--departments', 'depts', '--out', 'persons.csv');
    const r = await canji(dir, 'check', 'persons.csv', '--region', '430121', '--level', 'township', '--dept', 'public-security=depts/public-security.csv', '--title', '长沙县 2019 年动态更新数据校验报告', '--out', 'report.html', '--out', 'report.json', '-q');
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
      await page.goto(pathToFileURL(join(dir, 'report.html')).href);
      expect(await page.title()).toBe('长沙县 2019 年动态更新数据校验报告');
      expect(await page.locator('h1').innerText()).toBe('长沙县 2019 年动态更新数据校验报告');
      const overview = page.locator('h2:has-text("总体情况") + table');
      const cells = await overview.locator('tr').evaluateAll((rows) => rows.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent)));
      expect(cells.slice(1).map((c) => [c[0], Number(c[1])])).toEqual([
        ['读取记录', json.counts.read],
        ['无问题', json.counts.clean],
        ['仅有警告', json.counts.warningsOnly],
        ['有错误', json.counts.withErrors],
        ['无法读取', json.counts.unreadable],
      ]);
      // One bar per township in the chart, with township names from the region table.
      expect(await page.locator('svg rect').count()).toBeGreaterThanOrEqual(json.regions.length);
      expect(await page.locator('body').innerText()).toContain('长沙县');
      // Examples are masked: no full 18-character ID number anywhere on the page.
      expect(await page.locator('body').innerText()).not.toMatch(/\d{17}[\dX]/);
      expect(await page.locator('text=部门比对').count()).toBeGreaterThan(0);
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: false });
      expect(statSync(shot).size).toBeGreaterThan(5_000);
      process.env.CANJI_KEEP_SCREENSHOT && (await page.screenshot({ path: process.env.CANJI_KEEP_SCREENSHOT }));
    } finally {
      await browser.close();
    }
  });
});
