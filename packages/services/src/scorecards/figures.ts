/**
 * The figures a scorecard scores, taken from what canji's own outputs already contain: the JSON
 * validation report of `canji check` (regions with 调查方式 / 采集渠道 counts, error and warning
 * counts; the verification status with `--verification`; the rounds section with `--previous`)
 * and the unit verdicts of `canji audit compare`. Nothing is recomputed from records.
 */
import type { BackCheckReport } from '@canji/audits';
import type { ValidationReport } from '@canji/rules';
import type { ScorecardIndicatorId, ScorecardResult } from './config.js';

/** A count over a count, the figure of one indicator in one unit. */
export interface ScorecardFigureCount {
  numerator: number;
  denominator: number;
  /** What the figure is made of, in words (`未更新 12，照抄 30`). */
  detail?: string;
}

/** One unit's figures; an indicator absent from `figures` has no data (无数据). */
export interface UnitFigures {
  /** Region code at the scorecard's level (6 digits for a county, 9 for a township). */
  code: string;
  name?: string;
  figures: Partial<Record<ScorecardIndicatorId, ScorecardFigureCount>>;
}

/** One re-visit unit of `canji audit compare` (a row of its 验收结论 sheet, or a `BackCheckReport` unit). */
export interface RevisitUnitFigure {
  /** `county`, `township` … (`collector` rows are ignored). */
  level: string;
  unit: string;
  /** Counted answers compared, and those that differed. */
  compared: number;
  discrepant: number;
  verdict?: 'pass' | 'fail';
}

/** What {@link scorecardFigures} returns: the units and notes on what could not be used. */
export interface ScorecardFigures {
  level: 'county' | 'township';
  units: UnitFigures[];
  notes: string[];
}

/** Options of {@link scorecardFigures}. */
export interface ScorecardFiguresOptions {
  /** Re-visit acceptance figures (`revisitFiguresFromBackCheck`, or read from 复核结果.xlsx). */
  revisit?: readonly RevisitUnitFigure[];
  /** The level the office scores at; every report must count by it. */
  level?: 'county' | 'township';
}

const LEVEL_LENGTH = { county: 6, township: 9 } as const;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * The re-visit figures of a `compareBackCheck` result (region units only; collectors are not units of a scorecard).
 *
 * @example
 * ```ts
 * const r = compareBackCheck(original, revisit, { version: '2017' });
 * if (r.ok) revisitFiguresFromBackCheck(r.value)[0]; //=> { level: 'township', unit: '430121109', compared: 420, discrepant: 9, verdict: 'pass' }
 * ```
 */
export function revisitFiguresFromBackCheck(report: Pick<BackCheckReport, 'units'>): RevisitUnitFigure[] {
  return report.units.filter((u) => u.level !== 'collector').map((u) => ({ level: u.level, unit: u.unit, compared: u.answers.compared, discrepant: u.answers.discrepant, verdict: u.verdict }));
}

function reportShapeError(i: number, what: string): ScorecardResult<never> {
  return { ok: false, error: { code: 'SCORECARD_REPORT_SHAPE', message: `第 ${i + 1} 份报告不是 canji check 的 JSON 报告：${what}` } };
}

/**
 * The units of one or more validation reports (one per county, or one province report counting by
 * county or township) with each indicator's count where the reports have it:
 * - 入户调查率, 移动终端采集占比, error and warning rates: every region row of every report;
 * - 部门比对差异办结率: the report's `verification`, for a report that covers one unit only (the
 *   verification status is not kept by region);
 * - 年度更新完整率: the report's `rounds` (with `--previous` and a roster), summed over its units
 *   within the unit;
 * - 复核一致率: the re-visit units at the unit's level, else the finer region units within it.
 * Errors: `SCORECARD_REPORT_SHAPE`, `SCORECARD_LEVEL_MIXED`, `SCORECARD_LEVEL_MISMATCH`,
 * `SCORECARD_UNIT_DUPLICATE`, `SCORECARD_NO_UNITS`.
 *
 * @example
 * ```ts
 * const r = scorecardFigures([JSON.parse(readFileSync('长沙县.json', 'utf8'))]);
 * r.ok && r.value.units[0]!.figures['household-visit']; //=> { numerator: 912, denominator: 1000 }
 * ```
 */
export function scorecardFigures(reports: readonly unknown[], opts: ScorecardFiguresOptions = {}): ScorecardResult<ScorecardFigures> {
  const notes: string[] = [];
  let level: 'county' | 'township' | undefined = opts.level;
  const units = new Map<string, UnitFigures>();
  const roundsOf: { rounds: NonNullable<ValidationReport['rounds']>; index: number }[] = [];
  for (let i = 0; i < reports.length; i++) {
    const r = reports[i];
    if (!isObj(r) || !isObj(r.meta) || !Array.isArray(r.regions) || !isObj(r.counts)) return reportShapeError(i, '缺少 meta、counts 或 regions');
    const rep = r as unknown as ValidationReport;
    const lv = rep.meta.regionLevel === 'township' ? 'township' : rep.meta.regionLevel === 'county' ? 'county' : undefined;
    if (!lv) return { ok: false, error: { code: 'SCORECARD_LEVEL_MISMATCH', message: `第 ${i + 1} 份报告按“${String(rep.meta.regionLevel)}”统计：记分卡的单位是县或乡镇（canji check --level county 或 township）` } };
    if (level === undefined) level = lv;
    else if (lv !== level) {
      return opts.level
        ? { ok: false, error: { code: 'SCORECARD_LEVEL_MISMATCH', message: `第 ${i + 1} 份报告按${lv === 'county' ? '县' : '乡镇'}统计，而计分设置要求按${level === 'county' ? '县' : '乡镇'}：请用 canji check --level ${level} 重新生成报告` } }
        : { ok: false, error: { code: 'SCORECARD_LEVEL_MIXED', message: `各报告的统计级别不同（第 ${i + 1} 份按${lv === 'county' ? '县' : '乡镇'}）：请用同一 --level 生成` } };
    }
    const own: string[] = [];
    for (const reg of rep.regions) {
      if (!isObj(reg) || typeof reg.code !== 'string') return reportShapeError(i, 'regions 中有无代码的行');
      if (reg.code === '') {
        if (num(reg.read) > 0) notes.push(`第 ${i + 1} 份报告有 ${num(reg.read)} 条记录区划不明，未计入任何单位`);
        continue;
      }
      if (units.has(reg.code)) return { ok: false, error: { code: 'SCORECARD_UNIT_DUPLICATE', message: `单位 ${reg.code} 在多份报告中出现：每个单位只能给一份报告` } };
      const read = num(reg.read);
      const f: UnitFigures = { code: reg.code, ...(reg.name ? { name: reg.name } : {}), figures: {} };
      if (read > 0) {
        if (reg.collectionModes) f.figures['household-visit'] = { numerator: num(reg.collectionModes['1']), denominator: read };
        if (reg.collectionChannels) f.figures['mobile-collection'] = { numerator: num(reg.collectionChannels['2']), denominator: read };
        f.figures['error-rate'] = { numerator: num(reg.withErrors), denominator: read };
        f.figures['warning-rate'] = { numerator: num(reg.withWarnings), denominator: read };
      }
      units.set(reg.code, f);
      own.push(reg.code);
    }
    const v = rep.verification;
    if (v && Array.isArray(v.departments)) {
      const sent = v.departments.reduce((s, d) => s + num(d.sent), 0);
      const open = v.departments.reduce((s, d) => s + num(d.open), 0);
      if (own.length === 1 && sent > 0) units.get(own[0]!)!.figures['discrepancy-closure'] = { numerator: sent - open, denominator: sent, detail: `发出 ${sent}，未结 ${open}` };
      else if (own.length > 1) notes.push(`第 ${i + 1} 份报告含 ${own.length} 个单位，部门核实情况不分单位记录：办结率按单位无数据（每个单位各出一份报告即可计分）`);
    }
    if (rep.rounds) roundsOf.push({ rounds: rep.rounds, index: i });
  }
  if (!level || units.size === 0) return { ok: false, error: { code: 'SCORECARD_NO_UNITS', message: '报告中没有可计分的单位（无按地区统计的记录）' } };
  const len = LEVEL_LENGTH[level];

  for (const { rounds, index } of roundsOf) {
    if (!rounds.sources?.roster) notes.push(`第 ${index + 1} 份报告的上轮比对没有底册（--roster）：“底册有效未更新”无法统计，只计照抄`);
    for (const u of units.values()) {
      const inUnit = rounds.units.filter((x) => typeof x.unit === 'string' && x.unit.length >= len && x.unit.startsWith(u.code));
      if (!inUnit.length) continue;
      let persons = 0;
      let exited = 0;
      let notUpdated = 0;
      for (const x of inUnit) {
        persons += num(x.persons);
        exited += num(x.byClass.exited);
        notUpdated += num(x.byClass['not-updated']);
      }
      const changes = rounds.changes?.units.filter((x) => typeof x.unit === 'string' && x.unit.length >= len && x.unit.startsWith(u.code)) ?? [];
      const copied = changes.reduce((s, x) => s + num(x.identical?.count), 0);
      const base = persons - exited;
      if (base > 0) u.figures['round-completeness'] = { numerator: Math.max(0, base - notUpdated - copied), denominator: base, detail: `应更新 ${base}，未更新 ${notUpdated}，与上轮完全相同 ${copied}` };
    }
  }

  if (opts.revisit?.length) {
    const regionRows = opts.revisit.filter((x) => x.level !== 'collector' && /^\d+$/.test(x.unit));
    for (const u of units.values()) {
      const exact = regionRows.filter((x) => x.unit === u.code);
      const finer = regionRows.filter((x) => x.unit.length > len && x.unit.startsWith(u.code));
      // The finest level present, so that a township is not counted twice (township and village rows).
      const finestLen = Math.min(...finer.map((x) => x.unit.length));
      const rows = exact.length ? exact : finer.filter((x) => x.unit.length === finestLen);
      if (!rows.length) continue;
      const compared = rows.reduce((s, x) => s + num(x.compared), 0);
      const discrepant = rows.reduce((s, x) => s + num(x.discrepant), 0);
      const failed = rows.filter((x) => x.verdict === 'fail').length;
      if (compared > 0) u.figures['revisit-acceptance'] = { numerator: compared - discrepant, denominator: compared, detail: `比对 ${compared}，有差异 ${discrepant}${rows.length > 1 || exact.length === 0 ? `；${rows.length} 个复核单位，${failed} 个验收不合格` : failed ? '；验收不合格' : ''}` };
    }
  }
  return { ok: true, value: { level, units: [...units.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)), notes } };
}
