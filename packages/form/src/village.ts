import { PROVINCE_NAMES } from '@canji/id';
import { compileForm, evaluate, type FormProblem } from './engine.js';
import { villageForm } from './forms/index.js';
import type { FormDefinition, VillageFormVersion } from './types.js';
import type { ValidationResult } from './validate.js';

/**
 * What a region table says about a 12-digit village/community code. `@canji/regions` provides
 * one; without it only the format and the province prefix are checked.
 */
export type VillageRegionLookup = (code12: string) => { status: 'current' | 'abolished' | 'unknown'; name?: string };

/**
 * Adapts a region table (such as `@canji/regions`' `defaultRegionTable()`, with the province's
 * villages loaded) to the lookup `validateVillage` takes. Structural: this package does not import
 * the region tables, so bundles that do not need them stay small.
 *
 * @example
 * import { defaultRegionTable, loadVillages } from '@canji/regions';
 * await loadVillages('43');
 * validateVillage(record, { regions: villageLookupFromTable(defaultRegionTable()) });
 */
export function villageLookupFromTable(table: { get(code: string): { status: 'current' | 'abolished'; name: string } | undefined }): VillageRegionLookup {
  return (code12) => {
    const r = table.get(code12);
    return r ? { status: r.status, name: r.name } : { status: 'unknown' };
  };
}

/** Options of `validateVillage`: form version or definition, partial records, the village region table. */
export interface ValidateVillageOptions {
  version?: VillageFormVersion;
  form?: FormDefinition;
  partial?: boolean;
  regions?: VillageRegionLookup;
}

/**
 * Validates a village/community record (动态2表, provisional): types, yes/no codes, required items,
 * and the 12-digit code (format, province prefix, and the region table when one is given).
 *
 * @example
 * validateVillage({ region_code: '990105001001', survey_year: 2019 }, { partial: true }).problems[0]?.code
 * //=> 'FORM_REGION_PROVINCE'
 */
export function validateVillage(record: unknown, options: ValidateVillageOptions = {}): ValidationResult {
  const form = options.form ?? villageForm(options.version ?? '2017');
  const evalOpts: { partial?: boolean } = {};
  if (options.partial !== undefined) evalOpts.partial = options.partial;
  const { problems } = evaluate(compileForm(form), record, evalOpts, true);
  checkRegionCode(record, options.regions, problems);
  return { ok: !problems.some((p) => p.severity === 'error'), problems };
}

/** The 12-digit village/community code: province prefix, and the region table when given. */
export function checkRegionCode(record: unknown, regions: VillageRegionLookup | undefined, problems: FormProblem[]): void {
  const code = record && typeof record === 'object' ? (record as Record<string, unknown>).region_code : undefined;
  if (typeof code !== 'string' || !/^\d{12}$/.test(code)) return;
  if (PROVINCE_NAMES[code.slice(0, 2)] === undefined) {
    problems.push({ code: 'FORM_REGION_PROVINCE', item: 'region_code', path: ['region_code'], severity: 'error', message: `区划代码 ${code} 的前两位 ${code.slice(0, 2)} 不是省级代码` });
  } else if (regions) {
    const r = regions(code);
    if (r.status === 'unknown') problems.push({ code: 'FORM_REGION_UNKNOWN', item: 'region_code', path: ['region_code'], severity: 'warning', message: `区划代码 ${code} 不在区划表中` });
    if (r.status === 'abolished') problems.push({ code: 'FORM_REGION_ABOLISHED', item: 'region_code', path: ['region_code'], severity: 'warning', message: `区划代码 ${code}${r.name ? `（${r.name}）` : ''} 已撤销` });
  }
}
