import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDepartmentIndex, checkBatchSync, checkRecord, crossCheckRules, type DepartmentId, type DepartmentIndex } from '@canji/rules';
import { ids, person } from './fixtures.js';

const rules = crossCheckRules('2017');
const ctx = { referenceDate: '2017-06-30' };
type Row = Record<string, unknown>;

/** Department rows that agree with a clean fixture person. */
function agreeing(p: Row): Record<DepartmentId, Row[]> {
  const id = p.resident_id as string;
  return {
    education: [],
    'civil-affairs': [],
    'social-security': [{ resident_id: id, pension_scheme: 1, medical_scheme: 1 }],
    housing: [{ resident_id: id, house_grade: 'A' }],
    health: [{ resident_id: id, family_doctor_contract: 1 }],
    'poverty-relief': [],
    'public-security': [{ resident_id: id, name: p.name, sex: p.sex, birth_date: p.birth_date, registration_status: 1 }],
  };
}

function indexes(rows: Record<DepartmentId, Row[]>): Partial<Record<DepartmentId, DepartmentIndex>> {
  const out: Partial<Record<DepartmentId, DepartmentIndex>> = {};
  for (const d of Object.keys(rows) as DepartmentId[]) out[d] = buildDepartmentIndex(d, rows[d]);
  return out;
}

const child = (extra: Row = {}) =>
  person({ birthDate: '2008-03-01', seq: 3 }, { r4: undefined, r5: '测试家长', r12: undefined, r13: undefined, r16: undefined, r17: undefined, r20: undefined, r21: undefined, r22: undefined, r23: undefined, r24: undefined, r15: 1, ...extra });

describe('crossCheckRules', () => {
  it('finds nothing when every department agrees', () => {
    const p = person();
    expect(checkRecord(p, rules, { ...ctx, departments: indexes(agreeing(p)) })).toEqual([]);
    const c = child();
    expect(checkRecord(c, rules, { ...ctx, departments: indexes(agreeing(c)) })).toEqual([]);
  });

  it('skips the rules of departments without an extract', () => {
    const p = person({}, { r31: 2 });
    expect(checkRecord(p, rules, ctx)).toEqual([]);
  });

  // One planted disagreement per rule: the person record or the department's row changed.
  const cases: [string, () => { rec: Row; rows: Record<DepartmentId, Row[]> }][] = [
    ['XC_EDU_NOT_ENROLLED_BUT_REGISTERED', () => { const rec = child(); const rows = agreeing(rec); rows.education.push({ resident_id: rec.resident_id, enrolled: 1, school_type: 4 }); return { rec, rows }; }],
    ['XC_EDU_ENROLLED_NOT_REGISTERED', () => { const rec = child({ r14: 2, r15: undefined }); return { rec, rows: agreeing(rec) }; }],
    ['XC_EDU_STAGE_DIFFERS', () => { const rec = child({ r14: 8, r15: undefined }); const rows = agreeing(rec); rows.education.push({ resident_id: rec.resident_id, enrolled: 1, school_type: 3, school_stage: 3 }); return { rec, rows }; }],
    ['XC_CIVIL_DIBAO_DIFFERS', () => { const rec = person({}, { r28: [1] }); const rows = agreeing(rec); rows['civil-affairs'].push({ resident_id: rec.resident_id, benefit: 1, period: '2017-05' }, { resident_id: rec.resident_id, benefit: 3, period: '2017-05' }); return { rec, rows }; }],
    ['XC_CIVIL_TEKUN_DIFFERS', () => { const rec = person({}, { r27: [2] }); return { rec, rows: agreeing(rec) }; }],
    ['XC_CIVIL_LIVING_SUBSIDY_DIFFERS', () => { const rec = person({}, { r27: [1], r28: [1] }); const rows = agreeing(rec); rows['civil-affairs'].push({ resident_id: rec.resident_id, benefit: 1, period: '2017-05' }); return { rec, rows }; }],
    ['XC_CIVIL_CARE_SUBSIDY_DIFFERS', () => { const rec = person({ level: 1 }); const rows = agreeing(rec); rows['civil-affairs'].push({ resident_id: rec.resident_id, benefit: 4, period: '2017-05' }); return { rec, rows }; }],
    ['XC_CIVIL_LIVING_SUBSIDY_NOT_RECEIVED', () => { const rec = person({}, { r27: [1], r28: [4] }); const rows = agreeing(rec); rows['civil-affairs'].push({ resident_id: rec.resident_id, benefit: 1, period: '2017-05' }); return { rec, rows }; }],
    ['XC_CIVIL_CARE_SUBSIDY_NOT_RECEIVED', () => { const rec = person({ level: 2 }); return { rec, rows: agreeing(rec) }; }],
    ['XC_SOCSEC_EMPLOYEE_PENSION_DIFFERS', () => { const rec = person({}, { r22: [1], r23: 2 }); const rows = agreeing(rec); rows['social-security'] = [{ resident_id: rec.resident_id, pension_scheme: 3, medical_scheme: 1 }]; return { rec, rows }; }],
    ['XC_SOCSEC_RESIDENT_PENSION_DIFFERS', () => { const rec = person(); const rows = agreeing(rec); rows['social-security'] = [{ resident_id: rec.resident_id, pension_scheme: 3, medical_scheme: 1 }]; return { rec, rows }; }],
    ['XC_SOCSEC_EMPLOYEE_MEDICAL_DIFFERS', () => { const rec = person({}, { r22: [2], r25: 2 }); const rows = agreeing(rec); rows['social-security'] = [{ resident_id: rec.resident_id, pension_scheme: 1, medical_scheme: 3 }]; return { rec, rows }; }],
    ['XC_SOCSEC_RESIDENT_MEDICAL_DIFFERS', () => { const rec = person(); const rows = agreeing(rec); rows['social-security'] = [{ resident_id: rec.resident_id, pension_scheme: 1, medical_scheme: 3 }]; return { rec, rows }; }],
    ['XC_SOCSEC_EMPLOYMENT_REGISTRATION_DIFFERS', () => { const rec = person({}, { r17: 5 }); const rows = agreeing(rec); rows['social-security'] = [{ resident_id: rec.resident_id, pension_scheme: 1, medical_scheme: 1, employment_registered: 2 }]; return { rec, rows }; }],
    ['XC_SOCSEC_PENSION_SUBSIDY_DIFFERS', () => { const rec = person({}, { r24: 2 }); const rows = agreeing(rec); rows['social-security'] = [{ resident_id: rec.resident_id, pension_scheme: 1, medical_scheme: 1, pension_premium_subsidy: 1 }]; return { rec, rows }; }],
    ['XC_SOCSEC_MEDICAL_SUBSIDY_DIFFERS', () => { const rec = person({}, { r26: 2 }); const rows = agreeing(rec); rows['social-security'] = [{ resident_id: rec.resident_id, pension_scheme: 1, medical_scheme: 1, medical_premium_subsidy: 1 }]; return { rec, rows }; }],
    ['XC_SOCSEC_UNEMPLOYMENT_REGISTRATION_DIFFERS', () => { const rec = person({}, { r3: 2, r16: 2, r16_2: 2, r17: undefined }); const rows = agreeing(rec); rows['social-security'] = [{ resident_id: rec.resident_id, pension_scheme: 1, medical_scheme: 1, unemployment_registered: 1 }]; return { rec, rows }; }],
    ['XC_EDU_ENROLLED_NEVER_SCHOOLED', () => { const rec = person({ birthDate: '2001-01-01' }, { r13: 1 }); const rows = agreeing(rec); rows.education.push({ resident_id: rec.resident_id, enrolled: 1, school_stage: 4 }); return { rec, rows }; }],
    ['XC_HOUSING_RENOVATION_DIFFERS', () => { const rec = person(); const rows = agreeing(rec); rows.housing = [{ resident_id: rec.resident_id, house_grade: 'A', renovated: 1, renovation_year: 2017 }]; return { rec, rows }; }],
    ['XC_HOUSING_DANGEROUS_DIFFERS', () => { const rec = person(); const rows = agreeing(rec); rows.housing = [{ resident_id: rec.resident_id, house_grade: 'D' }]; return { rec, rows }; }],
    ['XC_HOUSING_SECURITY_DIFFERS', () => { const rec = person({}, { r3: 2, r8: 3, r9: 1, r10: undefined, r11: undefined }); const rows = agreeing(rec); rows.housing = [{ resident_id: rec.resident_id, housing_security: 1 }]; return { rec, rows }; }],
    ['XC_HEALTH_FAMILY_DOCTOR_DIFFERS', () => { const rec = person({}, { r31: 2 }); return { rec, rows: agreeing(rec) }; }],
    ['XC_POVERTY_REGISTERED_DIFFERS', () => { const rec = person(); const rows = agreeing(rec); rows['poverty-relief'].push({ resident_id: rec.resident_id, registered: 1, poverty_status: 2 }); return { rec, rows }; }],
    ['XC_PUBSEC_DECEASED_REPORTED_NORMAL', () => { const rec = person(); const rows = agreeing(rec); rows['public-security'][0]!.registration_status = 3; return { rec, rows }; }],
    ['XC_PUBSEC_MOVED_REPORTED_NORMAL', () => { const rec = person(); const rows = agreeing(rec); rows['public-security'][0]!.registration_status = 2; return { rec, rows }; }],
    ['XC_PUBSEC_NAME_DIFFERS', () => { const rec = person(); const rows = agreeing(rec); rows['public-security'][0]!.name = '户籍名'; return { rec, rows }; }],
    ['XC_PUBSEC_SEX_DIFFERS', () => { const rec = person(); const rows = agreeing(rec); rows['public-security'][0]!.sex = 'female'; return { rec, rows }; }],
    ['XC_PUBSEC_BIRTH_DATE_DIFFERS', () => { const rec = person(); const rows = agreeing(rec); rows['public-security'][0]!.birth_date = '1981-01-01'; return { rec, rows }; }],
  ];

  it.each(cases)('%s fires alone on its planted disagreement', (id, make) => {
    const { rec, rows } = make();
    expect(ids(checkRecord(rec, rules, { ...ctx, departments: indexes(rows) }))).toEqual([id]);
  });

  it('has a case for every cross-check rule (recall 100 % per rule)', () => {
    expect(cases.map((c) => c[0]).sort()).toEqual(rules.map((r) => r.id).sort());
  });

  it('matches a department row carrying the legacy 15-digit number', () => {
    const rec = person({ birthDate: '1960-05-05' });
    const id18 = rec.resident_id as string;
    const id15 = id18.slice(0, 6) + id18.slice(8, 17);
    const rows = agreeing(rec);
    rows['public-security'] = [{ resident_id: id15, name: rec.name, registration_status: 3 }];
    expect(ids(checkRecord(rec, rules, { ...ctx, departments: indexes(rows) }))).toEqual(['XC_PUBSEC_DECEASED_REPORTED_NORMAL']);
  });

  it('matches on keyed pseudonyms with a caller-supplied key function', () => {
    const key = (id: string) => createHmac('sha256', 'shared-secret-of-the-test').update(id).digest('hex');
    const rec = person();
    const hukou = [{ pid: key(rec.resident_id as string), registration_status: 3 }];
    const departments = { 'public-security': buildDepartmentIndex('public-security', hukou, { key: (r) => r.pid as string }) };
    const issues = checkRecord(rec, rules, { ...ctx, departments, recordKey: (_r, f) => (f.id ? key(f.id) : undefined) });
    expect(ids(issues)).toEqual(['XC_PUBSEC_DECEASED_REPORTED_NORMAL']);
  });

  it('gathers civil-affairs rows of one person into benefits', () => {
    const rec = person();
    const idx = buildDepartmentIndex('civil-affairs', [
      { resident_id: rec.resident_id, benefit: 3, period: '2017-04' },
      { resident_id: rec.resident_id, benefit: 1, period: '2017-04' },
      { resident_id: rec.resident_id, benefit: 1, period: '2017-05' },
    ]);
    expect(idx.get(rec.resident_id as string)?.benefits).toEqual([1, 3]);
    expect(idx.size).toBe(1);
    expect(idx.rowsRead).toBe(3);
  });

  it('lists the discrepancies per department in the batch report', () => {
    const recs = [person({ seq: 1 }), person({ seq: 2 }, { r31: 2 }), person({ seq: 3 })];
    const rows = agreeing(recs[0]!);
    for (const r of recs.slice(1)) {
      const a = agreeing(r);
      for (const d of Object.keys(a) as DepartmentId[]) rows[d].push(...a[d]);
    }
    rows['public-security'][2]!.registration_status = 3;
    const report = checkBatchSync(recs, { rules, context: { ...ctx, departments: indexes(rows) } });
    const health = report.departments.find((d) => d.department === 'health')!;
    expect(health).toMatchObject({ indexSize: 3, matched: 3, discrepancyCount: 1 });
    expect(health.discrepancies[0]).toMatchObject({ ruleId: 'XC_HEALTH_FAMILY_DOCTOR_DIFFERS', key: recs[1]!.resident_id, index: 1 });
    const ps = report.departments.find((d) => d.department === 'public-security')!;
    expect(ps.discrepancies.map((d) => d.index)).toEqual([2]);
    expect(report.counts.withErrors).toBe(1);
    expect(report.counts.warningsOnly).toBe(1);
  });

  it('shows both sides of a discrepancy as labels of their own code lists, with the name and the correction', () => {
    const rec = child({ r14: 8, r15: undefined });
    const rows = agreeing(rec);
    rows.education.push({ resident_id: rec.resident_id, enrolled: 1, school_type: 3, school_stage: 3 });
    const moved = person({ seq: 4 });
    for (const [d, r] of Object.entries(agreeing(moved)) as [DepartmentId, Row[]][]) rows[d].push(...r.map((x) => (d === 'public-security' ? { ...x, registration_status: 2 } : x)));
    const report = checkBatchSync([rec, moved], { rules, context: { ...ctx, departments: indexes(rows) } });
    const edu = report.departments.find((d) => d.department === 'education')!.discrepancies[0]!;
    // R14 code 8 (特殊教育机构：小学) against the roster's 学段 3 (初中): each code with its own label.
    expect(edu).toMatchObject({ ruleId: 'XC_EDU_STAGE_DIFFERS', item: 'r14', field: 'school_stage', recorded: 8, departmentValue: 3, recordedLabel: '特殊教育机构：小学（8）', departmentLabel: '初中（3）', name: rec.name, matched: true });
    const ps = report.departments.find((d) => d.department === 'public-security')!.discrepancies[0]!;
    expect(ps).toMatchObject({ ruleId: 'XC_PUBSEC_MOVED_REPORTED_NORMAL', recordedLabel: '正常（6）', departmentLabel: '迁出（2）', correction: { item: 'person_status', op: 'set', value: 2, label: '核查状态 改为“已搬迁（2）”' } });
  });

  it('counts agreements (both sources agree) instead of listing them, and the records compared and agreed', () => {
    // Level 1, neither the record nor the roster has the care subsidy: a finding, not a disagreement.
    const rec = person({ seq: 5 }, { disability_level: 1, r27: [6], r28: [4] });
    const other = person({ seq: 6 });
    const rows = agreeing(rec);
    for (const [d, r] of Object.entries(agreeing(other)) as [DepartmentId, Row[]][]) rows[d].push(...r);
    rows['civil-affairs'].push({ resident_id: other.resident_id, benefit: 4, period: '2017-05' });
    const report = checkBatchSync([rec, other], { rules, context: { ...ctx, departments: indexes(rows) } });
    const civil = report.departments.find((d) => d.department === 'civil-affairs')!;
    const ruleHits = (id: string) => report.rules.find((r) => r.id === id)?.records ?? 0;
    expect(ruleHits('XC_CIVIL_CARE_SUBSIDY_NOT_RECEIVED')).toBeGreaterThanOrEqual(1);
    expect(civil.discrepancies.map((d) => d.ruleId)).not.toContain('XC_CIVIL_CARE_SUBSIDY_NOT_RECEIVED');
    expect(civil.agreementFindings).toBeGreaterThanOrEqual(1);
    // The other person's roster has the care subsidy, the record says none: a real disagreement.
    expect(civil.discrepancies.map((d) => [d.ruleId, d.index])).toContainEqual(['XC_CIVIL_CARE_SUBSIDY_DIFFERS', 1]);
    expect(civil).toMatchObject({ compared: 2, agreed: 1 });
  });
});
