/**
 * Verifying a submission package as received: every file against the manifest (missing, extra,
 * changed), then the package against its own data (the figures add up, and agree with the
 * validation report and the batch the manifest names).
 */
import { figuresFindings, type FiguresFinding, type SummaryFigures, type SummaryUnitFigures } from './figures.js';
import { PACKAGE_MANIFEST_FILE, manifestIntact, parseManifest, type PackageManifest } from './manifest.js';
import { sha256Hex } from './sha256.js';

/** Stable codes of the findings of {@link verifyPackage} and {@link combinePackages}. */
export type PackageFindingCode =
  | 'PACKAGE_MANIFEST_MISSING'
  | 'PACKAGE_MANIFEST_INVALID'
  | 'PACKAGE_MANIFEST_VERSION'
  | 'PACKAGE_MANIFEST_CHANGED'
  | 'PACKAGE_FILE_MISSING'
  | 'PACKAGE_FILE_EXTRA'
  | 'PACKAGE_FILE_SIZE'
  | 'PACKAGE_FILE_CHANGED'
  | 'PACKAGE_FIGURES_MISSING'
  | 'PACKAGE_FIGURES_INVALID'
  | FiguresFinding['code']
  | 'PACKAGE_FIGURES_UNIT'
  | 'PACKAGE_REPORT_INVALID'
  | 'PACKAGE_REPORT_MISMATCH'
  | 'PACKAGE_BATCH_MISMATCH'
  | 'PACKAGE_APPROVAL_NONE'
  | 'PACKAGE_APPROVAL_STALE'
  | 'PACKAGE_APPROVAL_PENDING'
  | 'PACKAGE_UNIT_OUTSIDE'
  | 'PACKAGE_UNIT_DUPLICATE'
  | 'PACKAGE_ROUND_MISMATCH'
  | 'PACKAGE_VERSION_MISMATCH'
  | 'PACKAGE_UNIT_EXCLUDED';

/**
 * One thing found about a package. `error`: the package cannot be relied on as received (a file
 * missing or changed, figures that do not add up or disagree with the data); `warning`: it can,
 * but the level above should know (no approval recorded, an extra file).
 */
export interface PackageFinding {
  code: PackageFindingCode;
  severity: 'error' | 'warning';
  /** zh-CN, naming the file, unit and figures concerned. */
  message: string;
  /** The package's unit code, when known. */
  unit?: string;
  /** The file concerned, path inside the package. */
  path?: string;
}

/** A package as bytes by path (`/`-separated, relative to the package's folder), the manifest included. */
export type PackageFiles = ReadonlyMap<string, Uint8Array>;

/** What {@link verifyPackage} found. */
export interface PackageVerification {
  /** No finding of severity `error`. */
  ok: boolean;
  manifest: PackageManifest | null;
  /** The figures as read from the package (its `figures` file), when readable. */
  figures: SummaryFigures | null;
  findings: PackageFinding[];
}

const decoder = new TextDecoder('utf-8', { fatal: false });

function jsonOf(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function isUnitFigures(v: unknown): v is SummaryUnitFigures {
  return isObj(v) && typeof v.code === 'string' && isCount(v.persons) && isCount(v.withErrors) && isCount(v.withWarnings) && isCount(v.homeVisits) && isObj(v.modes) && Object.values(v.modes).every(isCount);
}

/**
 * Reads summary figures from any JavaScript value (the package's `汇总数据.json`): the figures, or
 * `null` when the shape is not that of {@link SummaryFigures}. Never throws.
 *
 * @example
 * ```ts
 * parseFigures(JSON.parse(text))?.total.persons; //=> 20000
 * ```
 */
export function parseFigures(v: unknown): SummaryFigures | null {
  if (!isObj(v) || !isObj(v.unit) || typeof v.unit.code !== 'string' || typeof v.round !== 'string' || typeof v.rowLevel !== 'string') return null;
  if (!Array.isArray(v.rows) || !v.rows.every(isUnitFigures) || !isUnitFigures(v.total) || !isCount(v.unreadable)) return null;
  if (v.verification !== null && !(Array.isArray(v.verification) && v.verification.every((d) => isObj(d) && typeof d.department === 'string' && isCount(d.sent) && isCount(d.answered) && isCount(d.open) && isObj(d.byResult)))) return null;
  return v as unknown as SummaryFigures;
}

/**
 * Checks the files of a package against its manifest: a listed file absent
 * (`PACKAGE_FILE_MISSING`), of another size (`PACKAGE_FILE_SIZE`) or other content
 * (`PACKAGE_FILE_CHANGED`), a file not listed (`PACKAGE_FILE_EXTRA`); then the package against its
 * data (see {@link packageDataFindings}). Pure: the caller reads the folder.
 *
 * @example
 * ```ts
 * const v = verifyPackage(new Map([['manifest.json', manifestBytes], ['汇总数据.json', figuresBytes]]));
 * v.ok; //=> true
 * v.findings; //=> []
 * ```
 */
export function verifyPackage(files: PackageFiles): PackageVerification {
  const raw = files.get(PACKAGE_MANIFEST_FILE);
  if (!raw) return { ok: false, manifest: null, figures: null, findings: [{ code: 'PACKAGE_MANIFEST_MISSING', severity: 'error', message: `没有提交清单 ${PACKAGE_MANIFEST_FILE}：无法核验这个上报包`, path: PACKAGE_MANIFEST_FILE }] };
  const parsed = parseManifest(jsonOf(raw));
  if (!parsed.ok) return { ok: false, manifest: null, figures: null, findings: [{ code: parsed.error.code, severity: 'error', message: parsed.error.message, path: PACKAGE_MANIFEST_FILE }] };
  const m = parsed.value;
  const unit = m.unit.code;
  const unitLabel = `${m.unit.name ?? ''}（${unit}）`;
  const findings: PackageFinding[] = [];
  if (!manifestIntact(m, raw)) findings.push({ code: 'PACKAGE_MANIFEST_CHANGED', severity: 'error', message: `${unitLabel}上报包的提交清单在制作后被改动（内容与其自身的 SHA-256 不符，或不是 canji 写出的格式）`, unit, path: PACKAGE_MANIFEST_FILE });
  const listed = new Set<string>();
  for (const f of m.files) {
    listed.add(f.path);
    const bytes = files.get(f.path);
    if (!bytes) findings.push({ code: 'PACKAGE_FILE_MISSING', severity: 'error', message: `${unitLabel}上报包缺少文件“${f.path}”（提交清单中列出）`, unit, path: f.path });
    else if (bytes.length !== f.bytes) findings.push({ code: 'PACKAGE_FILE_SIZE', severity: 'error', message: `${unitLabel}上报包中“${f.path}”的大小为 ${bytes.length} 字节，提交清单记为 ${f.bytes} 字节：文件在制作后被改动或传输不完整`, unit, path: f.path });
    else if (sha256Hex(bytes) !== f.sha256) findings.push({ code: 'PACKAGE_FILE_CHANGED', severity: 'error', message: `${unitLabel}上报包中“${f.path}”的内容与提交清单的 SHA-256 不符：文件在制作后被改动`, unit, path: f.path });
  }
  for (const p of [...files.keys()].sort()) {
    if (p !== PACKAGE_MANIFEST_FILE && !listed.has(p)) findings.push({ code: 'PACKAGE_FILE_EXTRA', severity: 'error', message: `${unitLabel}上报包中有提交清单未列出的文件“${p}”`, unit, path: p });
  }
  const data = packageDataFindings(m, files);
  findings.push(...data.findings);
  return { ok: !findings.some((f) => f.severity === 'error'), manifest: m, figures: data.figures, findings };
}

/**
 * Checks a package against its own data: the figures file is readable and adds up
 * (`PACKAGE_FIGURES_*`), is the manifest's unit and round (`PACKAGE_FIGURES_UNIT`), agrees with the
 * validation report's counts (`PACKAGE_REPORT_MISMATCH`: persons, records with errors and warnings),
 * and the report was made from the batch the manifest names, with as many records
 * (`PACKAGE_BATCH_MISMATCH`). A missing approval is a warning (`PACKAGE_APPROVAL_NONE`), as is
 * one not (yet) approved (`PACKAGE_APPROVAL_PENDING`); an approval of another batch content is an
 * error (`PACKAGE_APPROVAL_STALE`).
 */
export function packageDataFindings(m: PackageManifest, files: PackageFiles): { figures: SummaryFigures | null; findings: PackageFinding[] } {
  const unit = m.unit.code;
  const unitLabel = `${m.unit.name ?? ''}（${unit}）`;
  const findings: PackageFinding[] = [];
  const err = (code: PackageFindingCode, message: string, path?: string) => findings.push({ code, severity: 'error', message, unit, ...(path ? { path } : {}) });
  if (m.approval === null) findings.push({ code: 'PACKAGE_APPROVAL_NONE', severity: 'warning', message: `${unitLabel}上报包没有记录审核状态（制作时未给出审核库）：下一级合格方可申报上一级，请核实其审核情况`, unit });
  else if (!m.approval.current) err('PACKAGE_APPROVAL_STALE', `${unitLabel}的审核（${m.approval.label}）锁定的是另一份数据：数据在审核后有改动，审核已失效`);
  else if (m.approval.approved === false) findings.push({ code: 'PACKAGE_APPROVAL_PENDING', severity: 'warning', message: `${unitLabel}的审核状态为“${m.approval.label}”，尚未审核通过：下一级合格方可申报上一级`, unit });
  const figFile = m.files.find((f) => f.role === 'figures');
  const figBytes = figFile && files.get(figFile.path);
  if (!figFile || !figBytes) {
    err('PACKAGE_FIGURES_MISSING', `${unitLabel}上报包中没有汇总数据（figures）文件`);
    return { figures: null, findings };
  }
  const figures = parseFigures(jsonOf(figBytes));
  if (!figures) {
    err('PACKAGE_FIGURES_INVALID', `${unitLabel}上报包的汇总数据“${figFile.path}”无法读取（不是汇总数据的格式）`, figFile.path);
    return { figures: null, findings };
  }
  for (const f of figuresFindings(figures)) err(f.code, `${unitLabel}汇总数据：${f.message}`, figFile.path);
  if (figures.unit.code !== unit || figures.round !== m.round || (figures.referenceDate ?? '') !== m.referenceDate) {
    err('PACKAGE_FIGURES_UNIT', `${unitLabel}汇总数据的单位、年度或标准时点（${figures.unit.code}、${figures.round}、${figures.referenceDate ?? '无'}）与提交清单（${unit}、${m.round}、${m.referenceDate}）不符`, figFile.path);
  }
  const repFile = m.files.find((f) => f.role === 'validation-report-json');
  const repBytes = repFile && files.get(repFile.path);
  if (repFile && repBytes) {
    const rep = jsonOf(repBytes);
    const counts = isObj(rep) && isObj(rep.counts) ? rep.counts : undefined;
    if (!counts || !isCount(counts.read) || !isCount(counts.unreadable) || !isCount(counts.withErrors) || !isCount(counts.withWarnings)) {
      err('PACKAGE_REPORT_INVALID', `${unitLabel}上报包的数据校验报告“${repFile.path}”无法读取`, repFile.path);
    } else {
      const readable = counts.read - counts.unreadable;
      const t = figures.total;
      if (t.persons !== readable) err('PACKAGE_REPORT_MISMATCH', `${unitLabel}汇总数据的人数 ${t.persons} 与数据校验报告的可读记录数 ${readable} 不符`, figFile.path);
      if (t.withErrors !== counts.withErrors) err('PACKAGE_REPORT_MISMATCH', `${unitLabel}汇总数据的有错误记录数 ${t.withErrors} 与数据校验报告的 ${counts.withErrors} 不符`, figFile.path);
      if (t.withWarnings !== counts.withWarnings) err('PACKAGE_REPORT_MISMATCH', `${unitLabel}汇总数据的有警告记录数 ${t.withWarnings} 与数据校验报告的 ${counts.withWarnings} 不符`, figFile.path);
      const meta = isObj(rep) && isObj(rep.meta) ? rep.meta : {};
      const input = isObj(meta.input) ? meta.input : undefined;
      if (m.batch) {
        if (input && input.sha256 !== m.batch.sha256) err('PACKAGE_BATCH_MISMATCH', `${unitLabel}数据校验报告所校验的数据文件（SHA-256 ${String(input.sha256).slice(0, 12)}…）不是提交清单所列的数据文件“${m.batch.name}”（${m.batch.sha256.slice(0, 12)}…）`, repFile.path);
        if (counts.read !== m.batch.records) err('PACKAGE_BATCH_MISMATCH', `${unitLabel}数据文件“${m.batch.name}”有 ${m.batch.records} 条记录，数据校验报告读取了 ${counts.read} 条`, repFile.path);
      }
    }
  } else if (m.batch) {
    err('PACKAGE_REPORT_INVALID', `${unitLabel}上报包中没有数据校验报告（JSON）`);
  }
  return { figures, findings };
}
