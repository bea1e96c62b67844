/**
 * On synthetic data from @canji/synth: clean data → zero errors; planted errors and planted
 * department disagreements (synth's labels are the ground truth) → every label found by the rule
 * meant for it (recall per kind), and no issue on untouched records.
 */
import { describe, expect, it } from 'vitest';
import { parseExtractRow, type ExtractDepartmentId } from '@canji/form';
import { injectErrors, synthesizeDepartmentExtracts, synthesizePersons, type DisagreementLabel, type ErrorKind, type ErrorLabel } from '@canji/synth';
import {
  batchRules,
  buildDepartmentIndex,
  checkBatchSync,
  consistencyRules,
  crossCheckRules,
  formRules,
  type DepartmentId,
  type DepartmentIndex,
  type Issue,
  type PersonRecord,
} from '@canji/rules';
import { canonicalResidentId } from '@canji/id';

const AS_OF = '2019-06-30';
const N = 1500;
const context = { referenceDate: AS_OF, batchRegion: '430121' };
const rules = [...formRules('2017'), ...consistencyRules('2017'), ...batchRules(), ...crossCheckRules('2017')];
const persons = () => [...synthesizePersons({ seed: 2017, count: N, region: '430121', asOf: AS_OF })] as PersonRecord[];

/** Department indexes from synth's raw rows, read the way a data office would: through @canji/form's parser. */
function indexesFrom(extracts: ReturnType<typeof synthesizeDepartmentExtracts>['extracts'], departments: readonly ExtractDepartmentId[]): Partial<Record<DepartmentId, DepartmentIndex>> {
  const out: Partial<Record<DepartmentId, DepartmentIndex>> = {};
  for (const d of departments) {
    const rows = extracts[d].rows.map((raw) => {
      const r = parseExtractRow(d, raw, { asOf: AS_OF, headerIssues: false });
      if (!r.ok) throw new Error(`${d}: ${JSON.stringify(r.issues)}`);
      return r.record as Record<string, unknown>;
    });
    out[d] = buildDepartmentIndex(d, rows);
  }
  return out;
}

function run(records: readonly PersonRecord[], departments: Partial<Record<DepartmentId, DepartmentIndex>>) {
  const issues = new Map<number, Issue[]>();
  const report = checkBatchSync(records, { rules, context: { ...context, departments }, onIssues: (i, _r, list) => issues.set(i, list) });
  return { report, issues };
}

/** The rules meant for each kind of planted error. */
const MEANT_FOR: Record<ErrorKind, (id: string) => boolean> = {
  'check-digit': (id) => id === 'FORM_RESIDENT_ID_INVALID',
  'certificate-id-mismatch': (id) => id === 'FORM_IDENTITY_CERT_ID',
  'category-level-mismatch': (id) => id === 'FORM_IDENTITY_CATEGORY' || id === 'FORM_IDENTITY_LEVEL',
  'skip-answered': (id) => id.startsWith('SKIP_') || id === 'FORM_NOT_APPLICABLE',
  'skip-missing': (id) => id === 'FORM_REQUIRED',
  'exclusive-option': (id) => id === 'FORM_EXCLUSIVE',
  'inconsistent-answers': (id) => id.startsWith('IMPL_') || id.startsWith('OPT_'),
  'age-impossible': (id) => id.startsWith('SKIP_') || id === 'FORM_NOT_APPLICABLE' || id === 'CON_EDUCATION_TOO_HIGH_FOR_AGE' || id === 'CON_PENSION_INCOME_UNDER_45',
  'duplicate-person': (id) => id === 'BATCH_DUPLICATE_PERSON',
  'deceased-as-normal': (id) => id === 'XC_PUBSEC_DECEASED_REPORTED_NORMAL',
  'spreadsheet-mangled-id': (id) => id === 'FORM_RESIDENT_ID_INVALID' || id === 'FORM_CERTIFICATE_INVALID',
};

function recallTable<K extends string>(labels: readonly { kind: K }[], found: (i: number) => boolean): Record<string, { planted: number; found: number; recall: number }> {
  const t: Record<string, { planted: number; found: number; recall: number }> = {};
  labels.forEach((l, i) => {
    const row = (t[l.kind] ??= { planted: 0, found: 0, recall: 0 });
    row.planted++;
    if (found(i)) row.found++;
  });
  for (const row of Object.values(t)) row.recall = row.found / row.planted;
  return t;
}

const ids = (list: readonly Issue[] | undefined) => (list ?? []).map((i) => i.ruleId).sort().join(',');
/** A rule that reports a disagreement with a department (as opposed to a policy warning such as "eligible but not receiving"). */
const isDisagreement = (id: string) => /^XC_.*(_DIFFERS|_REPORTED_NORMAL|_NOT_REGISTERED|_BUT_REGISTERED)$/.test(id);

/** Issues of the clean data, by resident ID: the baseline an untouched record must keep. */
function baseline(departments: readonly ExtractDepartmentId[]) {
  const clean = persons();
  const { extracts } = synthesizeDepartmentExtracts(clean, { seed: 3, agreement: 1, departments });
  const { report, issues } = run(clean, indexesFrom(extracts, departments));
  const byId = new Map<string, string>();
  clean.forEach((r, i) => byId.set(String(r.resident_id), ids(issues.get(i))));
  return { report, issues, byId };
}

const ALL_DEPARTMENTS: readonly ExtractDepartmentId[] = ['education', 'civil-affairs', 'social-security', 'housing', 'health', 'poverty-relief', 'public-security'];

describe('on synthetic data', () => {
  it('clean data: zero errors and zero department disagreements', () => {
    const { report, issues } = baseline(ALL_DEPARTMENTS);
    expect(report.counts.read).toBe(N);
    expect(report.counts.unreadable).toBe(0);
    expect(report.counts.withErrors).toBe(0);
    const disagreements = [...issues.values()].flat().filter((i) => isDisagreement(i.ruleId));
    expect(disagreements.map((i) => i.ruleId)).toEqual([]);
    const warnings = Object.fromEntries(report.rules.filter((r) => r.records > 0).map((r) => [r.id, r.records]));
    // Policy warnings that legitimately fire on realistic data (soft checks, "eligible but not receiving").
    console.log(`clean synthetic data, ${N} records: warnings by rule`, warnings);
    for (const id of Object.keys(warnings)) expect(rules.find((r) => r.id === id)!.severity).toBe('warning');
  });

  it('planted errors: recall 100 % per kind, nothing new on untouched records', () => {
    const base = baseline(['public-security']);
    const { records, labels } = injectErrors(persons(), { seed: 5, rate: 0.25, asOf: AS_OF });
    const { extracts } = synthesizeDepartmentExtracts(persons(), { seed: 3, agreement: 1, departments: ['public-security'], errors: labels });
    const { issues } = run(records as PersonRecord[], indexesFrom(extracts, ['public-security']));
    const recall = recallTable<ErrorKind>(labels, (i) => (issues.get(labels[i]!.record) ?? []).some((x) => MEANT_FOR[labels[i]!.kind](x.ruleId)));
    console.log('recall per planted error kind', recall);
    for (const [kind, row] of Object.entries(recall)) expect({ kind, recall: row.recall }).toEqual({ kind, recall: 1 });
    expect(Object.keys(recall).sort()).toEqual([...new Set(labels.map((l: ErrorLabel) => l.kind))].sort());
    const touched = new Set(labels.map((l) => l.record));
    const stray: string[] = [];
    records.forEach((r, i) => {
      if (touched.has(i)) return;
      const got = ids(issues.get(i));
      if (got !== base.byId.get(String(r.resident_id))) stray.push(`${i}: ${got}`);
    });
    expect(stray).toEqual([]);
  });

  it('planted department disagreements: recall 100 % per department and kind, nothing new on untouched records', () => {
    const base = baseline(ALL_DEPARTMENTS);
    const clean = persons();
    const { extracts, labels } = synthesizeDepartmentExtracts(clean, { seed: 11, agreement: 0.85 });
    const { issues, report } = run(clean, indexesFrom(extracts, ALL_DEPARTMENTS));
    // A disagreement about items the form did not ask this person (e.g. R10 for someone living in
    // an institution) cannot be seen in the record: counted apart, not as missed.
    const comparable = labels.filter((l) => l.items.some((k) => clean[l.person]![k] !== undefined));
    const notComparable = labels.length - comparable.length;
    const recall = recallTable(
      comparable.map((l) => ({ kind: `${l.department}/${l.kind}/${l.field ?? l.items.join('+')}` })),
      (i) => (issues.get(comparable[i]!.person) ?? []).some((x) => x.department === comparable[i]!.department && isDisagreement(x.ruleId)),
    );
    console.log('recall per department disagreement', recall, { notComparable });
    for (const [kind, row] of Object.entries(recall)) expect({ kind, recall: row.recall }).toEqual({ kind, recall: 1 });
    expect(notComparable).toBeLessThan(labels.length * 0.02);
    const touched = new Set(labels.map((l) => l.person));
    const stray: string[] = [];
    clean.forEach((r, i) => {
      if (touched.has(i)) return;
      const got = ids(issues.get(i));
      if (got !== base.byId.get(String(r.resident_id))) stray.push(`${i}: ${got} (was ${base.byId.get(String(r.resident_id))})`);
    });
    expect(stray).toEqual([]);
    // Every discrepancy goes back to the department it concerns, keyed by the canonical ID.
    for (const d of report.departments) for (const x of d.discrepancies) expect(canonicalResidentId(x.key)).toBe(x.key);
  });
});
