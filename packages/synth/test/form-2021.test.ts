/**
 * Synthetic batches on the 2021/22 form: errors planted in the 2017 truth and shown on the 2021
 * records, department extracts made from the same truth with disagreements only where a 2021 rule
 * compares the item — each label names 2021 keys and, for disagreements, the rule that must catch it.
 * The 2021 rules of @canji/rules are the judge: recall 100 % per kind, nothing on untouched persons.
 */
import { describe, expect, it } from 'vitest';
import { DEPARTMENT_IDS, parseExtractRow, personForm, type ExtractDepartmentId } from '@canji/form';
import {
  batchRules,
  buildDepartmentIndex,
  checkBatchSync,
  checkRecord,
  consistencyRules,
  crossCheckRules,
  formRules,
  type DepartmentIndex,
  type Issue,
  type PersonRecord,
} from '@canji/rules';
import {
  injectErrors,
  injectErrorsAs2021,
  synthesizeDepartmentExtracts,
  synthesizePersons,
  type DepartmentExtract,
  type ErrorKind,
} from '@canji/synth';

const AS_OF = '2021-06-30';
const N = 4000;
const OPTS = { seed: 'form-2021', count: N, region: '430121', asOf: AS_OF } as const;
const truth = synthesizePersons(OPTS);
const persons2021 = synthesizePersons({ ...OPTS, version: '2021' });
const KEYS_2021 = new Set(personForm('2021').items.map((i) => i.key));
const XC_2021 = crossCheckRules('2021');

/** Department indexes from synth's raw rows, read through @canji/form's parser as a data office would. */
function indexesFrom(extracts: Record<ExtractDepartmentId, DepartmentExtract>, departments: readonly ExtractDepartmentId[] = DEPARTMENT_IDS) {
  const out: Partial<Record<ExtractDepartmentId, DepartmentIndex>> = {};
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

/** The cross-check rule ids each 2021 person triggers. */
function crossCheckHits(departments: Partial<Record<ExtractDepartmentId, DepartmentIndex>>): string[][] {
  return [...persons2021].map((p) => checkRecord(p as PersonRecord, XC_2021, { formVersion: '2021', referenceDate: AS_OF, departments }).map((i) => i.ruleId).sort());
}

describe('department extracts for the 2021 form (formVersion: 2021)', () => {
  const planted = synthesizeDepartmentExtracts(truth, { seed: 11, agreement: 0.85, formVersion: '2021' });
  const clean = synthesizeDepartmentExtracts(truth, { seed: 11, agreement: 1, formVersion: '2021' });
  const hits = crossCheckHits(indexesFrom(planted.extracts));
  const baseline = crossCheckHits(indexesFrom(clean.extracts));

  it('every label names 2021 items and a 2021 cross-check rule of its department on those items', () => {
    expect(planted.labels.length).toBeGreaterThan(0.05 * N);
    for (const l of planted.labels) {
      for (const k of l.items) expect(KEYS_2021.has(k), `${l.department}/${l.kind}: ${k}`).toBe(true);
      const rule = XC_2021.find((r) => r.id === l.expectedRule);
      expect(rule, String(l.expectedRule)).toBeDefined();
      expect(rule!.department).toBe(l.department);
      expect(l.items.some((k) => rule!.items.includes(k))).toBe(true);
    }
  });

  it('the 2021 rules find 100 % of planted disagreements per kind, each by its expectedRule', () => {
    const recall: Record<string, { planted: number; found: number }> = {};
    for (const l of planted.labels) {
      const row = (recall[`${l.department}/${l.kind}/${l.expectedRule}`] ??= { planted: 0, found: 0 });
      row.planted++;
      if (hits[l.person]!.includes(l.expectedRule!)) row.found++;
    }
    console.log('2021 recall per planted disagreement', recall);
    for (const [kind, row] of Object.entries(recall)) expect({ kind, found: row.found }).toEqual({ kind, found: row.planted });
    // What the 2021 form can be compared on, department by department (poverty relief: nothing).
    expect(Object.keys(recall).sort()).toEqual([
      'civil-affairs/extra-in-extract/XC_CIVIL_DIBAO_DIFFERS',
      'civil-affairs/extra-in-extract/XC_CIVIL_TEKUN_DIFFERS',
      'civil-affairs/missing-in-extract/XC_CIVIL_DIBAO_DIFFERS',
      'civil-affairs/missing-in-extract/XC_CIVIL_TEKUN_DIFFERS',
      'education/extra-in-extract/XC_EDU_ENROLLED_NEVER_SCHOOLED',
      'health/value-differs/XC_HEALTH_FAMILY_DOCTOR_DIFFERS',
      'housing/extra-in-extract/XC_HOUSING_DANGEROUS_NOT_RECORDED',
      'housing/missing-in-extract/XC_HOUSING_RENOVATION_DIFFERS',
      'public-security/value-differs/XC_PUBSEC_MOVED_REPORTED_NORMAL',
      'social-security/value-differs/XC_SOCSEC_EMPLOYEE_PENSION_DIFFERS',
      'social-security/value-differs/XC_SOCSEC_EMPLOYMENT_REGISTERED_NOT_EMPLOYED',
      'social-security/value-differs/XC_SOCSEC_RESIDENT_MEDICAL_DIFFERS',
    ]);
  });

  it('no cross-check hit on persons not touched: they keep the clean baseline, which has no disagreement', () => {
    const touched = new Set(planted.labels.map((l) => l.person));
    const stray: string[] = [];
    hits.forEach((ids, i) => {
      if (!touched.has(i) && ids.join() !== baseline[i]!.join()) stray.push(`${i}: ${ids.join()} (was ${baseline[i]!.join()})`);
    });
    expect(stray).toEqual([]);
    // The clean baseline: only "eligible, and both sides agree it is not received" policy warnings.
    const fired = new Set(baseline.flat());
    for (const id of fired) expect(XC_2021.find((r) => r.id === id)!.comparison, id).toBe('agrees');
    expect(clean.labels).toEqual([]);
  });

  it('what the 2021 form cannot be compared on is counted, not planted; the departments hold the same facts as for 2017', () => {
    const reasons = new Set(planted.notPlanted.map((d) => `${d.department}/${d.kind}/${d.items2017.join('+')}`));
    expect(reasons).toContain('poverty-relief/extra-in-extract/r10');
    expect(reasons).toContain('education/value-differs/r14');
    expect(planted.notPlanted.every((d) => d.count > 0 && d.reason.startsWith('2021 版') || d.reason === '该人 2021 版不回答此题')).toBe(true);
    // Clean extracts are the same rows whatever the form.
    expect(clean.extracts).toEqual(synthesizeDepartmentExtracts(truth, { seed: 11, agreement: 1 }).extracts);
  });

  it('2017 labels are unchanged: no expectedRule, nothing counted as not planted', () => {
    const v2017 = synthesizeDepartmentExtracts(truth, { seed: 11, agreement: 0.85 });
    expect(v2017.notPlanted).toEqual([]);
    expect(v2017.labels.some((l) => 'expectedRule' in l)).toBe(false);
  });
});

/** The rules meant for each kind of planted error, on the 2021 form. */
const MEANT_FOR: Record<ErrorKind, (id: string) => boolean> = {
  'check-digit': (id) => id === 'FORM_RESIDENT_ID_INVALID',
  'certificate-id-mismatch': (id) => id === 'FORM_IDENTITY_CERT_ID',
  'category-level-mismatch': (id) => id === 'FORM_IDENTITY_CATEGORY' || id === 'FORM_IDENTITY_LEVEL',
  'skip-answered': (id) => id.startsWith('SKIP_') || id === 'FORM_NOT_APPLICABLE',
  'skip-missing': (id) => id === 'FORM_REQUIRED',
  'exclusive-option': (id) => id === 'FORM_EXCLUSIVE',
  'inconsistent-answers': (id) => id.startsWith('IMPL_') || id === 'CON_RENOVATION_NOT_AGRICULTURAL',
  'age-impossible': (id) => id.startsWith('SKIP_') || id === 'FORM_NOT_APPLICABLE' || id === 'CON_EDUCATION_TOO_HIGH_FOR_AGE' || id === 'CON_PENSION_INCOME_UNDER_45',
  'duplicate-person': (id) => id === 'BATCH_DUPLICATE_PERSON',
  'deceased-as-normal': (id) => id === 'XC_PUBSEC_DECEASED_REPORTED_NORMAL',
  'spreadsheet-mangled-id': (id) => id === 'FORM_RESIDENT_ID_INVALID' || id === 'FORM_CERTIFICATE_INVALID',
};

describe('injectErrorsAs2021', () => {
  const options = { seed: 5, rate: 0.3, asOf: AS_OF };
  const lazy = injectErrorsAs2021(truth, persons2021, options);
  const records = [...lazy.records];
  const labels = [...lazy.labels];
  const as2017 = injectErrors(truth, options);

  it('the same persons and record indices as the 2017 batch; labels a subset of its labels, in 2021 keys', () => {
    expect(records.length).toBe(as2017.records.length);
    const byRecord = new Map(as2017.labels.map((l) => [l.record, l]));
    for (const l of labels) {
      const l17 = byRecord.get(l.record)!;
      expect({ kind: l.kind, residentId: l.residentId }).toEqual({ kind: l17.kind, residentId: l17.residentId });
      for (const k of [...l.items, ...l.changed, ...Object.keys(l.before)]) expect(KEYS_2021.has(k), `${l.kind}: ${k}`).toBe(true);
      // Messages number items as the 2021 form does (2017 R27 社会救助 → R15 …).
      expect(l.message).not.toMatch(/R(2[89]|[3-4]\d)\b/);
    }
    const dropped = lazy.notPlanted.reduce((n, e) => n + e.count, 0);
    expect(labels.length + dropped).toBe(as2017.labels.length);
    expect(dropped).toBeGreaterThan(0);
    for (const e of lazy.notPlanted) expect(e.reason).toMatch(/^2021 版|在 2021 版记录上看不出/);
  });

  it('records without a label are the clean 2021 records, byte for byte', () => {
    const clean = [...persons2021];
    const touched = new Set(labels.map((l) => l.record));
    let j = 0;
    records.forEach((r, i) => {
      const dup = as2017.labels.find((l) => l.kind === 'duplicate-person' && l.record === i);
      if (!touched.has(i)) expect(JSON.stringify(r)).toBe(JSON.stringify(clean[j]));
      if (!dup) j++;
    });
    expect(j).toBe(N);
  });

  it('the 2021 rules find 100 % of the errors per kind, and nothing new on untouched records', () => {
    const { extracts } = synthesizeDepartmentExtracts(truth, { seed: 3, agreement: 1, departments: ['public-security'], errors: labels, formVersion: '2021' });
    const rules = [...formRules('2021'), ...consistencyRules('2021'), ...batchRules(), ...crossCheckRules('2021')];
    const context = { formVersion: '2021' as const, referenceDate: AS_OF, departments: indexesFrom(extracts, ['public-security']) };
    const issues = new Map<number, Issue[]>();
    const report = checkBatchSync(records as PersonRecord[], { rules, context, onIssues: (i, _r, list) => issues.set(i, list) });
    const recall: Record<string, { planted: number; found: number }> = {};
    for (const l of labels) {
      const row = (recall[l.kind] ??= { planted: 0, found: 0 });
      row.planted++;
      if ((issues.get(l.record) ?? []).some((x) => MEANT_FOR[l.kind](x.ruleId))) row.found++;
    }
    console.log('2021 recall per planted error kind', recall);
    for (const [kind, row] of Object.entries(recall)) expect({ kind, found: row.found }).toEqual({ kind, found: row.planted });
    expect(Object.keys(recall).length).toBe(11);
    // Untouched records: no error (the clean 2021 batch has none).
    const touched = new Set(labels.flatMap((l) => (l.duplicateOf !== undefined ? [l.record, l.duplicateOf] : [l.record])));
    const stray = [...issues].filter(([i, list]) => !touched.has(i) && list.some((x) => x.severity === 'error')).map(([i, list]) => `${i}: ${list.map((x) => x.ruleId)}`);
    expect(stray).toEqual([]);
    expect(report.counts.read).toBe(records.length);
  });
});
