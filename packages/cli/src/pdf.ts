/**
 * `canji check --pdf FILE`: the printed 数据校验报告 as PDF, made from the same HTML as `--out
 * report.html` by headless Chromium (the binary on PATH, or `CANJI_CHROMIUM`), so no browser is a
 * runtime dependency of canji. The PDF is written to a temporary name and renamed when complete.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { maskReport, renderReportHtml, type ValidationReport } from '@canji/rules';
import { CliError, EXIT } from './io.js';
import { beginOutput } from './output-file.js';

/** Names of the Chromium binary looked up on PATH, in order. */
const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium binary to print with: `CANJI_CHROMIUM` when set, else the first of chromium,
 * chromium-browser, google-chrome … found on `PATH`; `undefined` when none is found.
 *
 * @example
 * ```ts
 * findChromium({ PATH: '/usr/bin' }); //=> '/usr/bin/chromium' (when installed)
 * ```
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CANJI_CHROMIUM) return executable(env.CANJI_CHROMIUM) ? env.CANJI_CHROMIUM : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of CHROMIUM_NAMES) if (executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Checks `--pdf FILE` before any work: a `.pdf` name (`USAGE_PDF_FORMAT`) and a Chromium to print
 * with (`PDF_NO_CHROMIUM`, exit 2, with what to install or set). Returns the Chromium binary.
 */
export function assertPdfOutput(path: string, env: NodeJS.ProcessEnv = process.env): string {
  if (extname(path).toLowerCase() !== '.pdf') throw new CliError('USAGE_PDF_FORMAT', `--pdf 的文件名应以 .pdf 结尾（收到“${basename(path)}”）`);
  const chromium = findChromium(env);
  if (!chromium) {
    const why = env.CANJI_CHROMIUM ? `CANJI_CHROMIUM 指向的“${env.CANJI_CHROMIUM}”不存在或不可执行` : '在 PATH 中没有找到 chromium、chromium-browser 或 google-chrome';
    throw new CliError('PDF_NO_CHROMIUM', `无法生成 PDF：${why}。请安装 Chromium（如 apt-get install chromium），或用环境变量 CANJI_CHROMIUM 指定浏览器程序；也可用 --out 报告.html 在浏览器中打印`);
  }
  return chromium;
}

/** Runs Chromium to print `html` to `pdf`; rejects with its last stderr lines on failure or after `timeoutMs`. */
function printWithChromium(chromium: string, html: string, pdf: string, profile: string, timeoutMs: number): Promise<void> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdf}`,
    pathToFileURL(html).href,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => void (err = (err + b.toString('utf8')).slice(-2000)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`超过 ${Math.round(timeoutMs / 1000)} 秒仍未完成`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`浏览器退出码 ${code ?? signal}${err ? `：${err.trim().split('\n').slice(-2).join(' ')}` : ''}`));
    });
  });
}

/** Whether `path` is a complete PDF: `%PDF-` at the start and `%%EOF` near the end. */
async function isCompletePdf(path: string): Promise<boolean> {
  const f = await open(path, 'r').catch(() => undefined);
  if (!f) return false;
  try {
    const { size } = await f.stat();
    if (size < 64) return false;
    const head = Buffer.alloc(5);
    await f.read(head, 0, 5, 0);
    const tail = Buffer.alloc(Math.min(1024, size));
    await f.read(tail, 0, tail.length, size - tail.length);
    return head.toString('latin1') === '%PDF-' && tail.toString('latin1').includes('%%EOF');
  } finally {
    await f.close();
  }
}

/**
 * Writes the report as a PDF through headless Chromium: the HTML of `--out report.html` (the
 * report masked, see `maskReport`), printed on A4 with page numbers. Written beside the target
 * under a temporary name and renamed once Chromium has finished and the file is a complete PDF;
 * on failure nothing is left at `path` and a `PDF_FAILED` {@link CliError} (exit 3) says why.
 *
 * @example
 * ```ts
 * const chromium = assertPdfOutput('out/校验报告.pdf');
 * await writeReportPdf(report, 'out/校验报告.pdf', chromium);
 * ```
 */
export async function writeReportPdf(report: ValidationReport, path: string, chromium: string, opts: { timeoutMs?: number } = {}): Promise<void> {
  await writeHtmlPdf(renderReportHtml(maskReport(report)), path, chromium, opts);
}

/**
 * Prints an HTML document (its own print stylesheet) to a PDF through headless Chromium, as
 * {@link writeReportPdf} does: atomically, `PDF_FAILED` (exit 3) on failure. For the other printed
 * documents (the submission package's 双签字报表 and 工作总结).
 *
 * @example
 * ```ts
 * await writeHtmlPdf('<!doctype html><h1>汇总表</h1>', 'out/双签字报表.pdf', assertPdfOutput('out/双签字报表.pdf'));
 * ```
 */
export async function writeHtmlPdf(htmlText: string, path: string, chromium: string, opts: { timeoutMs?: number } = {}): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'canji-pdf-'));
  const out = await beginOutput(path);
  try {
    const html = join(work, 'report.html');
    await writeFile(html, htmlText);
    try {
      await printWithChromium(chromium, html, out.tmp, join(work, 'profile'), opts.timeoutMs ?? 120_000);
    } catch (e) {
      throw new CliError('PDF_FAILED', `无法生成 PDF“${basename(path)}”：${(e as Error).message}`, EXIT.FAILURE);
    }
    if (!(await isCompletePdf(out.tmp))) throw new CliError('PDF_FAILED', `无法生成 PDF“${basename(path)}”：浏览器没有写出完整的 PDF 文件`, EXIT.FAILURE);
    await out.commit();
  } finally {
    await out.abort();
    await rm(work, { recursive: true, force: true });
  }
}
