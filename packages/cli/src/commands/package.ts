/**
 * `canji package build | verify | combine`: the yearly submission package (年度上报包) of a unit,
 * its verification by the level above, and the combination of units' packages upward.
 *
 * A package is a folder (and a `.zip` of it): the 双签字报表 (XLSX and PDF, both signature blocks
 * and the stamp), the draft 工作总结 (Markdown, HTML, PDF), the 数据校验报告 made by `canji check`
 * itself, the figures as data (汇总数据.json) and `manifest.json` (every file's SHA-256 and size, the
 * versions, the reference date, the approval state). The figures, the manifest, its verification
 * and the combination are `@canji/review`'s pure functions; this module reads and writes files.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, sep } from 'node:path';
import ExcelJS from 'exceljs';
import { getRegion, normalizeRegionCode, regionLevelOf, REGION_LEVEL_LENGTH, REGION_LEVEL_NAMES, REGION_SOURCES, type RegionLevel } from '@canji/regions';
import { RULES_VERSION, type ValidationReport } from '@canji/rules';
import {
  PACKAGE_MANIFEST_FILE,
  ReviewError,
  buildManifest,
  openReviewStore,
  reviewStatus,
  type ReviewStore,
  cellText,
  combinePackages,
  figuresFindings,
  figuresFromReport,
  manifestJson,
  renderSummaryHtml,
  renderWorkSummaryHtml,
  renderWorkSummaryMarkdown,
  sha256Hex,
  summarySignatories,
  summaryTables,
  summaryTitle,
  verifyPackage,
  type DocumentMeta,
  type ManifestApproval,
  type ManifestMeta,
  type PackageFileRole,
  type PackageFinding,
  type SummaryFigures,
  type SummarySignatories,
  type SummaryTable,
} from '@canji/review';
import type { TextEncoding } from '../encoding.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { beginOutput, outputError } from '../output-file.js';
import { assertPdfOutput, writeHtmlPdf } from '../pdf.js';
import { generatedDate } from '../report-meta.js';
import { regionName } from '../region-name.js';
import { neutralizeCell } from '../sheets.js';
import type { FileFormat } from '../sources.js';
import { CLI_VERSION } from '../version.js';
import { runCheck } from './check.js';

/** File names inside a package (zh-CN for people; the roles say what each is). */
export const PACKAGE_FILES = {
  figures: '汇总数据.json',
  summaryXlsx: '双签字报表.xlsx',
  summaryHtml: '双签字报表.html',
  summaryPdf: '双签字报表.pdf',
  workMd: '工作总结（草稿）.md',
  workHtml: '工作总结（草稿）.html',
  workPdf: '工作总结（草稿）.pdf',
  reportJson: '数据校验报告/数据校验报告.json',
  reportHtml: '数据校验报告/数据校验报告.html',
  reportPdf: '数据校验报告/数据校验报告.pdf',
  findings: '合并核验结果.json',
  units: '下级上报包',
} as const;

/** `canji package build` options. */
export interface PackageBuildOptions {
  /** The unit the package is for (填报单位), a region code. */
  region: string;
  asOf: string;
  round?: string;
  form?: string;
  rules?: string[];
  dept: string[];
  previous?: string;
  roster?: string;
  verification?: string;
  level?: RegionLevel;
  reviewDb?: string;
  out: string;
  /** PDFs through headless Chromium (default true; `--no-pdf` writes the HTML only). */
  pdf?: boolean;
  /** A `.zip` of the folder beside it (default true). */
  zip?: boolean;
  title?: string;
  encoding?: TextEncoding;
  format?: FileFormat;
  /** `--sheet NAME|N`: the worksheet of an XLSX batch (default the first). */
  sheet?: string;
  quiet?: boolean;
  workers?: number;
}

/** `canji package combine` options. */
export interface PackageCombineOptions {
  region?: string;
  reviewDb?: string;
  out: string;
  pdf?: boolean;
  zip?: boolean;
  asOf?: string;
}

/** `canji package verify` options. */
export interface PackageVerifyOptions {
  /** The manifest's SHA-256 as sent apart (`--expect-manifest`): a forged manifest is found too. */
  expectManifest?: string;
}

const enc = new TextEncoder();

// ——— reading and writing folders ———

/** An output folder must not exist, or be empty (a package is never written over another). */
function checkPackageOut(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory() || readdirSync(dir).length > 0) {
    throw new CliError('PACKAGE_OUT_EXISTS', `输出目录“${dir}”已存在且不是空目录：上报包不覆盖已有文件，请换一个目录或先移走它`);
  }
}

/** A staging folder beside the target; renamed into place when the package is complete. */
async function stage(dir: string): Promise<string> {
  const tmp = join(dirname(dir), `.${basename(dir)}.part-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  return tmp;
}

async function commitStage(tmp: string, dir: string): Promise<void> {
  try {
    if (existsSync(dir)) await rm(dir, { recursive: false }).catch(async () => rm(dir, { recursive: true }));
    await rename(tmp, dir);
  } catch (e) {
    throw outputError(e, dir);
  }
}

/** Every file under `dir` as bytes by `/`-separated relative path. */
async function readFolder(dir: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.set(relative(dir, p).split(sep).join('/'), new Uint8Array(await readFile(p)));
    }
  };
  await walk(dir);
  return out;
}

interface JSZipLike {
  file(name: string, data: Uint8Array): void;
  generateAsync(o: { type: 'uint8array'; compression: 'DEFLATE'; platform?: string }): Promise<Uint8Array>;
  files: Record<string, { dir: boolean; name: string; async(t: 'uint8array'): Promise<Uint8Array> }>;
}
interface JSZipCtor {
  new (): JSZipLike;
  loadAsync(data: Uint8Array): Promise<JSZipLike>;
}

/**
 * JSZip, the ZIP library exceljs itself depends on (resolved from exceljs, not a dependency of its
 * own); `undefined` when it cannot be loaded — then the package is a folder only, and says so.
 */
function loadJsZip(): JSZipCtor | undefined {
  try {
    const fromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
    return fromExceljs('jszip') as JSZipCtor;
  } catch {
    return undefined;
  }
}

/** A package read from a folder or a `.zip` made by `canji package build` (one folder inside, or the files at the root). */
async function readPackage(io: CliIo, path: string): Promise<Map<string, Uint8Array>> {
  const abs = pathIn(io, path);
  if (!existsSync(abs)) throw new CliError('PACKAGE_NOT_FOUND', `找不到上报包“${path}”（应为 canji package build 写出的目录或 .zip）`);
  if (statSync(abs).isDirectory()) return readFolder(abs);
  const JSZip = loadJsZip();
  if (!JSZip) throw new CliError('PACKAGE_ZIP_UNSUPPORTED', `无法读取压缩包“${path}”：没有可用的 ZIP 库，请先解压后核验目录`);
  let zip: JSZipLike;
  try {
    zip = await JSZip.loadAsync(new Uint8Array(await readFile(abs)));
  } catch {
    throw new CliError('PACKAGE_ZIP_INVALID', `“${path}”不是可读的 .zip 文件`);
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  // One top folder (as build writes it) is taken off.
  const tops = new Set(entries.map((f) => f.name.split('/')[0]));
  const strip = tops.size === 1 && entries.every((f) => f.name.includes('/')) ? `${[...tops][0]}/` : '';
  const out = new Map<string, Uint8Array>();
  for (const f of entries) out.set(f.name.slice(strip.length), await f.async('uint8array'));
  return out;
}

/** Writes `<dir>.zip` of the folder (its files under one top folder named like it). */
async function writeZip(io: CliIo, dir: string): Promise<string | undefined> {
  const JSZip = loadJsZip();
  if (!JSZip) {
    io.stderr('提示 [PACKAGE_NO_ZIP]：没有可用的 ZIP 库，上报包只写成目录\n');
    return undefined;
  }
  const zip = new JSZip();
  const top = basename(dir);
  for (const [p, bytes] of [...(await readFolder(dir))].sort(([a], [b]) => (a < b ? -1 : 1))) zip.file(`${top}/${p}`, bytes);
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', platform: 'UNIX' });
  const path = `${dir}.zip`;
  const out = await beginOutput(path);
  try {
    await writeFile(out.tmp, bytes);
  } catch (e) {
    await out.abort();
    throw outputError(e, path);
  }
  await out.commit();
  return path;
}

// ——— the 双签字报表 as XLSX ———

const NUM_FMT = { text: '@', integer: '0', percent: '0.0%' } as const;

function tableToSheet(ws: ExcelJS.Worksheet, t: SummaryTable, firstRow: number): number {
  let r = firstRow;
  ws.getCell(r, 1).value = neutralizeCell(t.title);
  ws.getCell(r, 1).font = { bold: true, size: 11 };
  r++;
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  t.columns.forEach((c, i) => {
    const cell = ws.getCell(r, i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } };
    cell.border = border;
  });
  r++;
  for (const [k, row] of [...t.rows.map((x) => [false, x] as const), ...(t.total ? [[true, t.total] as const] : [])]) {
    row.forEach((v, i) => {
      const kind = t.columns[i]!.kind;
      const cell = ws.getCell(r, i + 1);
      cell.value = v === null ? null : typeof v === 'number' && kind !== 'text' ? v : neutralizeCell(String(v));
      cell.numFmt = NUM_FMT[kind];
      cell.border = border;
      if (k) cell.font = { bold: true };
    });
    r++;
  }
  if (t.note) {
    ws.getCell(r, 1).value = neutralizeCell(t.note);
    ws.getCell(r, 1).font = { size: 9, color: { argb: 'FF555555' } };
    r++;
  }
  return r + 1;
}

/**
 * Writes the 双签字报表 as a workbook a clerk prints and signs: the title, the unit's data, the
 * figures by unit with the total row (counts as numbers, rates as percentages, codes as text),
 * the department verification status, then the two signature lines with dates and the stamp box;
 * A4 landscape, one page wide. Atomic.
 */
async function writeSummaryXlsx(path: string, f: SummaryFigures, meta: DocumentMeta, sig: SummarySignatories): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = `canji ${meta.canjiVersion}`;
  const ws = wb.addWorksheet('双签字报表', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true } });
  const tables = summaryTables(f);
  const width = Math.max(...tables.map((t) => t.columns.length));
  tables[0]!.columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width ?? 10));
  ws.mergeCells(1, 1, 1, width);
  ws.getCell(1, 1).value = neutralizeCell(summaryTitle(f));
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  const metaPairs: [string, string][] = [
    ['填报单位', `${f.unit.name ?? ''}（${f.unit.code}）`],
    ['标准时点', f.referenceDate ?? ''],
    ['审核状态', meta.approval],
    ['登记表版本', meta.formVersion],
    ['规则集', meta.ruleSetVersion],
    ['制表', `canji ${meta.canjiVersion}，${meta.createdAt}`],
  ];
  let r = 2;
  for (let i = 0; i < metaPairs.length; i += 3) {
    metaPairs.slice(i, i + 3).forEach(([k, v], j) => {
      ws.getCell(r, 1 + j * 4).value = `${k}：`;
      ws.getCell(r, 1 + j * 4).font = { bold: true };
      ws.getCell(r, 2 + j * 4).value = neutralizeCell(v);
    });
    r++;
  }
  r++;
  for (const t of tables) r = tableToSheet(ws, t, r);
  // Signature blocks and the stamp, on the lines below the tables.
  for (const s of sig.signers) {
    ws.getCell(r, 1).value = s.title + '：';
    ws.getCell(r, 1).font = { bold: true };
    ws.mergeCells(r, 3, r, 5);
    ws.getCell(r, 3).border = { bottom: { style: 'thin' } };
    ws.getCell(r, 7).value = '日期：    年  月  日';
    ws.getRow(r).height = 30;
    r += 2;
  }
  ws.getCell(r, 1).value = sig.stamp;
  ws.getCell(r, 1).font = { bold: true };
  ws.mergeCells(r + 1, 1, r + 5, 3);
  const stamp = ws.getCell(r + 1, 1);
  stamp.value = '（盖章处）';
  stamp.alignment = { horizontal: 'center', vertical: 'middle' };
  stamp.border = { top: { style: 'dashed' }, left: { style: 'dashed' }, bottom: { style: 'dashed' }, right: { style: 'dashed' } };
  r += 7;
  if (sig.provisional) {
    ws.getCell(r, 1).value = '签字栏与盖章栏的称谓为暂定：未见正式表样原文，以上级通知的表样为准。';
    ws.getCell(r, 1).font = { size: 9, color: { argb: 'FF9A6700' } };
  }
  const out = await beginOutput(path);
  try {
    await wb.xlsx.writeFile(out.tmp);
  } catch (e) {
    await out.abort();
    throw outputError(e, path);
  }
  await out.commit();
}

// ——— approval state ———

/**
 * The approval state of the unit's round from the review store (`--review-db`, `@canji/review`'s
 * review states), for the manifest: the unit's state and label in the round's status tree, with
 * the batch taken as this package's (an approval of other content shows as no longer holding).
 * Without `--review-db` the manifest says `approval: null`, and a notice says so.
 */
async function approvalOf(io: CliIo, reviewDb: string | undefined, unit: string, round: string, batchSha256: string | undefined): Promise<ManifestApproval | null> {
  if (reviewDb === undefined) {
    io.stderr('提示 [PACKAGE_NO_APPROVAL]：未给出 --review-db，提交清单中审核状态记为 null（上一级核验时会看到）\n');
    return null;
  }
  const path = pathIn(io, reviewDb);
  if (!existsSync(path)) throw new CliError('PACKAGE_REVIEW_DB_MISSING', `找不到审核库“${reviewDb}”（由 canji review 命令建立）`);
  let store: ReviewStore | undefined;
  try {
    store = await openReviewStore(path);
    const status = await reviewStatus(store, round, batchSha256 ? { currentHashes: new Map([[unit, batchSha256]]) } : {});
    if (!status) {
      io.stderr(`提示 [PACKAGE_REVIEW_NO_ROUND]：审核库“${reviewDb}”中没有 ${round} 年度的审核，提交清单中审核状态记为 null\n`);
      return null;
    }
    const u = status.units.find((x) => x.unit === unit);
    if (!u) {
      io.stderr(`提示 [PACKAGE_REVIEW_NO_UNIT]：审核库中 ${round} 年度的审核树不含单位 ${unit}，提交清单中审核状态记为 null\n`);
      return null;
    }
    const last = u.approvals[u.approvals.length - 1];
    return {
      state: u.state,
      ...(u.level ? { level: u.level } : {}),
      label: u.label,
      approved: u.approved,
      current: u.invalidated === undefined,
      ...(last ? { by: last.by, at: last.at, batchSha256: last.hash } : {}),
    };
  } catch (e) {
    if (e instanceof ReviewError) throw new CliError(e.code, `审核库“${reviewDb}”：${e.message}`);
    throw e;
  } finally {
    await store?.close();
  }
}

const approvalText = (a: ManifestApproval | null): string => (a === null ? '未记录审核状态' : a.label);

// ——— writing a package ———

/** A unit's own name (长沙县), from the bundled region table; `undefined` when not found. */
function ownName(code: string): string | undefined {
  try {
    return getRegion(code)?.name;
  } catch {
    return undefined;
  }
}

interface StagedFile {
  path: string;
  role: PackageFileRole;
}

/** Writes the figures, the 双签字报表 and the 工作总结 draft into the staging folder; returns what it wrote. */
async function writeDocuments(dir: string, f: SummaryFigures, meta: DocumentMeta, chromium: string | undefined): Promise<StagedFile[]> {
  const files: StagedFile[] = [];
  const put = async (path: string, role: PackageFileRole, text: string) => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
    files.push({ path, role });
  };
  await put(PACKAGE_FILES.figures, 'figures', JSON.stringify(f, null, 2) + '\n');
  // Who signs, named by the unit's own name (长沙县人民政府副秘书长), not its full name.
  const sig = summarySignatories(ownName(f.unit.code) ?? f.unit.name);
  await writeSummaryXlsx(join(dir, PACKAGE_FILES.summaryXlsx), f, meta, sig);
  files.push({ path: PACKAGE_FILES.summaryXlsx, role: 'summary-xlsx' });
  const summaryHtml = renderSummaryHtml(f, meta, sig);
  await put(PACKAGE_FILES.summaryHtml, 'summary-html', summaryHtml);
  await put(PACKAGE_FILES.workMd, 'work-summary-md', renderWorkSummaryMarkdown(f));
  const workHtml = renderWorkSummaryHtml(f);
  await put(PACKAGE_FILES.workHtml, 'work-summary-html', workHtml);
  if (chromium) {
    // Two browsers at once: each print is mostly Chromium starting up.
    await Promise.all([writeHtmlPdf(summaryHtml, join(dir, PACKAGE_FILES.summaryPdf), chromium), writeHtmlPdf(workHtml, join(dir, PACKAGE_FILES.workPdf), chromium)]);
    files.push({ path: PACKAGE_FILES.summaryPdf, role: 'summary-pdf' }, { path: PACKAGE_FILES.workPdf, role: 'work-summary-pdf' });
  }
  return files;
}

/** Writes `manifest.json` over the staged files (read back as bytes) and returns the manifest's hash. */
async function writeManifest(dir: string, meta: ManifestMeta, files: readonly StagedFile[]): Promise<string> {
  const bytes = await Promise.all(files.map(async (f) => ({ ...f, bytes: new Uint8Array(await readFile(join(dir, f.path))) })));
  const text = manifestJson(buildManifest(meta, bytes));
  await writeFile(join(dir, PACKAGE_MANIFEST_FILE), text);
  return sha256Hex(enc.encode(text));
}

/** Finishes a staged package: renamed into place, zipped beside, and said. */
async function finishPackage(io: CliIo, tmp: string, dir: string, outArg: string, zip: boolean, files: number, manifestSha: string): Promise<void> {
  await commitStage(tmp, dir);
  io.stderr(`上报包已写入 ${outArg}（${files} 个文件及 ${PACKAGE_MANIFEST_FILE}）\n`);
  io.stderr(`提交清单 SHA-256：${manifestSha}（请另行报送，上一级用 canji package verify --expect-manifest 核对）\n`);
  if (zip) {
    const z = await writeZip(io, dir);
    if (z) io.stderr(`压缩包已写入 ${outArg.replace(/[\\/]+$/, '')}.zip\n`);
  }
}

function pdfChromium(io: CliIo, out: string, pdf: boolean | undefined): string | undefined {
  if (pdf === false) return undefined;
  try {
    return assertPdfOutput(join(pathIn(io, out), PACKAGE_FILES.summaryPdf));
  } catch (e) {
    if (e instanceof CliError && e.code === 'PDF_NO_CHROMIUM') throw new CliError(e.code, `${e.message}；或用 --no-pdf 只写 HTML（打印时在浏览器中另存为 PDF）`);
    throw e;
  }
}

/**
 * `canji package build <batch>`: runs `canji check` on the batch (its 数据校验报告 in JSON, HTML
 * and PDF), takes the figures from its JSON report, writes the 双签字报表 and the 工作总结 draft,
 * records the approval state, and writes the manifest — into a folder renamed into place when
 * complete, then a `.zip` of it. Exit 0 when written (the check's problems are in its report).
 */
export async function runPackageBuild(io: CliIo, batch: string, o: PackageBuildOptions): Promise<ExitCode> {
  const dir = pathIn(io, o.out);
  checkPackageOut(dir);
  const chromium = pdfChromium(io, o.out, o.pdf);
  if (o.round !== undefined && !/^\d{4}$/.test(o.round)) throw new CliError('USAGE_PACKAGE_ROUND', `--round 应为四位年份（收到“${o.round}”）`);
  const unitCode = normalizeRegionCode(o.region);
  const unitLevel = unitCode ? regionLevelOf(unitCode) : undefined;
  if (!unitCode || !unitLevel) throw new CliError('USAGE_REGION', `--region 不是有效的区划代码（收到“${o.region}”）`);
  if (!ownName(unitCode)) throw new CliError('USAGE_REGION', `区划代码“${o.region}”不在区划表中：上报包的填报单位应是区划表中的单位`);
  const level: RegionLevel | undefined = o.level ?? (unitLevel === 'county' ? 'township' : unitLevel === 'prefecture' ? 'county' : unitLevel === 'province' ? 'prefecture' : undefined);
  const tmp = await stage(dir);
  try {
    const reportJson = join(tmp, PACKAGE_FILES.reportJson);
    // canji check itself, its paths said as the package's (not the staging folder's).
    const shown = (t: string) => t.split(tmp).join(o.out.replace(/[\\/]+$/, ''));
    const checkIo: CliIo = { ...io, stdout: (t) => io.stderr(shown(t)), stderr: (t) => io.stderr(shown(t)) };
    await runCheck(checkIo, batch, {
      ...(o.form !== undefined ? { form: o.form } : {}),
      ...(o.rules?.length ? { rules: o.rules } : {}),
      asOf: o.asOf,
      region: o.region,
      dept: o.dept,
      ...(o.previous ? { previous: o.previous } : {}),
      ...(o.roster ? { roster: o.roster } : {}),
      ...(o.verification ? { verification: o.verification } : {}),
      out: [reportJson, join(tmp, PACKAGE_FILES.reportHtml)],
      ...(chromium ? { pdf: join(tmp, PACKAGE_FILES.reportPdf) } : {}),
      failOn: 'never',
      ...(o.encoding ? { encoding: o.encoding } : {}),
      ...(o.format ? { format: o.format } : {}),
      ...(o.sheet !== undefined ? { sheet: o.sheet } : {}),
      quiet: o.quiet ?? false,
      workers: o.workers ?? 1,
      ...(o.title ? { title: o.title } : {}),
      ...(level ? { level } : {}),
    });
    const report = JSON.parse(await readFile(reportJson, 'utf8')) as ValidationReport;
    const round = o.round ?? o.asOf.slice(0, 4);
    const ru = report.meta.reportingUnit;
    const name = ru?.code === unitCode && ru.name ? ru.name : regionName(unitCode);
    const unit = { code: unitCode, ...(name ? { name } : {}) };
    const figures = figuresFromReport(report, { round, unit });
    const bug = figuresFindings(figures);
    if (bug.length) throw new CliError('PACKAGE_FIGURES_TOTAL', `汇总数字未能相互核对（程序错误，请报告）：${bug.map((b) => b.message).join('；')}`, EXIT.FAILURE);
    const input = report.meta.input;
    const approval = await approvalOf(io, o.reviewDb, unit.code, round, input?.sha256);
    const createdAt = generatedDate();
    const docMeta: DocumentMeta = { approval: approvalText(approval), formVersion: report.meta.formVersion, ruleSetVersion: report.meta.ruleSetVersion, canjiVersion: CLI_VERSION, createdAt };
    const files: StagedFile[] = [
      { path: PACKAGE_FILES.reportJson, role: 'validation-report-json' },
      { path: PACKAGE_FILES.reportHtml, role: 'validation-report-html' },
      ...(chromium ? [{ path: PACKAGE_FILES.reportPdf, role: 'validation-report-pdf' as const }] : []),
      ...(await writeDocuments(tmp, figures, docMeta, chromium)),
    ];
    const manifestSha = await writeManifest(
      tmp,
      {
        unit: { ...unit, level: unitLevel },
        round,
        referenceDate: report.meta.referenceDate ?? o.asOf,
        formVersion: report.meta.formVersion,
        // The built-in rules, or with local rule files (`--rules`: named in the version).
        ruleSet: { id: o.rules?.length ? '@canji/rules+local' : '@canji/rules', version: report.meta.ruleSetVersion },
        regionTableVersion: report.meta.regionTableVersion ?? REGION_SOURCES[0]?.edition ?? '',
        canjiVersion: CLI_VERSION,
        createdAt,
        approval,
        batch: input ? { name: input.name, sha256: input.sha256, bytes: input.bytes ?? 0, records: report.counts.read } : null,
      },
      files,
    );
    const t = figures.total;
    io.stderr(`汇总：${unit.name ?? unit.code} ${t.persons} 人，入户调查 ${t.homeVisits} 人（${cellText(t.persons ? t.homeVisits / t.persons : 0, 'percent')}），有错误记录 ${t.withErrors} 条\n`);
    await finishPackage(io, tmp, dir, o.out, o.zip !== false, files.length, manifestSha);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return EXIT.OK;
}

// ——— verify ———

const SEVERITY = { error: '错误', warning: '警告' } as const;

/** The findings, one a line: on stdout for `package verify` (they are its result), on stderr for `combine` (which writes a package). */
function printFindings(say: (t: string) => void, findings: readonly PackageFinding[]): void {
  for (const f of findings) say(`${SEVERITY[f.severity]} [${f.code}]${f.path ? ` ${f.path}` : ''}：${f.message}\n`);
}

/**
 * `canji package verify <dir>`: every file of the package against its manifest, and the package
 * against its own data (`@canji/review`'s `verifyPackage`). Exit 0 when everything agrees, 1 when
 * anything differs (each finding printed with its code), 2 when the package cannot be read.
 */
export async function runPackageVerify(io: CliIo, path: string, o: PackageVerifyOptions = {}): Promise<ExitCode> {
  if (o.expectManifest !== undefined && !/^[0-9a-f]{64}$/i.test(o.expectManifest)) throw new CliError('USAGE_PACKAGE_HASH', `--expect-manifest 应为 64 位十六进制的 SHA-256（收到“${o.expectManifest}”）`);
  const files = await readPackage(io, path);
  const v = verifyPackage(files);
  const findings = [...v.findings];
  const raw = files.get(PACKAGE_MANIFEST_FILE);
  if (o.expectManifest && raw && sha256Hex(raw) !== o.expectManifest.toLowerCase()) {
    findings.unshift({ code: 'PACKAGE_MANIFEST_CHANGED', severity: 'error', message: `提交清单的 SHA-256（${sha256Hex(raw)}）与另行报送的（${o.expectManifest.toLowerCase()}）不符：收到的不是报送的那一份`, path: PACKAGE_MANIFEST_FILE });
  }
  const m = v.manifest;
  if (m) io.stdout(`上报包：${m.unit.name ?? ''}（${m.unit.code}），${m.round} 年度，标准时点 ${m.referenceDate}，${m.files.length} 个文件，审核状态：${approvalText(m.approval)}\n`);
  printFindings(io.stdout, findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (errors) {
    io.stderr(`核验未通过：${errors} 处与提交清单或数据不符，退出码 1\n`);
    return EXIT.PROBLEMS;
  }
  io.stdout(`核验通过：${m?.files.length ?? 0} 个文件与提交清单一致，汇总数字与数据校验报告相符\n`);
  return EXIT.OK;
}

// ——— combine ———

const ABOVE: Readonly<Record<string, RegionLevel>> = { village: 'township', township: 'county', county: 'prefecture', prefecture: 'province' };

/** The parent unit: `--region`, or the one unit above every package's unit. */
function parentOf(region: string | undefined, units: readonly string[]): { code: string; level: RegionLevel } {
  if (region !== undefined) {
    const code = normalizeRegionCode(region);
    const level = code ? regionLevelOf(code) : undefined;
    if (!code || !level || !ownName(code)) throw new CliError('USAGE_REGION', `--region 不是区划表中的区划代码（收到“${region}”）`);
    return { code, level };
  }
  const parents = new Set<string>();
  let level: RegionLevel | undefined;
  for (const u of units) {
    const l = regionLevelOf(u);
    const up = l ? ABOVE[l] : undefined;
    if (!up) continue;
    level = up;
    parents.add(u.slice(0, REGION_LEVEL_LENGTH[up]));
  }
  if (parents.size !== 1 || !level) throw new CliError('USAGE_PACKAGE_PARENT', `这些上报包不属于同一个上级单位（${[...parents].join('、') || '无法识别'}）：请用 --region 指定汇总单位`);
  return { code: [...parents][0]!, level };
}

/**
 * `canji package combine <dir>…`: the level above combines its units' packages — each verified,
 * the figures of those that verified re-added (a row per unit), the findings listed — and writes
 * its own package: the figures, the 双签字报表 and 工作总结 draft of the parent, the findings
 * (合并核验结果.json), each unit's manifest, and the parent's manifest naming them. Exit 1 when a
 * package did not verify or does not fit (it is left out of the figures), 0 otherwise.
 */
export async function runPackageCombine(io: CliIo, paths: readonly string[], o: PackageCombineOptions): Promise<ExitCode> {
  if (!paths.length) throw new CliError('USAGE_PACKAGE_NONE', '请给出至少一个下级单位的上报包');
  const dir = pathIn(io, o.out);
  checkPackageOut(dir);
  const chromium = pdfChromium(io, o.out, o.pdf);
  const units = await Promise.all(paths.map((p) => readPackage(io, p)));
  const codes = units.map((u) => {
    try {
      const m = JSON.parse(new TextDecoder().decode(u.get(PACKAGE_MANIFEST_FILE) ?? new Uint8Array())) as { unit?: { code?: unknown } };
      return typeof m.unit?.code === 'string' ? m.unit.code : '';
    } catch {
      return '';
    }
  });
  const p = parentOf(o.region, codes.filter(Boolean));
  const parent = { ...p, ...(regionName(p.code) ? { name: regionName(p.code)! } : {}) };
  const c = combinePackages(parent, units);
  io.stderr(`汇总单位：${parent.name ?? ''}（${parent.code}，${REGION_LEVEL_NAMES[parent.level]}），收到 ${units.length} 个上报包，计入 ${c.children.filter((x) => x.added).length} 个\n`);
  printFindings(io.stderr, c.findings);
  const common = c.common;
  const round = common?.round ?? '';
  const tmp = await stage(dir);
  try {
    const approval = await approvalOf(io, o.reviewDb, parent.code, round, undefined);
    const createdAt = generatedDate();
    const docMeta: DocumentMeta = {
      approval: approvalText(approval),
      formVersion: common?.formVersion ?? '',
      ruleSetVersion: common?.ruleSet.version ?? '',
      canjiVersion: CLI_VERSION,
      createdAt,
      combined: { added: c.children.filter((x) => x.added).length, received: units.length },
    };
    const files = await writeDocuments(tmp, c.figures, docMeta, chromium);
    const findingsText = JSON.stringify({ parent, children: c.children, findings: c.findings }, null, 2) + '\n';
    await writeFile(join(tmp, PACKAGE_FILES.findings), findingsText);
    files.push({ path: PACKAGE_FILES.findings, role: 'findings' });
    for (const [i, u] of units.entries()) {
      const raw = u.get(PACKAGE_MANIFEST_FILE);
      if (!raw) continue;
      const name = `${PACKAGE_FILES.units}/${c.children[i]!.code || `第${i + 1}个`}${c.children.slice(0, i).some((x) => x.code === c.children[i]!.code) ? `-${i + 1}` : ''}/${PACKAGE_MANIFEST_FILE}`;
      await mkdir(dirname(join(tmp, name)), { recursive: true });
      await writeFile(join(tmp, name), raw);
      files.push({ path: name, role: 'unit-manifest' });
    }
    const manifestSha = await writeManifest(
      tmp,
      {
        unit: { code: parent.code, ...(parent.name ? { name: parent.name } : {}), level: parent.level },
        round,
        referenceDate: common?.referenceDate ?? o.asOf ?? '',
        formVersion: common?.formVersion ?? '',
        ruleSet: common?.ruleSet ?? { id: '@canji/rules', version: RULES_VERSION },
        regionTableVersion: common?.regionTableVersion ?? REGION_SOURCES[0]?.edition ?? '',
        canjiVersion: CLI_VERSION,
        createdAt,
        approval,
        batch: null,
        children: c.children,
      },
      files,
    );
    const t = c.figures.total;
    io.stderr(`汇总：${t.persons} 人，入户调查 ${t.homeVisits} 人（${cellText(t.persons ? t.homeVisits / t.persons : 0, 'percent')}），有错误记录 ${t.withErrors} 条\n`);
    await finishPackage(io, tmp, dir, o.out, o.zip !== false, files.length, manifestSha);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const errors = c.findings.filter((f) => f.severity === 'error').length;
  if (errors) {
    io.stderr(`有 ${errors} 处问题（见 ${PACKAGE_FILES.findings}），未通过核验的上报包未计入汇总，退出码 1\n`);
    return EXIT.PROBLEMS;
  }
  return EXIT.OK;
}
