/**
 * `canji indicators <file>`: the coverage and need indicators of `@canji/indicators` in one pass
 * over the file, broken down by region level, category, sex …, each against its target.
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
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
  type Dimension,
  type IndicatorResult,
} from '@canji/indicators';
import { suppressLinkedCells } from '@canji/deid';
import type { TextEncoding } from '../encoding.js';
import { checkOutputPath, writeOutput } from '../output-file.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { parseFormOption } from '../form-version.js';
import { assertAsOf } from '../as-of.js';
import { printReadSummary, readPersonRecords } from '../read.js';
import type { FileFormat } from '../sources.js';
import { departmentSummary, loadDepartment, parseDeptOption } from '../departments.js';

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
  quiet: boolean;
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

export function suppressForPublication(res: IndicatorResult, threshold: number): Suppression {
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
      primary: rows.map((i) => res.rows[i]!.smallCell && res.rows[i]!.denominator + res.rows[i]!.missing > 0),
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
  const outExt = o.out ? extname(o.out).toLowerCase() : undefined;
  if (outExt && !['.csv', '.json', '.md'].includes(outExt)) throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${outExt}”输出指标：支持 .csv、.json、.md`);
  const minCell = o.minCell === undefined ? undefined : Number(o.minCell);
  if (minCell !== undefined && !(Number.isInteger(minCell) && minCell >= 1)) throw new CliError('USAGE_NUMBER', `--min-cell 应为正整数（收到“${o.minCell}”）`);
  if (o.out) checkOutputPath(pathIn(io, o.out));
  const sources = await loadDepartmentSources(io, o);
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
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.format ? { format: o.format } : {}),
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
        ? indicatorRowsToCsv(res, { bom: true, digits: 2, regionName, ...(sup ? { suppressed: sup.hidden } : {}) })
        : outExt === '.json'
          ? sup
            ? publicationJson(res, sup)
            : JSON.stringify({ ...JSON.parse(indicatorResultToJson(res)), internal: '未抑制小格，仅供内部使用，不得公开发布' }, null, 2)
          : indicatorsMarkdown(res, sup);
    await writeOutput(pathIn(io, o.out), (tmp) => writeFile(tmp, text));
    io.stdout(`指标已写入 ${o.out}（${res.rows.length} 行${sup ? `，小格抑制 ${sup.primary + sup.secondary} 行` : '，未抑制小格'}）\n`);
  } else io.stdout(indicatorsMarkdown(res, sup));
  if (!res.checks.ok) {
    io.stderr('指标自检未通过（分组之和与合计不符），退出码 1\n');
    return EXIT.PROBLEMS;
  }
  return reader.stats.rejected || reader.stats.cells.unreadable || sources?.rejected ? EXIT.PROBLEMS : EXIT.OK;
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

