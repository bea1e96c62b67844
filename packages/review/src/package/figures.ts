/**
 * The summary figures of a round by unit (the 双签字报表's table): persons, home visits and the
 * other 调查方式, records with errors and warnings, and the department verification status — taken
 * from the validation report `canji check` writes (its JSON), never counted a second time, and
 * re-added unit by unit when the level above combines its units' packages.
 */
import type { HouseholdVisitTarget, RegionLevel, ReportDepartmentVerification, ValidationReport } from '@canji/rules';

/** Counts of one unit (a township of a county, a county of a prefecture …) or of the whole package. */
export interface SummaryUnitFigures {
  /** Region code of the unit (its prefix at the rows' level); `''` = records without a readable region. */
  code: string;
  name?: string;
  /** Records read for the unit (persons surveyed; the denominator of the rates). */
  persons: number;
  /** Records with at least one error. */
  withErrors: number;
  /** Records with at least one warning (with or without errors). */
  withWarnings: number;
  /** Records collected by 调查方式 1 入户调查. */
  homeVisits: number;
  /** Records by 调查方式 code as a string (`'1'` 入户调查, `'2'` 电话调查 …; `''` = not filled). */
  modes: Record<string, number>;
}

/** What came back of one department's discrepancy list (additive over units). */
export type DepartmentVerificationFigures = ReportDepartmentVerification;

/**
 * The summary figures of one unit's round: a row per unit below it, the total, and the
 * verification status of the department lists (`null` when no returned lists were read).
 * `total` equals the sum of `rows` (see {@link figuresFindings}).
 *
 * @example
 * ```ts
 * const f = figuresFromReport(report, { round: '2019' });
 * f.total.persons === report.counts.read - report.counts.unreadable; //=> true
 * summaryHomeVisitRate(f.total); //=> 0.93
 * ```
 */
export interface SummaryFigures {
  /** The unit the package is for (填报单位). */
  unit: { code: string; name?: string };
  /** The round (年度), e.g. `'2019'`. */
  round: string;
  /** 标准时点 (YYYY-MM-DD). */
  referenceDate?: string;
  /** Level of `rows` (a county's package: its townships). */
  rowLevel: RegionLevel;
  rows: SummaryUnitFigures[];
  total: SummaryUnitFigures;
  /** Items that could not be read as records at all (not in `total.persons`; the report lists them). */
  unreadable: number;
  verification: DepartmentVerificationFigures[] | null;
  /** The required 入户调查率 the figures are compared with, when the report carried it. */
  householdVisitTarget?: HouseholdVisitTarget;
}

/**
 * 入户调查率: home visits / persons (0 when there are no persons).
 *
 * @example
 * ```ts
 * summaryHomeVisitRate({ code: '430121', persons: 200, homeVisits: 190, withErrors: 0, withWarnings: 0, modes: {} }); //=> 0.95
 * ```
 */
export function summaryHomeVisitRate(f: SummaryUnitFigures): number {
  return f.persons ? f.homeVisits / f.persons : 0;
}

/**
 * Share of records with errors (0 when there are no persons).
 *
 * @example
 * ```ts
 * summaryErrorRate({ code: '430121', persons: 200, homeVisits: 0, withErrors: 4, withWarnings: 9, modes: {} }); //=> 0.02
 * ```
 */
export function summaryErrorRate(f: SummaryUnitFigures): number {
  return f.persons ? f.withErrors / f.persons : 0;
}

/** Options of {@link figuresFromReport}. */
export interface FiguresFromReportOptions {
  /** The round (年度); default: the year of the report's reference date. */
  round?: string;
  /** The unit, when the caller knows it better than the report's 填报单位. */
  unit?: { code: string; name?: string };
}

/**
 * The summary figures of a validation report (as `canji check --out report.json` writes it, or
 * `checkBatch` returns it): a row per region at the report's level, the total from the report's
 * counts and collection, the department verification status. Nothing is counted again.
 *
 * @example
 * ```ts
 * const report = JSON.parse(readFileSync('数据校验报告.json', 'utf8'));
 * figuresFromReport(report, { round: '2019' }).rows.length; //=> 18 (townships of 长沙县)
 * ```
 */
export function figuresFromReport(report: ValidationReport, options: FiguresFromReportOptions = {}): SummaryFigures {
  const m = report.meta;
  const unit = options.unit ?? (m.reportingUnit ? { code: m.reportingUnit.code, ...(m.reportingUnit.name ? { name: m.reportingUnit.name } : {}) } : { code: m.batchRegion ?? '' });
  const rows: SummaryUnitFigures[] = report.regions.map((r) => ({
    code: r.code,
    ...(r.name ? { name: r.name } : {}),
    persons: r.read,
    withErrors: r.withErrors,
    withWarnings: r.withWarnings,
    homeVisits: r.collectionModes?.['1'] ?? 0,
    modes: { ...(r.collectionModes ?? {}) },
  }));
  const c = report.collection;
  const total: SummaryUnitFigures = {
    code: unit.code,
    ...(unit.name ? { name: unit.name } : {}),
    // Readable records: the regions' rows and the 入户调查率's denominator (unreadable items are apart).
    persons: report.counts.read - report.counts.unreadable,
    withErrors: report.counts.withErrors,
    withWarnings: report.counts.withWarnings,
    homeVisits: c ? c.homeVisits : sumOf(rows, (r) => r.homeVisits),
    modes: c ? { ...c.modes } : addModes(rows.map((r) => r.modes)),
  };
  const round = options.round ?? m.referenceDate?.slice(0, 4) ?? '';
  return {
    unit,
    round,
    ...(m.referenceDate ? { referenceDate: m.referenceDate } : {}),
    rowLevel: m.regionLevel === 'city' ? 'prefecture' : m.regionLevel,
    rows,
    total,
    unreadable: report.counts.unreadable,
    verification: report.verification ? report.verification.departments.map((d) => ({ ...d, byResult: { ...d.byResult } })) : null,
    ...(c ? { householdVisitTarget: c.target } : {}),
  };
}

const sumOf = <T>(xs: readonly T[], f: (x: T) => number): number => xs.reduce((s, x) => s + f(x), 0);

/** The sum of counts by code. */
export function addModes(list: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of list) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/**
 * The sum of units' figures, as the figures of `unit` (the counts re-added; the rates follow).
 *
 * @example
 * ```ts
 * addUnitFigures({ code: '430100' }, [a.total, b.total]).persons; //=> a.total.persons + b.total.persons
 * ```
 */
export function addUnitFigures(unit: { code: string; name?: string }, parts: readonly SummaryUnitFigures[]): SummaryUnitFigures {
  return {
    code: unit.code,
    ...(unit.name ? { name: unit.name } : {}),
    persons: sumOf(parts, (p) => p.persons),
    withErrors: sumOf(parts, (p) => p.withErrors),
    withWarnings: sumOf(parts, (p) => p.withWarnings),
    homeVisits: sumOf(parts, (p) => p.homeVisits),
    modes: addModes(parts.map((p) => p.modes)),
  };
}

/**
 * Department verification status re-added over units: per department, the lists sent, answered
 * and open and the answers by 核实结果, summed. `null` when no unit read returned lists.
 */
export function addVerification(parts: readonly (DepartmentVerificationFigures[] | null)[]): DepartmentVerificationFigures[] | null {
  if (parts.every((p) => p === null)) return null;
  const by = new Map<string, DepartmentVerificationFigures>();
  for (const list of parts) {
    for (const d of list ?? []) {
      const cur = by.get(d.department);
      if (!cur) by.set(d.department, { ...d, byResult: { ...d.byResult } });
      else {
        cur.sent += d.sent;
        cur.answered += d.answered;
        cur.open += d.open;
        cur.byResult = addModes([cur.byResult, d.byResult]);
      }
    }
  }
  return [...by.values()];
}

/** A problem found in the figures themselves: they do not add up. */
export interface FiguresFinding {
  code: 'PACKAGE_FIGURES_TOTAL' | 'PACKAGE_FIGURES_MODES' | 'PACKAGE_FIGURES_NEGATIVE';
  message: string;
  /** The unit (row code) concerned, when one. */
  unit?: string;
}

/**
 * Checks that the figures add up: the rows sum to the total (persons, errors, warnings, home
 * visits), each unit's 调查方式 counts sum to its persons, home visits equal mode 1, and no count is
 * negative or fractional. Returns the problems (none for figures made by {@link figuresFromReport}
 * from a consistent report).
 *
 * @example
 * ```ts
 * figuresFindings({ ...f, total: { ...f.total, persons: f.total.persons + 1 } })[0]?.code; //=> 'PACKAGE_FIGURES_TOTAL'
 * ```
 */
export function figuresFindings(f: SummaryFigures): FiguresFinding[] {
  const out: FiguresFinding[] = [];
  const sum = addUnitFigures(f.total, f.rows);
  const label = (u: SummaryUnitFigures) => `${u.name ?? ''}（${u.code || '地区不详'}）`;
  for (const key of ['persons', 'withErrors', 'withWarnings', 'homeVisits'] as const) {
    if (sum[key] !== f.total[key]) {
      out.push({ code: 'PACKAGE_FIGURES_TOTAL', message: `各单位${FIGURE_LABELS[key]}之和 ${sum[key]} 与合计 ${f.total[key]} 不符`, unit: f.total.code });
    }
  }
  for (const u of [...f.rows, f.total]) {
    for (const key of ['persons', 'withErrors', 'withWarnings', 'homeVisits'] as const) {
      if (!Number.isInteger(u[key]) || u[key] < 0) out.push({ code: 'PACKAGE_FIGURES_NEGATIVE', message: `${label(u)}的${FIGURE_LABELS[key]}“${u[key]}”不是非负整数`, unit: u.code });
    }
    const modes = Object.values(u.modes).reduce((s, v) => s + v, 0);
    if (Object.keys(u.modes).length && modes !== u.persons) out.push({ code: 'PACKAGE_FIGURES_MODES', message: `${label(u)}按调查方式的人数之和 ${modes} 与人数 ${u.persons} 不符`, unit: u.code });
    if (Object.keys(u.modes).length && (u.modes['1'] ?? 0) !== u.homeVisits) out.push({ code: 'PACKAGE_FIGURES_MODES', message: `${label(u)}的入户调查人数 ${u.homeVisits} 与调查方式“1 入户调查”的人数 ${u.modes['1'] ?? 0} 不符`, unit: u.code });
  }
  return out;
}

/** zh-CN names of the counts, as the tables head them. */
export const FIGURE_LABELS: Readonly<Record<'persons' | 'withErrors' | 'withWarnings' | 'homeVisits', string>> = {
  persons: '人数',
  withErrors: '有错误记录数',
  withWarnings: '有警告记录数',
  homeVisits: '入户调查人数',
};
