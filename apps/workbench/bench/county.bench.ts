/**
 * The workbench against the CLI on the same files, same machine, same run: a county of
 * 1.5 × 10^5 synthetic persons (GBK CSV with Chinese headers, 5 % planted errors), alone and with
 * the seven departments' extracts. The CLI is timed as a child process (wall, user + system CPU,
 * peak RSS); the page from the click on 开始校验 to the results, in headless Chromium, with the
 * longest gap of the page's main thread during the run (what a clerk would feel as a freeze).
 * Writes docs/benchmarks/workbench.md. Run: `pnpm bench workbench` (or `node --import tsx apps/workbench/bench/county.bench.ts`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = join(here, '../..');
const COUNT = Number(process.env.WORKBENCH_BENCH_COUNT ?? 150_000);
const AS_OF = '2019-06-30';
const DEPTS = ['civil-affairs', 'education', 'health', 'housing', 'poverty-relief', 'public-security', 'social-security'];
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) throw new Error('needs Debian chromium (apt-get install chromium)');

const dir = mkdtempSync(join(tmpdir(), 'canji-workbench-bench-'));
const dist = join(dir, 'dist');
execFileSync(process.execPath, [join(here, 'build.mjs')], { env: { ...process.env, WORKBENCH_DIST: dist }, stdio: 'inherit' });
const cliBin = join(root, 'packages/cli/dist/bin.js');
if (!existsSync(cliBin)) throw new Error('build the CLI first: pnpm build');
const cli = (args: string[]) => execFileSync(process.execPath, [cliBin, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 }).toString();
cli(['synth', '--count', String(COUNT), '--seed', '11', '--errors', '0.05', '--departments', 'dept', '--encoding', 'gbk', '--headers', 'label', '-q', '-o', 'county.csv']);
// The README's demo county (长沙县, 20 000 persons, seed 1, three departments), as `pnpm canji check` runs it there.
cli(['synth', '--count', '20000', '--region', '430121', '--seed', '1', '--errors', '0.02', '--departments', 'demo-depts', '-q', '-o', 'demo.csv']);
const DEMO_DEPTS = ['public-security', 'civil-affairs', 'education'];
const mb = (statSync(join(dir, 'county.csv')).size / 2 ** 20).toFixed(1);

/** `canji check` as a child: wall s, CPU s, peak RSS MB (GNU time). */
function timeCli(args: string[]): { wall: number; cpu: number; rss: number; summary: { counts: Record<string, number> } } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, cliBin, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const [wall, user, sys, rss] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: wall!, cpu: user! + sys!, rss: rss! / 1024, summary: JSON.parse(r.stdout) };
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
/** The same check in the page: wall s from the click, the longest main-thread gap (ms), the figures shown. */
async function timePage(withDepts: boolean, batch = 'county.csv', depts: { dir: string; ids: readonly string[] } = { dir: 'dept', ids: DEPTS }): Promise<{ wall: number; gap: number; gapRun: number; read: string }> {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(join(dist, 'index.html')).href);
  await page.fill('#asOf', AS_OF);
  await page.uncheck('#withIndicators');
  await page.setInputFiles('#batch', join(dir, batch));
  if (withDepts) {
    await page.click('details summary');
    for (const d of depts.ids) await page.setInputFiles(`input[data-department="${d}"]`, join(dir, depts.dir, `${d}.csv`));
  }
  await page.evaluate(() => {
    const w = window as unknown as { __gap: number; __gapRun: number };
    w.__gap = 0;
    w.__gapRun = -1;
    let last = performance.now();
    setInterval(() => {
      const t = performance.now();
      w.__gap = Math.max(w.__gap, t - last);
      last = t;
    }, 20);
    // The state turns to 'checked' at the end of the task that shows the results: the longest gap
    // so far is the longest during the check itself.
    new MutationObserver(() => {
      if (document.body.dataset.state === 'checked' && w.__gapRun < 0) w.__gapRun = w.__gap;
    }).observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
  });
  const t0 = Date.now();
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.state === 'checked' || document.querySelector('#status')?.className === 'error', null, { timeout: 1_800_000, polling: 200 });
  const wall = (Date.now() - t0) / 1000;
  await page.waitForTimeout(500);
  const { gap, gapRun } = await page.evaluate(() => {
    const w = window as unknown as { __gap: number; __gapRun: number };
    return { gap: w.__gap, gapRun: w.__gapRun };
  });
  const read = (await page.$$eval('#figures .figure b', (els) => els.map((e) => e.textContent)))[0] ?? '?';
  await page.close();
  return { wall, gap, gapRun, read };
}

const base = ['check', 'county.csv', '--as-of', AS_OF, '--level', 'township', '--json', '-q', '--to-fix', 'out/待修改记录.xlsx', '--out', 'out/校验报告.html', '--out', 'out/校验报告.xlsx', '--out', 'out/校验报告.md'];
const deptArgs = [...DEPTS.flatMap((d) => ['--dept', `${d}=dept/${d}.csv`]), '--discrepancies', 'out/lists'];
const rows: string[] = [];
for (const withDepts of [false, true]) {
  mkdirSync(join(dir, 'out'), { recursive: true });
  const c = timeCli(withDepts ? [...base, ...deptArgs] : base);
  const p = await timePage(withDepts);
  if (p.read !== String(c.summary.counts.read)) throw new Error(`the page read ${p.read} records, the CLI ${c.summary.counts.read}`);
  rows.push(`| ${withDepts ? '+ 7 department extracts' : 'batch only'} | ${c.wall.toFixed(1)} | ${c.cpu.toFixed(1)} | ${c.rss.toFixed(0)} | ${p.wall.toFixed(1)} | ${(p.wall / c.wall).toFixed(2)}× | ${p.gapRun.toFixed(0)} | ${p.gap.toFixed(0)} |`);
  console.log(rows.at(-1));
}
{
  // The README's demo county: report by township, three departments, the records to fix and the lists.
  const demoArgs = ['check', 'demo.csv', '--region', '430121', '--as-of', AS_OF, '--level', 'township', '--json', '-q', ...DEMO_DEPTS.flatMap((d) => ['--dept', `${d}=demo-depts/${d}.csv`]), '--out', 'out/demo.html', '--to-fix', 'out/demo-fix.xlsx', '--discrepancies', 'out/demo-lists'];
  const c = timeCli(demoArgs);
  const p = await timePage(true, 'demo.csv', { dir: 'demo-depts', ids: DEMO_DEPTS });
  if (p.read !== String(c.summary.counts.read)) throw new Error(`the page read ${p.read} records, the CLI ${c.summary.counts.read}`);
  rows.push(`| the README's demo county (20,000 persons, 3 extracts) | ${c.wall.toFixed(1)} | ${c.cpu.toFixed(1)} | ${c.rss.toFixed(0)} | ${p.wall.toFixed(1)} | ${(p.wall / c.wall).toFixed(2)}× | ${p.gapRun.toFixed(0)} | ${p.gap.toFixed(0)} |`);
  console.log(rows.at(-1));
}
await browser.close();
rmSync(dir, { recursive: true, force: true });

const md = `## workbench (apps/workbench): the page against \`canji check\`

${COUNT.toLocaleString('en')} synthetic persons (GBK CSV with Chinese headers, ${mb} MB, 5 % planted errors), reference
date ${AS_OF}, report by township; both write the report (HTML, XLSX, Markdown) and 待修改记录, and with
extracts the seven departments' lists. The CLI (\`packages/cli/dist/bin.js\`, one thread) is a child
process timed by GNU time; the page is Debian's Chromium, headless, opened from disk, timed from the
click on 开始校验 to the results shown (the same figures: checked). The main-thread gaps are the longest
interval between two 20 ms timer ticks of the page: during the check (it runs in a Web Worker, so the
page answers clicks and redraws the progress bar), and overall — the longest is the one task that shows
the results (the report laid out in its frame, the first 1 000 records to fix in the table). ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), shared and noisy: read the
ratio, not the seconds. Generated ${new Date().toISOString().slice(0, 10)} by \`apps/workbench/bench/county.bench.ts\`.

| run (${COUNT.toLocaleString('en')} persons unless said) | CLI wall s | CLI CPU s | CLI peak RSS MB | page wall s | page / CLI | gap during check ms | gap overall ms |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}
`;
writeFileSync(join(root, 'docs/benchmarks/workbench.md'), md);
console.log('wrote docs/benchmarks/workbench.md');
