/**
 * The rows of the compiled indicator query (one per group of each grouping set) made into what
 * `computeIndicators` of `@canji/indicators` returns: the same rows in the same order, values,
 * Wilson intervals (`wilsonInterval` of `@canji/indicators`, computed here from the counts),
 * targets, small-cell flags, self-checks (`checkIndicatorResult`) and warnings — so the existing
 * renderers (`indicatorResultToMarkdown`, `indicatorRowsToCsv` …) take either.
 */
import type { DepartmentSourceProvenance, ExtractDepartmentId } from '@canji/form';
import {
  checkIndicatorResult,
  compareGroupValues,
  departmentMissingWarning,
  formVersionWarning,
  indicatorDepartmentSource,
  indicatorMetadata,
  indicatorRowFromCounts,
  type ComputeWarning,
  type DimensionInfo,
  type GroupValue,
  type Indicator,
  type IndicatorDepartmentSource,
  type IndicatorResult,
  type IndicatorRow,
  type RegionNameLookup,
  type SmallCellOptions,
} from '@canji/indicators';
import type { CompiledIndicatorsSql } from './compile.js';

/** Options of {@link indicatorResultFromSql}: what `ComputeOptions` says about the output. */
export interface IndicatorResultOptions {
  smallCell?: SmallCellOptions;
  /** Region names, looked up once per region group (`result.regionNames`). */
  regionName?: RegionNameLookup;
  /** Where the department data came from (`createDepartmentSourcer(…).provenance()` or the equivalent), kept in `result.departmentSources`. */
  departmentSources?: readonly DepartmentSourceProvenance[];
}

const NUMERIC_DIMENSIONS = new Set(['category', 'level', 'hukou']);

const count = (v: unknown): number => (v === null || v === undefined || v === '' ? 0 : Number(v));
const flag = (v: unknown): boolean => v === 1 || v === true || v === '1' || v === 't' || (typeof v === 'bigint' && v === 1n);

function keyValue(dimension: string, v: unknown): GroupValue {
  if (v === null || v === undefined || v === '') return null;
  if (NUMERIC_DIMENSIONS.has(dimension)) return Number(v);
  return String(v);
}


/**
 * What `computeIndicators` returns, from the rows the compiled query gave (arrays in its select
 * order; numbers or their text, as a command-line client prints them, NULL as `null` or empty).
 * Indicators in `compiled.notCompiled` are not in the result (run them in JavaScript); those in
 * `notApplicable` and `skipped`, and those whose department no record matched, are warnings, as
 * in `computeIndicators`.
 *
 * @example
 * ```ts
 * const q = compileIndicatorsToSql({ by: ['county'], asOf: '2019-06-30' });
 * const res = indicatorResultFromSql(q, await engine.query(q.sql));
 * res.rows.find((r) => r.indicator === 'employment-rate' && r.by.length === 0)?.value; //=> e.g. 41.2
 * res.checks.ok; //=> true
 * ```
 */
export function indicatorResultFromSql(compiled: CompiledIndicatorsSql, rows: readonly (readonly unknown[])[], options: IndicatorResultOptions = {}): IndicatorResult {
  const dims = compiled.dimensions;
  const keys = compiled.keyColumns;
  const nk = keys.length;
  const keyAt = new Map(keys.map((k, i) => [k, i]));
  const colIndex = new Map<string, number>();
  let at = 2 * nk + 1;
  for (const ind of compiled.indicators) {
    colIndex.set(ind.numeratorColumn, at++);
    colIndex.set(ind.denominatorColumn, at++);
    colIndex.set(ind.missingColumn, at++);
    for (const it of ind.departmentItems) colIndex.set(it.notInRosterColumn, at++);
  }
  for (const it of compiled.departmentItems) colIndex.set(it.seenColumn, at++);
  const small: Required<SmallCellOptions> = { threshold: options.smallCell?.threshold ?? 5, complement: options.smallCell?.complement ?? true };

  // Rows by grouping set: the set is read from GROUPING() of each key column.
  const setIndex = new Map(compiled.groupingSets.map((s, i) => [s.join(','), i]));
  const bySet: { values: GroupValue[]; row: readonly unknown[] }[][] = compiled.groupingSets.map(() => []);
  let total: readonly unknown[] | undefined;
  for (const row of rows) {
    const set: number[] = [];
    const values: GroupValue[] = [];
    for (const dim of dims) {
      let level = -1;
      dim.columns.forEach((col, j) => {
        const c = keyAt.get(col);
        if (c !== undefined && !flag(row[nk + c])) {
          level = j;
          values.push(keyValue(dim.id, row[c]));
        }
      });
      set.push(level);
    }
    const s = setIndex.get(set.join(','));
    if (s === undefined) continue;
    bySet[s]!.push({ values, row });
    if (set.every((j) => j < 0)) total = row;
  }

  const indicators = compiled.indicators;
  // A department no record matched was not applied: its indicators are not computed (INDICATOR_DEPARTMENT_MISSING, 'no-values').
  const seenOf = (key: string) => {
    const it = compiled.departmentItems.find((x) => x.key === key);
    return it && total ? count(total[colIndex.get(it.seenColumn)!]) : 0;
  };
  const noValues: { indicator: Indicator; departments: ExtractDepartmentId[] }[] = [];
  const keep = indicators.map((ci) => {
    const absent = (ci.indicator.departmentItems ?? []).filter((u) => seenOf(u.key) === 0);
    if (absent.length) noValues.push({ indicator: ci.indicator, departments: [...new Set(absent.map((u) => u.department))] });
    return absent.length === 0;
  });

  const rowsByIndicator: IndicatorRow[][] = indicators.map(() => []);
  compiled.groupingSets.forEach((set, s) => {
    const by: string[] = [];
    set.forEach((j, k) => {
      if (j >= 0) by.push(dims[k]!.levels[j]!);
    });
    const groups = bySet[s]!;
    if (by.length === 0 && groups.length === 0) groups.push({ values: [], row: [] });
    groups.sort((a, b) => {
      for (let k = 0; k < a.values.length; k++) {
        const c = compareGroupValues(a.values[k]!, b.values[k]!);
        if (c) return c;
      }
      return 0;
    });
    const present = dims.filter((_d, k) => set[k]! >= 0);
    for (const g of groups) {
      const group: Record<string, GroupValue> = {};
      present.forEach((d, k) => (group[d.id] = g.values[k]!));
      indicators.forEach((ci, i) => {
        rowsByIndicator[i]!.push(
          indicatorRowFromCounts(ci.indicator, by, group, count(g.row[colIndex.get(ci.numeratorColumn)!]), count(g.row[colIndex.get(ci.denominatorColumn)!]), count(g.row[colIndex.get(ci.missingColumn)!]), small),
        );
      });
    }
  });
  const out = rowsByIndicator.filter((_r, i) => keep[i]).flat();
  const passTotals: Record<string, [number, number, number]> = {};
  indicators.forEach((ci, i) => {
    if (!keep[i]) return;
    const r = total ?? [];
    passTotals[ci.id] = [count(r[colIndex.get(ci.numeratorColumn)!]), count(r[colIndex.get(ci.denominatorColumn)!]), count(r[colIndex.get(ci.missingColumn)!])];
  });

  const warnings: ComputeWarning[] = [];
  for (const ind of compiled.notApplicable) warnings.push(formVersionWarning(ind, compiled.formVersion));
  const missing = [...compiled.skipped.map((x) => ({ ...x, reason: 'not-supplied' as const })), ...noValues.map((x) => ({ ...x, reason: 'no-values' as const }))];
  for (const { indicator: ind, departments, reason } of missing) warnings.push(departmentMissingWarning(ind, departments, reason));

  const sources: IndicatorDepartmentSource[] = [];
  indicators.forEach((ci, i) => {
    if (!keep[i]) return;
    (ci.indicator.departmentItems ?? []).forEach((u, j) => {
      const p = options.departmentSources?.find((x) => x.department === u.department);
      const col = ci.departmentItems[j]?.notInRosterColumn;
      sources.push(indicatorDepartmentSource(ci.id, u, p, col && total ? count(total[colIndex.get(col)!]) : 0));
    });
  });

  const dimensions: DimensionInfo[] = dims.map((d) => ({ id: d.id, title: d.title, levels: d.levels }));
  let regionNames: Record<string, string> | undefined;
  if (options.regionName && dims.some((d) => d.id === 'region')) {
    regionNames = {};
    for (const row of rowsByIndicator[keep.indexOf(true)] ?? []) {
      const code = row.group.region;
      if (typeof code === 'string' && !(code in regionNames)) {
        const name = options.regionName(code);
        if (name !== undefined) regionNames[code] = name;
      }
    }
  }
  const fullSet = compiled.groupingSets.findIndex((s) => s.length > 0 && s.every((j, k) => j === dims[k]!.levels.length - 1));
  const records = total ? count(total[2 * nk]) : 0;
  const base = {
    asOf: compiled.asOf,
    records,
    leafGroups: dims.length === 0 ? (records > 0 ? 1 : 0) : fullSet >= 0 ? bySet[fullSet]!.filter((g) => g.row.length > 0).length : 0,
    indicators: indicators.filter((_c, k) => keep[k]).map((c) => indicatorMetadata(c.indicator)),
    dimensions,
    rows: out,
    warnings,
    passTotals,
    ...(regionNames ? { regionNames } : {}),
    ...(sources.length ? { departmentSources: sources } : {}),
  };
  return { ...base, checks: checkIndicatorResult(base) };
}
