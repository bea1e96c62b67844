/**
 * Output forms of a result: CSV (RFC 4180, optional BOM for Excel), JSON, a pivot table, and a
 * chart-ready structure (categories + series, as echarts or Chart.js take them).
 */
import type { IndicatorDepartmentSource, IndicatorResult, IndicatorRow } from './compute.js';
import { compareGroupValues } from './compute.js';
import { REGION_LEVELS, REGION_LEVEL_LABELS, type GroupValue, type RegionLevel, type RegionNameLookup } from './dimensions.js';

const CATEGORY: Record<string, string> = { 1: '视力残疾', 2: '听力残疾', 3: '言语残疾', 4: '肢体残疾', 5: '智力残疾', 6: '精神残疾', 7: '多重残疾' };
const LEVEL: Record<string, string> = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' };
const SEX: Record<string, string> = { male: '男', female: '女' };
const HUKOU: Record<string, string> = { 1: '农业', 2: '非农业' };

/**
 * Options for labels.
 *
 * @example
 * ```ts
 * import { groupValueLabel, type LabelOptions } from '@canji/indicators';
 * const labels: LabelOptions = { regionNames: { '430102': '芙蓉区' } };
 * groupValueLabel('region', '430102', labels); //=> '芙蓉区'
 * ```
 */
export interface LabelOptions {
  /** Region names (e.g. from `@canji/regions`); otherwise `result.regionNames`, otherwise the code. */
  readonly regionName?: RegionNameLookup;
  /** Names by code (what `computeIndicators` keeps in `result.regionNames`). */
  readonly regionNames?: Readonly<Record<string, string>>;
  /** Labels for custom dimensions' values: `{ [dimensionId]: (value) => label }`. */
  readonly customLabels?: Readonly<Record<string, (value: string | number) => string>>;
}

/**
 * zh-CN label of a group value.
 *
 * @example
 * ```ts
 * import { groupValueLabel } from '@canji/indicators';
 * groupValueLabel('category', 4); //=> '肢体残疾'
 * groupValueLabel('sex', null); //=> '未知'
 * ```
 */
export function groupValueLabel(dimension: string, value: GroupValue, opts: LabelOptions = {}): string {
  if (value === null || value === undefined) return '未知';
  const k = String(value);
  switch (dimension) {
    case 'region':
      return opts.regionName?.(k) ?? opts.regionNames?.[k] ?? k;
    case 'category':
      return CATEGORY[k] ?? k;
    case 'level':
      return LEVEL[k] ?? k;
    case 'sex':
      return SEX[k] ?? k;
    case 'hukou':
      return HUKOU[k] ?? k;
    case 'age':
      return `${k}岁`;
    default:
      return opts.customLabels?.[dimension]?.(value) ?? k;
  }
}

/**
 * Options of {@link indicatorRowsToCsv}.
 *
 * @example
 * ```ts
 * import type { CsvOptions } from '@canji/indicators';
 * const opts: CsvOptions = { digits: 1, bom: true, indicators: ['employment-rate'] };
 * ```
 */
export interface CsvOptions extends LabelOptions {
  /** Round value and interval to this many decimals (default: full precision). */
  readonly digits?: number;
  /** Prefix a UTF-8 byte-order mark so Excel opens the Chinese text correctly (default false). */
  readonly bom?: boolean;
  /** Only these indicators. */
  readonly indicators?: readonly string[];
  /**
   * For publication: why each row (aligned with `result.rows`) is hidden by small-cell suppression
   * (`'primary'`, `'secondary'`, or nothing), e.g. from `@canji/deid`'s `suppressLinkedCells` over
   * {@link indicatorRelations}. Given, a `suppressed` column is added (`true` on a hidden row, for
   * both reasons alike) and a hidden row's counts, value, interval, target status and small-cell
   * flag are left empty.
   */
  readonly suppressed?: readonly ('primary' | 'secondary' | null | undefined)[];
}

function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function num(v: number | null, digits: number | undefined): string {
  if (v === null) return '';
  return digits === undefined ? String(v) : v.toFixed(digits);
}

/**
 * One CSV line per row: indicator, grouping ('total' or e.g. 'county×sex'), each dimension's code and label, counts, value,
 * interval, target and small-cell flag. Columns are machine names; labels are zh-CN.
 *
 * @example
 * ```ts
 * import { computeIndicators, indicatorRowsToCsv, PERSON_INDICATORS } from '@canji/indicators';
 * const res = computeIndicators([{ person_status: 6, r31: 1 }], { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf: '2019-07-01' });
 * indicatorRowsToCsv(res).split('\n')[1];
 * //=> 'family-doctor-contract-rate,家庭医生签约率,total,1,1,0,100,%,20.654931437723747,100,,,,true'
 * ```
 */
export function indicatorRowsToCsv(result: IndicatorResult, options: CsvOptions = {}): string {
  const opts: CsvOptions = { regionNames: result.regionNames, ...options };
  const dims = result.dimensions;
  const names = new Map(result.indicators.map((i) => [i.id, i]));
  const header = ['indicator_id', 'indicator_name', 'grouping'];
  for (const d of dims) {
    if (d.id === 'region') header.push('region_level', 'region_code', 'region_name');
    else header.push(d.id, `${d.id}_label`);
  }
  header.push('numerator', 'denominator', 'missing', 'value', 'unit', 'ci_lower', 'ci_upper', 'target', 'target_comparison', 'target_status', 'small_cell');
  if (opts.suppressed) header.push('suppressed');
  // Department-sourced indicators: where their items came from, on each of their rows.
  const sources = sourcesByIndicator(result);
  if (sources.size) header.push(...SOURCE_COLUMNS);
  const lines = [header.join(',')];
  const only = opts.indicators ? new Set(opts.indicators) : null;
  for (let ri = 0; ri < result.rows.length; ri++) {
    const r = result.rows[ri]!;
    if (only && !only.has(r.indicator)) continue;
    const hidden = opts.suppressed?.[ri] ?? null;
    const meta = names.get(r.indicator);
    const cells: (string | number | boolean | null)[] = [r.indicator, meta?.name ?? '', r.by.length ? r.by.join('×') : 'total'];
    for (const d of dims) {
      const present = d.levels.find((l) => r.by.includes(l));
      const v = present ? r.group[d.id] : undefined;
      if (d.id === 'region') {
        cells.push(present ?? '', present && v !== null ? (v as string) : '', present ? groupValueLabel('region', v ?? null, opts) : '');
      } else cells.push(present ? (v ?? '') : '', present ? groupValueLabel(d.id, v ?? null, opts) : '');
    }
    // A hidden row says only that it is hidden: whether it was small itself or hidden with one
    // (primary or secondary) would tell a reader that its count lies below the threshold.
    if (hidden) cells.push(null, null, null, null, meta?.unit ?? '', null, null, r.target?.value ?? null, r.target?.comparison ?? null, null, null, true);
    else {
      cells.push(r.numerator, r.denominator, r.missing, num(r.value, opts.digits), meta?.unit ?? '', num(r.ciLower, opts.digits), num(r.ciUpper, opts.digits));
      cells.push(r.target?.value ?? null, r.target?.comparison ?? null, r.target?.status ?? null, r.smallCell);
      if (opts.suppressed) cells.push(null);
    }
    if (sources.size) cells.push(...sourceCells(sources.get(r.indicator)));
    lines.push(cells.map(csvCell).join(','));
  }
  return (opts.bom ? '\uFEFF' : '') + lines.join('\n') + '\n';
}

/** Columns the CSV outputs add for department-sourced indicators (several items of one indicator joined by '; '). */
const SOURCE_COLUMNS = [
  'source_items',
  'source_departments',
  'source_extracts',
  'source_files',
  'source_periods',
  'source_persons',
  'source_matched',
  'source_not_in_roster',
  'source_without_key',
  'source_population_not_in_roster',
  'source_roster',
  'source_roster_rule',
] as const;

function sourcesByIndicator(result: IndicatorResult): Map<string, IndicatorDepartmentSource[]> {
  const m = new Map<string, IndicatorDepartmentSource[]>();
  for (const s of result.departmentSources ?? []) {
    let list = m.get(s.indicator);
    if (!list) m.set(s.indicator, (list = []));
    list.push(s);
  }
  return m;
}

function period(s: IndicatorDepartmentSource): string {
  if (s.periodFrom === undefined && s.periodTo === undefined) return '';
  return s.periodFrom === s.periodTo || s.periodTo === undefined ? (s.periodFrom ?? '') : `${s.periodFrom ?? ''}–${s.periodTo}`;
}

function sourceCells(list: readonly IndicatorDepartmentSource[] | undefined): (string | null)[] {
  if (!list) return SOURCE_COLUMNS.map(() => null);
  const j = (f: (s: IndicatorDepartmentSource) => string | number | undefined) => list.map((s) => String(f(s) ?? '')).join('; ');
  return [
    j((s) => s.item),
    j((s) => s.department),
    j((s) => s.extractName),
    j((s) => s.file),
    j(period),
    j((s) => s.persons),
    j((s) => s.matched),
    j((s) => s.notInRoster),
    j((s) => s.withoutKey),
    j((s) => s.populationNotInRoster),
    j((s) => s.roster),
    j((s) => s.rosterRule),
  ];
}

/**
 * Where the department-sourced items of a result came from, as CSV: one line per indicator and
 * item (`result.departmentSources`): the department, its extract, file, period, match counts
 * (persons, matched, not in roster, without a usable key), the records of the indicator's
 * population not in the roster, and the roster rule applied. Only the header when there are none.
 *
 * @example
 * ```ts
 * import { computeIndicators, departmentSourcesToCsv, PERSON_INDICATORS_2021 } from '@canji/indicators';
 * const res = computeIndicators([{ person_status: 6, disability_level: 1, r15: [6], dept_care_subsidy: 1 }], {
 *   indicators: [PERSON_INDICATORS_2021.nursingSubsidyCoverage], asOf: '2021-06-30', formVersion: '2021',
 * });
 * departmentSourcesToCsv(res).split('\n')[1]!.startsWith('nursing-subsidy-coverage,dept_care_subsidy,'); //=> true
 * ```
 */
export function departmentSourcesToCsv(result: IndicatorResult, options: Pick<CsvOptions, 'bom'> = {}): string {
  const header = ['indicator_id', 'item', 'item_label', 'department', 'department_name', 'extract_name', 'file', 'period_from', 'period_to', 'matched_by', 'rows', 'persons', 'matched', 'not_in_roster', 'without_key', 'population_not_in_roster', 'roster', 'roster_rule'];
  const lines = [header.join(',')];
  for (const s of result.departmentSources ?? []) {
    lines.push(
      [s.indicator, s.item, s.itemLabel, s.department, s.departmentName, s.extractName, s.file, s.periodFrom, s.periodTo, s.matchedBy, s.rows, s.persons, s.matched, s.notInRoster, s.withoutKey, s.populationNotInRoster, s.roster, s.rosterRule]
        .map(csvCell)
        .join(','),
    );
  }
  return (options.bom ? '\uFEFF' : '') + lines.join('\n') + '\n';
}

function mdCell(v: string | number | undefined): string {
  return v === undefined ? '' : String(v).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * Where the department-sourced items of a result came from, as a Markdown section (`## 部门来源`,
 * one table line per indicator and item, then the roster rules); `''` when no indicator reads one.
 * {@link indicatorResultToMarkdown} ends with it; a report of its own appends it.
 *
 * @example
 * ```ts
 * import { computeIndicators, departmentSourcesToMarkdown, PERSON_INDICATORS_2021 } from '@canji/indicators';
 * const res = computeIndicators([{ person_status: 6, disability_level: 1, r15: [6], dept_care_subsidy: 3 }], {
 *   indicators: [PERSON_INDICATORS_2021.nursingSubsidyCoverage], asOf: '2021-06-30', formVersion: '2021',
 * });
 * departmentSourcesToMarkdown(res).includes('不在名册计为“否”'); //=> true
 * ```
 */
export function departmentSourcesToMarkdown(result: IndicatorResult): string {
  const list = result.departmentSources ?? [];
  if (!list.length) return '';
  const names = new Map(result.indicators.map((i) => [i.id, i.name]));
  const out = [
    '## 部门来源',
    '',
    '| 指标 | 部门来源项目 | 部门 | 名册 | 文件 | 期间 | 名册行数 | 记录 | 匹配 | 不在名册 | 无身份证号 | 指标人群中不在名册 | 不在名册按 |',
    '|---|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const s of list) {
    out.push(
      `| ${mdCell(names.get(s.indicator) ?? s.indicator)}（${s.indicator}） | ${mdCell(s.itemLabel)}（${s.item}） | ${mdCell(s.departmentName)} | ${mdCell(s.extractName)} | ${mdCell(s.file)} | ${mdCell(period(s))} | ${mdCell(s.rows)} | ${mdCell(s.persons)} | ${mdCell(s.matched)} | ${mdCell(s.notInRoster)} | ${mdCell(s.withoutKey)} | ${s.populationNotInRoster} | ${mdCell(s.rosterRule)} |`,
    );
  }
  const by = list.find((s) => s.matchedBy)?.matchedBy;
  out.push('', `${by ? `匹配方式：${by === 'key' ? '约定的键' : '身份证号'}。` : '未给出部门数据来源（文件、期间、匹配数）。'}完整名册（列出所有享受者）中无此人按“否”计；部分名册中无此人按缺失计，不计入分母（列入“未答”）。`, '');
  return out.join('\n');
}

/**
 * Options of {@link indicatorResultToMarkdown}.
 *
 * @example
 * ```ts
 * import type { MarkdownOptions } from '@canji/indicators';
 * const opts: MarkdownOptions = { digits: 1, title: '长沙县 2021 年指标' };
 * ```
 */
export interface MarkdownOptions extends LabelOptions {
  /** Decimals of value and interval (default 1). */
  readonly digits?: number;
  /** First heading (default: 指标（参照日期 …，N 条记录）). */
  readonly title?: string;
}

/**
 * The result as Markdown: one table per indicator (groups, counts, value, interval, target), then
 * the department sources ({@link departmentSourcesToMarkdown}), failed self-checks and warnings.
 * Internal use: small cells are flagged, not suppressed.
 *
 * @example
 * ```ts
 * import { computeIndicators, indicatorResultToMarkdown, PERSON_INDICATORS } from '@canji/indicators';
 * const res = computeIndicators([{ person_status: 6, r31: 1 }], { indicators: [PERSON_INDICATORS.familyDoctorContractRate], asOf: '2019-07-01' });
 * indicatorResultToMarkdown(res).includes('| 合计（小格） | 1 | 1 | 0 | 100.0% |'); //=> true
 * ```
 */
export function indicatorResultToMarkdown(result: IndicatorResult, options: MarkdownOptions = {}): string {
  const opts: MarkdownOptions = { regionNames: result.regionNames, ...options };
  const digits = opts.digits ?? 1;
  const out = [`# ${opts.title ?? `指标（参照日期 ${result.asOf}，${result.records} 条记录）`}`, ''];
  for (const ind of result.indicators) {
    out.push(`## ${ind.name}（${ind.id}）`, '', ind.description, '', ind.target ? `目标：${ind.target.comparison} ${ind.target.value}${ind.unit}（${ind.target.source}）` : '无目标值', '');
    if (ind.departmentItems?.length) out.push(`部门来源：${ind.departmentItems.map((d) => `${d.label}（${d.departmentName}，${d.roster === 'complete' ? '完整名册，不在名册计为“否”' : '部分名册，不在名册计为缺失'}）`).join('；')}`, '');
    out.push('| 分组 | 分子 | 分母 | 未答 | 值 | 95% 区间 | 对照目标 |', '|---|---:|---:|---:|---:|---|---|');
    for (const r of result.rows) {
      if (r.indicator !== ind.id) continue;
      const group = r.by.length
        ? r.by
            .map((lvl) => {
              const id = dimIdOf(lvl);
              return groupValueLabel(id, r.group[id] ?? null, opts);
            })
            .join(' × ')
        : '合计';
      const value = r.value === null ? '—' : `${r.value.toFixed(digits)}${ind.unit === '%' ? '%' : ` ${ind.unit}`}`;
      const ci = r.ciLower === null || r.ciUpper === null ? '' : `${r.ciLower.toFixed(digits)}–${r.ciUpper.toFixed(digits)}`;
      const target = r.target ? ({ met: '达标', 'not-met': '未达标', 'no-data': '无数据' } as const)[r.target.status] + (r.target.certain ? '' : '（不确定）') : '';
      out.push(`| ${mdCell(group)}${r.smallCell ? '（小格）' : ''} | ${r.numerator} | ${r.denominator} | ${r.missing} | ${value} | ${ci} | ${target} |`);
    }
    out.push('');
  }
  const sources = departmentSourcesToMarkdown(result);
  if (sources) out.push(sources);
  if (!result.checks.ok) out.push('**自检未通过**：', ...result.checks.problems.map((p) => `- ${p.code} ${p.message}`), '');
  for (const w of result.warnings) out.push(`> ${w.message}`, '');
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

/**
 * The result as a JSON string: metadata, dimensions, rows, checks, warnings, and the department
 * sources of department-sourced indicators (`departmentSources`) (functions dropped).
 *
 * @example
 * ```ts
 * import { computeIndicators, indicatorResultToJson } from '@canji/indicators';
 * const json = indicatorResultToJson(computeIndicators([], { asOf: '2019-07-01' }));
 * JSON.parse(json).records; //=> 0
 * ```
 */
export function indicatorResultToJson(result: IndicatorResult, space?: number): string {
  return JSON.stringify(result, null, space);
}

/**
 * Options of {@link toPivot}.
 *
 * @example
 * ```ts
 * import type { PivotOptions } from '@canji/indicators';
 * const opts: PivotOptions = { indicator: 'employment-rate', rows: 'county', columns: 'sex', measure: 'numerator', filter: { category: 4 } };
 * ```
 */
export interface PivotOptions extends LabelOptions {
  readonly indicator: string;
  /** Row dimension: 'category', 'sex', … or a region level ('county'). */
  readonly rows: string;
  /** Column dimension (omit for a single column). */
  readonly columns?: string;
  /** What each cell shows (default 'value'). */
  readonly measure?: 'value' | 'numerator' | 'denominator' | 'missing' | 'ciLower' | 'ciUpper';
  /** Fix other dimensions, e.g. `{ sex: 'female' }` or `{ county: '430102' }` for a region level. */
  readonly filter?: Readonly<Record<string, GroupValue>>;
}

/**
 * A pivot table with margins (taken from the coarser rows, not recomputed).
 *
 * @example
 * ```ts
 * import { computeIndicators, toPivot, PERSON_INDICATORS, type Pivot } from '@canji/indicators';
 * const res = computeIndicators([{ person_status: 6, sex: 'male', r31: 1 }], { indicators: [PERSON_INDICATORS.familyDoctorContractRate], by: ['sex'], asOf: '2019-07-01' });
 * const p: Pivot = toPivot(res, { indicator: 'family-doctor-contract-rate', rows: 'sex' });
 * p.cells; //=> [[100]]
 * ```
 */
export interface Pivot {
  readonly indicator: string;
  readonly measure: string;
  readonly rowKeys: readonly { readonly value: GroupValue; readonly label: string }[];
  readonly columnKeys: readonly { readonly value: GroupValue; readonly label: string }[];
  /** cells[row][column]; `null` where the group has no data. */
  readonly cells: readonly (readonly (number | null)[])[];
  /** The margin per row (all columns together), per column, and the corner. */
  readonly rowTotals: readonly (number | null)[];
  readonly columnTotals: readonly (number | null)[];
  readonly total: number | null;
}

function dimIdOf(level: string): string {
  return (REGION_LEVELS as readonly string[]).includes(level) ? 'region' : level;
}

function findRows(result: IndicatorResult, indicator: string, by: string[], filter: Readonly<Record<string, GroupValue>>): IndicatorRow[] {
  const want = new Set([...by, ...Object.keys(filter)]);
  return result.rows.filter((r) => {
    if (r.indicator !== indicator || r.by.length !== want.size || !r.by.every((l) => want.has(l))) return false;
    for (const [l, v] of Object.entries(filter)) if (r.group[dimIdOf(l)] !== v) return false;
    return true;
  });
}

/**
 * Pivots one indicator: one dimension down, another across, with margins.
 *
 * @example
 * ```ts
 * import { computeIndicators, toPivot, PERSON_INDICATORS } from '@canji/indicators';
 * const recs = [
 *   { person_status: 6, disability_category: 4, sex: 'male', r31: 1 },
 *   { person_status: 6, disability_category: 4, sex: 'female', r31: 2 },
 *   { person_status: 6, disability_category: 5, sex: 'female', r31: 1 },
 * ];
 * const res = computeIndicators(recs, { indicators: [PERSON_INDICATORS.familyDoctorContractRate], by: ['category', 'sex'], asOf: '2019-07-01' });
 * const p = toPivot(res, { indicator: 'family-doctor-contract-rate', rows: 'category', columns: 'sex' });
 * p.cells; //=> [[100, 0], [null, 100]]
 * p.columnTotals; //=> [100, 50]
 * ```
 */
export function toPivot(result: IndicatorResult, options: PivotOptions): Pivot {
  const opts: PivotOptions = { regionNames: result.regionNames, ...options };
  const measure = opts.measure ?? 'value';
  const filter = opts.filter ?? {};
  const rowDim = dimIdOf(opts.rows);
  const colDim = opts.columns ? dimIdOf(opts.columns) : null;
  const body = findRows(result, opts.indicator, opts.columns ? [opts.rows, opts.columns] : [opts.rows], filter);
  const rowVals = [...new Set(body.map((r) => r.group[rowDim]!))].sort(compareGroupValues);
  const colVals = colDim ? [...new Set(body.map((r) => r.group[colDim]!))].sort(compareGroupValues) : [];
  const cellOf = (r: IndicatorRow | undefined): number | null => (r ? (r[measure] as number | null) : null);
  const cells = rowVals.map((rv) =>
    colDim ? colVals.map((cv) => cellOf(body.find((r) => r.group[rowDim] === rv && r.group[colDim] === cv))) : [cellOf(body.find((r) => r.group[rowDim] === rv))],
  );
  const rowMargin = findRows(result, opts.indicator, [opts.rows], filter);
  const colMargin = opts.columns ? findRows(result, opts.indicator, [opts.columns], filter) : [];
  const corner = findRows(result, opts.indicator, [], filter)[0];
  return {
    indicator: opts.indicator,
    measure,
    rowKeys: rowVals.map((v) => ({ value: v, label: groupValueLabel(rowDim, v, opts) })),
    columnKeys: colDim ? colVals.map((v) => ({ value: v, label: groupValueLabel(colDim, v, opts) })) : [{ value: null, label: measure }],
    cells,
    rowTotals: rowVals.map((rv) => cellOf(rowMargin.find((r) => r.group[rowDim] === rv))),
    columnTotals: colDim ? colVals.map((cv) => cellOf(colMargin.find((r) => r.group[colDim] === cv))) : [cellOf(corner)],
    total: cellOf(corner),
  };
}

/**
 * Options of {@link toChartData}.
 *
 * @example
 * ```ts
 * import type { ChartOptions } from '@canji/indicators';
 * const opts: ChartOptions = { indicator: 'employment-rate', x: 'county', series: 'sex' };
 * ```
 */
export interface ChartOptions extends LabelOptions {
  readonly indicator: string;
  /** Category axis: a dimension or region level. */
  readonly x: string;
  /** One series per value of this dimension (omit for a single series). */
  readonly series?: string;
  readonly filter?: Readonly<Record<string, GroupValue>>;
}

/**
 * Chart-ready data: categories and series with values, intervals and the target line.
 *
 * @example
 * ```ts
 * import { computeIndicators, toChartData, PERSON_INDICATORS, type ChartData } from '@canji/indicators';
 * const res = computeIndicators([{ person_status: 6, sex: 'male', r31: 1 }], { indicators: [PERSON_INDICATORS.familyDoctorContractRate], by: ['sex'], asOf: '2019-07-01' });
 * const chart: ChartData = toChartData(res, { indicator: 'family-doctor-contract-rate', x: 'sex' });
 * chart.series[0]!.data; //=> [100]
 * ```
 */
export interface ChartData {
  readonly title: string;
  readonly unit: string;
  readonly categories: readonly string[];
  readonly series: readonly {
    readonly name: string;
    readonly data: readonly (number | null)[];
    readonly ciLower: readonly (number | null)[];
    readonly ciUpper: readonly (number | null)[];
    readonly smallCell: readonly boolean[];
  }[];
  /** Target value to draw as a line, if the indicator has one. */
  readonly target: number | null;
}

/**
 * Categories and series for a bar or line chart (echarts `xAxis.data` / `series[].data`).
 *
 * @example
 * ```ts
 * import { computeIndicators, toChartData, PERSON_INDICATORS } from '@canji/indicators';
 * const recs = [{ person_status: 6, sex: 'male', r31: 1 }, { person_status: 6, sex: 'female', r31: 2 }];
 * const res = computeIndicators(recs, { indicators: [PERSON_INDICATORS.familyDoctorContractRate], by: ['sex'], asOf: '2019-07-01' });
 * const chart = toChartData(res, { indicator: 'family-doctor-contract-rate', x: 'sex' });
 * chart.categories; //=> ['男', '女']
 * chart.series[0]!.data; //=> [100, 0]
 * ```
 */
export function toChartData(result: IndicatorResult, options: ChartOptions): ChartData {
  const opts: ChartOptions = { regionNames: result.regionNames, ...options };
  const meta = result.indicators.find((i) => i.id === opts.indicator);
  const xDim = dimIdOf(opts.x);
  const sDim = opts.series ? dimIdOf(opts.series) : null;
  const filter = opts.filter ?? {};
  const body = findRows(result, opts.indicator, opts.series ? [opts.x, opts.series] : [opts.x], filter);
  const xVals = [...new Set(body.map((r) => r.group[xDim]!))].sort(compareGroupValues);
  const sVals: GroupValue[] = sDim ? [...new Set(body.map((r) => r.group[sDim]!))].sort(compareGroupValues) : [null];
  const series = sVals.map((sv) => {
    const pick = xVals.map((xv) => body.find((r) => r.group[xDim] === xv && (!sDim || r.group[sDim] === sv)));
    return {
      name: sDim ? groupValueLabel(sDim, sv, opts) : (meta?.name ?? opts.indicator),
      data: pick.map((r) => r?.value ?? null),
      ciLower: pick.map((r) => r?.ciLower ?? null),
      ciUpper: pick.map((r) => r?.ciUpper ?? null),
      smallCell: pick.map((r) => r?.smallCell ?? false),
    };
  });
  const levelName = (REGION_LEVELS as readonly string[]).includes(opts.x) ? `（按${REGION_LEVEL_LABELS[opts.x as RegionLevel]}）` : '';
  return {
    title: `${meta?.name ?? opts.indicator}${levelName}`,
    unit: meta?.unit ?? '',
    categories: xVals.map((v) => groupValueLabel(xDim, v, opts)),
    series,
    target: meta?.target?.value ?? null,
  };
}
