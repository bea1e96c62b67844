/**
 * `canji satisfaction <answers> [--batch <batch>] -o 满意度.pdf|html|xlsx|json`: the satisfaction
 * follow-up answers (the module's items s0–s6 by resident ID) counted by unit and service area,
 * and against the services the register says each person received.
 */
import { writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { SATISFACTION_ITEMS, analyseSatisfaction, renderSatisfactionHtml, type SatisfactionReport, type SatisfiedShare } from '@canji/services';
import type { TextEncoding } from '../encoding.js';
import { parseFormOption } from '../form-version.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { checkOutputPath, writeOutput } from '../output-file.js';
import { printReadSummary, readPersonRecords } from '../read.js';
import { reading } from '../cli-options.js';
import { regionName } from '../region-name.js';
import { headerKey, readTables } from '../sheets-read.js';
import { writeWorkbook, type SheetCell, type SheetSpec } from '../sheets.js';
import type { FileFormat } from '../sources.js';
import { assertDocumentOutput, writeHtmlDocument } from './scorecard.js';

/** `canji satisfaction` options. */
export interface SatisfactionOptions {
  out: string;
  batch?: string;
  level?: string;
  form?: string;
  encoding?: TextEncoding;
  format?: FileFormat;
  /** `--sheet NAME|N`: the worksheet of an XLSX `--batch` (default the first). */
  sheet?: string;
  quiet?: boolean;
}

/** Header (loosely compared) → answer key. */
const HEADER_PAIRS: [string, string][] = [
  ['resident_id', 'resident_id'],
  ['公民身份号码', 'resident_id'],
  ['身份证号', 'resident_id'],
  ['region_code', 'region_code'],
  ['区划代码', 'region_code'],
  ['地区代码', 'region_code'],
  ...SATISFACTION_ITEMS.flatMap((i): [string, string][] => [[i.key, i.key], [i.code, i.key], [`ext.sat.${i.key}`, i.key], [i.label, i.key], [`${i.code}${i.label}`, i.key]]),
];
const HEADERS = new Map<string, string>(HEADER_PAIRS.map(([h, k]): [string, string] => [headerKey(h), k]));

/** The answer rows of a CSV / XLSX file: a header with the resident ID, and items by key, number or wording. */
async function readAnswers(io: CliIo, file: string): Promise<Record<string, unknown>[]> {
  let found = (await readTables(pathIn(io, file), ['公民身份号码'])).tables[0];
  if (!found) found = (await readTables(pathIn(io, file), ['resident_id'])).tables[0];
  if (!found) throw new CliError('SATISFACTION_NO_HEADER', `回访答案“${file}”中没有找到表头：需要“公民身份号码”（或 resident_id）一列和满意度项目 S0–S6`);
  const keys = found.headers.map((h) => HEADERS.get(headerKey(h)));
  if (!keys.some((k) => k && /^s\d$/.test(k))) throw new CliError('SATISFACTION_NO_ITEMS', `回访答案“${file}”中没有满意度项目列（S0–S6，或其题目）`);
  return found.rows.map((r) => {
    const o: Record<string, unknown> = {};
    keys.forEach((k, c) => {
      const v = r.cells[c];
      if (!k || v === undefined) return;
      o[k] = k === 'resident_id' || k === 'region_code' ? String(v).trim() : typeof v === 'number' ? v : String(v).trim();
    });
    return o;
  });
}

const shareCells = (s: SatisfiedShare): SheetCell[] => [s.answered, s.satisfied, s.share ?? undefined, s.interval?.[0], s.interval?.[1]];

function satisfactionSheets(r: SatisfactionReport): SheetSpec[] {
  const shareCols = (h: string) => [
    { header: `${h}回答人数`, kind: 'integer' as const },
    { header: `${h}满意人数`, kind: 'integer' as const },
    { header: `${h}满意比例`, kind: 'percent' as const },
    { header: `${h}95%区间下限`, kind: 'percent' as const },
    { header: `${h}95%区间上限`, kind: 'percent' as const },
  ];
  const sheets: SheetSpec[] = [
    {
      name: '满意比例',
      caption: ['满意比例 = 回答“非常满意”或“比较满意”的人数 / 回答 1–5 的人数；区间为 Wilson 95% 区间。满意度题目为暂定措辞。'],
      columns: [{ header: '单位代码', width: 12 }, { header: '单位', width: 18 }, { header: '回访人数', kind: 'integer' }, ...r.areas.flatMap((a) => shareCols(a.label))],
      rows: r.units.map((u) => [u.unit === 'all' ? '' : u.unit, u.unit === 'all' ? '合计' : (regionName(u.unit) ?? ''), u.respondents, ...r.areas.flatMap((a) => shareCells(u.byArea[a.id]!))]),
      spareRows: 0,
    },
  ];
  if (r.comparisons.length) {
    sheets.push({
      name: '与得到的服务比较',
      caption: ['各项服务的应享受（有需求）人员中，得到该服务者与未得到者对服务总体的满意比例；差值区间为 Newcombe 95% 区间。'],
      columns: [{ header: '服务', width: 20 }, ...shareCols('得到者'), ...shareCols('未得到者'), { header: '差值', kind: 'percent' }, { header: '差值区间下限', kind: 'percent' }, { header: '差值区间上限', kind: 'percent' }, { header: '显著', width: 6 }],
      rows: r.comparisons.map((c) => [c.label, ...shareCells(c.received), ...shareCells(c.notReceived), c.difference ?? undefined, c.interval?.[0], c.interval?.[1], c.significant ? '是' : '']),
      spareRows: 0,
    });
  }
  return sheets;
}

/** `canji satisfaction ANSWERS [--batch BATCH] -o OUT`. Exit 1 when some answer rows had problems. */
export async function runSatisfaction(io: CliIo, answersFile: string, o: SatisfactionOptions): Promise<ExitCode> {
  const chromium = assertDocumentOutput(o.out, ['.pdf', '.html', '.htm', '.xlsx', '.json']);
  if (o.level !== undefined && o.level !== 'county' && o.level !== 'township') throw new CliError('USAGE_LEVEL', `--level 应为 county 或 township（收到“${o.level}”）`);
  const target = pathIn(io, o.out);
  checkOutputPath(target);
  const answers = await readAnswers(io, answersFile);
  let persons: Record<string, unknown>[] | undefined;
  if (o.batch) {
    const given = parseFormOption(o.form);
    const reader = await readPersonRecords(io, pathIn(io, o.batch), { quiet: o.quiet ?? false, label: '读取登记数据', ...(given ? { formVersion: given } : {}), ...reading(o) });
    persons = [];
    await reader.forEach((item) => void ('record' in item && persons!.push(item.record)));
    printReadSummary(io, reader.stats);
  }
  const r = analyseSatisfaction(answers, { ...(persons ? { persons } : {}), level: (o.level as 'county' | 'township' | undefined) ?? 'township' });
  const ext = extname(o.out).toLowerCase();
  if (ext === '.xlsx') await writeWorkbook(target, satisfactionSheets(r));
  else if (ext === '.json') await writeOutput(target, (tmp) => writeFile(tmp, JSON.stringify(r, null, 2) + '\n'));
  else await writeHtmlDocument(target, renderSatisfactionHtml(r, { subtitle: `回访答案：${basename(answersFile)}${o.batch ? `；登记数据：${basename(o.batch)}` : ''}`, regionName }), chromium);
  for (const i of r.issues.slice(0, 5)) io.stderr(`提示 [${i.code}]：${i.message}\n`);
  if (r.issues.length > 5) io.stderr(`……另有 ${r.issues.length - 5} 条提示\n`);
  const all = r.units.at(-1)!;
  const overall = all.byArea.overall!;
  io.stderr(`满意度：回访 ${r.respondents} 人${o.batch ? `（登记数据中找到 ${r.matched} 人）` : ''}，服务总体满意比例 ${overall.share === null ? '无数据' : `${(overall.share * 100).toFixed(1)}%`} → ${o.out}\n`);
  return r.issues.length ? EXIT.PROBLEMS : EXIT.OK;
}
