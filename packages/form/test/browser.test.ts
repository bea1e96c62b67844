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
          '@canji/id': join(here, '../../id/src/index.ts'),
        },
      },
      build: { outDir: out, emptyOutDir: true, target: 'es2022', minify: false },
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
});
