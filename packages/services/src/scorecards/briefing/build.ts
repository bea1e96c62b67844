/**
 * The yearly briefing for the working committee (残工委会议): the key indicators this year beside
 * last year's with the change and its interval (`computeYearOnYear` of `@canji/indicators`), the
 * same by unit, the scorecard summary, and the top service gaps by unit (`allocateServices` of
 * the work lists, this year and last). Pure: the caller reads the files.
 */
import { PERSON_INDICATORS, computeYearOnYear, indicatorTrend, type FormVersion, type IndicatorComparisonRow, type IndicatorTrend, type PersonIndicator, type RegionNameLookup, type YearOnYearPersons } from '@canji/indicators';
import { getRegion } from '@canji/regions';
import { BUILT_IN_PAIRS, allocateServices, compileServicePairs, type ServicePair } from '../../worklists/index.js';
import type { Scorecard } from '../score.js';

/** One round of the briefing. */
export interface BriefingRound {
  /** The round's person records (read twice: an array). */
  records: readonly Readonly<Record<string, unknown>>[];
  /** Reference date (ages are computed at it). */
  asOf: string;
  /** Shown in the document, e.g. `2020年`. */
  label: string;
  formVersion?: FormVersion;
}

/** Input of {@link buildBriefing}. */
export interface BriefingInput {
  /** Default `残疾人基本服务状况和需求信息数据动态更新年度通报`. */
  title?: string;
  /** 通报单位 (e.g. `某省残疾人联合会`). */
  unit?: string;
  /** When it was made (nothing here reads the clock). */
  generatedAt?: string;
  current: BriefingRound;
  previous: BriefingRound;
  /** The units of the by-unit tables (default `county`). */
  by?: 'county' | 'township';
  /** The key indicators (default {@link BRIEFING_INDICATORS}). */
  indicators?: readonly PersonIndicator[];
  /** The need–service pairs of the gap tables (default the work lists' built-in pairs). */
  pairs?: readonly ServicePair[];
  scorecard?: Scorecard;
  regionName?: RegionNameLookup;
  /** Gaps listed per unit (default 3). */
  topGaps?: number;
}

/** The key indicators of the briefing by default (built-ins of `@canji/indicators`). */
export const BRIEFING_INDICATORS: readonly PersonIndicator[] = Object.freeze([
  PERSON_INDICATORS.rehabilitationCoverage,
  PERSON_INDICATORS.assistiveDeviceFittingRate,
  PERSON_INDICATORS.livingSubsidyCoverage,
  PERSON_INDICATORS.nursingSubsidyCoverage,
  PERSON_INDICATORS.compulsoryEducationEnrollment,
  PERSON_INDICATORS.employmentRate,
  PERSON_INDICATORS.residentsPensionCoverage,
  PERSON_INDICATORS.medicalInsuranceCoverage,
  PERSON_INDICATORS.familyDoctorContractRate,
  PERSON_INDICATORS.householdVisitRate,
]);

/** One indicator, this year beside last. */
export interface BriefingIndicatorRow {
  id: string;
  name: string;
  unit: string;
  current: number | null;
  previous: number | null;
  /** In the indicator's unit (percentage points for %). */
  difference: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  significant: boolean | null;
  /** The target, when the indicator has one (`≥ 85`). */
  target?: { value: number; comparison: string };
  currentCounts?: { numerator: number; denominator: number };
}

/** One unit's key indicators. */
export interface BriefingUnitRow {
  code: string;
  name?: string;
  records: { current: number; previous: number };
  indicators: Record<string, { current: number | null; difference: number | null; significant: boolean | null }>;
}

/** One unit's largest service gaps this year (persons with the need and without the service), with last year's count. */
export interface BriefingGapUnit {
  code: string;
  name?: string;
  registered: number;
  gaps: { pairId: string; title: string; persons: number; previous: number | null; share: number | null }[];
  total: number;
}

/** The briefing's model (rendered by `renderBriefingHtml`). */
export interface Briefing {
  title: string;
  unit?: string;
  generatedAt?: string;
  labels: { current: string; previous: string };
  asOf: { current: string; previous: string };
  by: 'county' | 'township';
  persons: YearOnYearPersons;
  indicators: BriefingIndicatorRow[];
  units: BriefingUnitRow[];
  /** The indicators shown per unit (the first four with data). */
  unitIndicators: string[];
  /** The two-round trend (for charts). */
  trend: IndicatorTrend;
  scorecard?: Scorecard;
  gaps: {
    services: { pairId: string; title: string; provisional: boolean; current: number; previous: number | null }[];
    units: BriefingGapUnit[];
    /** Where the gap counts come from. */
    source: string;
    skipped: string[];
  };
  notes: string[];
}

const LEN = { county: 6, township: 9 } as const;

/** A unit's own name from the bundled region table (`长沙县`), `undefined` when it is not there. */
function ownName(code: string): string | undefined {
  try {
    return getRegion(code)?.name;
  } catch {
    return undefined;
  }
}
const regionOf = (r: IndicatorComparisonRow): string | undefined => {
  const v = r.group.region ?? Object.values(r.group)[0];
  return v === null || v === undefined ? undefined : String(v);
};

/**
 * Builds the briefing's figures from two rounds' records.
 *
 * @example
 * ```ts
 * const b = buildBriefing({ current: { records: r2020, asOf: '2020-06-30', label: '2020年' }, previous: { records: r2019, asOf: '2019-06-30', label: '2019年' } });
 * writeFileSync('通报.html', renderBriefingHtml(b));
 * ```
 */
export function buildBriefing(input: BriefingInput): Briefing {
  const by = input.by ?? 'county';
  const name = input.regionName ?? ownName;
  const indicators = input.indicators ?? BRIEFING_INDICATORS;
  const notes: string[] = [];
  const yoy = computeYearOnYear({
    current: { records: input.current.records, asOf: input.current.asOf, label: input.current.label, ...(input.current.formVersion ? { formVersion: input.current.formVersion } : {}) },
    previous: { records: input.previous.records, asOf: input.previous.asOf, label: input.previous.label, ...(input.previous.formVersion ? { formVersion: input.previous.formVersion } : {}) },
    indicators,
    by: [by],
    groupingSets: 'leaves',
    regionName: name,
  });
  for (const w of yoy.warnings) notes.push(w.message);
  const meta = new Map(yoy.all.indicators.map((i) => [i.id, i]));
  const totals = yoy.all.rows.filter((r) => r.by.length === 0);
  const rows: BriefingIndicatorRow[] = [];
  for (const ind of indicators) {
    const r = totals.find((x) => x.indicator === ind.id);
    const m = meta.get(ind.id);
    if (!r || !m) continue;
    rows.push({
      id: ind.id,
      name: m.name,
      unit: m.unit,
      current: r.current?.value ?? null,
      previous: r.previous?.value ?? null,
      difference: r.difference,
      ciLower: r.ciLower,
      ciUpper: r.ciUpper,
      significant: r.significant,
      ...(ind.target ? { target: { value: ind.target.value, comparison: ind.target.comparison } } : {}),
      ...(r.current ? { currentCounts: { numerator: r.current.numerator, denominator: r.current.denominator } } : {}),
    });
  }
  const unitIndicators = rows.filter((r) => r.current !== null).slice(0, 4).map((r) => r.id);
  const unitRows = new Map<string, BriefingUnitRow>();
  for (const r of yoy.all.rows) {
    if (r.by.length === 0) continue;
    const code = regionOf(r);
    if (!code || code.length !== LEN[by]) continue;
    let u = unitRows.get(code);
    if (!u) unitRows.set(code, (u = { code, ...(name(code) ? { name: name(code)! } : {}), records: { current: 0, previous: 0 }, indicators: {} }));
    u.indicators[r.indicator] = { current: r.current?.value ?? null, difference: r.difference, significant: r.significant };
  }
  const countBy = (records: readonly Readonly<Record<string, unknown>>[], key: 'current' | 'previous') => {
    for (const rec of records) {
      const code = String(rec.region_code ?? '').slice(0, LEN[by]);
      const u = unitRows.get(code);
      if (u) u.records[key]++;
    }
  };
  countBy(input.current.records, 'current');
  countBy(input.previous.records, 'previous');
  const trend = indicatorTrend([
    { round: input.previous.label, result: yoy.results.all.previous },
    { round: input.current.label, result: yoy.results.all.current },
  ]);

  // Service gaps: the work lists' pairs, counted by unit this year and last.
  const versionOf = (r: BriefingRound) => (r.formVersion === '2021' ? '2021' : '2017');
  const pairs = input.pairs ?? BUILT_IN_PAIRS;
  const setNow = compileServicePairs(pairs, { version: versionOf(input.current) });
  const setPrev = compileServicePairs(pairs, { version: versionOf(input.previous) });
  const now = allocateServices(input.current.records, setNow, { by, count: 'gap', referenceDate: input.current.asOf });
  const prev = allocateServices(input.previous.records, setPrev, { by, count: 'gap', referenceDate: input.previous.asOf });
  const prevUnit = new Map(prev.units.map((u) => [`${u.level}:${u.code}`, u]));
  const nowTotal = now.units.find((u) => u.level === 'total');
  const prevTotal = prev.units.find((u) => u.level === 'total');
  const services = now.services.map((s) => ({ pairId: s.pairId, title: s.title, provisional: s.provisional, current: nowTotal?.cells[s.pairId]?.persons ?? 0, previous: prevTotal?.cells[s.pairId] ? prevTotal.cells[s.pairId]!.persons : null }));
  const top = input.topGaps ?? 3;
  const gapUnits: BriefingGapUnit[] = now.units
    .filter((u) => u.level === by)
    .map((u) => {
      const p = prevUnit.get(`${u.level}:${u.code}`);
      const gaps = now.services
        .map((s) => ({ pairId: s.pairId, title: s.title, persons: u.cells[s.pairId]?.persons ?? 0, previous: p?.cells[s.pairId] ? p.cells[s.pairId]!.persons : null, share: u.registered ? (u.cells[s.pairId]?.persons ?? 0) / u.registered : null }))
        .filter((g) => g.persons > 0)
        .sort((a, b) => b.persons - a.persons || (a.pairId < b.pairId ? -1 : 1));
      const unitName = unitRows.get(u.code)?.name ?? name(u.code);
      return { code: u.code, ...(unitName ? { name: unitName } : {}), registered: u.registered, gaps: gaps.slice(0, top), total: gaps.reduce((s, g) => s + g.persons, 0) };
    })
    .sort((a, b) => b.total - a.total || (a.code < b.code ? -1 : 1));
  const skipped = now.skipped.map((s) => `${s.pairId}：${s.message}`);
  if (input.scorecard && input.scorecard.level !== by) notes.push(`记分卡按${input.scorecard.level === 'county' ? '县' : '乡镇'}计分，通报的分单位表按${by === 'county' ? '县' : '乡镇'}`);
  return {
    title: input.title ?? '残疾人基本服务状况和需求信息数据动态更新年度通报',
    ...(input.unit ? { unit: input.unit } : {}),
    ...(input.generatedAt ? { generatedAt: input.generatedAt } : {}),
    labels: { current: input.current.label, previous: input.previous.label },
    asOf: { current: input.current.asOf, previous: input.previous.asOf },
    by,
    persons: yoy.persons,
    indicators: rows,
    units: [...unitRows.values()].sort((a, b) => (a.code < b.code ? -1 : 1)),
    unitIndicators,
    trend,
    ...(input.scorecard ? { scorecard: input.scorecard } : {}),
    gaps: { services, units: gapUnits, source: '服务工作清单的需求–服务配对（@canji/services worklists，内置配对）：有登记需求而未得到相应服务的人数', skipped },
    notes,
  };
}
