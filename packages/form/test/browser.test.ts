/**
 * Browser check: bundles test/browser/ with Vite and drives it in headless Chromium (Debian's
 * `chromium`, via playwright-core). Collection apps run in browsers, so @canji/form must too.
 * Skips only when no chromium binary exists and CI is not set.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const run = CHROMIUM !== undefined || process.env.CI !== undefined;
const here = fileURLToPath(new URL('.', import.meta.url));
const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

describe.skipIf(!run)('@canji/form in headless Chromium', () => {
  let out = '';
  let server: Server;
  let url = '';

  beforeAll(async () => {
    const { build } = await import('vite');
    out = mkdtempSync(join(tmpdir(), 'canji-form-browser-'));
    await build({
      root: join(here, 'browser'),
      logLevel: 'error',
      configFile: false,
      base: './',
      resolve: {
        alias: {
          '@canji/form': join(here, '../src/index.ts'),
          // The subpath first: an alias also matches the paths below it.
          '@canji/id/zod': join(here, '../../id/src/zod.ts'),
          '@canji/id': join(here, '../../id/src/index.ts'),
        },
      },
      build: { outDir: out, emptyOutDir: true, target: 'es2022', minify: false, rollupOptions: { input: { index: join(here, 'browser', 'index.html'), csp: join(here, 'browser', 'csp.html') } } },
    });
    server = createServer((req, res) => {
      const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
      const file = join(out, path === '/' ? 'index.html' : path);
      if (!file.startsWith(out) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  }, 120_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('validates a record and lists the applicable items', async () => {
    expect(CHROMIUM, 'chromium binary (apt-get install chromium)').toBeDefined();
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(url);
      await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('done'), undefined, { timeout: 30_000 });
      expect(errors).toEqual([]);
      expect(await page.getAttribute('#status', 'data-ok')).toBe('false');
      const codes = await page.$$eval('#problems li', (els) => els.map((e) => (e as HTMLElement).dataset.code));
      expect(codes).toEqual(expect.arrayContaining(['FORM_NOT_APPLICABLE', 'FORM_EXCLUSIVE']));
      const keys = await page.$$eval('#applicable li', (els) => els.map((e) => (e as HTMLElement).dataset.key));
      // 农业, age 39, 智力 二级: R10/R11 (not R8/R9), the employment block, R29 托养.
      expect(keys).toEqual(expect.arrayContaining(['r10', 'r11', 'r12', 'r13', 'r16', 'r29', 'householder_name']));
      expect(keys).not.toContain('r9');
      const text = await page.textContent('#problems');
      expect(text).toContain('不能与其他选项同时选择');
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('runs under a strict Content-Security-Policy with no violation, following the documented recipe (z.config({ jitless: true }))', async () => {
    expect(CHROMIUM, 'chromium binary (apt-get install chromium)').toBeDefined();
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const visit = async (query: string) => {
        const page = await browser.newPage();
        // Counted by the page itself (an init script runs before the page's own, whatever its CSP).
        await page.addInitScript(() => {
          const w = window as unknown as { __violations: string[] };
          w.__violations = [];
          document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
        });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(`${url}csp.html${query}`);
        await page.waitForFunction(() => document.getElementById('status')?.textContent === 'done', undefined, { timeout: 30_000 });
        const codes = await page.getAttribute('#status', 'data-codes');
        const zod = await page.getAttribute('#status', 'data-zod');
        // The event is dispatched asynchronously: give it a moment.
        await page.waitForTimeout(300);
        const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
        await page.close();
        return { violations, errors, codes, zod };
      };
      const strict = await visit('');
      expect(strict.errors).toEqual([]);
      expect(strict.violations).toEqual([]);
      expect(strict.codes).toContain('FORM_CODE_UNKNOWN');
      expect(strict.zod).toBe('true');
      // Without the recipe zod probes `new Function` and the page reports it: the check above can fail.
      const probe = await visit('?probe');
      expect(probe.errors).toEqual([]);
      expect(probe.violations.length).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
