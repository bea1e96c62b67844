/**
 * `canji scorecard <report.json>… [--audit 复核结果.xlsx] [--weights 计分设置.json] -o 考核.pdf|html|xlsx`:
 * the scorecard of the units below from canji's own outputs (@canji/services' scorecards), and the
 * HTML or PDF (printed by `writeHtmlPdf` of pdf.ts) that `canji briefing` and `canji satisfaction` share.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { AUDIT_UNIT_LABELS, VERDICT_LABELS } from '@canji/audits';
import { DEFAULT_SCORECARD_CONFIG, parseScorecardConfig, renderScorecardHtml, revisitFiguresFromBackCheck, scoreUnits, scorecardFigures, type RevisitUnitFigure, type Scorecard, type ScorecardConfig } from '@canji/services';
import { CliError, EXIT, pathIn, readReason, type CliIo, type ExitCode } from '../io.js';
import { checkOutputPath, writeOutput } from '../output-file.js';
import { assertPdfOutput, writeHtmlPdf } from '../pdf.js';
import { generatedDate } from '../report-meta.js';
import { readTables } from '../sheets-read.js';
import { writeWorkbook, type SheetCell, type SheetSpec } from '../sheets.js';
import { zodMessagesInChinese } from '../zod-zh.js';

/** Reads a JSON file; `code` for a missing or broken file. */
export async function readJsonFile(io: CliIo, file: string, code: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(pathIn(io, file), 'utf8');
  } catch (e) {
    throw new CliError(code, `无法读取${what}“${file}”：${readReason(e)}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new CliError(code, `${what}“${file}”不是有效的 JSON`);
  }
}

/**
 * Writes an HTML document to `path`: as it is for `.html`, printed to PDF by headless Chromium
 * (as `canji check --pdf`: `CANJI_CHROMIUM` or chromium on PATH) for `.pdf`. Atomic: a temporary
 * name, renamed when complete; `PDF_FAILED` (exit 3) when Chromium fails.
 */
export async function writeHtmlDocument(path: string, html: string, chromium?: string): Promise<void> {
  if (extname(path).toLowerCase() !== '.pdf') {
    await writeOutput(path, (tmp) => writeFile(tmp, html));
    return;
  }
  await writeHtmlPdf(html, path, chromium ?? assertPdfOutput(path));
}

/** Checks an output name against the allowed extensions (and, for .pdf, that Chromium is there). Returns the Chromium binary for .pdf. */
export function assertDocumentOutput(out: string, allowed: readonly string[]): string | undefined {
  const ext = extname(out).toLowerCase();
  if (!allowed.includes(ext)) throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext || '无'}”输出：支持 ${allowed.join('、')}`);
  return ext === '.pdf' ? assertPdfOutput(out) : undefined;
}

const LEVEL_OF_LABEL = new Map<string, string>(Object.entries(AUDIT_UNIT_LABELS).map(([k, v]) => [v, k]));
const VERDICT_OF_LABEL = new Map<string, 'pass' | 'fail'>(Object.entries(VERDICT_LABELS).map(([k, v]) => [v, k as 'pass' | 'fail']));

/** The re-visit figures of `canji audit compare`'s 复核结果.xlsx (sheet 验收结论), or of a JSON `BackCheckReport` / figure list. */
export async function readRevisitFigures(io: CliIo, file: string): Promise<RevisitUnitFigure[]> {
  if (extname(file).toLowerCase() === '.json') {
    const data = await readJsonFile(io, file, 'SCORECARD_AUDIT_UNREADABLE', '复核结果');
    if (Array.isArray(data)) return data as RevisitUnitFigure[];
    if (data && typeof data === 'object' && Array.isArray((data as { units?: unknown }).units)) return revisitFiguresFromBackCheck(data as Parameters<typeof revisitFiguresFromBackCheck>[0]);
    throw new CliError('SCORECARD_AUDIT_SHAPE', `复核结果“${file}”不是 canji audit compare 的结果（应有 units）`);
  }
  const { tables } = await readTables(pathIn(io, file), ['单位类别', '单位', '比对项目数', '有差异', '结论']);
  const t = tables.find((x) => x.sheet === '验收结论') ?? tables[0];
  if (!t) throw new CliError('SCORECARD_AUDIT_SHAPE', `“${file}”中没有“验收结论”表（canji audit compare 的输出）`);
  const col = (h: string) => t.headers.indexOf(h);
  const [cLevel, cUnit, cCompared, cDisc, cVerdict] = ['单位类别', '单位', '比对项目数', '有差异', '结论'].map(col) as [number, number, number, number, number];
  const out: RevisitUnitFigure[] = [];
  for (const r of t.rows) {
    const level = LEVEL_OF_LABEL.get(String(r.cells[cLevel] ?? ''));
    const code = /（(\d+)）\s*$/.exec(String(r.cells[cUnit] ?? ''))?.[1];
    if (!level || level === 'collector' || !code) continue;
    const verdict = VERDICT_OF_LABEL.get(String(r.cells[cVerdict] ?? ''));
    out.push({ level, unit: code, compared: Number(r.cells[cCompared] ?? 0) || 0, discrepant: Number(r.cells[cDisc] ?? 0) || 0, ...(verdict ? { verdict } : {}) });
  }
  return out;
}

/** `canji scorecard` options. */
export interface ScorecardOptions {
  out: string;
  audit?: string;
  weights?: string;
  level?: string;
  title?: string;
  /** Also write the scorecard as JSON (for `canji briefing --scorecard`). */
  json?: string;
}

/** The scorecard as sheets: 总分排名 (one row per unit, every indicator's value and score) and 计分设置. */
export function scorecardSheets(card: Scorecard): SheetSpec[] {
  const ordered = [...card.units].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : 1));
  const wsum = card.indicators.reduce((s, i) => s + i.weight, 0);
  return [
    {
      name: '总分排名',
      caption: [`${card.title}：记分卡（${card.level === 'county' ? '县' : '乡镇'}）`, '各项得分：达到目标值 100 分，达到零分值 0 分，其间按直线计分；“无数据”的指标不计分，其余权重按比例调整。', ...card.notes],
      columns: [
        { header: '名次', kind: 'integer' },
        { header: '单位代码', width: 12 },
        { header: '单位', width: 18 },
        { header: '总分', kind: 'number' },
        { header: '权重已调整', width: 10 },
        ...card.indicators.flatMap((i) => [
          { header: i.label, kind: 'percent' as const, width: 14 },
          { header: `${i.label}得分`, kind: 'number' as const, width: 12 },
          { header: `${i.label}名次`, kind: 'integer' as const, width: 10 },
        ]),
      ],
      rows: ordered.map((u): SheetCell[] => [u.rank ?? undefined, u.code, u.name ?? '', u.total === null ? undefined : Math.round(u.total * 10) / 10, u.renormalised ? '是' : '', ...u.lines.flatMap((l): SheetCell[] => (l.value === null ? ['无数据', undefined, undefined] : [l.value, Math.round(l.score! * 10) / 10, l.rank ?? undefined]))]),
      spareRows: 0,
    },
    {
      name: '计分设置',
      columns: [{ header: '指标', width: 20 }, { header: '方向', width: 10 }, { header: '目标值', kind: 'percent' }, { header: '零分值', kind: 'percent' }, { header: '权重', kind: 'percent' }, { header: '数据来源', width: 70 }],
      rows: card.indicators.map((i) => [i.label, i.direction === 'higher' ? '越高越好' : '越低越好', i.target, i.floor, wsum ? i.weight / wsum : 0, i.source]),
      spareRows: 0,
    },
  ];
}

/** Builds the scorecard from report files (shared with `canji briefing`). */
export async function buildScorecard(io: CliIo, reports: readonly string[], o: { audit?: string; weights?: string; level?: string; title?: string }): Promise<Scorecard> {
  zodMessagesInChinese();
  if (o.level !== undefined && o.level !== 'county' && o.level !== 'township') throw new CliError('USAGE_LEVEL', `--level 应为 county 或 township（收到“${o.level}”）`);
  let config: ScorecardConfig = DEFAULT_SCORECARD_CONFIG;
  if (o.weights) {
    const r = parseScorecardConfig(await readJsonFile(io, o.weights, 'SCORECARD_CONFIG_JSON', '计分设置'));
    if (!r.ok) throw new CliError(r.error.code, r.error.message);
    config = r.value;
  }
  if (o.title) config = { ...config, title: o.title };
  const data: unknown[] = [];
  for (const f of reports) data.push(await readJsonFile(io, f, 'SCORECARD_REPORT_UNREADABLE', '校验报告'));
  const revisit = o.audit ? await readRevisitFigures(io, o.audit) : undefined;
  const level = (o.level as 'county' | 'township' | undefined) ?? config.level;
  const figs = scorecardFigures(data, { ...(revisit ? { revisit } : {}), ...(level ? { level } : {}) });
  if (!figs.ok) throw new CliError(figs.error.code, figs.error.message);
  return scoreUnits(figs.value, config);
}

/** `canji scorecard REPORT.json… -o 考核.pdf`. Exit 0 (a scorecard is not a finding). */
export async function runScorecard(io: CliIo, reports: readonly string[], o: ScorecardOptions): Promise<ExitCode> {
  const chromium = assertDocumentOutput(o.out, ['.pdf', '.html', '.htm', '.xlsx']);
  checkOutputPath(pathIn(io, o.out));
  const card = await buildScorecard(io, reports, o);
  const target = pathIn(io, o.out);
  if (extname(o.out).toLowerCase() === '.xlsx') await writeWorkbook(target, scorecardSheets(card));
  else await writeHtmlDocument(target, renderScorecardHtml(card, { subtitle: `校验报告：${reports.map((r) => basename(r)).join('、')}${o.audit ? `；复核结果：${basename(o.audit)}` : ''}`, generatedAt: generatedDate() }), chromium);
  if (o.json) await writeOutput(pathIn(io, o.json), (tmp) => writeFile(tmp, JSON.stringify(card, null, 2) + '\n'));
  const best = [...card.units].filter((u) => u.rank !== null).sort((a, b) => a.rank! - b.rank!);
  const adjusted = card.units.filter((u) => u.renormalised).length;
  io.stderr(`记分卡：${card.units.length} 个单位${best.length ? `，第一名 ${best[0]!.name ?? best[0]!.code}（${best[0]!.total!.toFixed(1)} 分）` : ''}${adjusted ? `；${adjusted} 个单位有指标无数据，权重已调整` : ''} → ${o.out}\n`);
  for (const n of card.notes) io.stderr(`提示：${n}\n`);
  return EXIT.OK;
}
