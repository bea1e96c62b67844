/** The validation report of a batch, from its tally and the observers' parts. */
import type { CompiledRuleSet } from '../compile.js';
import type { RuleContext } from '../model.js';
import type { RegionLevel, ReportDepartment, ReportExample, ReportRegion, ReportRule, ValidationReport } from '../report.js';
import { RULES_VERSION } from '../version.js';
import type { ReportTally } from './tally.js';

export interface ReportParts {
  compiled: CompiledRuleSet;
  context: RuleContext;
  regionLevel: RegionLevel;
  examplesPerRule: number;
  regionName: ((code: string) => string | undefined) | undefined;
  meta: { title?: string; ruleSetVersion?: string; regionTableVersion?: string; generatedAt?: string } | undefined;
  tally: ReportTally;
  departments: ReportDepartment[];
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
    unreadable: t.unreadableItems.slice(),
    departments: p.departments,
  };
}
