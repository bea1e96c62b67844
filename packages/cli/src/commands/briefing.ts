/**
 * `canji briefing --current <batch> --previous <batch> [--scorecard …] -o 年度通报.pdf`: the
 * yearly briefing for the working committee (@canji/services' `buildBriefing`), one printable A4
 * document with the key indicators year on year, the units, the scorecard summary and the
 * service gaps.
 */
import { basename } from 'node:path';
import type { PersonFormVersion } from '@canji/form';
import { buildBriefing, renderBriefingHtml, type Scorecard } from '@canji/services';
import { assertAsOf, assertDateOption } from '../as-of.js';
import { reading } from '../cli-options.js';
import type { TextEncoding } from '../encoding.js';
import { parseFormOption } from '../form-version.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { checkOutputPath } from '../output-file.js';
import { readAllPersonRecords } from '../read.js';
import { generatedDate } from '../report-meta.js';
import type { FileFormat } from '../sources.js';
import { assertDocumentOutput, buildScorecard, readJsonFile, writeHtmlDocument } from './scorecard.js';

/** `canji briefing` options. */
export interface BriefingOptions {
  current: string;
  previous: string;
  currentLabel?: string;
  previousLabel?: string;
  asOf?: string;
  previousAsOf?: string;
  scorecard?: string[];
  audit?: string;
  weights?: string;
  title?: string;
  unit?: string;
  by?: string;
  form?: string;
  out: string;
  encoding?: TextEncoding;
  format?: FileFormat;
  /** `--sheet NAME|N`: the worksheet of the XLSX batches (`--current`, `--previous`; default the first). */
  sheet?: string;
  quiet?: boolean;
}

async function readBatch(io: CliIo, file: string, o: BriefingOptions, label: string): Promise<{ records: Record<string, unknown>[]; version: PersonFormVersion }> {
  const given = parseFormOption(o.form);
  const { records, formVersion } = await readAllPersonRecords(io, pathIn(io, file), { quiet: o.quiet ?? false, label, ...(given ? { formVersion: given } : {}), ...reading(o) });
  const v = formVersion ?? given ?? '2017';
  return { records, version: v === '2016' ? '2017' : (v as PersonFormVersion) };
}

/** The reference date most records carry (`reference_date`), else none. */
function commonReferenceDate(records: readonly Record<string, unknown>[]): string | undefined {
  const n = new Map<string, number>();
  for (const r of records) if (typeof r.reference_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(r.reference_date)) n.set(r.reference_date, (n.get(r.reference_date) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

const isScorecard = (v: unknown): v is Scorecard => typeof v === 'object' && v !== null && Array.isArray((v as Scorecard).units) && Array.isArray((v as Scorecard).indicators) && typeof (v as Scorecard).level === 'string';

/** `canji briefing …`. Exit 0. */
export async function runBriefing(io: CliIo, o: BriefingOptions): Promise<ExitCode> {
  const chromium = assertDocumentOutput(o.out, ['.pdf', '.html', '.htm']);
  if (o.by !== undefined && o.by !== 'county' && o.by !== 'township') throw new CliError('USAGE_LEVEL', `--by 应为 county 或 township（收到“${o.by}”）`);
  if (o.asOf) assertAsOf(o.asOf);
  if (o.previousAsOf) assertDateOption('--previous-as-of', o.previousAsOf);
  const target = pathIn(io, o.out);
  checkOutputPath(target);
  let scorecard: Scorecard | undefined;
  const cards = o.scorecard ?? [];
  if (cards.length === 1 && isScorecard(await readJsonFile(io, cards[0]!, 'SCORECARD_REPORT_UNREADABLE', '记分卡'))) {
    scorecard = (await readJsonFile(io, cards[0]!, 'SCORECARD_REPORT_UNREADABLE', '记分卡')) as Scorecard;
  } else if (cards.length) {
    scorecard = await buildScorecard(io, cards, { ...(o.audit ? { audit: o.audit } : {}), ...(o.weights ? { weights: o.weights } : {}) });
  }
  const cur = await readBatch(io, o.current, o, '读取本年数据');
  const prev = await readBatch(io, o.previous, o, '读取上年数据');
  const asOf = o.asOf ?? commonReferenceDate(cur.records);
  const previousAsOf = o.previousAsOf ?? commonReferenceDate(prev.records);
  if (!asOf || !previousAsOf) throw new CliError('BRIEFING_AS_OF', `数据中没有标准时点（reference_date）：请用 ${!asOf ? '--as-of' : '--previous-as-of'} 给出 YYYY-MM-DD`);
  if (!(previousAsOf < asOf)) throw new CliError('BRIEFING_ROUND_ORDER', `上年的标准时点（${previousAsOf}）不早于本年（${asOf}）：请检查 --current 和 --previous 是否颠倒`);
  const b = buildBriefing({
    ...(o.title ? { title: o.title } : {}),
    ...(o.unit ? { unit: o.unit } : {}),
    generatedAt: generatedDate(),
    current: { records: cur.records, asOf, label: o.currentLabel ?? `${asOf.slice(0, 4)}年`, formVersion: cur.version },
    previous: { records: prev.records, asOf: previousAsOf, label: o.previousLabel ?? `${previousAsOf.slice(0, 4)}年`, formVersion: prev.version },
    by: (o.by as 'county' | 'township' | undefined) ?? 'county',
    ...(scorecard ? { scorecard } : {}),
  });
  await writeHtmlDocument(target, renderBriefingHtml(b), chromium);
  const sig = b.indicators.filter((r) => r.significant);
  io.stderr(`年度通报：${b.labels.current} ${b.persons.current} 人，${b.labels.previous} ${b.persons.previous} 人；${b.indicators.length} 项主要指标，其中 ${sig.length} 项变化显著；${b.units.length} 个单位${scorecard ? '，含考核记分卡' : ''} → ${basename(o.out)}\n`);
  for (const n of b.notes) io.stderr(`提示：${n}\n`);
  return EXIT.OK;
}
