/**
 * `canji indicators <file>`: the coverage and need indicators of `@canji/indicators` in one pass
 * over the file, broken down by region level, category, sex …, each against its target.
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { createDepartmentSourcer, DEPARTMENT_NAMES, type DepartmentRowsById, type DepartmentSourceMeta, type ExtractDepartmentId, type PersonFormVersion } from '@canji/form';
import { getRegion } from '@canji/regions';
import {
  BUILTIN_PERSON_INDICATORS,
  createIndicatorCalculator,
  groupValueLabel,
  indicatorRelations,
  indicatorResultToJson,
  departmentSourcesToMarkdown,
  indicatorRowsToCsv,
  indicatorsForFormVersion,
  withTarget,
  computeIndicators,
  computeYearOnYear,
  indicatorComparisonToCsv,
  indicatorComparisonToMarkdown,
  indicatorTrend,
  indicatorTrendToCsv,
  indicatorTrendToMarkdown,
  trendSvg,
  type Dimension,
  type IndicatorComparison,
  type IndicatorResult,
  type IndicatorTrend,
  type PersonIndicator,
  type YearOnYearResult,
} from '@canji/indicators';
import { suppressLinkedCells } from '@canji/deid';
import type { TextEncoding } from '../encoding.js';
import { checkOutputPath, writeOutput } from '../output-file.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { parseFormOption } from '../form-version.js';
import { assertAsOf } from '../as-of.js';
import { printReadSummary, readPersonRecords, type ReadStats } from '../read.js';
import { reading } from '../cli-options.js';
import type { FileFormat } from '../sources.js';
import { departmentSummary, loadDepartment, parseDeptOption } from '../departments.js';

/** The options of `canji indicators` as the command line gives them (see `canji indicators --help`). */
export interface IndicatorsOptions {
  asOf: string;
  by: string;
  indicators?: string;
  target: string[];
  minCell?: string;
  /** `--unsuppressed`: internal output with small cells shown (flagged), not for publication. */
  unsuppressed?: boolean;
  out?: string;
  /** `--form 2016|2017|2021`; absent: recognised from the header. */
  form?: string;
  /**
   * `--dept department=file` (repeatable): partner departments' extracts, the source of the items
   * the form does not ask (2021: the two subsidies, residents' pension, schooling …), matched by
   * resident ID and applied with provenance (`@canji/form`'s department-sourced items).
   */
  dept?: string[];
  encoding?: TextEncoding;
  format?: FileFormat;
  /** `--sheet NAME|N`: the worksheet of an XLSX input (this round's file; default the first). */
  sheet?: string;
  quiet: boolean;
  /** `--json`: one JSON summary on stdout (see {@link indicatorsSummary}); the table is not printed, the lines for people go to stderr. */
  json?: boolean;
  /** `--out-format md|csv|json`: the format of the table written to stdout with `--out -` (default md). */
  outFormat?: 'md' | 'csv' | 'json';
  /**
   * `--previous FILE` (repeatable): earlier rounds of the same area. With one, every indicator this
   * round beside last round's, the difference and its 95 % interval, on all persons and on the
   * continuing persons; with more, also a trend over the rounds (and its charts beside a .md output).
   */
  previous?: string[];
}

/** The calculator's default small-cell threshold (`@canji/indicators`: 5). */
const DEFAULT_MIN_CELL = 5;

const DIMENSIONS = ['province', 'prefecture', 'county', 'township', 'village', 'category', 'level', 'sex', 'hukou', 'age'] as const;
const regionName = (code: string) => getRegion(code)?.fullName;

function parseDims(by: string): Dimension[] {
  if (!by.trim()) return [];
  return by.split(/[,，]/).map((d) => {
    const t = d.trim();
    if (!(DIMENSIONS as readonly string[]).includes(t)) throw new CliError('USAGE_BY', `未知分组“${t}”：可用 ${DIMENSIONS.join('、')}`);
    return t as Dimension;
  });
}

function pickIndicators(ids: string | undefined, targets: string[]) {
  let list = [...BUILTIN_PERSON_INDICATORS];
  if (ids) {
    const want = ids.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
    for (const id of want) if (!list.some((i) => i.id === id)) throw new CliError('USAGE_INDICATOR', `未知指标“${id}”：可用 ${list.map((i) => i.id).join('、')}`);
    list = list.filter((i) => want.includes(i.id));
  }
  for (const t of targets) {
    const m = /^([a-z0-9-]+)\s*(>=|<=|=)\s*(\d+(?:\.\d+)?)$/.exec(t.trim());
    if (!m) throw new CliError('USAGE_TARGET', `--target 的写法是 指标编号=目标值，例如 household-visit-rate=95（收到“${t}”）`);
    const i = list.findIndex((x) => x.id === m[1]);
    if (i < 0) throw new CliError('USAGE_INDICATOR', `--target 中的指标“${m[1]}”不在所算的指标中`);
    list[i] = withTarget(list[i]!, { value: Number(m[3]), comparison: m[2] === '<=' ? '<=' : '>=', source: '命令行 --target' });
  }
  return list;
}

const pct = (v: number | null, unit: string) => (v === null ? '—' : `${v.toFixed(1)}${unit === '%' ? '%' : ` ${unit}`}`);

/**
 * Small-cell protection of a result for publication: a row is hidden when the calculator flagged
 * it small (a denominator, a non-zero numerator or a non-zero complement below the threshold) and
 * it covers anyone (denominator + missing > 0); then complementary rows are hidden so that no
 * hidden row can be recomputed from the roll-ups (`@canji/deid`'s `suppressLinkedCells` over
 * `indicatorRelations`, numerator, denominator, complement and missing audited together), per
 * indicator.
 */
export interface Suppression {
  /** Aligned with `res.rows`. */
  hidden: ('primary' | 'secondary' | undefined)[];
  threshold: number;
  primary: number;
  secondary: number;
  /** Indicators whose audit could only check pairs (too many hidden rows), and rows still derivable. */
  pairsOnly: string[];
  derivable: number;
}

export function suppressForPublication(res: IndicatorResult, threshold: number, alsoPrimary?: readonly boolean[]): Suppression {
  const hidden: Suppression['hidden'] = res.rows.map(() => undefined);
  const relations = indicatorRelations(res);
  const byIndicator = new Map<string, number[]>();
  res.rows.forEach((r, i) => {
    let list = byIndicator.get(r.indicator);
    if (!list) byIndicator.set(r.indicator, (list = []));
    list.push(i);
  });
  const out: Suppression = { hidden, threshold, primary: 0, secondary: 0, pairsOnly: [], derivable: 0 };
  for (const [id, rows] of byIndicator) {
    const local = new Map(rows.map((row, j) => [row, j]));
    const rels = relations.filter((r) => local.has(r.total)).map((r) => ({ total: local.get(r.total)!, parts: r.parts.map((p) => local.get(p)!) }));
    const pick = (f: (r: IndicatorResult['rows'][number]) => number) => rows.map((i) => f(res.rows[i]!));
    const s = suppressLinkedCells({
      measures: [pick((r) => r.denominator), pick((r) => r.numerator), pick((r) => r.denominator - r.numerator), pick((r) => r.missing)],
      relations: rels,
      primary: rows.map((i) => (res.rows[i]!.smallCell && res.rows[i]!.denominator + res.rows[i]!.missing > 0) || alsoPrimary?.[i] === true),
    });
    if (!s.ok) throw new CliError('INDICATOR_SUPPRESSION', `指标 ${id} 无法做小格抑制 [${s.error.code}]：${s.error.message}`, EXIT.PROBLEMS);
    s.value.status.forEach((st, j) => {
      if (st !== 'published') hidden[rows[j]!] = st;
    });
    out.primary += s.value.primary;
    out.secondary += s.value.secondary;
    if (s.value.audit.method === 'pairs-only') out.pairsOnly.push(id);
    out.derivable += s.value.audit.derivable.length;
  }
  return out;
}

/** The result as JSON for publication: hidden rows without counts, value or interval. */
function publicationJson(res: IndicatorResult, sup: Suppression): string {
  const json = JSON.parse(indicatorResultToJson(res)) as { rows: Record<string, unknown>[]; passTotals?: Record<string, unknown> };
  json.rows = json.rows.map((r, i) => {
    if (!sup.hidden[i]) return { ...r, suppressed: false };
    if (Array.isArray(r.by) && r.by.length === 0 && json.passTotals) json.passTotals[r.indicator as string] = null;
    const target = r.target && typeof r.target === 'object' ? { ...(r.target as object), status: null, certain: null } : r.target;
    return { ...r, numerator: null, denominator: null, missing: null, value: null, ciLower: null, ciUpper: null, target, smallCell: null, suppressed: true };
  });
  const suppression = { threshold: sup.threshold, hiddenRows: sup.primary + sup.secondary, audit: sup.pairsOnly.length ? 'pairs-only' : 'exact', pairsOnlyIndicators: sup.pairsOnly, stillDerivable: sup.derivable };
  return JSON.stringify({ ...json, suppression }, null, 2);
}

/** The result as a Markdown table (also what the terminal shows); hidden rows when published, a notice when internal. */
export function indicatorsMarkdown(res: IndicatorResult, sup?: Suppression): string {
  const names = new Map(res.indicators.map((i) => [i.id, i]));
  const out = [`# 指标（参照日期 ${res.asOf}，${res.records} 条记录）`, ''];
  out.push(sup ? `小格已抑制：覆盖人数少于 ${sup.threshold} 的格（及可由其推算的格）以“—”显示（共 ${sup.primary + sup.secondary} 行）。` : '**内部资料：未抑制小格（--unsuppressed），不得公开发布。**', '');
  const indexOf = new Map(res.rows.map((r, i) => [r, i]));
  for (const ind of res.indicators) {
    out.push(`## ${ind.name}（${ind.id}）`, '', `${ind.description}`, '', ind.target ? `目标：${ind.target.comparison} ${ind.target.value}${ind.unit}（${ind.target.source}）` : '无目标值', '');
    out.push('| 分组 | 分子 | 分母 | 未答 | 值 | 95% 区间 | 对照目标 |', '|---|---:|---:|---:|---:|---|---|');
    for (const r of res.rows) {
      if (r.indicator !== ind.id) continue;
      const group = r.by.length ? r.by.map((lvl) => {
        const dim = res.dimensions.find((d) => d.id === lvl || (d.id === 'region' && ['province', 'prefecture', 'county', 'township', 'village'].includes(lvl)));
        const id = dim?.id ?? lvl;
        return groupValueLabel(id, r.group[id] ?? null, { regionName });
      }).join(' × ') : '合计';
      const unit = names.get(r.indicator)?.unit ?? '';
      const ci = r.ciLower === null ? '' : `${r.ciLower.toFixed(1)}–${r.ciUpper!.toFixed(1)}`;
      const target = r.target ? ({ met: '达标', 'not-met': '未达标', 'no-data': '无数据' } as const)[r.target.status] + (r.target.certain ? '' : '（不确定）') : '';
      if (sup?.hidden[indexOf.get(r)!]) out.push(`| ${group} | — | — | — | — | | （已抑制） |`);
      else out.push(`| ${group}${!sup && r.smallCell ? '（小格）' : ''} | ${r.numerator} | ${r.denominator} | ${r.missing} | ${pct(r.value, unit)} | ${ci} | ${target} |`);
    }
    out.push('');
  }
  const sources = departmentSourcesToMarkdown(res);
  if (sources) out.push(sources);
  if (!res.checks.ok) out.push('**自检未通过**：', ...res.checks.problems.map((p) => `- ${p.code} ${p.message}`), '');
  for (const w of res.warnings) out.push(`> ${w.message}`);
  return out.join('\n') + '\n';
}

export async function runIndicators(io: CliIo, file: string, o: IndicatorsOptions): Promise<ExitCode> {
  assertAsOf(o.asOf);
  const form = parseFormOption(o.form);
  const by = parseDims(o.by);
  const indicators = pickIndicators(o.indicators, o.target);
  // `--out -`: the table itself on stdout, in the format of --out-format.
  const toStdout = o.out === '-';
  if (toStdout && o.json) throw new CliError('USAGE_STDOUT_TWICE', '标准输出只能写一样东西：--out - 不能与 --json 同用');
  if (o.outFormat !== undefined && !['md', 'csv', 'json'].includes(o.outFormat)) throw new CliError('USAGE_OUT_FORMAT', `--out-format 应为 md、csv 或 json（收到“${o.outFormat}”）`);
  const outExt = toStdout ? `.${o.outFormat ?? 'md'}` : o.out ? extname(o.out).toLowerCase() : undefined;
  if (outExt && !['.csv', '.json', '.md'].includes(outExt)) throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${outExt}”输出指标：支持 .csv、.json、.md`);
  const minCell = o.minCell === undefined ? undefined : Number(o.minCell);
  if (minCell !== undefined && !(Number.isInteger(minCell) && minCell >= 1)) throw new CliError('USAGE_NUMBER', `--min-cell 应为正整数（收到“${o.minCell}”）`);
  if (o.out && !toStdout) checkOutputPath(pathIn(io, o.out));
  const sources = await loadDepartmentSources(io, o);
  if (o.previous?.length) return runYearOnYear(io, file, o, { form, by, indicators, outExt, minCell, sources });
  // Made for the form version the rows are read with (known from the header, before the first row):
  // on 2021 data the built-ins read the comparable 2017 items, and those with no counterpart are not computed.
  const calculator = (formVersion: PersonFormVersion) =>
    createIndicatorCalculator({
      // On 2021 data the department-sourced definitions stand in for the 2017 ones (same ids, same targets).
      indicators: indicatorsForFormVersion(indicators, formVersion),
      by,
      asOf: o.asOf,
      formVersion,
      ...(minCell ? { smallCell: { threshold: minCell } } : {}),
      ...(sources ? { departmentSources: () => sources.sourcer.provenance() } : {}),
    });
  const reader = await readPersonRecords(io, pathIn(io, file), {
    quiet: o.quiet,
    label: '统计',
    ...(form ? { formVersion: form } : {}),
    ...reading(o),
  });
  let calc: ReturnType<typeof calculator> | undefined;
  const enrich = sources ? (r: object) => sources.sourcer.apply(r as Record<string, unknown>) : (r: object) => r;
  await reader.forEach((item) => void ('record' in item && (calc ??= calculator(reader.formVersion() ?? '2017')).add(enrich(item.record))));
  const res = (calc ?? calculator(reader.formVersion() ?? '2017')).result();
  printReadSummary(io, reader.stats);
  // Publication outputs suppress small cells; --unsuppressed is for internal use only.
  const sup = o.unsuppressed ? undefined : suppressForPublication(res, minCell ?? DEFAULT_MIN_CELL);
  if (sup) {
    if (sup.pairsOnly.length) io.stderr(`注意：指标 ${sup.pairsOnly.join('、')} 被抑制的格过多，只做了“每组至少两格”的补充抑制，未做完整审核\n`);
    if (sup.derivable) io.stderr(`注意：有 ${sup.derivable} 个被抑制的格仍可推算（表格过小或过稀），请合并分组或提高 --min-cell\n`);
  } else io.stderr('注意：--unsuppressed 输出未抑制小格，仅供内部使用，不得公开发布\n');
  if (o.out) {
    const text =
      outExt === '.csv'
        ? indicatorRowsToCsv(res, { bom: !toStdout, digits: 2, regionName, ...(sup ? { suppressed: sup.hidden } : {}) })
        : outExt === '.json'
          ? sup
            ? publicationJson(res, sup)
            : JSON.stringify({ ...JSON.parse(indicatorResultToJson(res)), internal: '未抑制小格，仅供内部使用，不得公开发布' }, null, 2)
          : indicatorsMarkdown(res, sup);
    if (toStdout) io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    else await writeOutput(pathIn(io, o.out), (tmp) => writeFile(tmp, text));
    io.stderr(`指标已写入 ${toStdout ? '标准输出' : o.out}（${res.rows.length} 行${sup ? `，小格抑制 ${sup.primary + sup.secondary} 行` : '，未抑制小格'}）\n`);
  } else if (!o.json) io.stdout(indicatorsMarkdown(res, sup));
  if (!res.checks.ok) io.stderr('指标自检未通过（分组之和与合计不符），退出码 1\n');
  const code = !res.checks.ok || reader.stats.rejected || reader.stats.cells.unreadable || sources?.rejected ? EXIT.PROBLEMS : EXIT.OK;
  if (o.json) io.stdout(`${JSON.stringify(indicatorsSummary({ file, asOf: o.asOf, formVersion: reader.formVersion() ?? '2017', stats: reader.stats, result: res, suppression: sup, written: o.out ? [o.out] : [], exitCode: code }))}\n`);
  return code;
}

/**
 * The machine-readable summary of `canji indicators --json` (one line of JSON on stdout): what
 * was read, every indicator's grand total (`null` counts when small-cell suppression hides it),
 * the suppression, the self-checks, the files written and the exit code with what it means.
 *
 * @example
 * ```ts
 * // canji indicators persons.csv --as-of 2019-06-30 --out ind.csv --json
 * //=> {"tool":"canji indicators","input":"persons.csv","formVersion":"2017","asOf":"2019-06-30",
 * //    "records":{"read":200,"processed":200,"rejected":0,"unreadableCells":0},
 * //    "totals":[{"indicator":"household-visit-rate","name":"入户调查率","unit":"%","numerator":190,"denominator":200,"value":95,…}],
 * //    "rows":120,"suppression":{"threshold":5,"hiddenRows":14},"checksOk":true,"written":["ind.csv"],"exitCode":0,"exitMeaning":"ok"}
 * ```
 */
export function indicatorsSummary(s: { file: string; asOf: string; formVersion: string; stats: ReadStats; result: IndicatorResult; suppression: Suppression | undefined; written: readonly string[]; exitCode: ExitCode }) {
  const { result: res, suppression: sup } = s;
  const meta = new Map(res.indicators.map((m) => [m.id, m]));
  return {
    tool: 'canji indicators',
    input: basename(s.file),
    formVersion: s.formVersion,
    asOf: s.asOf,
    records: { read: s.stats.read, processed: s.stats.processed, rejected: s.stats.rejected, unreadableCells: s.stats.cells.unreadable },
    totals: res.rows.flatMap((r, i) => {
      if (r.by.length) return [];
      const m = meta.get(r.indicator);
      const hidden = sup?.hidden[i] !== undefined;
      return [
        {
          indicator: r.indicator,
          name: m?.name ?? r.indicator,
          unit: m?.unit ?? '',
          numerator: hidden ? null : r.numerator,
          denominator: hidden ? null : r.denominator,
          missing: hidden ? null : r.missing,
          value: hidden ? null : r.value,
          ciLower: hidden ? null : r.ciLower,
          ciUpper: hidden ? null : r.ciUpper,
          target: r.target && !hidden ? { value: r.target.value, comparison: r.target.comparison, status: r.target.status, certain: r.target.certain } : null,
          suppressed: hidden,
        },
      ];
    }),
    rows: res.rows.length,
    suppression: sup ? { threshold: sup.threshold, hiddenRows: sup.primary + sup.secondary } : null,
    checksOk: res.checks.ok,
    written: s.written,
    exitCode: s.exitCode,
    exitMeaning: s.exitCode === EXIT.OK ? 'ok' : 'problems-found',
  };
}

/** `--dept`: the extracts read and indexed, and the sourcer that enriches each record and counts provenance. */
async function loadDepartmentSources(io: CliIo, o: IndicatorsOptions) {
  const specs = (o.dept ?? []).map(parseDeptOption);
  if (!specs.length) return undefined;
  const departments: Partial<Record<ExtractDepartmentId, DepartmentRowsById[ExtractDepartmentId]>> = {};
  const meta: Partial<Record<ExtractDepartmentId, DepartmentSourceMeta>> = {};
  let rejected = 0;
  for (const { department, path } of specs) {
    if (departments[department]) throw new CliError('USAGE_DEPT', `--dept 中${DEPARTMENT_NAMES[department]}给出了两次：每个部门只能给一个文件`);
    const d = await loadDepartment(io, department, pathIn(io, path), { ...(o.encoding ? { encoding: o.encoding } : {}), asOf: o.asOf });
    io.stderr(departmentSummary({ ...d, path }));
    rejected += d.rejected;
    departments[department] = d.index;
    meta[department] = { file: path, rows: d.read - d.rejected, ...(d.periodFrom ? { periodFrom: d.periodFrom } : {}), ...(d.periodTo ? { periodTo: d.periodTo } : {}) };
  }
  return { sourcer: createDepartmentSourcer(departments, { meta }), rejected };
}


// ---------------------------------------------------------------------------------------------
// `--previous`: year on year and trends
// ---------------------------------------------------------------------------------------------

/** One round read for `--previous`: its records (enriched when it is this round), form, reference date and name. */
interface ReadRound {
  path: string;
  records: object[];
  formVersion: PersonFormVersion;
  asOf: string;
  label: string;
  rejected: number;
}

const REGION_LEVEL_IDS = new Set(['province', 'prefecture', 'county', 'township', 'village']);

/** The key of a row in its result (indicator, grouping, group values): rows of two results of the same `by` match by it. */
function rowKeyOf(r: { indicator: string; by: readonly string[]; group: Readonly<Record<string, unknown>> }): string {
  return `${r.indicator}\u0001${r.by.join(',')}\u0001${r.by.map((l) => JSON.stringify(r.group[REGION_LEVEL_IDS.has(l) ? 'region' : l] ?? null)).join(',')}`;
}

/** The most frequent value of `field` among the records that `accept` (`undefined` when none). */
function modeOf(records: readonly object[], field: string, accept: (v: unknown) => string | undefined): string | undefined {
  const counts = new Map<string, number>();
  for (const r of records) {
    const v = accept((r as Record<string, unknown>)[field]);
    if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [v, c] of counts) if (best === undefined || c > counts.get(best)!) best = v;
  return best;
}

const isoDay = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const year = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 1900 && v < 3000 ? String(v) : typeof v === 'string' && /^\d{4}$/.test(v) ? v : undefined);

async function readRound(io: CliIo, path: string, o: IndicatorsOptions, which: string, opts: { form?: PersonFormVersion; format?: FileFormat; sheet?: string; enrich?: (r: object) => object }): Promise<Omit<ReadRound, 'asOf' | 'label'>> {
  const reader = await readPersonRecords(io, pathIn(io, path), {
    quiet: o.quiet,
    label: '统计',
    ...(opts.form ? { formVersion: opts.form } : {}),
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
  });
  const records: object[] = [];
  const enrich = opts.enrich ?? ((r: object) => r);
  await reader.forEach((item) => void ('record' in item && records.push(enrich(item.record))));
  io.stderr(`${which}（${path}，${reader.formVersion() ?? '2017'} 版）：`);
  printReadSummary(io, reader.stats);
  return { path, records, formVersion: reader.formVersion() ?? '2017', rejected: reader.stats.rejected + reader.stats.cells.unreadable };
}

/** The reference date and name of an earlier round: from its records (`reference_date`, `survey_year`), else a year before the next. */
function roundDate(io: CliIo, r: Omit<ReadRound, 'asOf' | 'label'>, fallback: string): string {
  const fromData = modeOf(r.records, 'reference_date', isoDay);
  if (fromData) return fromData;
  io.stderr(`注意：${r.path} 的记录没有参照日期（reference_date），按 ${fallback} 计算年龄\n`);
  return fallback;
}

const yearBefore = (asOf: string) => `${String(Number(asOf.slice(0, 4)) - 1).padStart(4, '0')}${asOf.slice(4)}`;

/** Small cells of publication outputs, per result: the calculator's, and on the continuing persons also the cells their difference from all persons would reveal. */
function hiddenRows(res: IndicatorResult, threshold: number, all?: IndicatorResult): { hidden: boolean[]; sup: Suppression } {
  let also: boolean[] | undefined;
  if (all) {
    // A continuing row published beside the all-persons row would give away the persons who are
    // not continuing (new this round, or gone) by subtraction: that cell is checked like any other.
    const byKey = new Map(all.rows.map((r) => [rowKeyOf(r), r]));
    const small = (n: number) => n > 0 && n < threshold;
    also = res.rows.map((r) => {
      const a = byKey.get(rowKeyOf(r));
      if (!a) return false;
      const den = a.denominator - r.denominator;
      const num = a.numerator - r.numerator;
      const covers = den + (a.missing - r.missing) > 0;
      return covers && (den < threshold || small(num) || small(den - num));
    });
  }
  const sup = suppressForPublication(res, threshold, also);
  return { hidden: sup.hidden.map(Boolean), sup };
}

/** The comparison's rows hidden when either round's row is. */
function hiddenComparison(c: IndicatorComparison, current: boolean[], previous: boolean[]): boolean[] {
  return c.rows.map((r) => (r.currentIndex !== null && current[r.currentIndex] === true) || (r.previousIndex !== null && previous[r.previousIndex] === true));
}

/** A comparison as JSON for publication: hidden rows without counts, values or difference. */
function comparisonJson(c: IndicatorComparison, hidden: boolean[] | undefined) {
  return {
    ...c,
    rows: c.rows.map((r, i) =>
      hidden?.[i] ? { ...r, current: null, previous: null, difference: null, ciLower: null, ciUpper: null, significant: null, smallCell: null, paired: undefined, suppressed: true } : { ...r, ...(hidden ? { suppressed: false } : {}) },
    ),
  };
}

/**
 * `canji indicators CUR --previous PREV [--previous OLDER …]`: this round against the latest
 * earlier round (all persons, and the continuing persons matched by resident ID), and over all
 * rounds a trend. Every round is read as this round is (form recognised from its header); `--dept`
 * and `--form` apply to this round only.
 */
async function runYearOnYear(
  io: CliIo,
  file: string,
  o: IndicatorsOptions,
  c: { form: PersonFormVersion | undefined; by: Dimension[]; indicators: PersonIndicator[]; outExt: string | undefined; minCell: number | undefined; sources: Awaited<ReturnType<typeof loadDepartmentSources>> },
): Promise<ExitCode> {
  const prevPaths = o.previous ?? [];
  if (new Set([file, ...prevPaths].map((p) => pathIn(io, p))).size !== prevPaths.length + 1) throw new CliError('USAGE_PREVIOUS', '--previous 中的文件与本轮文件或彼此重复：每一轮给一个不同的文件');
  const enrich = c.sources ? (r: object) => c.sources!.sourcer.apply(r as Record<string, unknown>) : undefined;
  const cur = await readRound(io, file, o, '本轮', { ...(c.form ? { form: c.form } : {}), ...(o.format ? { format: o.format } : {}), ...(o.sheet !== undefined ? { sheet: o.sheet } : {}), ...(enrich ? { enrich } : {}) });
  const earlier: Omit<ReadRound, 'asOf' | 'label'>[] = [];
  for (const p of prevPaths) earlier.push(await readRound(io, p, o, '上一轮', {}));
  // Reference dates: from each file's records; labels: the survey year (e.g. 2019年).
  const current: ReadRound = { ...cur, asOf: o.asOf, label: '' };
  let fallback = o.asOf;
  const dated = earlier.map((r) => {
    fallback = yearBefore(fallback);
    return { ...r, asOf: roundDate(io, r, fallback), label: '' };
  });
  const all = [...dated.sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0)), current];
  for (const r of all) r.label = `${modeOf(r.records, 'survey_year', year) ?? r.asOf.slice(0, 4)}年`;
  for (const r of all) if (all.filter((x) => x.label === r.label).length > 1) r.label = `${r.label}（${basename(r.path)}）`;
  const previous = all[all.length - 2]!;
  if (!(previous.asOf < current.asOf)) io.stderr(`注意：上一轮（${previous.path}）的参照日期 ${previous.asOf} 不早于本轮的 --as-of ${current.asOf}：请确认文件没有颠倒\n`);

  const threshold = c.minCell ?? DEFAULT_MIN_CELL;
  const yoy: YearOnYearResult = computeYearOnYear({
    current: { records: current.records, asOf: current.asOf, formVersion: current.formVersion, label: current.label, ...(c.sources ? { departmentSources: () => c.sources!.sourcer.provenance() } : {}) },
    previous: { records: previous.records, asOf: previous.asOf, formVersion: previous.formVersion, label: previous.label },
    indicators: c.indicators,
    by: c.by,
    regionName,
    ...(c.minCell ? { smallCell: { threshold: c.minCell } } : {}),
  });
  // The older rounds (for the trend): all persons only.
  const older = all.slice(0, -2).map((r) => ({
    round: r.label,
    result: computeIndicators(r.records, { indicators: indicatorsForFormVersion(c.indicators, r.formVersion), by: c.by, asOf: r.asOf, formVersion: r.formVersion, regionName, ...(c.minCell ? { smallCell: { threshold: c.minCell } } : {}) }),
  }));
  const trend: IndicatorTrend | undefined = older.length
    ? indicatorTrend([...older, { round: previous.label, result: yoy.results.all.previous }, { round: current.label, result: yoy.results.all.current }])
    : undefined;

  // Publication: small cells hidden in every table (each round's own, and the continuing persons' differences from all persons).
  const pub = o.unsuppressed
    ? undefined
    : (() => {
        const allCur = hiddenRows(yoy.results.all.current, threshold);
        const allPrev = hiddenRows(yoy.results.all.previous, threshold);
        const contCur = hiddenRows(yoy.results.continuing.current, threshold, yoy.results.all.current);
        const contPrev = hiddenRows(yoy.results.continuing.previous, threshold, yoy.results.all.previous);
        const olderHidden = older.map((r) => hiddenRows(r.result, threshold));
        const perRound = [...olderHidden.map((h, k) => [older[k]!.result, h.hidden] as const), [yoy.results.all.previous, allPrev.hidden] as const, [yoy.results.all.current, allCur.hidden] as const].map(
          ([res, hidden]) => new Set(res.rows.flatMap((r, i) => (hidden[i] ? [rowKeyOf(r)] : []))),
        );
        const sups = [allCur, allPrev, contCur, contPrev, ...olderHidden].map((h) => h.sup);
        return {
          all: hiddenComparison(yoy.all, allCur.hidden, allPrev.hidden),
          continuing: hiddenComparison(yoy.continuing, contCur.hidden, contPrev.hidden),
          trend: trend?.rows.map((r) => perRound.map((set) => set.has(rowKeyOf(r)))),
          rows: sups.reduce((a, s) => a + s.primary + s.secondary, 0),
          derivable: sups.reduce((a, s) => a + s.derivable, 0),
        };
      })();
  if (pub?.derivable) io.stderr(`注意：有 ${pub.derivable} 个被抑制的格仍可推算（表格过小或过稀），请合并分组或提高 --min-cell\n`);
  if (!pub) io.stderr('注意：--unsuppressed 输出未抑制小格，仅供内部使用，不得公开发布\n');
  for (const w of [...yoy.warnings, ...yoy.all.warnings]) io.stderr(`注意：${w.message}\n`);
  for (const w of trend?.warnings ?? []) io.stderr(`注意：${w}\n`);

  const p = yoy.persons;
  const summary =
    `本轮（${current.label}，${current.path}）${p.current} 条记录；上轮（${previous.label}，${previous.path}）${p.previous} 条记录。` +
    `连续在册（两轮都有，按身份证号匹配）${p.continuing} 人；本轮新增 ${p.currentOnly} 人；上轮有、本轮无 ${p.previousOnly} 人` +
    (p.withoutKey.current + p.withoutKey.previous ? `；无身份证号 ${p.withoutKey.current + p.withoutKey.previous} 条` : '') +
    (p.duplicateKeys.current + p.duplicateKeys.previous ? `；身份证号重复 ${p.duplicateKeys.current + p.duplicateKeys.previous} 个` : '') +
    '。';
  const toStdout = o.out === '-';
  const stem = o.out && !toStdout ? join(dirname(o.out), basename(o.out, extname(o.out))) : 'indicators';
  const charts = trend ? trend.indicators.map((ind) => ({ ind, file: `${stem}.${ind.id}.svg` })) : [];
  const markdown = (withCharts: boolean) => {
    const out = [`# 指标年度比较（${all.map((r) => r.label).join('、')}）`, '', summary, ''];
    out.push(pub ? `小格已抑制：覆盖人数少于 ${threshold} 的格（及可由其推算的格）以“—”显示（共 ${pub.rows} 行）。` : '**内部资料：未抑制小格（--unsuppressed），不得公开发布。**', '');
    const mdOpts = { regionName, counts: !pub };
    out.push(indicatorComparisonToMarkdown(yoy.all, { ...mdOpts, ...(pub ? { hidden: pub.all } : {}) }));
    out.push(indicatorComparisonToMarkdown(yoy.continuing, { ...mdOpts, ...(pub ? { hidden: pub.continuing } : {}) }));
    if (trend) {
      out.push(indicatorTrendToMarkdown(trend, { regionName, ...(pub?.trend ? { hidden: pub.trend } : {}) }));
      if (withCharts) for (const ch of charts) out.push(`![${ch.ind.name}：历年趋势](${basename(ch.file)})`, '');
    }
    return out.join('\n').replace(/\n+$/, '') + '\n';
  };
  const extraWritten: string[] = [];
  if (o.out) {
    const outPath = toStdout ? '' : pathIn(io, o.out);
    const extra = extraWritten;
    // The table to stdout (`--out -`) or to its file.
    const put = async (text: string) => (toStdout ? io.stdout(text.endsWith('\n') ? text : `${text}\n`) : writeOutput(outPath, (tmp) => writeFile(tmp, text)));
    if (toStdout && trend && c.outExt !== '.json') io.stderr(`注意：--out - 只写年度比较表；历年趋势${c.outExt === '.csv' ? '表（.趋势.csv）' : '折线图（.svg）'}请用 --out 文件 写出\n`);
    if (c.outExt === '.csv') {
      await put(indicatorComparisonToCsv([yoy.all, yoy.continuing], { header: 'zh-CN', bom: !toStdout, digits: 2, regionName, ...(pub ? { hidden: [pub.all, pub.continuing] } : {}) }));
      if (trend && !toStdout) {
        const trendPath = `${stem}.趋势.csv`;
        checkOutputPath(pathIn(io, trendPath));
        await writeOutput(pathIn(io, trendPath), (tmp) => writeFile(tmp, indicatorTrendToCsv(trend, { bom: true, digits: 2, regionName, ...(pub?.trend ? { hidden: pub.trend } : {}) })));
        extra.push(trendPath);
      }
    } else if (c.outExt === '.json') {
      const json = {
        rounds: all.map((r) => ({ label: r.label, file: r.path, asOf: r.asOf, formVersion: r.formVersion })),
        persons: yoy.persons,
        all: comparisonJson(yoy.all, pub?.all),
        continuing: comparisonJson(yoy.continuing, pub?.continuing),
        ...(trend
          ? {
              trend: {
                ...trend,
                rows: trend.rows.map((r, i) => ({
                  ...r,
                  points: r.points.map((pt, k) => (pub?.trend?.[i]?.[k] ? null : pt)),
                  changes: r.changes.map((ch, k) => (pub?.trend?.[i]?.[k] || pub?.trend?.[i]?.[k + 1] ? null : ch)),
                  ...(pub ? { suppressed: pub.trend?.[i] ?? [] } : {}),
                })),
              },
            }
          : {}),
        ...(pub ? { suppression: { threshold, hiddenRows: pub.rows, stillDerivable: pub.derivable } } : { internal: '未抑制小格，仅供内部使用，不得公开发布' }),
      };
      await put(JSON.stringify(json, null, 2));
    } else if (toStdout) await put(markdown(false));
    else {
      for (const ch of charts) checkOutputPath(pathIn(io, ch.file));
      for (const ch of charts) {
        const svg = trendSvg(trend!, ch.ind.id, { regionName, ...(pub?.trend ? { hidden: pub.trend } : {}) });
        await writeOutput(pathIn(io, ch.file), (tmp) => writeFile(tmp, svg));
        extra.push(ch.file);
      }
      await writeOutput(outPath, (tmp) => writeFile(tmp, markdown(true)));
    }
    io.stderr(`年度比较已写入 ${toStdout ? '标准输出' : o.out}（全部人员 ${yoy.all.rows.length} 行、连续在册人员 ${yoy.continuing.rows.length} 行${pub ? `，小格抑制 ${pub.rows} 行` : '，未抑制小格'}）${extra.length ? `；另写入 ${extra.length} 个文件：${extra.slice(0, 3).join('、')}${extra.length > 3 ? ' …' : ''}` : ''}\n`);
  } else if (!o.json) io.stdout(markdown(false));
  const results = [yoy.results.all.current, yoy.results.all.previous, yoy.results.continuing.current, yoy.results.continuing.previous, ...older.map((r) => r.result)];
  const checksOk = results.every((r) => r.checks.ok);
  if (!checksOk) io.stderr('指标自检未通过（分组之和与合计不符），退出码 1\n');
  const code = !checksOk || all.some((r) => r.rejected) || c.sources?.rejected ? EXIT.PROBLEMS : EXIT.OK;
  if (o.json) {
    const written = o.out && !toStdout ? [o.out, ...extraWritten] : [];
    io.stdout(
      `${JSON.stringify({
        tool: 'canji indicators',
        input: basename(file),
        asOf: o.asOf,
        rounds: all.map((r) => ({ label: r.label, file: r.path, asOf: r.asOf, formVersion: r.formVersion, records: r.records.length })),
        persons: { current: p.current, previous: p.previous, continuing: p.continuing, currentOnly: p.currentOnly, previousOnly: p.previousOnly },
        rows: { all: yoy.all.rows.length, continuing: yoy.continuing.rows.length, trend: trend?.rows.length ?? 0 },
        suppression: pub ? { threshold, hiddenRows: pub.rows } : null,
        checksOk,
        written,
        exitCode: code,
        exitMeaning: code === EXIT.OK ? 'ok' : 'problems-found',
      })}\n`,
    );
  }
  return code;
}
