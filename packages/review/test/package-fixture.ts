/**
 * Submission packages in memory for the package tests: synthetic counties (@canji/synth) checked by
 * @canji/rules' batch runner, their figures and report JSON laid out as a package with a manifest.
 */
import { batchRules, checkBatchSync, consistencyRules, formRules, type PersonRecord, type RegionLevel, type ValidationReport } from '@canji/rules';
import { injectErrors, synthesizePersons } from '@canji/synth';
import { buildManifest, figuresFromReport, manifestJson, PACKAGE_MANIFEST_FILE, sha256Hex, type ManifestMeta, type PackageFileBytes, type SummaryFigures } from '@canji/review';

export const AS_OF = '2019-06-30';
const RULES = [...formRules('2017'), ...consistencyRules('2017'), ...batchRules()];
const enc = new TextEncoder();

/** Synthetic persons of a county, with some planted errors. */
export function countyRecords(region: string, count: number, seed: number, errors = 0.05): PersonRecord[] {
  const clean = [...synthesizePersons({ seed, count, region, asOf: AS_OF })] as PersonRecord[];
  return errors > 0 ? (injectErrors(clean, { seed: seed + 1, rate: errors, asOf: AS_OF }).records as PersonRecord[]) : clean;
}

/** The validation report of records, as `canji check` makes it (input file named and hashed). */
export function reportOf(records: readonly PersonRecord[], region: string, level: RegionLevel, name?: string): ValidationReport {
  const csv = enc.encode(JSON.stringify(records));
  return checkBatchSync(records, {
    rules: RULES,
    context: { referenceDate: AS_OF, batchRegion: region },
    regionLevel: level,
    meta: { input: { name: 'persons.csv', sha256: sha256Hex(csv), bytes: csv.length }, ...(name ? { reportingUnit: { code: region, name } } : {}) },
  });
}

export function metaFor(figures: SummaryFigures, report: ValidationReport | null, level = 'county'): ManifestMeta {
  return {
    unit: { ...figures.unit, level },
    round: '2019',
    referenceDate: AS_OF,
    formVersion: '2017',
    ruleSet: { id: '@canji/rules', version: '0.0.0-test' },
    regionTableVersion: 'test',
    canjiVersion: '0.0.0-test',
    createdAt: '2019-08-01',
    approval: null,
    batch: report?.meta.input ? { name: report.meta.input.name, sha256: report.meta.input.sha256, bytes: report.meta.input.bytes ?? 0, records: report.counts.read } : null,
  };
}

/** A county's package as bytes by path: figures, report JSON, a document, and the manifest. */
export function packageOf(report: ValidationReport, over: Partial<ManifestMeta> = {}): Map<string, Uint8Array> {
  const figures = figuresFromReport(report, { round: over.round ?? '2019' });
  const files: PackageFileBytes[] = [
    { path: '汇总数据.json', role: 'figures', bytes: enc.encode(JSON.stringify(figures, null, 2)) },
    { path: '数据校验报告/数据校验报告.json', role: 'validation-report-json', bytes: enc.encode(JSON.stringify(report)) },
    { path: '双签字报表.html', role: 'summary-html', bytes: enc.encode('<!doctype html><h1>双签字报表</h1>') },
  ];
  const manifest = buildManifest({ ...metaFor(figures, report), ...over }, files);
  const out = new Map(files.map((f) => [f.path, f.bytes]));
  out.set(PACKAGE_MANIFEST_FILE, enc.encode(manifestJson(manifest)));
  return out;
}

export const county1 = () => reportOf(countyRecords('430121', 240, 11), '430121', 'township', '湖南省长沙市长沙县');
export const county2 = () => reportOf(countyRecords('430181', 160, 12), '430181', 'township', '湖南省长沙市浏阳市');
