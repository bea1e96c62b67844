/**
 * `canji audit sample | compare`: quality audits of the collection (@canji/audits) from the command
 * line — a seeded re-visit list (复核名单, XLSX, masked IDs unless `--full-ids`) with the record of
 * how it was drawn beside it as JSON, and the comparison of the re-visit answers with the original
 * records (复核结果, XLSX): rates per collector and township with intervals, 验收合格/不合格, item
 * rates, the discrepancies and the records to re-collect.
 */
import { writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import {
  AUDIT_UNIT_LABELS,
  COLLECTOR_FIGURE_LABELS,
  ITEM_CLASS_LABELS,
  SAMPLE_REASON_LABELS,
  VERDICT_LABELS,
  collectorFigures,
  compareBackCheck,
  drawSample,
  unitOf,
  type AuditUnitLevel,
  type SampleSpec,
} from '@canji/audits';
import { personForm, valueLabel, type PersonFormVersion } from '@canji/form';
import { maskResidentId } from '@canji/id';
import { maskMessage } from '@canji/rules';
import { parseFormOption } from '../form-version.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { checkOutputPath, writeOutput } from '../output-file.js';
import { printReadSummary, readPersonRecords } from '../read.js';
import { reading, type BatchInputOptions } from '../cli-options.js';
import { assertDateOption } from '../as-of.js';
import { regionName } from '../region-name.js';
import { writeWorkbook, type SheetCell, type SheetColumn } from '../sheets.js';

type InputOptions = BatchInputOptions;

/** `canji audit sample` options. */
export interface AuditSampleOptions extends InputOptions {
  seed?: string;
  rate?: string;
  count?: string;
  /** `township` (default), `village`, `county`, `collector`, or `none` (a simple random sample). */
  by?: string;
  /** Collectors whose records are drawn more often (`--oversample-collector`, repeatable). */
  oversampleCollector?: string[];
  factor?: string;
  out: string;
  fullIds?: boolean;
}

/** `canji audit compare` options. */
export interface AuditCompareOptions extends InputOptions {
  threshold?: string;
  out: string;
  fullIds?: boolean;
  /** Count discrepancies of volatile items (needs, services) as errors too. */
  countVolatile?: boolean;
  /** Survey period `FROM..TO` for the collector figures. */
  period?: string;
}

const BY: readonly string[] = ['county', 'township', 'village', 'collector', 'none'];

function numberOpt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new CliError('USAGE_NUMBER', `${name} 应为数字（收到“${v}”）`);
  return n;
}

async function readAll(io: CliIo, file: string, o: InputOptions, label: string): Promise<{ records: Record<string, unknown>[]; rows: number[]; version: PersonFormVersion }> {
  const given = parseFormOption(o.form);
  const reader = await readPersonRecords(io, pathIn(io, file), {
    quiet: o.quiet ?? false,
    label,
    ...(given ? { formVersion: given } : {}),
    ...reading(o),
  });
  const records: Record<string, unknown>[] = [];
  const rows: number[] = [];
  await reader.forEach((item) => {
    if ('record' in item) {
      records.push(item.record);
      rows.push(item.rowNumber);
    }
  });
  printReadSummary(io, reader.stats);
  const version = reader.formVersion() ?? given ?? '2017';
  return { records, rows, version: version === '2016' ? '2017' : (version as PersonFormVersion) };
}

const idShown = (v: unknown, full: boolean): string => (typeof v === 'string' && v !== '' ? (full ? v : maskResidentId(v)) : '');
const place = (r: Readonly<Record<string, unknown>>): string => {
  const t = unitOf(r, 'township');
  const v = unitOf(r, 'village');
  return [regionName(t), regionName(v)].filter(Boolean).join('') || String(r.region_code ?? '');
};
const beside = (out: string, suffix: string) => `${out.slice(0, out.length - extname(out).length)}${suffix}`;
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '' : `${(x * 100).toFixed(1)}%`);

function assertXlsx(out: string): void {
  if (extname(out).toLowerCase() !== '.xlsx') throw new CliError('USAGE_OUT_FORMAT', `输出应为 .xlsx 文件（收到“${out}”）`);
}

/** `canji audit sample BATCH --seed N --rate 0.02 --by township --out 复核名单.xlsx`. */
export async function runAuditSample(io: CliIo, batch: string, o: AuditSampleOptions): Promise<ExitCode> {
  assertXlsx(o.out);
  const seed = numberOpt('--seed', o.seed);
  if (seed === undefined) throw new CliError('USAGE_SEED_REQUIRED', '请用 --seed 给出随机种子（写入抽样设计，同一种子可重现同一样本）');
  const rate = numberOpt('--rate', o.rate);
  const count = numberOpt('--count', o.count);
  if ((rate === undefined) === (count === undefined)) throw new CliError('USAGE_SAMPLE_SIZE', '请给出 --rate（抽样比例）或 --count（每层人数）之一');
  const by = o.by ?? 'township';
  if (!BY.includes(by)) throw new CliError('USAGE_BY', `--by 应为 ${BY.join('、')} 之一（收到“${by}”）`);
  const target = pathIn(io, o.out);
  checkOutputPath(target);
  const { records, rows, version } = await readAll(io, batch, o, '抽样');
  const size = rate !== undefined ? { rate } : { count: count! };
  const factor = numberOpt('--factor', o.factor);
  const oversample = o.oversampleCollector?.length ? { collectors: o.oversampleCollector, ...(factor !== undefined ? { factor } : {}) } : undefined;
  const spec: SampleSpec = by === 'none' ? { method: 'simple', seed: seed, version, ...size, ...(oversample ? { oversample } : {}) } : { method: 'stratified', by: by as AuditUnitLevel, seed, version, ...size, ...(oversample ? { oversample } : {}) };
  const drawn = drawSample(records, spec);
  if (!drawn.ok) throw new CliError(drawn.error.code, drawn.error.message);
  const { design } = drawn.value;
  const form = personForm(version);
  const labelOf = new Map(form.items.map((i) => [i.key, i.code ? `${i.code} ${i.label}` : i.label]));
  const items = design.items.map((k) => labelOf.get(k) ?? k).join('、');
  const full = o.fullIds ?? false;
  const columns: SheetColumn[] = [
    { header: '序号', kind: 'integer', width: 6 },
    { header: '原文件行号', kind: 'integer', width: 10 },
    { header: '抽样层', width: 14 },
    { header: '乡镇（街道）、村（社区）', width: 28 },
    { header: '区划代码', width: 14 },
    { header: '姓名', width: 10 },
    { header: '公民身份号码', width: 20 },
    { header: '原信息采集员', width: 12 },
    { header: '入样原因', width: 16 },
    { header: '入样概率', kind: 'number', width: 10 },
    { header: '权数', kind: 'number', width: 8 },
    { header: '复核员', width: 10, prompt: '填写上门复核的人员（不得为原采集员）' },
    { header: '复核日期', kind: 'date', width: 12 },
  ];
  const list: SheetCell[][] = drawn.value.records.map((s, i) => [
    i + 1,
    rows[s.index],
    by === 'collector' ? s.unit : regionName(s.unit) ?? s.unit,
    place(s.record),
    String(s.record.region_code ?? ''),
    String(s.record.name ?? ''),
    idShown(s.record.resident_id, full),
    String(s.record.collector ?? ''),
    SAMPLE_REASON_LABELS[s.reason],
    s.inclusionProbability,
    s.weight,
    '',
    '',
  ]);
  const designFile = beside(o.out, '.抽样设计.json');
  const caption = [
    `复核名单：${basename(batch)} 共 ${design.records} 条记录，抽取 ${design.realised} 人（${by === 'none' ? '简单随机抽样' : `按${AUDIT_UNIT_LABELS[by as AuditUnitLevel]}分层`}，${rate !== undefined ? `比例 ${rate}` : `每层 ${count} 人`}，随机种子 ${seed}，${design.prng}）`,
    `复核项目：${items}`,
    `本表含个人信息${full ? '（含完整身份证号）' : ''}，请妥善保管。抽样设计（可重现样本、计算权数）见 ${basename(designFile)}。`,
  ];
  const strataColumns: SheetColumn[] = [
    { header: '抽样层', width: 20 },
    { header: '记录数', kind: 'integer' },
    { header: '重点记录数', kind: 'integer' },
    { header: '应抽人数', kind: 'integer' },
    { header: '实抽人数', kind: 'integer' },
    { header: '入样概率', kind: 'number' },
    { header: '重点记录入样概率', kind: 'number' },
  ];
  const strata: SheetCell[][] = design.strata.map((s) => [by === 'collector' || s.unit === 'all' ? s.unit : `${regionName(s.unit) ?? ''}（${s.unit}）`, s.population, s.flagged, s.requested, s.realised, s.probability, s.flaggedProbability]);
  await writeWorkbook(target, [
    { name: '复核名单', caption, columns, rows: list },
    { name: '抽样设计', caption: [`随机种子 ${seed}；方法 ${design.method}；随机数发生器 ${design.prng}`, ...design.notes], columns: strataColumns, rows: strata, spareRows: 0 },
  ], { personal: true });
  const json = { tool: 'canji audit sample', batch: basename(batch), formVersion: version, ...design, sample: drawn.value.records.map((s) => ({ row: rows[s.index], unit: s.unit, reason: s.reason, inclusionProbability: s.inclusionProbability, weight: s.weight })) };
  await writeOutput(pathIn(io, designFile), (tmp) => writeFile(tmp, JSON.stringify(json, null, 2) + '\n'), { personal: true });
  io.stderr(`复核名单：从 ${design.records} 条记录中抽取 ${design.realised} 人（应抽 ${design.requested}，${design.strata.length} 层）→ ${o.out}；抽样设计 → ${designFile}\n`);
  return EXIT.OK;
}

function parsePeriod(v: string | undefined): { from: string; to: string } | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(v.trim());
  if (!m) throw new CliError('USAGE_PERIOD', `--period 应为 起始日期..截止日期，如 2019-07-01..2019-08-31（收到“${v}”）`);
  assertDateOption('--period', m[1]!);
  assertDateOption('--period', m[2]!);
  return { from: m[1]!, to: m[2]! };
}

/** `canji audit compare ORIGINAL REVISIT --threshold 0.05 --out 复核结果.xlsx`. Exit 1 when a unit fails. */
export async function runAuditCompare(io: CliIo, originalFile: string, revisitFile: string, o: AuditCompareOptions): Promise<ExitCode> {
  assertXlsx(o.out);
  const threshold = numberOpt('--threshold', o.threshold) ?? 0.05;
  const period = parsePeriod(o.period);
  const target = pathIn(io, o.out);
  checkOutputPath(target);
  const original = await readAll(io, originalFile, o, '读取原始数据');
  const revisit = await readAll(io, revisitFile, o, '读取复核数据');
  const version = original.version;
  const r = compareBackCheck(original.records, revisit.records, { version, threshold, ...(o.countVolatile ? { tolerances: { volatile: 'count' } } : {}) });
  if (!r.ok) throw new CliError(r.error.code, r.error.message);
  const rep = r.value;
  const full = o.fullIds ?? false;
  const form = personForm(version);
  const unitName = (level: AuditUnitLevel, unit: string) => (level === 'collector' ? unit : `${regionName(unit) ?? ''}（${unit}）`);
  const rateCols = (h: string): SheetColumn[] => [
    { header: `${h}数`, kind: 'integer' },
    { header: '有差异', kind: 'integer' },
    { header: '差异率', kind: 'percent' },
    { header: '95%区间下限', kind: 'percent' },
    { header: '95%区间上限', kind: 'percent' },
  ];
  const rateCells = (x: { compared: number; discrepant: number; rate: number | null; interval: readonly [number, number] | null }): SheetCell[] => [x.compared, x.discrepant, x.rate, x.interval?.[0], x.interval?.[1]];
  const units: SheetCell[][] = [rep.overall, ...rep.units].map((u) => [u === rep.overall ? '全部' : AUDIT_UNIT_LABELS[u.level], u === rep.overall ? '全部复核记录' : unitName(u.level, u.unit), u.records.compared, u.records.discrepant, ...rateCells(u.answers), VERDICT_LABELS[u.verdict], u.significant ? '是' : '']);
  const itemRows: SheetCell[][] = rep.items.filter((i) => i.compared > 0).map((i) => [i.item.code || i.item.key, i.item.label, ITEM_CLASS_LABELS[i.item.class], i.counted ? '计入' : '只列出', ...rateCells(i)]);
  const groupRows: SheetCell[][] = rep.groups.map((g) => [g.group === 'class' ? '稳定程度' : '登记表部分', g.label, ...rateCells(g)]);
  const byIndex = (i: number) => original.records[i]!;
  const details: SheetCell[][] = rep.discrepancies.map((d) => {
    const rec = byIndex(d.index);
    const item = form.items.find((x) => x.key === d.item);
    const shown = (v: string | undefined) => (v === undefined ? '（空）' : valueLabel(form, d.item, v.startsWith('[') ? v.slice(1, -1).split(',').map(Number) : /^\d+$/.test(v) ? Number(v) : v));
    return [original.rows[d.index], idShown(rec.resident_id, full), String(rec.name ?? ''), String(rec.collector ?? ''), place(rec), item?.code || d.item, item?.label ?? d.item, shown(d.original), shown(d.revisit), d.counted ? '计入' : '只列出'];
  });
  const recollect: SheetCell[][] = rep.recollect.map((x) => {
    const rec = byIndex(x.index);
    return [original.rows[x.index], idShown(rec.resident_id, full), String(rec.name ?? ''), String(rec.collector ?? ''), place(rec), x.reason === 'discrepancy' ? '复核有差异' : '所在单位验收不合格', x.items.join('、'), x.units.map((u) => u.replace(/^collector:/, '采集员 ').replace(/^township:(.*)$/, (_, c: string) => `${regionName(c) ?? c}`)).join('、')];
  });
  const figures = collectorFigures(original.records, { version, ...(period ? { period } : {}) });
  if (!figures.ok) throw new CliError(figures.error.code, figures.error.message);
  const figureRows: SheetCell[][] = figures.value.map((f) => [f.collector, f.records, f.days, f.perDay, f.homeVisits.rate, f.nonResponse.rate, f.identical.rate, f.longestRun, period ? f.outsidePeriod.rate : undefined, f.flags.map((x) => x.message).join('；')]);
  const failed = rep.units.filter((u) => u.verdict === 'fail');
  const caption = [
    `复核结果：原始数据 ${basename(originalFile)}，复核数据 ${basename(revisitFile)}；匹配 ${rep.matched} 人${rep.unmatched ? `，${rep.unmatched} 人在原始数据中找不到` : ''}`,
    `验收标准：差异率（计入的项目）不超过 ${pct(threshold)} 为验收合格；易变项目（需求、服务）${o.countVolatile ? '计入' : '只列出、不计入'}。区间为 Wilson 95% 区间；“显著”指整个区间高于标准。`,
    `本表含个人信息${full ? '（含完整身份证号）' : ''}，请妥善保管。`,
  ];
  const personCols = (extra: SheetColumn[]): SheetColumn[] => [{ header: '原文件行号', kind: 'integer', width: 10 }, { header: '公民身份号码', width: 20 }, { header: '姓名', width: 10 }, { header: '原信息采集员', width: 12 }, { header: '乡镇（街道）、村（社区）', width: 28 }, ...extra];
  await writeWorkbook(target, [
    { name: '验收结论', caption, columns: [{ header: '单位类别', width: 12 }, { header: '单位', width: 24 }, { header: '复核人数', kind: 'integer' }, { header: '有差异人数', kind: 'integer' }, ...rateCols('比对项目'), { header: '结论', width: 12 }, { header: '显著', width: 6 }], rows: units, spareRows: 0 },
    { name: '项目差异率', columns: [{ header: '题号', width: 10 }, { header: '项目', width: 30 }, { header: '稳定程度', width: 28 }, { header: '是否计入', width: 8 }, ...rateCols('比对')], rows: itemRows, spareRows: 0 },
    { name: '分组差异率', columns: [{ header: '分组', width: 12 }, { header: '组', width: 30 }, ...rateCols('比对')], rows: groupRows, spareRows: 0 },
    { name: '差异明细', columns: personCols([{ header: '题号', width: 8 }, { header: '项目', width: 24 }, { header: '原答案', width: 20 }, { header: '复核答案', width: 20 }, { header: '是否计入', width: 8 }]), rows: details, spareRows: 0 },
    { name: '需重新采集', columns: personCols([{ header: '原因', width: 18 }, { header: '有差异的项目', width: 24 }, { header: '验收不合格的单位', width: 24 }]), rows: recollect, spareRows: 0 },
    {
      name: '采集员情况',
      caption: ['每位采集员与本县其他采集员比较：比例用单侧精确二项检验（Bonferroni 校正，差距至少 5 个百分点），每日记录数用中位数/MAD 修正 z 值（超过 3.5）。'],
      columns: [{ header: '信息采集员', width: 12 }, { header: '记录数', kind: 'integer' }, { header: '工作日数', kind: 'integer' }, { header: '每日记录数', kind: 'number' }, { header: COLLECTOR_FIGURE_LABELS.homeVisits, kind: 'percent' }, { header: COLLECTOR_FIGURE_LABELS.nonResponse, kind: 'percent' }, { header: COLLECTOR_FIGURE_LABELS.identical, kind: 'percent' }, { header: '最长相同答案连续条数', kind: 'integer' }, { header: COLLECTOR_FIGURE_LABELS.outsidePeriod, kind: 'percent' }, { header: '异常提示', width: 60 }],
      rows: figureRows,
      spareRows: 0,
    },
  ], { personal: true });
  for (const i of rep.issues.slice(0, 5)) io.stderr(`提示 [${i.code}]：${full ? i.message : maskMessage(i.message)}\n`);
  if (rep.issues.length > 5) io.stderr(`……另有 ${rep.issues.length - 5} 条提示\n`);
  io.stderr(
    `复核比对：匹配 ${rep.matched} 人，总差异率 ${pct(rep.overall.answers.rate)}（${rep.overall.answers.discrepant}/${rep.overall.answers.compared}），${VERDICT_LABELS[rep.overall.verdict]}；` +
      `验收不合格 ${failed.length} 个单位${failed.length ? `（${failed.map((u) => unitName(u.level, u.unit)).join('、')}）` : ''}；需重新采集 ${rep.recollect.length} 条 → ${o.out}\n`,
  );
  return failed.length > 0 || rep.overall.verdict === 'fail' ? EXIT.PROBLEMS : EXIT.OK;
}

