/** Writes a validation report as HTML, Markdown, JSON, CSV or XLSX, chosen by the file extension. */
import { writeFile } from 'node:fs/promises';
import { closeSync, openSync, writeSync } from 'node:fs';
import { extname } from 'node:path';
import { writeOutput } from './output-file.js';
import { basisText, maskReport, renderReportCsv, renderReportHtml, renderReportJsonChunks, renderReportMarkdown, roundsTables, type RoundsCell, type ValidationReport } from '@canji/rules';
import { DEPARTMENT_NAMES } from '@canji/form';
import { CliError } from './io.js';
import { writeWorkbook, type SheetCell, type SheetSpec, type TypedCell } from './sheets.js';

export const REPORT_FORMATS = ['.html', '.htm', '.md', '.json', '.csv', '.xlsx'] as const;

export function assertReportPath(path: string): void {
  const ext = extname(path).toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(ext)) {
    throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext || '无'}”输出报告：支持 .html、.md、.json、.csv、.xlsx`);
  }
}

const SEVERITY: Record<string, string> = { error: '错误', warning: '警告' };

/**
 * The report's sheets (typed cells through `sheets.ts`: codes as text, counts as integers, rates as
 * percentages, every text neutralised): 概况, 按规则, 按地区, and 部门比对差异 with the departments.
 */
function reportSheets(report: ValidationReport): SheetSpec[] {
  const m = report.meta;
  const c = report.counts;
  const int = (value: number): TypedCell => ({ value, kind: 'integer' });
  const pct = (value: number): TypedCell => ({ value, kind: 'percent' });
  const summary: [string, SheetCell][] = [
    ['标题', m.title],
    ['填报单位', m.reportingUnit ? `${m.reportingUnit.name ?? ''}（${m.reportingUnit.code}）` : undefined],
    ['标准时点', m.referenceDate],
    ['数据文件', m.input?.name],
    ['SHA-256', m.input?.sha256],
    ['规则集版本', m.ruleSetVersion],
    ['登记表版本', m.formVersion],
    ['生成日期', m.generatedAt],
    ['读取记录', int(c.read)],
    ['无问题', int(c.clean)],
    ['仅有警告', int(c.warningsOnly)],
    ['有错误', int(c.withErrors)],
    ['无法读取', int(c.unreadable)],
    ['错误（处）', int(c.errors)],
    ['警告（处）', int(c.warnings)],
  ];
  if (report.collection) summary.push(['入户调查率', pct(report.collection.homeVisitRate)], ['入户调查率要求', pct(report.collection.target.rate)]);
  const sheets: SheetSpec[] = [
    { name: '概况', columns: [{ header: '项目', width: 24 }, { header: '数值', width: 70 }], rows: summary.filter(([, v]) => v !== undefined) },
    {
      name: '按规则',
      columns: [{ header: '规则编号', width: 34 }, { header: '说明', width: 50 }, { header: '级别', width: 8 }, { header: '依据', width: 50 }, { header: '记录数', kind: 'integer', width: 10 }],
      rows: report.rules.map((r) => [r.id, r.title, SEVERITY[r.severity] ?? r.severity, basisText(r.basis), r.records]),
    },
    {
      name: '按地区',
      columns: [
        { header: '地区代码', width: 14 },
        { header: '地区', width: 30 },
        { header: '记录数', kind: 'integer', width: 10 },
        { header: '有错误', kind: 'integer', width: 10 },
        { header: '错误率', kind: 'percent', width: 10 },
        { header: '有警告', kind: 'integer', width: 10 },
        { header: '警告率', kind: 'percent', width: 10 },
        { header: '入户调查', kind: 'integer', width: 10 },
        { header: '入户调查率', kind: 'percent', width: 12 },
      ],
      rows: report.regions.map((r) => {
        const hv = r.collectionModes?.['1'] ?? 0;
        return [r.code, r.name ?? '', r.read, r.withErrors, r.errorRate, r.withWarnings, r.warningRate, hv, r.read ? hv / r.read : 0];
      }),
    },
  ];
  if (report.departments.length) {
    sheets.push({
      name: '部门比对差异',
      columns: [
        { header: '部门', width: 28 },
        { header: '规则编号', width: 30 },
        { header: '说明', width: 50 },
        { header: '身份证号（脱敏）', width: 22 },
        { header: '原表行号', kind: 'integer', width: 10 },
        { header: '登记表', width: 24 },
        { header: '部门数据', width: 24 },
      ],
      rows: report.departments.flatMap((dep) =>
        dep.discrepancies.map((x) => [dep.name, x.ruleId, x.message, x.key, x.rowNumber ?? x.index + 1, x.recordedLabel ?? text(x.recorded), x.departmentLabel ?? text(x.departmentValue)]),
      ),
    });
  }
  const v = report.verification;
  if (v) {
    const answers = [...new Set(v.departments.flatMap((d) => Object.keys(d.byResult)))];
    sheets.push({
      name: '核实情况',
      ...(v.readOn ? { caption: [`部门核实结果（${v.readOn} 读取${v.files?.length ? `：${v.files.join('、')}` : ''}）`] } : {}),
      columns: [{ header: '部门', width: 30 }, { header: '发出', kind: 'integer' }, { header: '已答复', kind: 'integer' }, ...answers.map((a) => ({ header: a, kind: 'integer' as const })), { header: '未结', kind: 'integer' }, { header: '办结率', kind: 'percent' }],
      rows: v.departments.map((d) => [DEPARTMENT_NAMES[d.department] ?? d.department, d.sent, d.answered, ...answers.map((a) => d.byResult[a] ?? 0), d.open, d.sent ? (d.sent - d.open) / d.sent : undefined]),
    });
  }
  if (report.rounds) {
    // The same tables as the printed report's 与上一轮和底册比对 (one model, `roundsTables`).
    const sheetNames: Record<string, string> = { sources: '比对数据', classes: '人员分类', exits: '退出原因', changes: '变化比例', collectors: '采集员照抄比例' };
    const cell = (c: RoundsCell, kind: string): SheetCell => (c !== null && typeof c === 'object' ? (c.rate === null ? undefined : { value: c.rate, kind: 'percent' }) : kind === 'text' && typeof c === 'number' ? String(c) : c);
    for (const t of roundsTables(report.rounds)) {
      sheets.push({
        name: sheetNames[t.id] ?? t.title,
        caption: [t.title, ...(t.note ? [t.note] : [])],
        columns: t.columns.map((c) => ({ header: c.header, ...(c.kind === 'text' ? {} : { kind: c.kind }) })),
        rows: t.rows.map((r) => r.map((c, i) => cell(c, t.columns[i]!.kind))),
      });
    }
  }
  return sheets;
}

/** Writes text given in pieces to a new file, piece by piece (never one string of the whole). */
async function writeTextPieces(path: string, pieces: Iterable<string>): Promise<void> {
  const fd = openSync(path, 'w');
  try {
    for (const piece of pieces) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}

const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * Writes a validation report to a file for people, the format chosen by the extension: `.html`
 * (A4 print layout), `.md`, `.json`, `.csv` (the rules table) or `.xlsx` (typed cells). Every
 * identifier is masked (`@canji/rules`' `maskReport`: department keys, both names of a name
 * mismatch, ID and certificate numbers in messages); full IDs are only in the lists for people
 * (`--to-fix`, `--discrepancies`), written apart, and only with `--full-ids`. Parent directories are
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
        // In pieces: a province's report as one string would near V8's limit on string length.
        return writeTextPieces(tmp, renderReportJsonChunks(report, { indent: 2 }));
      case '.csv':
        return writeFile(tmp, '\uFEFF' + renderReportCsv(report, { table: 'rules' }));
      default:
        throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext}”输出报告`);
    }
  };
  if (!(REPORT_FORMATS as readonly string[]).includes(ext)) throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext}”输出报告`);
  // The workbook writer is atomic itself (temporary file, then rename).
  if (ext === '.xlsx') await writeWorkbook(path, reportSheets(report));
  else await writeOutput(path, write);
}
