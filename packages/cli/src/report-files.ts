/** Writes a validation report as HTML, Markdown, JSON, CSV or XLSX, chosen by the file extension. */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { writeOutput } from './output-file.js';
import ExcelJS from 'exceljs';
import { basisText, maskReport, renderReportCsv, renderReportHtml, renderReportJson, renderReportMarkdown, type ValidationReport } from '@canji/rules';
import { CliError } from './io.js';

export const REPORT_FORMATS = ['.html', '.htm', '.md', '.json', '.csv', '.xlsx'] as const;

export function assertReportPath(path: string): void {
  const ext = extname(path).toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(ext)) {
    throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext || '无'}”输出报告：支持 .html、.md、.json、.csv、.xlsx`);
  }
}

const SEVERITY: Record<string, string> = { error: '错误', warning: '警告' };
/** Rates are stored as numbers (0–1) and shown as percentages. */
const PERCENT = '0.0%';

type Sheet = ReturnType<InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter>['addWorksheet']>;

/** A sheet with a frozen, bold header row; `percent` columns get the percentage format. */
function sheet(wb: InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter>, name: string, columns: { header: string; key: string; width: number; percent?: boolean }[]): Sheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map(({ header, key, width, percent }) => ({ header, key, width, ...(percent ? { style: { numFmt: PERCENT } } : {}) }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

async function reportXlsx(report: ValidationReport, path: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
  const m = report.meta;
  const c = report.counts;
  const summary = sheet(wb, '概况', [{ header: '项目', key: 'k', width: 24 }, { header: '数值', key: 'v', width: 70 }]);
  const rows: [string, string | number | undefined][] = [
    ['标题', m.title],
    ['填报单位', m.reportingUnit ? `${m.reportingUnit.name ?? ''}（${m.reportingUnit.code}）` : undefined],
    ['标准时点', m.referenceDate],
    ['数据文件', m.input?.name],
    ['SHA-256', m.input?.sha256],
    ['规则集版本', m.ruleSetVersion],
    ['登记表版本', m.formVersion],
    ['生成日期', m.generatedAt],
    ['读取记录', c.read],
    ['无问题', c.clean],
    ['仅有警告', c.warningsOnly],
    ['有错误', c.withErrors],
    ['无法读取', c.unreadable],
    ['错误（处）', c.errors],
    ['警告（处）', c.warnings],
  ];
  for (const [k, v] of rows) if (v !== undefined) summary.addRow({ k, v }).commit();
  if (report.collection) {
    const row = summary.addRow({ k: '入户调查率', v: report.collection.homeVisitRate });
    row.getCell('v').numFmt = PERCENT;
    row.commit();
    const t = summary.addRow({ k: '入户调查率要求', v: report.collection.target.rate });
    t.getCell('v').numFmt = PERCENT;
    t.commit();
  }
  summary.commit();
  const rules = sheet(wb, '按规则', [
    { header: '规则编号', key: 'id', width: 34 },
    { header: '说明', key: 'title', width: 50 },
    { header: '级别', key: 'sev', width: 8 },
    { header: '依据', key: 'basis', width: 50 },
    { header: '记录数', key: 'n', width: 10 },
  ]);
  for (const r of report.rules) rules.addRow({ id: r.id, title: r.title, sev: SEVERITY[r.severity] ?? r.severity, basis: basisText(r.basis), n: r.records }).commit();
  rules.commit();
  const regions = sheet(wb, '按地区', [
    { header: '地区代码', key: 'code', width: 14 },
    { header: '地区', key: 'name', width: 30 },
    { header: '记录数', key: 'read', width: 10 },
    { header: '有错误', key: 'e', width: 10 },
    { header: '错误率', key: 'er', width: 10, percent: true },
    { header: '有警告', key: 'w', width: 10 },
    { header: '警告率', key: 'wr', width: 10, percent: true },
    { header: '入户调查', key: 'hv', width: 10 },
    { header: '入户调查率', key: 'hvr', width: 12, percent: true },
  ]);
  for (const r of report.regions) {
    const hv = r.collectionModes?.['1'] ?? 0;
    regions.addRow({ code: r.code, name: r.name ?? '', read: r.read, e: r.withErrors, er: r.errorRate, w: r.withWarnings, wr: r.warningRate, hv, hvr: r.read ? hv / r.read : 0 }).commit();
  }
  regions.commit();
  if (report.departments.length) {
    const d = sheet(wb, '部门比对差异', [
      { header: '部门', key: 'dept', width: 28 },
      { header: '规则编号', key: 'rule', width: 30 },
      { header: '说明', key: 'msg', width: 50 },
      { header: '身份证号（脱敏）', key: 'key', width: 22 },
      { header: '序号', key: 'index', width: 8 },
      { header: '登记表', key: 'rec', width: 14 },
      { header: '部门数据', key: 'dv', width: 14 },
    ]);
    for (const dep of report.departments) {
      for (const x of dep.discrepancies) {
        d.addRow({ dept: dep.name, rule: x.ruleId, msg: x.message, key: x.key, index: x.index + 1, rec: text(x.recorded), dv: text(x.departmentValue) }).commit();
      }
    }
    d.commit();
  }
  await wb.commit();
}

const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * Writes a validation report to a file for people, the format chosen by the extension: `.html`
 * (A4 print layout), `.md`, `.json`, `.csv` (the rules table) or `.xlsx` (typed cells). Every
 * identifier is masked (`@canji/rules`' `maskReport`: department keys, both names of a name
 * mismatch, ID and certificate numbers in messages); the raw keys are only in the department lists
 * (`--discrepancies`), written apart for the people who verify them. Parent directories are
 * created. Another extension is a `USAGE_OUT_FORMAT` {@link CliError}.
 *
 * @example
 * ```ts
 * const { report } = await checkFile('county.csv');
 * await writeReport(report, 'out/校验报告.html');
 * ```
 */
export async function writeReport(full: ValidationReport, path: string): Promise<void> {
  const report = maskReport(full);
  const ext = extname(path).toLowerCase();
  // Written under a temporary name and renamed when complete: never a half-written report.
  const write = (tmp: string): Promise<void> => {
    switch (ext) {
      case '.html':
      case '.htm':
        return writeFile(tmp, renderReportHtml(report));
      case '.md':
        return writeFile(tmp, renderReportMarkdown(report));
      case '.json':
        return writeFile(tmp, renderReportJson(report, { indent: 2 }));
      case '.csv':
        return writeFile(tmp, '\uFEFF' + renderReportCsv(report, { table: 'rules' }));
      case '.xlsx':
        return reportXlsx(report, tmp);
      default:
        throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext}”输出报告`);
    }
  };
  if (!(REPORT_FORMATS as readonly string[]).includes(ext)) throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext}”输出报告`);
  await writeOutput(path, write);
}
