/**
 * Aggregated uploads upward (逐级汇总上报): the level above verifies each unit's package, re-adds the
 * figures of those that verified into its own (a row per unit), and reports what does not fit —
 * a unit outside its area or given twice, rounds or versions that differ, units not approved.
 */
import { isUnder } from '@canji/regions';
import { addUnitFigures, addVerification, type SummaryFigures, type SummaryUnitFigures } from './figures.js';
import { PACKAGE_MANIFEST_FILE, type ManifestChild, type PackageManifest } from './manifest.js';
import { sha256Hex } from './sha256.js';
import { verifyPackage, type PackageFiles, type PackageFinding } from './verify.js';

/** The unit the combination is for (the level above). */
export interface CombineParent {
  code: string;
  name?: string;
  /** Region level of the parent (`prefecture` for a city combining its counties). */
  level: string;
}

/** What {@link combinePackages} returns. */
export interface PackageCombination {
  /** No finding of severity `error`. */
  ok: boolean;
  /** The parent's figures: a row per unit added (its total), the total their sum. */
  figures: SummaryFigures;
  /** Every unit given, whether its figures were added, and its manifest's SHA-256. */
  children: ManifestChild[];
  /** The units' manifests as verified (`null` where unreadable), in the order given. */
  manifests: (PackageManifest | null)[];
  /** Every unit's verification findings, then those of the combination. */
  findings: PackageFinding[];
  /** What the units agree on (the first added unit's), for the parent's manifest; absent when none was added. */
  common?: Pick<PackageManifest, 'round' | 'referenceDate' | 'formVersion' | 'ruleSet' | 'regionTableVersion'>;
}

/** Row level below a parent level (the units it combines). */
const CHILD_LEVEL: Readonly<Record<string, string>> = { province: 'prefecture', prefecture: 'county', county: 'township', township: 'village' };

/**
 * Combines units' packages into the figures of `parent`: each package verified
 * ({@link verifyPackage}); the figures of those without errors re-added — a row per unit (its
 * total), the parent's total their sum, the department verification status summed; a package with
 * errors is left out (`PACKAGE_UNIT_EXCLUDED`) so that no changed figure reaches the level above.
 * Also found: a unit not under `parent` (`PACKAGE_UNIT_OUTSIDE`), a unit given twice
 * (`PACKAGE_UNIT_DUPLICATE`, the second left out), a round or 标准时点 other than the first unit's
 * (`PACKAGE_ROUND_MISMATCH`), another form, rule-set or region-table version
 * (`PACKAGE_VERSION_MISMATCH`, a warning). Pure.
 *
 * @example
 * ```ts
 * const c = combinePackages({ code: '430100', name: '长沙市', level: 'prefecture' }, [county1Files, county2Files]);
 * c.figures.total.persons; //=> the two counties' persons added
 * c.findings.filter((f) => f.severity === 'error'); //=> []
 * ```
 */
export function combinePackages(parent: CombineParent, units: readonly PackageFiles[]): PackageCombination {
  const findings: PackageFinding[] = [];
  const children: ManifestChild[] = [];
  const manifests: (PackageManifest | null)[] = [];
  const added: { manifest: PackageManifest; figures: SummaryFigures }[] = [];
  const seen = new Set<string>();
  for (const files of units) {
    const v = verifyPackage(files);
    findings.push(...v.findings);
    manifests.push(v.manifest);
    const raw = files.get(PACKAGE_MANIFEST_FILE);
    const m = v.manifest;
    if (!m) {
      children.push({ code: '', manifestSha256: raw ? sha256Hex(raw) : '', added: false });
      continue;
    }
    const label = `${m.unit.name ?? ''}（${m.unit.code}）`;
    const refuse = (code: PackageFinding['code'], message: string) => findings.push({ code, severity: 'error', message, unit: m.unit.code });
    let ok = v.ok && v.figures !== null;
    if (!isUnder(m.unit.code, parent.code)) {
      refuse('PACKAGE_UNIT_OUTSIDE', `${label}不是${parent.name ?? ''}（${parent.code}）的下级单位`);
      ok = false;
    }
    if (seen.has(m.unit.code)) {
      refuse('PACKAGE_UNIT_DUPLICATE', `${label}的上报包给出了不止一次：只汇总第一个`);
      ok = false;
    }
    const first = added[0]?.manifest;
    if (ok && first && (m.round !== first.round || m.referenceDate !== first.referenceDate)) {
      refuse('PACKAGE_ROUND_MISMATCH', `${label}的年度和标准时点（${m.round}，${m.referenceDate}）与其他单位（${first.round}，${first.referenceDate}）不同`);
      ok = false;
    }
    if (ok && first && (m.formVersion !== first.formVersion || m.ruleSet.version !== first.ruleSet.version || m.regionTableVersion !== first.regionTableVersion)) {
      findings.push({
        code: 'PACKAGE_VERSION_MISMATCH',
        severity: 'warning',
        message: `${label}所用的登记表、规则集或区划表版本（${m.formVersion}、${m.ruleSet.version}、${m.regionTableVersion}）与其他单位（${first.formVersion}、${first.ruleSet.version}、${first.regionTableVersion}）不同：汇总数字的口径可能不一致`,
        unit: m.unit.code,
      });
    }
    if (!ok && !seen.has(m.unit.code)) refuse('PACKAGE_UNIT_EXCLUDED', `${label}的上报包未通过核验，其数字未计入汇总`);
    seen.add(m.unit.code);
    children.push({ code: m.unit.code, ...(m.unit.name ? { name: m.unit.name } : {}), manifestSha256: sha256Hex(raw!), added: ok });
    if (ok) added.push({ manifest: m, figures: v.figures! });
  }
  const rows: SummaryUnitFigures[] = added.map(({ manifest, figures }) => ({ ...figures.total, code: manifest.unit.code, ...(manifest.unit.name ? { name: manifest.unit.name } : {}) }));
  rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const head = added[0];
  const unit = { code: parent.code, ...(parent.name ? { name: parent.name } : {}) };
  const figures: SummaryFigures = {
    unit,
    round: head?.manifest.round ?? '',
    ...(head ? { referenceDate: head.manifest.referenceDate } : {}),
    rowLevel: (CHILD_LEVEL[parent.level] ?? 'county') as SummaryFigures['rowLevel'],
    rows,
    total: addUnitFigures(unit, rows),
    unreadable: added.reduce((s, a) => s + a.figures.unreadable, 0),
    verification: addVerification(added.map((a) => a.figures.verification)),
    ...(head?.figures.householdVisitTarget ? { householdVisitTarget: head.figures.householdVisitTarget } : {}),
  };
  const common = head ? { round: head.manifest.round, referenceDate: head.manifest.referenceDate, formVersion: head.manifest.formVersion, ruleSet: head.manifest.ruleSet, regionTableVersion: head.manifest.regionTableVersion } : undefined;
  return { ok: !findings.some((f) => f.severity === 'error'), figures, children, manifests, findings, ...(common ? { common } : {}) };
}
