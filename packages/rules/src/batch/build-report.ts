/** The validation report of a batch, from its tally and the observers' parts. */
import { COLLECTION_MODE_HOME_VISIT, SOURCES } from '@canji/form';
import type { CompiledRuleSet } from '../compile.js';
import { IDENTIFYING_COLUMNS, maskMessage } from '../mask.js';
import type { RuleContext } from '../model.js';
import {
  REGION_PREFIX_LENGTH,
  type HouseholdVisitTarget,
  type RegionLevel,
  type ReportCollection,
  type ReportDepartment,
  type ReportExample,
  type ReportMetaOptions,
  type ReportPreviousRound,
  type ReportRegion,
  type ReportRule,
  type ValidationReport,
} from '../report.js';
import { RULES_VERSION } from '../version.js';
import type { ReportTally } from './tally.js';

/**
 * 入户调查率不低于 90 %: the Hunan implementation opinion of the mechanism (湘残联字〔2019〕7号,
 * docs/sources.md D6, summarised in S21). The national mechanism (D5) is known only by its 文号.
 */
const HOUSEHOLD_VISIT_TARGET: HouseholdVisitTarget = {
  rate: 0.9,
  document: `${SOURCES.D6.number}（湖南省动态更新实施意见）`,
  sources: ['D6', 'S21'],
  ...(SOURCES.D6.verified ? {} : { unverified: true }),
};

/** County-level length of a region code prefix. */
const COUNTY = REGION_PREFIX_LENGTH.county;

/**
 * 填报单位: the batch region at county level (coarser batch regions as they are), else the county
 * (or, for reports by province or prefecture, the region) most records are in.
 */
function reportingUnit(regions: readonly ReportRegion[], level: RegionLevel, batchRegion: string | undefined, name: ReportParts['regionName']): ValidationReport['meta']['reportingUnit'] {
  let code: string | undefined;
  let derived = false;
  if (batchRegion) code = batchRegion.length > COUNTY ? batchRegion.slice(0, COUNTY) : batchRegion;
  else {
    const len = Math.min(COUNTY, REGION_PREFIX_LENGTH[level]);
    const by = new Map<string, number>();
    for (const r of regions) if (r.code) by.set(r.code.slice(0, len), (by.get(r.code.slice(0, len)) ?? 0) + r.read);
    let best = 0;
    for (const [c, n] of [...by].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (n > best) [code, best] = [c, n];
    derived = true;
  }
  if (!code) return undefined;
  const n = name?.(code);
  return { code, ...(n ? { name: n } : {}), ...(derived ? { derived: true } : {}) };
}

function sumInto(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

/** The batch's 调查方式 / 采集渠道 and its 入户调查率 against the target. */
function collectionOf(regions: readonly ReportRegion[], target: HouseholdVisitTarget): ReportCollection {
  const modes: Record<string, number> = {};
  const channels: Record<string, number> = {};
  let records = 0;
  for (const r of regions) {
    records += r.read;
    sumInto(modes, r.collectionModes ?? {});
    sumInto(channels, r.collectionChannels ?? {});
  }
  const homeVisits = modes[String(COLLECTION_MODE_HOME_VISIT)] ?? 0;
  return { records, homeVisits, homeVisitRate: records ? homeVisits / records : 0, target, modes, channels };
}

export interface ReportParts {
  compiled: CompiledRuleSet;
  context: RuleContext;
  regionLevel: RegionLevel;
  examplesPerRule: number;
  regionName: ((code: string) => string | undefined) | undefined;
  meta: ReportMetaOptions | undefined;
  tally: ReportTally;
  departments: ReportDepartment[];
  previousRound?: ReportPreviousRound | undefined;
}

/**
 * Builds the report; nothing of `tally` is shared with it (the batch can go on).
 *
 * @example
 * ```ts
 * buildReport({ compiled, context, regionLevel: 'county', examplesPerRule: 5, regionName, meta: {}, tally, departments: [] }).counts.read; //=> tally.read
 * ```
 */
export function buildReport(p: ReportParts): ValidationReport {
  const { compiled, context, tally: t } = p;
  const regionCodes = [...t.regions.keys()].sort();
  const regionRows: ReportRegion[] = regionCodes.map((code) => {
    const s = t.regions.get(code)!;
    const row: ReportRegion = {
      code,
      read: s.read,
      withErrors: s.withErrors,
      withWarnings: s.withWarnings,
      errorRate: s.read ? s.withErrors / s.read : 0,
      warningRate: s.read ? s.withWarnings / s.read : 0,
      collectionModes: { ...s.modes },
      collectionChannels: { ...s.channels },
    };
    const name = code ? p.regionName?.(code) : '地区不详';
    if (name) row.name = name;
    return row;
  });
  const rules: ReportRule[] = compiled.rules.map((rule, i) => {
    const byRegion: Record<string, number> = {};
    let records = 0;
    for (const code of regionCodes) {
      const n = t.regions.get(code)!.ruleCounts[i]!;
      records += n;
      if (n) byRegion[code] = n;
    }
    return {
      id: rule.id,
      title: rule.title,
      severity: rule.severity,
      scope: rule.scope,
      ...(rule.scope === 'cross-check' ? { department: rule.department } : {}),
      certainty: rule.basis.certainty,
      basis: rule.basis,
      ...(rule.items.some((k) => IDENTIFYING_COLUMNS.has(k)) ? { identifying: true } : {}),
      records,
      byRegion,
    };
  });
  const examples: Record<string, ReportExample[]> = {};
  compiled.rules.forEach((rule, i) => {
    if (t.examples[i]!.length) examples[rule.id] = t.examples[i]!.slice();
  });
  const meta: ValidationReport['meta'] = {
    title: p.meta?.title ?? '残疾人基本服务状况和需求信息数据动态更新 数据校验报告',
    ruleSetVersion: p.meta?.ruleSetVersion ?? `@canji/rules ${RULES_VERSION}`,
    formVersion: compiled.formVersion,
    regionLevel: p.regionLevel,
    examplesPerRule: p.examplesPerRule,
  };
  if (p.meta?.regionTableVersion) meta.regionTableVersion = p.meta.regionTableVersion;
  if (context.referenceDate) meta.referenceDate = context.referenceDate;
  if (context.batchRegion) meta.batchRegion = context.batchRegion;
  if (p.meta?.generatedAt) meta.generatedAt = p.meta.generatedAt;
  const unit = p.meta?.reportingUnit ?? reportingUnit(regionRows, p.regionLevel, context.batchRegion, p.regionName);
  if (unit) meta.reportingUnit = unit;
  if (p.meta?.input) meta.input = { ...p.meta.input };
  return {
    meta,
    counts: {
      read: t.read,
      clean: t.clean,
      warningsOnly: t.warningsOnly,
      withErrors: t.withErrors,
      withWarnings: t.withWarnings,
      unreadable: t.unreadable,
      errors: t.errors,
      warnings: t.warnings,
      valid: t.clean + t.warningsOnly,
    },
    rules,
    regions: regionRows,
    examples,
    // A reason may quote the cell it could not read (an ID or certificate number): masked, as examples are.
    unreadable: t.unreadableItems.map((u) => ({ index: u.index, reason: maskMessage(u.reason) })),
    departments: p.departments,
    ...(p.previousRound ? { previousRound: p.previousRound } : {}),
    collection: collectionOf(regionRows, p.meta?.householdVisitTarget ?? HOUSEHOLD_VISIT_TARGET),
  };
}
